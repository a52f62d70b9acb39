"""Where a proposal came from, as a plain reference: the glossary imports no other app.

The project names a resolver in ``GLOSSARY_SOURCE_RESOLVER`` (a dotted path to a function
``(id) -> SourceRef | None``); the desk points it at its articles. Without one, proposals
carry no source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SourceRef:
    """A document a term was proposed from: its id, title, page URL and language."""

    id: int
    title: str
    url: str
    language: str = ""


def resolve(ref_id: int | str | None) -> SourceRef | None:
    """The reference for ``ref_id`` (an id from a form or a link), or None."""
    path = getattr(settings, "GLOSSARY_SOURCE_RESOLVER", "")
    if not path or ref_id is None or not str(ref_id).isdigit():
        return None
    resolver: Callable[[int], SourceRef | None] = import_string(path)
    return resolver(int(ref_id))
