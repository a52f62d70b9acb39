"""Numbers in languages that write words between spaces (English, Spanish), from their tables.

A sentence is cut into digit runs, words and symbols; a small grammar walks them:
digits or spelled-out words, then scale words ("5 billion", "cinco mil millones"), then a unit
("percent", "de dólares"), with a currency symbol allowed in front ("$5 billion").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, NamedTuple

from .digits import read_digits
from .langdata import LanguageData, WesternWords
from .mentions import NumberMention, Strength

NUM, WORD, SYM = 0, 1, 2
Role = Literal["num", "unit", "teen", "ten", "hundred", "hundreds", "scale", "article", "ordinal"]


class Token(NamedTuple):
    kind: int
    text: str
    start: int
    end: int
    lower: str


@dataclass(slots=True)
class _Phrase:
    """A number phrase being read: its steps are replayed once per reading of its digits."""

    first: int
    last: int
    steps: list[tuple[Role, Decimal]]
    readings: tuple[Decimal, ...] = ()
    ordinal: bool = False
    scale: Decimal | None = None

    @property
    def last_role(self) -> Role:
        return self.steps[-1][0]


def _evaluate(steps: list[tuple[Role, Decimal]], start: Decimal | None) -> Decimal:
    total = Decimal(0)
    current: Decimal | None = None
    last_scale: Decimal | None = None
    for role, value in steps:
        if role == "num":
            current = start
        elif role == "article":
            current = Decimal(1)
        elif role in ("unit", "teen", "ten", "hundreds", "ordinal"):
            current = (current or Decimal(0)) + value
        elif role == "hundred":
            current = (current or Decimal(1)) * value
        elif role == "scale":
            if last_scale is not None and value > last_scale:
                total = (total + (current or Decimal(0))) * value
            else:
                total += (current if current is not None else Decimal(1)) * value
            current, last_scale = None, value
    return total + (current or Decimal(0))


class WesternNumbers:
    def __init__(self, lang: LanguageData) -> None:
        if lang.words is None:
            raise ValueError(f"{lang.code} is not a western-family language")
        self.lang = lang
        self.words: WesternWords = lang.words
        marks = "".join(re.escape(m) for m in sorted(lang.digits.marks))
        number = rf"\d+(?:[{marks}]\d+)*" if marks else r"\d+"
        self._tokens = re.compile(rf"(?P<n>{number})|(?P<w>[^\W\d_]+)|(?P<s>\S)")
        w = self.words
        self._roles: dict[str, tuple[Role, Decimal]] = {}
        tables: tuple[tuple[dict[str, Decimal], Role], ...] = (
            (w.units, "unit"),
            (w.teens, "teen"),
            (w.tens, "ten"),
            (w.hundreds, "hundreds"),
            (w.hundred_multipliers, "hundred"),
            (w.scales, "scale"),
            (w.ordinals, "ordinal"),
        )
        for table, role in tables:
            for word, value in table.items():
                self._roles[word.lower()] = (role, value)
        self._units = {k.lower(): v for k, v in lang.units.items()}
        self._unit_lengths = sorted({len(k.split()) for k in self._units}, reverse=True)

    def tokenize(self, text: str) -> list[Token]:
        out = []
        for m in self._tokens.finditer(text):
            kind = NUM if m.lastgroup == "n" else WORD if m.lastgroup == "w" else SYM
            out.append(Token(kind, m.group(), m.start(), m.end(), m.group().lower()))
        return out

    # --- the grammar ---------------------------------------------------------------------

    def _next(self, toks: list[Token], j: int, phrase: _Phrase) -> int | None:
        """Index of the token that may continue the phrase after token j (past a hyphen or a
        connector), or None."""
        k = j + 1
        if k >= len(toks):
            return None
        tok = toks[k]
        if tok.text in ("-", "‐") and tok.start == toks[j].end and k + 1 < len(toks):
            if toks[k + 1].start == tok.end:
                return k + 1
            return None
        connectors: frozenset[str] = frozenset()
        if phrase.last_role in ("hundred", "hundreds", "scale"):
            connectors = self.words.connectors_after_hundred
        elif phrase.last_role == "ten":
            connectors = self.words.connectors_after_ten
        if tok.lower in connectors and k + 1 < len(toks):
            after = self._roles.get(toks[k + 1].lower)
            if after and after[0] in ("unit", "teen", "ten", "hundreds", "ordinal"):
                return k + 1
            return None
        return k

    def _accepts(self, phrase: _Phrase, role: Role, value: Decimal, joined: bool) -> bool:
        last = phrase.last_role
        if role == "scale":
            if last == "scale":
                return phrase.scale is not None and value > phrase.scale
            return last in ("num", "unit", "teen", "ten", "hundred", "hundreds", "article")
        if role == "hundred":
            return last in ("num", "unit", "article")
        if last == "num" or last == "article":
            return False
        if role == "hundreds":
            return last == "scale"
        if role == "unit" or role == "ordinal":
            return last in ("ten", "hundred", "hundreds", "scale") and (last != "ten" or joined)
        if role in ("teen", "ten"):
            return last in ("hundred", "hundreds", "scale")
        return False

    def _phrase(self, toks: list[Token], i: int, mask: bytearray) -> _Phrase | None:
        tok = toks[i]
        w = self.words
        if tok.kind == NUM:
            readings = read_digits(tok.text, self.lang.digits)
            if not readings:
                return None
            phrase = _Phrase(i, i, [("num", readings[0])], readings=readings)
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is not None and nxt.start == tok.end and nxt.kind == WORD:
                if nxt.lower in w.ordinal_suffixes:
                    phrase.last, phrase.ordinal = i + 1, True
                    return phrase
                if nxt.lower in w.plain_suffixes:
                    phrase.last = i + 1
                    return phrase
        elif tok.lower in w.articles:
            k = self._next(toks, i, _Phrase(i, i, [("article", Decimal(1))]))
            role = self._roles.get(toks[k].lower) if k is not None else None
            if role is None or role[0] not in ("scale", "hundred"):
                return None
            phrase = _Phrase(i, i, [("article", Decimal(1))])
        else:
            role = self._roles.get(tok.lower)
            if role is None:
                if tok.lower in w.multiplicatives:
                    return _Phrase(i, i, [("unit", w.multiplicatives[tok.lower])])
                return None
            if role[0] == "scale" and tok.lower not in w.bare_scales:
                return None
            if role[0] == "hundred":
                return None
            phrase = _Phrase(i, i, [role])
            if role[0] == "scale":
                phrase.scale = role[1]
            if role[0] == "ordinal":
                phrase.ordinal = True
                return phrase
        while True:
            k = self._next(toks, phrase.last, phrase)
            if k is None:
                break
            role = self._roles.get(toks[k].lower)
            if role is None or toks[k].kind != WORD or mask[toks[k].start]:
                break
            joined = toks[k - 1].text in ("-", "‐") or toks[k - 1].lower in w.connectors_after_ten
            # "diez millones mil": a bare scale word after a larger one adds a thousand.
            bare = role[0] == "scale" and toks[k].lower in w.bare_scales
            if not (self._accepts(phrase, role[0], role[1], joined) or bare):
                break
            phrase.steps.append(role)
            phrase.last = k
            if role[0] == "scale":
                phrase.scale = max(phrase.scale or role[1], role[1])
            if role[0] == "ordinal":
                phrase.ordinal = True
                break
        return phrase

    def _unit_after(self, toks: list[Token], j: int, mask: bytearray) -> tuple[str, int] | None:
        """The unit written after token j and the index of its last token."""
        k = j + 1
        if k < len(toks) and toks[k].text in ("-", "‐") and toks[k].start == toks[j].end:
            k += 1  # 14 trillion-won
        elif k < len(toks) and toks[k].lower in self.lang.unit_connectors:
            k += 1
        for length in self._unit_lengths:
            if k + length > len(toks):
                continue
            words = toks[k : k + length]
            if mask[words[0].start]:
                return None
            key = " ".join(t.lower for t in words)
            if key in self._units:
                return self._units[key], k + length - 1
        return None

    def _counted_noun_follows(self, toks: list[Token], i: int, mask: bytearray) -> bool:
        """Whether a counted noun follows within four words ("a short-range missile");
        names and codes already read (a B-52H bomber) are skipped."""
        words = 0
        for tok in toks[i + 1 :]:
            if mask[tok.start]:
                continue
            words += tok.kind == WORD
            if words > 4:
                return False
            if tok.kind == WORD and tok.lower in self.words.counted_nouns:
                return True
            if tok.kind == NUM or (tok.kind == SYM and tok.text not in ("-", "‐")):
                return False
        return False

    def parse(self, text: str, mask: bytearray) -> list[NumberMention]:
        toks = self.tokenize(text)
        out: list[NumberMention] = []
        w = self.words
        i = 0
        while i < len(toks):
            tok = toks[i]
            if mask[tok.start] or tok.kind == SYM:
                i += 1
                continue
            phrase = self._phrase(toks, i, mask)
            if phrase is None:
                if tok.lower in w.articles and self._counted_noun_follows(toks, i, mask):
                    out.append(
                        NumberMention(
                            tok.text,
                            (tok.start, tok.end),
                            Decimal(1),
                            frozenset({Decimal(1)}),
                            Strength.OPTIONAL,
                        )
                    )
                i += 1
                continue
            mention, last = self._mention(text, toks, phrase, mask)
            out.append(mention)
            i = last + 1
        return out

    def _mention(
        self, text: str, toks: list[Token], phrase: _Phrase, mask: bytearray
    ) -> tuple[NumberMention, int]:
        """The mention for a phrase, and the index of its last token (unit included)."""
        first, last = toks[phrase.first], toks[phrase.last]
        start, end = first.start, last.end
        consumed = phrase.last
        starts = phrase.readings or (None,)
        values = [_evaluate(phrase.steps, r) for r in starts]
        unit: str | None = None
        if phrase.first > 0:
            before = toks[phrase.first - 1]
            symbol = before.kind == SYM and before.text in self.lang.currency_symbols
            if symbol and not mask[before.start]:
                unit, start = self.lang.currency_symbols[before.text], before.start
        after = self._unit_after(toks, phrase.last, mask)
        if after is not None and not phrase.ordinal:
            unit = after[0] if unit is None else unit
            end = toks[after[1]].end
            consumed = after[1]
        w = self.words
        single = phrase.first == phrase.last
        if phrase.readings:
            strength = Strength.DIGITS
        elif (single and first.lower in w.optional) or (values[0] == 1 and phrase.scale is None):
            strength = Strength.OPTIONAL
        else:
            strength = Strength.WORDS
        year = (
            phrase.scale is None
            and unit is None
            and first.text.isdigit()
            and len(first.text) == 4
            and 1900 <= values[0] <= 2100
        )
        mention = NumberMention(
            text[start:end],
            (start, end),
            values[0],
            frozenset(values),
            strength,
            kind="ordinal" if phrase.ordinal else "year" if year else "number",
            unit=unit,
            scale=phrase.scale,
            alt_reading=values[1] if len(values) > 1 else None,
        )
        return mention, consumed
