"""Settings for the test suite: pytest's DJANGO_SETTINGS_MODULE, inherited by the worker and
beat processes the tests start. Bare ``pytest`` works: the environment the suite needs is
defaulted here (``scripts/test.sh`` sets the same and starts from an empty ``var/test``).

Argos reads its folders once, at import, so they are pointed into the test area before
anything imports it. Test engines (fakes) are registered here only: production settings accept
registered engine names, never arbitrary dotted paths.
"""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
_VAR = Path(os.environ.setdefault("NEWSAPP_VAR_DIR", str(_ROOT / "var" / "test")))
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("ARGOS_PACKAGES_DIR", str(_VAR / "argos-packages"))
os.environ.setdefault("XDG_DATA_HOME", str(_VAR / "xdg" / "data"))
os.environ.setdefault("XDG_CONFIG_HOME", str(_VAR / "xdg" / "config"))
os.environ.setdefault("XDG_CACHE_HOME", str(_VAR / "xdg" / "cache"))
os.environ.setdefault("TEST_REDIS_PORT", "6399")
os.environ.setdefault("REDIS_URL", f"redis://127.0.0.1:{os.environ['TEST_REDIS_PORT']}/0")

from newsapp.settings import *  # noqa: E402, F403
from newsapp.settings import MT_ENGINE_CLASSES  # noqa: E402

MT_ENGINE_CLASSES = {
    **MT_ENGINE_CLASSES,
    "fake": "tests.fakes.FakeEngine",
    "sleepy": "tests.fakes.SleepyEngine",
    "phrasebook": "tests.e2e.engines.PhrasebookEngine",
}

# Glossary rebuilds on the spot: a background thread's connection would not see the rows a
# test writes inside its transaction. tests/glossary/test_delta.py turns it on where it can.
GLOSSARY_BACKGROUND_REBUILD = False

# Engine calls are what many tests count: the MT cache is tested on its own
# (tests/articles/test_mtcache.py) and off elsewhere.
MT_CACHE = False

# The desk's brief caches (nav counts, filter choices, worker ping) are off: every test reads
# the database; tests/articles/test_desk.py turns them on where it tests them.
DESK_COUNTS_CACHE_SECONDS = 0
WORKER_PING_CACHE_SECONDS = 0
