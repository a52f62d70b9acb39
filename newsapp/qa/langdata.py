"""Per-language QA data, loaded from the TOML tables in ``data/`` into typed records.

Adding a language is adding ``data/<code>.toml`` (see docs/qa.md); nothing here names one.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

Family = Literal["western", "myriad"]


class DataError(ValueError):
    """A data table is malformed."""


@dataclass(frozen=True)
class DigitConventions:
    group: tuple[str, ...]
    decimal: str
    alt_group: tuple[str, ...]
    alt_decimal: str
    ambiguous: tuple[str, ...]

    @property
    def marks(self) -> frozenset[str]:
        return frozenset((*self.group, self.decimal, *self.alt_group, self.alt_decimal)) - {""}


@dataclass(frozen=True)
class WesternWords:
    """Spelled-out numbers of a language that writes words between spaces (en, es)."""

    units: dict[str, Decimal]
    teens: dict[str, Decimal]
    tens: dict[str, Decimal]
    hundreds: dict[str, Decimal]
    hundred_multipliers: dict[str, Decimal]
    scales: dict[str, Decimal]
    bare_scales: frozenset[str]
    ordinals: dict[str, Decimal]
    multiplicatives: dict[str, Decimal]
    optional: frozenset[str]
    articles: frozenset[str]
    connectors_after_hundred: frozenset[str]
    connectors_after_ten: frozenset[str]
    ordinal_suffixes: frozenset[str]
    plain_suffixes: frozenset[str]
    counted_nouns: frozenset[str]


@dataclass(frozen=True)
class MyriadWords:
    """Numbers counted in myriads (만/억/조) with native numerals and counters (ko)."""

    small_units: dict[str, Decimal]
    big_units: dict[str, Decimal]
    sino_digits: dict[str, Decimal]
    approx_suffixes: tuple[str, ...]
    date_markers: frozenset[str]
    native_units: dict[str, Decimal]
    native_tens: dict[str, Decimal]
    free_determiners: frozenset[str]
    standalone: dict[str, Decimal]
    day_counts: dict[str, Decimal]
    ordinals: dict[str, Decimal]
    optional_values: frozenset[Decimal]
    counters: tuple[str, ...]
    ordinal_counters: frozenset[str]
    particles: tuple[str, ...]


@dataclass(frozen=True)
class DateData:
    case_sensitive: bool
    months: dict[str, int]
    numeric_months: bool
    ambiguous_months: frozenset[str]
    month_cues: frozenset[str]
    weekdays: dict[str, int]
    weekdays_case_sensitive: bool
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class TimeData:
    patterns: tuple[str, ...]
    meridiem: dict[str, int]


@dataclass(frozen=True)
class LanguageData:
    code: str
    name: str
    family: Family
    script: str
    digits: DigitConventions
    words: WesternWords | None
    myriad: MyriadWords | None
    units: dict[str, str]
    currency_symbols: dict[str, str]
    unit_connectors: frozenset[str]
    range_connectors: frozenset[str]
    approximators: tuple[str, ...]
    approximators_after: tuple[str, ...]
    ignore: tuple[str, ...]
    optional_phrases: dict[str, Decimal]
    number_phrases: dict[str, Decimal]
    doubled_word_allow: frozenset[str]
    code_patterns: tuple[str, ...]
    dates: DateData
    times: TimeData


@dataclass(frozen=True)
class CommonData:
    unit_categories: dict[str, str]
    brackets: dict[str, str]
    quote_marks: frozenset[str]
    code_pattern: str
    code_not_prefixes: frozenset[str]


# --- reading helpers: the TOML is untyped, these check each value's type -------------------


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise DataError(f"{key!r} must be a table")
    return value


def _str(data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise DataError(f"{key!r} must be a string")
    return value


def _bool(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise DataError(f"{key!r} must be true or false")
    return value


def _strs(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataError(f"{key!r} must be a list of strings")
    return tuple(value)


def _numbers(data: dict[str, Any], key: str) -> dict[str, Decimal]:
    table = _table(data, key)
    out: dict[str, Decimal] = {}
    for word, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise DataError(f"{key}.{word} must be an integer")
        out[word] = Decimal(value)
    return out


def _decimals(data: dict[str, Any], key: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for word, value in _strmap(data, key).items():
        try:
            out[word] = Decimal(value)
        except ArithmeticError as exc:
            raise DataError(f"{key}.{word} must be a number written as a string") from exc
    return out


def _ints(data: dict[str, Any], key: str) -> dict[str, int]:
    return {word: int(value) for word, value in _numbers(data, key).items()}


def _strmap(data: dict[str, Any], key: str) -> dict[str, str]:
    table = _table(data, key)
    if not all(isinstance(v, str) for v in table.values()):
        raise DataError(f"{key!r} must map strings to strings")
    return {k: str(v) for k, v in table.items()}


def _lower(values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)


def _western(data: dict[str, Any]) -> WesternWords:
    return WesternWords(
        units=_numbers(data, "units"),
        teens=_numbers(data, "teens"),
        tens=_numbers(data, "tens"),
        hundreds=_numbers(data, "hundreds"),
        hundred_multipliers=_numbers(data, "hundred_multipliers"),
        scales=_numbers(data, "scales"),
        bare_scales=_lower(_strs(data, "bare_scales")),
        ordinals=_numbers(data, "ordinals"),
        multiplicatives=_numbers(data, "multiplicatives"),
        optional=_lower(_strs(data, "optional")),
        articles=_lower(_strs(data, "articles")),
        connectors_after_hundred=_lower(_strs(data, "connectors_after_hundred")),
        connectors_after_ten=_lower(_strs(data, "connectors_after_ten")),
        ordinal_suffixes=_lower(_strs(data, "ordinal_suffixes")),
        plain_suffixes=_lower(_strs(data, "plain_suffixes")),
        counted_nouns=_lower(_strs(data, "counted_nouns")),
    )


def _myriad(myriad: dict[str, Any], native: dict[str, Any]) -> MyriadWords:
    return MyriadWords(
        small_units=_numbers(myriad, "small_units"),
        big_units=_numbers(myriad, "big_units"),
        sino_digits=_numbers(myriad, "sino_digits"),
        approx_suffixes=_strs(myriad, "approx_suffixes"),
        date_markers=frozenset(_strs(myriad, "date_markers")),
        native_units=_numbers(native, "units"),
        native_tens=_numbers(native, "tens"),
        free_determiners=frozenset(_strs(native, "free_determiners")),
        standalone=_numbers(native, "standalone"),
        day_counts=_numbers(native, "day_counts"),
        ordinals=_numbers(native, "ordinals"),
        optional_values=frozenset(
            Decimal(v) for v in native.get("optional_values", []) if isinstance(v, int)
        ),
        counters=_strs(native, "counters"),
        ordinal_counters=frozenset(_strs(native, "ordinal_counters")),
        particles=_strs(native, "particles"),
    )


def parse_language(data: dict[str, Any]) -> LanguageData:
    """Build a :class:`LanguageData` from one parsed TOML table (checked, typed)."""
    family = _str(data, "family")
    if family not in ("western", "myriad"):
        raise DataError(f"unknown family {family!r}")
    digits = _table(data, "digits")
    phrases = _table(data, "phrases")
    dates = _table(data, "dates")
    times = _table(data, "times")
    words = _western(_table(data, "words")) if family == "western" else None
    myriad = _myriad(_table(data, "myriad"), _table(data, "native")) if family == "myriad" else None
    if (words is None) == (myriad is None):
        raise DataError("a language needs [words] (western) or [myriad] and [native]")
    case_sensitive = _bool(dates, "case_sensitive", True)
    return LanguageData(
        code=_str(data, "code"),
        name=_str(data, "name"),
        family="western" if family == "western" else "myriad",
        script=_str(data, "script"),
        digits=DigitConventions(
            group=_strs(digits, "group"),
            decimal=_str(digits, "decimal"),
            alt_group=_strs(digits, "alt_group"),
            alt_decimal=_str(digits, "alt_decimal", ""),
            ambiguous=_strs(digits, "ambiguous"),
        ),
        words=words,
        myriad=myriad,
        units=_strmap(data, "units"),
        currency_symbols=_strmap(data, "currency_symbols"),
        unit_connectors=_lower(_strs(phrases, "unit_connectors")),
        range_connectors=_lower(_strs(phrases, "range_connectors")),
        approximators=_strs(phrases, "approximators"),
        approximators_after=_strs(phrases, "approximators_after"),
        ignore=_strs(phrases, "ignore"),
        optional_phrases=_decimals(phrases, "optional_phrases"),
        number_phrases=_decimals(phrases, "number_phrases"),
        doubled_word_allow=_lower(_strs(phrases, "doubled_word_allow")),
        code_patterns=_strs(_table(data, "codes"), "patterns"),
        dates=DateData(
            case_sensitive=case_sensitive,
            months=_ints(dates, "months"),
            numeric_months=_bool(dates, "numeric_months", False),
            ambiguous_months=frozenset(_strs(dates, "ambiguous_months")),
            month_cues=_lower(_strs(dates, "month_cues")),
            weekdays=_ints(dates, "weekdays"),
            weekdays_case_sensitive=_bool(dates, "weekdays_case_sensitive", case_sensitive),
            patterns=_strs(dates, "patterns"),
        ),
        times=TimeData(patterns=_strs(times, "patterns"), meridiem=_ints(times, "meridiem")),
    )


def available_languages() -> tuple[str, ...]:
    """Codes of the languages that have a data table."""
    folder = resources.files(__package__).joinpath("data")
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(n[:-5] for n in names if n.endswith(".toml") and n != "common.toml"))


@cache
def _codes() -> frozenset[str]:
    return frozenset(available_languages())


@cache
def language(code: str) -> LanguageData | None:
    """The data for a language code (``en``, ``ko-KR``, ``es_ES``), or None if there is none."""
    base = code.replace("_", "-").split("-")[0].lower()
    if base not in _codes():
        return None
    return parse_language(_read(base))


@cache
def common() -> CommonData:
    data = _read("common")
    codes = _table(data, "codes")
    return CommonData(
        unit_categories=_strmap(data, "unit_categories"),
        brackets=_strmap(data, "brackets"),
        quote_marks=frozenset(_strs(_table(data, "quotes"), "marks")),
        code_pattern=_str(codes, "pattern"),
        code_not_prefixes=_lower(_strs(codes, "not_prefixes")),
    )
