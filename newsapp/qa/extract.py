"""Find the numbers, dates and weekdays of one sentence in one language.

Passes run in order, each claiming the characters it reads so later passes skip them:
vague phrases (tens of thousands, 수만), times, dates, weekdays, names and codes (G7, B-52H),
then the language family's number grammar. Everything language-specific comes from the data
tables; the compiled patterns are cached per language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from functools import cache

from .langdata import CommonData, LanguageData, common, language
from .mentions import DateMention, Extraction, NumberMention, Strength, WeekdayMention
from .myriad import MyriadNumbers
from .western import WesternNumbers

_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
_YEAR = r"(?P<year>1[89]\d\d|2[01]\d\d)(?!\d)"
_HOUR = r"(?P<h>2[0-3]|[01]?\d)(?!\d)"
_MINUTE = r"(?P<m>[0-5]\d)(?!\d)"
_NUMERIC_MONTH = r"(?P<month>1[0-2]|0?[1-9])(?!\d)"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _month_alternation(names: Iterable[str]) -> str:
    """Month names; an abbreviation's full stop is optional (Jan. or Jan)."""
    out = []
    for name in sorted(names, key=len, reverse=True):
        out.append(re.escape(name[:-1]) + r"\.?" if name.endswith(".") else re.escape(name))
    return "|".join(out)


