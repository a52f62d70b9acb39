"""What the extractors find in a sentence: numbers, dates and weekdays, with their spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from typing import Literal

Span = tuple[int, int]
Kind = Literal["number", "ordinal", "year", "time", "code"]


class Strength(IntEnum):
    """How sure we are that a mention is a number the translation must keep."""

    #: "a", "one", "first", 한: may stand for one, never reported when unmatched.
    OPTIONAL = 0
    #: spelled out (four, 네 차례, cuatro): reported, but as a warning when missing.
    WORDS = 1
    #: written with digits (4, 2만8천500, G7).
    DIGITS = 2


@dataclass(frozen=True, slots=True)
class NumberMention:
    text: str
    span: Span
    #: The value as written, for messages.
    value: Decimal
    #: Every value the text may mean ("1,200" in Spanish: 1.2 or 1200; 7시: 7 or 19).
    readings: frozenset[Decimal]
    strength: Strength
    kind: Kind = "number"
    #: A unit code from the language tables (USD, KRW, %, km ...), when one is written.
    unit: str | None = None
    #: Preceded by "about", 약 ...: a close value is a rounding, not an error.
    approx: bool = False
    #: The largest scale word used (billion → 10**9): "5 to 6 billion" spreads it to 5.
    scale: Decimal | None = None
    #: The reading of another digit convention ("1,200" in Spanish: 1200), when accepted.
    alt_reading: Decimal | None = None
    #: For codes (B-52H): upper case, without hyphens; compared exactly when Latin on both sides.
    code_key: str | None = None
    #: For codes: the digit groups (H5N1 → ("5", "1")).
    code_digits: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    span: Span
    year: int | None
    month: int | None
    day: int | None

    def describe(self) -> str:
        """Language-neutral form for messages: 2017-11-?, ?-01-05, ?-?-28."""
        parts = (
            str(self.year) if self.year else "?",
            f"{self.month:02d}" if self.month else "?",
            f"{self.day:02d}" if self.day else "?",
        )
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class WeekdayMention:
    text: str
    span: Span
    #: Monday = 0 ... Sunday = 6.
    weekday: int


@dataclass(frozen=True, slots=True)
class Extraction:
    numbers: tuple[NumberMention, ...]
    dates: tuple[DateMention, ...]
    weekdays: tuple[WeekdayMention, ...]
