"""The contract every MT engine implements, and the errors it may raise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Protocol, runtime_checkable

Pair = tuple[str, str]


class MTText(str):
    """An engine's output sentence that also says whether decoding stopped at the length
    limit (then content may be missing). Engines that cannot tell return plain strings."""

    truncated: bool

    def __new__(cls, text: str, *, truncated: bool = False) -> MTText:
        made = super().__new__(cls, text)
        made.truncated = truncated
        return made


class MTError(Exception):
    """Base class. ``str(error)`` is a message a translator can read."""


class MTTransientError(MTError):
    """Worth retrying later (engine busy, out of memory, timeout)."""


class MTPermanentError(MTError):
    """Retrying will not help (broken package, bad input)."""


class MTBadInputError(MTPermanentError):
    """The engine refused this input (a value it cannot encode or process)."""


class UnsupportedPairError(MTPermanentError):
    """No installed engine translates this pair."""


@runtime_checkable
class MTEngine(Protocol):
    #: Short identifier stored on each Translation ("argos", "apertium").
    name: ClassVar[str]
    #: Human-readable engine name for pages.
    label: ClassVar[str]
    #: How a masked glossary term is written for this engine; ``{n}`` is the term's number.
    placeholder_format: ClassVar[str]

    def available_pairs(self) -> set[Pair]:
        """Language pairs this engine can translate now (installed, pivots included)."""

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        """Translate each sentence; the result has the same length and order. ``avoid`` lists
        target strings (forbidden glossary terms) an engine should steer away from if it can;
        engines that cannot ignore it (the output check still catches them)."""

    def install_hint(self, source: str, target: str) -> str:
        """One sentence telling an operator how to make ``source``→``target`` available."""
