"""Production settings plus the paced test engine, for the worker hosts B and C of the
several-hosts test (engines are registered by name; see newsapp.mt.registry)."""

from newsapp.settings import *  # noqa: F403
from newsapp.settings import MT_ENGINE_CLASSES

MT_ENGINE_CLASSES = {**MT_ENGINE_CLASSES, "paced-argos": "tests.netns.engines.PacedArgosEngine"}
