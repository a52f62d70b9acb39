"""System checks for the desk's configuration (``manage.py check``, and every start)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from newsapp.mt import registry


@register()
def engines_registered(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Every name in MT_ENGINES is a registered engine."""
    return [
        Error(
            f"MT_ENGINES names {name!r}, which is not a registered engine.",
            hint="Use the names of MT_ENGINE_CLASSES (argos, apertium).",
            id="newsapp.E001",
        )
        for name in registry.unknown_engines()
    ]
