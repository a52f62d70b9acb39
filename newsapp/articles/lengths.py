"""How long a translation should be: expected target/source character ratios per language pair.

Pure functions, no database: the editor shows a character count under each sentence being
edited and warns when the translation is far longer or shorter than its source suggests
(a dropped clause, a pasted paragraph, an untranslated sentence).

Where the ratios come from:

- English → Korean 0.3–0.9 of the characters: measured on the 25 hand-checked English/Korean
  sentence pairs of 20 characters or more in this repository's tests (``tests/qa/pentagon.py``,
  Yonhap-style news, and ``tests/e2e/engines.py``): median 0.47, lowest 0.37, highest 0.73,
  widened at both ends. Issue 16's first guess (0.5–0.9) warned on half of those correct
  translations (one Hangul syllable block carries what two to three Latin letters do).
- English → Japanese / Chinese: not measured; the same reasoning, denser still (kanji, hanzi).
- English → German, French, Spanish, Portuguese, Italian, Catalan, Galician, Russian: not
  measured; the localisation rule of thumb that these run about 10–35 % longer than
  English, widened to 0.9–1.6 so that only gross differences warn.
- The reverse directions are the inverses of the forward ranges.
- Any other pair: 0.5–2.0, which only catches a translation half or twice its source.

Short sentences (under ``MIN_SOURCE_CHARS``) never warn: a dateline or a name legitimately
changes length by any factor. Adjust ``RATIOS`` as real figures come in; the worker-side
alignment of confirmed sentences in translation memory would be the place to measure them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from newsapp.core.languages import base

#: A source shorter than this never warns.
MIN_SOURCE_CHARS = 20

#: Any pair not listed: only a translation half or twice its source warns.
DEFAULT_RATIO = (0.5, 2.0)

_CJK = {"ko": (0.3, 0.9), "ja": (0.25, 0.8), "zh": (0.2, 0.6)}
_LONGER = dict.fromkeys(("de", "fr", "es", "pt", "it", "ca", "gl", "ru"), (0.9, 1.6))


Ratios = dict[tuple[str, str], tuple[float, float]]


def _with_inverses(forward: Ratios) -> Ratios:
    table = dict(forward)
    for (source, target), (low, high) in forward.items():
        table.setdefault((target, source), (round(1 / high, 2), round(1 / low, 2)))
    return table


#: (source, target) base languages → (lowest, highest) expected target/source character ratio.
RATIOS: Ratios = _with_inverses(
    {("en", code): ratio for code, ratio in {**_CJK, **_LONGER}.items()}
)


@dataclass(frozen=True)
class LengthCheck:
    """A target's length against its source's: the count, the expected range, a warning."""

    chars: int
    source_chars: int
    low: int
    high: int
    warning: str

    @property
    def hint(self) -> str:
        """The warning without its figures, for under the count that shows them."""
        if not self.warning:
            return ""
        if self.chars < self.low:
            return _("Much shorter than the source suggests: is a part missing?")
        return _("Much longer than the source suggests: is something added or left untranslated?")

    @property
    def applies(self) -> bool:
        """Whether the source is long enough for its length to say anything."""
        return self.source_chars >= MIN_SOURCE_CHARS

    @property
    def expected(self) -> str:
        return f"{self.low:,}–{self.high:,}"


def expected_ratio(source_language: str, target_language: str) -> tuple[float, float]:
    return RATIOS.get((base(source_language), base(target_language)), DEFAULT_RATIO)


def length_check(
    *, source: str, target: str, source_language: str, target_language: str
) -> LengthCheck:
    """The target's character count, the range its source suggests, and a warning if it is
    outside it (no warning for an empty target or a short source)."""
    low_ratio, high_ratio = expected_ratio(source_language, target_language)
    source_chars, chars = len(source.strip()), len(target.strip())
    low, high = math.floor(source_chars * low_ratio), math.ceil(source_chars * high_ratio)
    warning = ""
    if chars and source_chars >= MIN_SOURCE_CHARS:  # LengthCheck.applies
        if chars < low:
            warning = _(
                "Much shorter than the source suggests: %(chars)s characters, expected "
                "%(low)s–%(high)s. Is a part missing?"
            ) % {"chars": f"{chars:,}", "low": f"{low:,}", "high": f"{high:,}"}
        elif chars > high:
            warning = _(
                "Much longer than the source suggests: %(chars)s characters, expected "
                "%(low)s–%(high)s. Is something added or left untranslated?"
            ) % {"chars": f"{chars:,}", "low": f"{low:,}", "high": f"{high:,}"}
    return LengthCheck(chars, source_chars, low, high, warning)
