"""Glossary enforcement time as a share of machine-translation time.

Real-shape random en→ko model (as in bench/engine_speed.py), a 10,000-concept glossary (en and
ko terms, including the story's names), and the ~550-word Pentagon story. Engine calls are
timed separately from everything else the enforcer does (matching, masking, restoring,
particle agreement, checks), so "enforcement overhead" is the enforcer's own work. With random
weights the model never copies a placeholder, so every sentence with a term takes the
fallback (an unmasked re-translation plus one call for the terms alone); that extra engine
time is printed on its own line, since a real model copies most placeholders.

Run: .venv/bin/python bench/enforcement_overhead.py
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import PENTAGON_STORY, fix_output_length, isolate, real_shape_package

STORY_TERMS = [
    ("John Kirby", "존 커비"),
    ("Pyongyang", "평양"),
    ("UN Security Council", "유엔 안보리"),
    ("Security Council", "안보리"),
    ("North Korea", "북한"),
    ("China", "중국"),
    ("Joe Biden", "조 바이든"),
    ("Yonhap", "연합뉴스"),
    ("Pentagon", "국방부"),
    ("Japan", "일본"),
    ("Seoul", "서울"),
    ("Tokyo", "도쿄"),
]


def main() -> None:
    isolate()
    from glossary.checking import summarize
    from glossary.enforcement import Enforcer
    from glossary.matching import GlossaryIndex, IndexTerm
    from glossary.selectors import ApprovedConcept
    from newsapp.articles import text as text_utils
    from newsapp.mt import argos

    rng = random.Random(3)
    syllables = [chr(c) for c in range(0xAC00, 0xD7A3, 37)]
    letters = "abcdefghijklmnopqrstuvwxyz"
    terms, rules = [], {}
    pairs = list(STORY_TERMS)
    while len(pairs) < 10_000:
        words = " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 9))).title()
            for _ in range(rng.randint(1, 3))
        )
        pairs.append((words, "".join(rng.choice(syllables) for _ in range(rng.randint(2, 5)))))
    for concept_id, (en, ko) in enumerate(pairs, start=1):
        terms += [
            IndexTerm(2 * concept_id, concept_id, "en", en),
            IndexTerm(2 * concept_id + 1, concept_id, "ko", ko),
        ]
        rules[concept_id] = ApprovedConcept(concept_id, (en,), ko, False, (), ())
    index = GlossaryIndex(terms)
    start = time.perf_counter()
    index.matcher("en"), index.matcher("ko")
    print(
        f"Glossary: {len(pairs):,} concepts; matchers built in {time.perf_counter() - start:.2f} s"
    )

    fix_output_length(31)
    argos.install_from_file(real_shape_package("en", "ko"))
    engine = argos.ArgosEngine()
    sentences = [s.source for s in text_utils.segment(PENTAGON_STORY, "en")]
    engine.translate_batch(sentences[:2], "en", "ko")  # load the model

    class Timed:
        placeholder_format = engine.placeholder_format

        def __init__(self) -> None:
            self.seconds = 0.0
            self.calls: list[int] = []

        def translate_batch(
            self, batch: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
        ) -> list[str]:
            started = time.perf_counter()
            try:
                return engine.translate_batch(batch, source, target)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls.append(len(batch))

    plain = Timed()
    plain.translate_batch(sentences, "en", "ko")
    mt_seconds = plain.seconds

    timed = Timed()
    enforcer = Enforcer(timed, "en", "ko", rules=rules, find=index.find)
    started = time.perf_counter()
    results = enforcer.translate(sentences)
    total = time.perf_counter() - started
    own = total - timed.seconds
    first_call = mt_seconds  # the masked batch costs about what the plain batch costs
    summary = summarize([r.report for r in results])
    print(f"Article: {len(sentences)} sentences; terms expected {summary['expected']}, "
          f"rendered {summary['rendered']}, missed {summary['missed']}")  # fmt: skip
    print(f"MT alone (one batch):                 {mt_seconds * 1000:8.1f} ms")
    print(f"Enforcer, engine calls {timed.calls}: {timed.seconds * 1000:8.1f} ms")
    print(f"  of which fallback engine work:      {(timed.seconds - first_call) * 1000:8.1f} ms")
    print(f"Enforcer's own work:                  {own * 1000:8.1f} ms")
    print(
        f"Enforcement overhead = own work / MT time = {100 * own / mt_seconds:.2f} %  (goal < 5 %)"
    )


if __name__ == "__main__":
    main()
