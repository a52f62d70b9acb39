"""Numbers counted in myriads (Korean), from the language's tables.

Digits mixed with 천/백/십 and 만/억/조 (2만8천500, 656조 9천억, 120만), Sino-Korean numerals
written in Hangul (천 명), native numerals before a counter (두 명, 네 차례), day counts
(이틀), and a unit after the number (50억 달러, 70%).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from .digits import read_digits
from .langdata import LanguageData, MyriadWords
from .mentions import NumberMention, Strength

#: A letter of the language's own (non-Latin) script: Hangul here.
_LETTER = re.compile(r"[^\W\d_A-Za-z]")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class MyriadNumbers:
    def __init__(self, lang: LanguageData) -> None:
        if lang.myriad is None:
            raise ValueError(f"{lang.code} is not a myriad-family language")
        self.lang = lang
        self.m: MyriadWords = lang.myriad
        m = self.m
        self._small = m.small_units
        self._big = m.big_units
        units = "".join({**m.small_units, **m.big_units})
        marks = "".join(re.escape(x) for x in sorted(lang.digits.marks))
        digits = rf"\d+(?:[{marks}]\d+)*" if marks else r"\d+"
        # A segment: digits, then unit characters (2만, 8천, 500, 9천억).
        self._segment = re.compile(rf"(?<![\d{marks}])({digits})([{units}]*)")
        self._segment_at = re.compile(rf"({digits})([{units}]*)")
        counters = _alternation(m.counters)
        natives = [*m.native_units, *m.native_tens]
        natives += [t + u for t in m.native_tens for u in m.native_units]
        self._native = re.compile(
            rf"(?<![\w])(?P<num>{_alternation(natives)})(?P<sp> ?)(?P<counter>{counters})"
        )
        # 두 정상, 세 골: a determiner that means a number before any noun.
        self._free_native = re.compile(
            rf"(?<![\w])(?P<num>{_alternation(m.free_determiners)}) (?=[^\W\d_A-Za-z])"
        )
        sino = "".join({**m.sino_digits, **m.small_units, **m.big_units})
        self._sino = re.compile(
            rf"(?<![\w])(?P<num>[{sino}]+)(?P<approx>{_alternation(m.approx_suffixes)})?"
            rf"(?P<sp> ?)(?P<counter>{counters})"
        )
        self._standalone = re.compile(
            rf"(?<![\w])(?P<num>{_alternation([*m.standalone, *m.day_counts])})"
        )
        self._ordinal = re.compile(rf"(?<![\w])(?P<num>{_alternation(m.ordinals)})")
        self._particles = tuple(sorted(m.particles, key=len, reverse=True))
        self._units = sorted(lang.units, key=len, reverse=True)

    # --- helpers -------------------------------------------------------------------------

    def _ends_word(self, text: str, pos: int) -> bool:
        """True when a counter or unit ending at ``pos`` is a whole word (a particle may
        follow)."""
        if pos >= len(text) or not _LETTER.match(text, pos):
            return True
        return text.startswith(self._particles, pos)

    def _value(self, parts: list[tuple[Decimal | None, str]]) -> Decimal | None:
        """The value of (number, unit characters) parts: [(2, 만), (8, 천), (500, "")]."""
        total = Decimal(0)
        group = Decimal(0)
        last_big: Decimal | None = None
        for number, units in parts:
            current = number
            for ch in units:
                if ch in self._small:
                    group += (current if current is not None else Decimal(1)) * self._small[ch]
                    current = None
                else:
                    big = self._big[ch]
                    if last_big is not None and big >= last_big:
                        return None
                    group += current or Decimal(0)
                    total += (group or Decimal(1)) * big
                    group, current, last_big = Decimal(0), None, big
            group += current or Decimal(0)
        return total + group

    def _unit(self, text: str, pos: int) -> tuple[str, int] | None:
        """A unit written at ``pos`` (after at most one space): its code and end."""
        start = pos + 1 if text.startswith(" ", pos) else pos
        for word in self._units:
            if text.startswith(word, start):
                end = start + len(word)
                if _LETTER.match(word[-1]):
                    if self._ends_word(text, end):
                        return self.lang.units[word], end
                elif not (end < len(text) and text[end].isascii() and text[end].isalpha()):
                    return self.lang.units[word], end
        return None

    def _tail(self, segment: re.Match[str], big_unit: str) -> bool:
        """Whether digits after "2만 " continue the number (2만 500명): smaller than the unit,
        and not a year, month or day of their own."""
        readings = read_digits(segment.group(1), self.lang.digits)
        after = segment.string[segment.end() : segment.end() + 1]
        own = after != "" and after in self.m.date_markers
        return bool(readings) and readings[0] < self._big[big_unit] and not own

    def _approx_suffix(self, text: str, pos: int) -> int:
        for suffix in self.m.approx_suffixes:
            if text.startswith(suffix, pos):
                return pos + len(suffix)
        return pos

    # --- passes --------------------------------------------------------------------------

    def _digit_numbers(self, text: str, mask: bytearray) -> list[NumberMention]:
        out = []
        pos = 0
        while True:
            m = self._segment.search(text, pos)
            if m is None:
                break
            start = m.start()
            if mask[start]:
                pos = m.end()
                continue
            readings = read_digits(m.group(1), self.lang.digits)
            if not readings:
                pos = m.end()
                continue
            parts: list[tuple[Decimal | None, str]] = [(readings[0], m.group(2))]
            end = m.end()
            scale = max((self._big[c] for c in m.group(2) if c in self._big), default=None)
            # Further segments: joined (2만8천500), or after a space when the previous one
            # ended with a big unit and this one has a unit (656조 9천억).
            while True:
                nxt = self._segment_at.match(text, end)
                gap = 0
                last_unit = parts[-1][1][-1:]
                if nxt is None and text.startswith(" ", end) and last_unit in self._big:
                    nxt = self._segment_at.match(text, end + 1)
                    gap = 1
                    if nxt is not None and not nxt.group(2) and not self._tail(nxt, last_unit):
                        nxt = None
                if nxt is None or not nxt.group() or mask[nxt.start()]:
                    break
                more = read_digits(nxt.group(1), self.lang.digits)
                if not more or (gap == 0 and not parts[-1][1]):
                    break
                trial = [*parts, (more[0], nxt.group(2))]
                if self._value(trial) is None:
                    break
                parts, end = trial, nxt.end()
                for c in nxt.group(2):
                    if c in self._big:
                        scale = max(scale or self._big[c], self._big[c])
            values = []
            for reading in readings:
                value = self._value([(reading, parts[0][1]), *parts[1:]])
                if value is not None:
                    values.append(value)
            if not values:
                pos = end
                continue
            end = self._approx_suffix(text, end)
            unit = None
            found = self._unit(text, end)
            if found is not None:
                unit, end = found
            if start > 0 and text[start - 1] in self.lang.currency_symbols:
                unit, start = self.lang.currency_symbols[text[start - 1]], start - 1
            first = m.group(1)
            year = (
                len(parts) == 1
                and not parts[0][1]
                and first.isdigit()
                and len(first) == 4
                and 1900 <= values[0] <= 2100
                and unit is None
            )
            out.append(
                NumberMention(
                    text[start:end],
                    (start, end),
                    values[0],
                    frozenset(values),
                    Strength.DIGITS,
                    kind="year" if year else "number",
                    unit=unit,
                    scale=scale,
                    alt_reading=values[1] if len(values) > 1 else None,
                )
            )
            for k in range(start, end):
                mask[k] = 1
            pos = end
        return out

    def _counted(
        self, text: str, mask: bytearray, pattern: re.Pattern[str], native: bool
    ) -> list[NumberMention]:
        out = []
        for m in pattern.finditer(text):
            start, end = m.span()
            if 1 in mask[start:end]:
                continue
            counter = m.group("counter")
            if len(counter) == 1 and not m.group("sp"):
                continue  # 세대 is "generation", not three vehicles
            if not self._ends_word(text, end):
                continue
            word = m.group("num")
            if native:
                value = self._native_value(word)
            else:
                if not any(c in self._small or c in self._big for c in word):
                    continue  # 이번 is "this time"
                value = self._sino_value(word)
            if value is None:
                continue
            strength = Strength.OPTIONAL if value in self.m.optional_values else Strength.WORDS
            unit = self.lang.units.get(counter)
            num_end = m.end("num")
            out.append(
                NumberMention(
                    text[start:end],
                    (start, end),
                    value,
                    frozenset({value}),
                    strength,
                    kind="ordinal" if counter in self.m.ordinal_counters else "number",
                    unit=unit,
                    approx=bool(m.groupdict().get("approx")),
                    scale=max(
                        (self._big[c] for c in word if c in self._big and not native),
                        default=None,
                    ),
                )
            )
            for k in range(start, max(end, num_end)):
                mask[k] = 1
        return out

    def _native_value(self, word: str) -> Decimal | None:
        m = self.m
        if word in m.native_units:
            return m.native_units[word]
        if word in m.native_tens:
            return m.native_tens[word]
        for ten, value in m.native_tens.items():
            if word.startswith(ten) and word[len(ten) :] in m.native_units:
                return value + m.native_units[word[len(ten) :]]
        return None

    def _sino_value(self, word: str) -> Decimal | None:
        parts: list[tuple[Decimal | None, str]] = []
        for ch in word:
            if ch in self.m.sino_digits:
                if parts and parts[-1][0] is not None and not parts[-1][1]:
                    return None  # two digits in a row: not a number
                parts.append((self.m.sino_digits[ch], ""))
            elif parts:
                parts[-1] = (parts[-1][0], parts[-1][1] + ch)
            else:
                parts.append((None, ch))
        return self._value(parts) if parts else None

    def _words(
        self,
        text: str,
        mask: bytearray,
        pattern: re.Pattern[str],
        table: dict[str, Decimal],
        *,
        whole_word: bool = True,
    ) -> list[NumberMention]:
        """Numbers written as one word; with ``whole_word`` only a particle may follow."""
        out = []
        for m in pattern.finditer(text):
            start, end = m.span("num")
            if 1 in mask[start:end]:
                continue
            word = m.group("num")
            value = table[word]
            after = end
            while after < len(text) and _LETTER.match(text, after):
                after += 1
            rest = text[end:after]
            loose = word in self.m.day_counts or not whole_word
            if rest and not rest.startswith(self._particles) and not loose:
                continue
            strength = (
                Strength.OPTIONAL
                if value in self.m.optional_values or word in self.m.standalone
                else Strength.WORDS
            )
            out.append(
                NumberMention(
                    word,
                    (start, end),
                    value,
                    frozenset({value}),
                    strength,
                    kind="ordinal" if word in self.m.ordinals else "number",
                )
            )
            for k in range(start, end):
                mask[k] = 1
        return out

    def parse(self, text: str, mask: bytearray) -> list[NumberMention]:
        m = self.m
        out = self._digit_numbers(text, mask)
        out += self._counted(text, mask, self._sino, native=False)
        out += self._counted(text, mask, self._native, native=True)
        natives = {**m.native_units, **m.native_tens}
        out += self._words(text, mask, self._free_native, natives, whole_word=False)
        out += self._words(text, mask, self._standalone, {**m.standalone, **m.day_counts})
        out += self._words(text, mask, self._ordinal, m.ordinals)
        out.sort(key=lambda mention: mention.span)
        return out
