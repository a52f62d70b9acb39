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

The candidates and Pentagon stories (``tests/e2e/test_candidates.py``) have their own
phrases; there the engine writes the particle after a placeholder in the form that is wrong
for the name (``⟦1⟧는`` before 오스틴, ``⟦1⟧은``/``⟦1⟧이`` before 커비), so the agreement is seen.

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
    # tests/e2e/test_candidates.py: two new names. Unmasked, the engine paraphrases them
    # (오스틴 장관, 그는); masked, it writes ⟦1⟧는 whatever the name, which is wrong after
    # 오스틴 (ㄴ): agreement makes it 오스틴은.
    "Lloyd Austin visited Camp Humphreys on Monday.": (
        "오스틴 장관은 월요일에 캠프 험프리스를 방문했다."
    ),
    "{0} visited Camp Humphreys on Monday.": "{0}는 월요일에 캠프 험프리스를 방문했다.",
    "Lloyd Austin visited {0} on Monday.": "로이드 오스틴은 월요일에 {0}를 방문했다.",
    "Austin said the alliance was strong.": "그는 동맹이 강하다고 말했다.",
    "{0} said the alliance was strong.": "{0}는 동맹이 강하다고 말했다.",
    "Officials in Seoul welcomed the visit.": "서울 당국자들은 방문을 환영했다.",
    "Officials in {0} welcomed the visit.": "{0} 당국자들은 방문을 환영했다.",
    "Soldiers at Camp Humphreys held a drill on Friday.": (
        "캠프 험프리스의 장병들은 금요일에 훈련을 했다."
    ),
    "Lloyd Austin": "로이드 오스틴",
    "Austin": "오스틴",
    "Camp Humphreys": "캠프 험프리스",
    "Seoul": "서울",
    "John Kirby": "존 커비",
    "Kirby": "커비",
}
# The Pentagon story (bench/pentagon_story.txt), its sentences with Kirby masked. The engine
# writes the consonant forms (⟦1⟧은, ⟦1⟧이): after 커비 they must become 는 and 가.
PHRASES.update(
    [
        (
            "Pentagon Press Secretary {0} told reporters that the launch was a clear violation "
            "of multiple UN Security Council resolutions.",
            "펜타곤 대변인 {0}은 기자들에게 이번 발사가 유엔 안전보장이사회의 여러 결의를 "
            "명백히 위반한 것이라고 말했다.",
        ),
        (
            '"We call on the DPRK to refrain from further destabilizing actions," {0} said '
            "during a regular briefing.",
            '"우리는 북한이 더 이상의 불안정 행위를 자제할 것을 촉구한다"고 {0}이 정례 '
            "브리핑에서 말했다.",
        ),
        (
            "{0} said Washington remains committed to the defense of its allies, South Korea "
            "and Japan, and that the US military is closely monitoring the situation.",
            "{0}은 미국이 동맹국인 한국과 일본의 방위에 여전히 전념하고 있으며 미군이 "
            "상황을 면밀히 주시하고 있다고 말했다.",
        ),
        (
            '"China has significant influence with the North, and we would like to see them '
            'use that influence in a constructive way," {0} said.',
            '"중국은 북한에 상당한 영향력을 갖고 있으며, 우리는 중국이 그 영향력을 '
            '건설적으로 사용하기를 바란다"고 {0}이 말했다.',
        ),
        (
            "{0} reiterated that the United States harbors no hostile intent toward North Korea "
            "and is open to talks without preconditions.",
            "{0}은 미국이 북한에 대해 적대적 의도가 없으며 전제 조건 없이 대화할 용의가 "
            "있다고 거듭 밝혔다.",
        ),
    ]
)


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
