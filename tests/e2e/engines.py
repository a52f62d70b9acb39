"""A deterministic en→ko engine for the browser tests (enabled in their worker by dotted path).

The tiny generated Argos models translate into random tokens: they exercise the real neural
code path, but a glossary term can never be seen landing in a Korean sentence through them.
This stand-in knows the few sentences the browser stories use and answers them the way a
neural engine does:

* it copies a placeholder (``⟦1⟧``) through, and picks the particle after it without knowing
  which term the placeholder stands for (here always the vowel-final form, ``⟦1⟧는``), so
  what makes ``평양은`` right is the particle agreement in ``glossary.korean``;
* for one sentence it drops the placeholder, as neural models sometimes do, and paraphrases
  Pyongyang as 북한 (North Korea); translated alone the name comes out as 평양, which that
  sentence does not contain, so enforcement's fallback cannot place the term and the
  sentence is flagged for a person to fix.

Any other sentence comes back as ``[ko] <sentence>``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import count
from typing import ClassVar

from newsapp.mt.base import MTPermanentError, Pair

PLACEHOLDER = re.compile(r"⟦\d+⟧")

#: Source sentence → Korean. ``{0}``, ``{1}``: the sentence's placeholders, in order.
PHRASES: dict[str, str] = {
    "Pyongyang fired a missile on Tuesday.": "북한은 화요일에 미사일을 발사했다.",
    "{0} fired a missile on Tuesday.": "{0}는 화요일에 미사일을 발사했다.",
    "Officials in Seoul condemned the launch.": "서울의 당국자들은 발사를 규탄했다.",
    "The Security Council will meet on Friday.": "안전보장이사회는 금요일에 회의를 연다.",
    "Officials in Pyongyang did not comment.": "북한 당국자들은 논평하지 않았다.",
    "Officials in {0} did not comment.": "북한 당국자들은 논평하지 않았다.",  # placeholder lost
    "Pyongyang": "평양",
}


class PhrasebookEngine:
    name: ClassVar[str] = "phrasebook"
    label: ClassVar[str] = "Phrasebook (browser tests)"
    placeholder_format: ClassVar[str] = "⟦{n}⟧"

    def available_pairs(self) -> set[Pair]:
        return {("en", "ko")}

    def install_hint(self, source: str, target: str) -> str:
        return "The phrasebook engine only translates en→ko."

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        if (source, target) != ("en", "ko"):
            raise MTPermanentError(f"phrasebook cannot translate {source}→{target}")
        return [self._one(sentence) for sentence in sentences]

    @staticmethod
    def _one(sentence: str) -> str:
        marks = PLACEHOLDER.findall(sentence)
        numbers = count()
        key = PLACEHOLDER.sub(lambda _: f"{{{next(numbers)}}}", sentence.strip())
        template = PHRASES.get(key)
        return template.format(*marks) if template is not None else f"[ko] {sentence}"