class Extractor:
    def __init__(self, lang: LanguageData, shared: CommonData) -> None:
        self.lang = lang
        western = lang.family == "western"
        self._numbers = WesternNumbers(lang) if western else MyriadNumbers(lang)

        def wrap(pattern: str) -> str:
            if western:
                return rf"(?<![\w])(?:{pattern})(?![\w])"
            return rf"(?<![\d.,])(?:{pattern})"

        self._ignore = (
            re.compile(wrap("|".join(f"(?:{p})" for p in lang.ignore)), re.IGNORECASE)
            if lang.ignore
            else None
        )
        self._phrases = [
            (
                re.compile(wrap(_alternation(table)), re.IGNORECASE),
                {k.lower(): v for k, v in table.items()},
                strength,
            )
            for table, strength in (
                (lang.number_phrases, Strength.WORDS),
                (lang.optional_phrases, Strength.OPTIONAL),
            )
            if table
        ]
        meridiem = {k.lower(): v for k, v in lang.times.meridiem.items()}
        self._meridiem = meridiem
        mer = rf"(?P<mer>{_alternation(lang.times.meridiem)})"
        self._times = [
            re.compile(
                wrap(p.format(h=_HOUR, m=_MINUTE, meridiem=mer)),
                re.IGNORECASE,
            )
            for p in lang.times.patterns
        ]
        d = lang.dates
        month = _NUMERIC_MONTH if d.numeric_months else f"(?P<month>{_month_alternation(d.months)})"
        flags = 0 if d.case_sensitive else re.IGNORECASE
        self._dates = [
            re.compile(wrap(p.format(month=month, day=_DAY, year=_YEAR)), flags) for p in d.patterns
        ]
        self._months = {k.rstrip(".").lower(): v for k, v in d.months.items()}
        self._ambiguous_months = {m.lower() for m in d.ambiguous_months}
        weekday_flags = 0 if d.weekdays_case_sensitive else re.IGNORECASE
        self._weekday = (
            re.compile(wrap(_alternation(d.weekdays)), weekday_flags) if d.weekdays else None
        )
        self._weekdays = {k.lower(): v for k, v in d.weekdays.items()}
        self._codes = [re.compile(shared.code_pattern)] + [
            re.compile(p) for p in lang.code_patterns
        ]
        self._not_prefixes = shared.code_not_prefixes
        approx = _alternation(lang.approximators)
        symbols = "".join(re.escape(c) for c in lang.currency_symbols)
        self._approx_before = (
            re.compile(rf"(?:^|[^\w])(?:{approx})[\s{symbols}]*$", re.IGNORECASE)
            if approx
            else None
        )
        self._approx_after = tuple(lang.approximators_after)
        self._range = re.compile(
            rf"\s*(?:{_alternation(lang.range_connectors)})\s*$", re.IGNORECASE
        )

    # --- passes --------------------------------------------------------------------------

    @staticmethod
    def _free(mask: bytearray, start: int, end: int) -> bool:
        return 1 not in mask[start:end]

    @staticmethod
    def _claim(mask: bytearray, start: int, end: int) -> None:
        mask[start:end] = b"\1" * (end - start)

    def _time_mentions(self, text: str, mask: bytearray) -> list[NumberMention]:
        out = []
        for pattern in self._times:
            for m in pattern.finditer(text):
                if not self._free(mask, *m.span()):
                    continue
                groups = m.groupdict()
                hour = int(groups["h"])
                mer = groups.get("mer")
                if mer is not None:
                    hour = hour % 12 + self._meridiem[mer.lower()]  # 7 p.m. is 19
                    hours = {hour}
                else:
                    hours = {hour, hour % 12, hour % 12 + 12}
                whole = m.group()
                out.append(
                    NumberMention(
                        whole,
                        m.span(),
                        Decimal(hour),
                        frozenset(Decimal(h) for h in hours),
                        Strength.DIGITS,
                        kind="time",
                    )
                )
                minute = int(groups["m"]) if groups.get("m") else 30 if groups.get("half") else 0
                if minute:
                    out.append(
                        NumberMention(
                            whole,
                            m.span(),
                            Decimal(minute),
                            frozenset({Decimal(minute)}),
                            Strength.DIGITS,
                            kind="time",
                        )
                    )
                self._claim(mask, *m.span())
        return out

    def _date_mentions(
        self, text: str, mask: bytearray
    ) -> tuple[list[DateMention], list[NumberMention]]:
        dates: list[DateMention] = []
        years: list[NumberMention] = []
        for pattern in self._dates:
            for m in pattern.finditer(text):
                if not self._free(mask, *m.span()):
                    continue
                groups = m.groupdict()
                month_text = groups.get("month")
                month = None
                if month_text is not None:
                    month = (
                        int(month_text)
                        if month_text.isdigit()
                        else self._months.get(month_text.rstrip(".").lower())
                    )
                day = int(groups["day"]) if groups.get("day") else None
                year = int(groups["year"]) if groups.get("year") else None
                if (
                    day is None
                    and year is None
                    and month_text is not None
                    and month_text.lower() in self._ambiguous_months
                    and not self._cued(text, m.start())
                ):
                    continue  # "may" the verb, "march" the protest
                dates.append(DateMention(m.group(), m.span(), year, month, day))
                # A range gives a date for its first day or month too (May 19-21, 1∼9월).
                if groups.get("day_from"):
                    dates.append(
                        DateMention(m.group(), m.span(), year, month, int(groups["day_from"]))
                    )
                if groups.get("month_from"):
                    dates.append(
                        DateMention(m.group(), m.span(), year, int(groups["month_from"]), day)
                    )
                if year is not None:
                    span = m.span("year")
                    years.append(
                        NumberMention(
                            groups["year"],
                            span,
                            Decimal(year),
                            frozenset({Decimal(year)}),
                            Strength.DIGITS,
                            kind="year",
                        )
                    )
                self._claim(mask, *m.span())
        return dates, years

    def _cued(self, text: str, start: int) -> bool:
        before = text[max(0, start - 12) : start].lower()
        words = re.findall(r"[^\W\d_]+", before)
        return bool(words) and words[-1] in self.lang.dates.month_cues

    def _weekday_mentions(self, text: str, mask: bytearray) -> list[WeekdayMention]:
        if self._weekday is None:
            return []
        out = []
        for m in self._weekday.finditer(text):
            if self._free(mask, *m.span()):
                out.append(WeekdayMention(m.group(), m.span(), self._weekdays[m.group().lower()]))
                self._claim(mask, *m.span())
        return out

    def _phrase_mentions(self, text: str, mask: bytearray) -> list[NumberMention]:
        """Fixed phrases from the tables: numbers (half a million) and words that may stand
        for one (both, a third, doubled)."""
        out = []
        for pattern, values, strength in self._phrases:
            for m in pattern.finditer(text):
                if self._free(mask, *m.span()):
                    value = values[m.group().lower()]
                    out.append(
                        NumberMention(m.group(), m.span(), value, frozenset({value}), strength)
                    )
                    self._claim(mask, *m.span())
        return out

    def _code_mentions(self, text: str, mask: bytearray) -> list[NumberMention]:
        out = []
        for pattern in self._codes:
            for m in pattern.finditer(text):
                if not self._free(mask, *m.span()):
                    continue
                code = m.group()
                prefix = re.split(r"\d", code, maxsplit=1)[0].strip("-").lower()
                if prefix in self._not_prefixes:
                    continue
                digits = tuple(re.findall(r"\d+", code))
                value = Decimal(digits[0]) if len(digits) == 1 else Decimal(-1)
                out.append(
                    NumberMention(
                        code,
                        m.span(),
                        value,
                        frozenset({value}) if len(digits) == 1 else frozenset(),
                        Strength.DIGITS,
                        kind="code",
                        code_key=re.sub(r"[-.‐\s]", "", code).upper(),
                        code_digits=digits,
                    )
                )
                self._claim(mask, *m.span())
        return out

    # --- after the passes ----------------------------------------------------------------

    def _approximate(self, text: str, mention: NumberMention) -> bool:
        start, end = mention.span
        if self._approx_before is not None and self._approx_before.search(
            text, max(0, start - 24), start
        ):
            return True
        rest = text[end : end + 6].lstrip()
        return bool(self._approx_after) and rest.startswith(self._approx_after)

    def _finish(self, text: str, numbers: list[NumberMention]) -> list[NumberMention]:
        numbers.sort(key=lambda n: n.span)
        out: list[NumberMention] = []
        for mention in numbers:
            if self._approximate(text, mention) and not mention.approx:
                mention = replace(mention, approx=True)
            if out:
                prev = out[-1]
                gap = text[prev.span[1] : mention.span[0]]
                # A gloss restating the same number: 주요 7개국(G7), Group of Seven (G7).
                if (
                    "(" in gap
                    and ")" not in gap
                    and len(gap) <= 12
                    and prev.readings & mention.readings
                ):
                    if prev.kind == "code" and mention.kind != "code":
                        continue
                    out[-1] = mention
                    continue
                # A range: "5 to 6 billion" is 5 billion to 6 billion, 5∼6억 is 5억∼6억.
                if (
                    mention.scale is not None
                    and prev.scale is None
                    and prev.kind == "number"
                    and prev.value < 1000
                    and self._range.match(gap)
                    and gap.strip()
                ):
                    out[-1] = replace(
                        prev,
                        readings=prev.readings | {r * mention.scale for r in prev.readings},
                        unit=prev.unit or mention.unit,
                    )
            out.append(mention)
        return out

    def extract(self, text: str) -> Extraction:
        mask = bytearray(len(text))
        if self._ignore is not None:
            for m in self._ignore.finditer(text):
                self._claim(mask, *m.span())
        numbers = self._phrase_mentions(text, mask)
        numbers += self._time_mentions(text, mask)
        dates, years = self._date_mentions(text, mask)
        numbers += years
        weekdays = self._weekday_mentions(text, mask)
        numbers += self._code_mentions(text, mask)
        numbers += self._numbers.parse(text, mask)
        return Extraction(tuple(self._finish(text, numbers)), tuple(dates), tuple(weekdays))


@cache
def extractor(code: str) -> Extractor | None:
    """The extractor for a language code, or None for a language without data."""
    lang = language(code)
    return None if lang is None else Extractor(lang, common())


def extract(text: str, lang: str) -> Extraction:
    """Numbers, dates and weekdays in ``text``; empty for a language without data."""
    found = extractor(lang)
    if found is None:
        return Extraction((), (), ())
    return found.extract(text)
