"""Reading digit strings under a language's conventions (1,234.5 in English, 1.234,5 in Spanish)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .langdata import DigitConventions

_DIGITS = re.compile(r"\d+")


def _read(text: str, group: tuple[str, ...], decimal: str) -> Decimal | None:
    """The value of ``text`` with these group and decimal marks, or None if it cannot be one."""
    parts = _DIGITS.split(text)
    runs = _DIGITS.findall(text)
    marks = parts[1:-1]  # the separators between digit runs
    if not marks:
        return Decimal(text)
    fraction = ""
    if marks[-1] == decimal:
        fraction = runs[-1]
        runs, marks = runs[:-1], marks[:-1]
    if any(mark not in group for mark in marks) or len(set(marks)) > 1:
        return None
    if marks and (len(runs[0]) > 3 or any(len(run) != 3 for run in runs[1:])):
        return None
    try:
        return Decimal("".join(runs) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


def read_digits(text: str, conventions: DigitConventions) -> tuple[Decimal, ...]:
    """Every reading of a digit string, the language's usual one first; () if none fits."""
    first = _read(text, conventions.group, conventions.decimal)
    alt = (
        _read(text, conventions.alt_group, conventions.alt_decimal)
        if conventions.alt_decimal or conventions.alt_group
        else None
    )
    if first is None:
        return () if alt is None else (alt,)
    ambiguous = any(mark in text for mark in conventions.ambiguous)
    if ambiguous and alt is not None and alt != first:
        return (first, alt)
    return (first,)
