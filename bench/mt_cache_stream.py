"""The machine-translation cache on a wire stream: engine calls avoided and time saved.

A stream of 50 stories of 10 paragraphs each, in which 20% of the paragraphs recur (bylines,
agency credits, the standard background paragraphs wire copy repeats, a re-issued story's
unchanged paragraphs) and the rest are new text (real English sentences from WordNet's glosses,
shipped by Debian). Every story goes through the pipeline (``translation_run``: memory, cache,
glossary enforcement, checks, saves) with the real-shape en→ko Argos package (random weights,
realistic tokenizer, outputs fixed at 31 tokens), once with ``MT_CACHE`` off and once on,
starting from an empty cache. Counted: the sentences the engine was asked to translate.

Run: .venv/bin/python bench/mt_cache_stream.py [--stories 50] [--recurring 0.2]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import isolate, real_shape_package

RECURRING = [
    "By Kim Tong-hyung and Hyung-jin Kim, Associated Press.",
    "SEOUL, South Korea (Yonhap) -- The following is the latest from the region.",
    "North Korea has been barred from conducting ballistic missile tests by multiple United "
    "Nations Security Council resolutions. It has conducted six nuclear tests since 2006.",
    "The United States stations about 28,500 troops in South Korea to deter aggression from "
    "the North, a legacy of the 1950-53 Korean War, which ended in an armistice.",
    "Copyright 2026 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "The Pentagon did not immediately respond to a request for comment.",
    "Pyongyang says its weapons programs are a legitimate means of self-defence against what "
    "it calls hostile policies of Washington and Seoul.",
    "Talks between the two Koreas have been stalled since 2019.",
    "(This story has been corrected to fix the spelling of a name in the third paragraph.)",
    "Reporting by the Seoul bureau; editing by the Asia desk.",
]


def _sentences(count: int, rng: random.Random) -> list[str]:
    from newsapp.mt.argos.corpus import wordnet_lines

    pool = []
    for line in wordnet_lines():
        words = line.split()
        if 6 <= len(words) <= 30:
            pool.append(line[0].upper() + line[1:].rstrip(".;") + ".")
        if len(pool) >= count * 4:
            break
    rng.shuffle(pool)
    return pool[:count]


def stream(stories: int, paragraphs: int, recurring: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    recurring_count = round(paragraphs * recurring)
    fresh = iter(_sentences(stories * (paragraphs - recurring_count) * 2, rng))
    out = []
    for _ in range(stories):
        body = [f"{next(fresh)} {next(fresh)}" for _ in range(paragraphs - recurring_count)]
        for _ in range(recurring_count):
            body.insert(rng.randrange(len(body) + 1), rng.choice(RECURRING))
        out.append("\n\n".join(body))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=10)
    parser.add_argument("--recurring", type=float, default=0.2)
    args = parser.parse_args()
    package = real_shape_package("en", "ko")
    os.environ.update(
        MT_ENGINES="argos", MT_MAX_DECODING_LENGTH="31", REDIS_URL="redis://127.0.0.1:9/0"
    )  # no broker: runs are called here
    isolate()

    from django.conf import settings
    from django.contrib.auth.models import Group, User

    from newsapp.articles.models import MTCacheEntry, Translation
    from newsapp.articles.services.intake import article_create
    from newsapp.articles.services.pipeline import translation_run
    from newsapp.mt import argos, registry

    argos.install_from_file(package)
    registry.reset()
    engine = registry.get_engine("argos")
    asked = [0]
    real = engine.translate_batch

    def counting(sentences, *a, **kw):  # type: ignore[no-untyped-def]
        asked[0] += len(sentences)
        return real(sentences, *a, **kw)

    engine.translate_batch = counting  # type: ignore[method-assign]
    author = User.objects.create_user("bench")
    author.groups.add(Group.objects.get_or_create(name="Translators")[0])
    texts = stream(args.stories, args.paragraphs, args.recurring)
    engine.translate_batch(["Warm up."], "en", "ko")

    def create(tag: str) -> list[Translation]:
        return [
            article_create(
                author=author,
                title=f"Story {i + 1} {tag}",
                text=text,
                source_language="en",
                target_languages=["ko"],
            ).translations.get()
            for i, text in enumerate(texts)
        ]  # fmt: skip  (made first: publishing to the absent broker is not timed)

    # The two runs interleave story by story, so the machine's load falls on both alike.
    runs = {False: create("off"), True: create("on")}
    asked_by = {False: 0, True: 0}
    seconds = {False: 0.0, True: 0.0}
    MTCacheEntry.objects.all().delete()
    for i in range(len(texts)):
        for cache in (False, True):
            settings.MT_CACHE = cache
            asked[0] = 0
            start = time.perf_counter()
            outcome = translation_run(translation_id=runs[cache][i].pk, worker="bench")
            seconds[cache] += time.perf_counter() - start
            asked_by[cache] += asked[0]
            assert outcome.status == Translation.Status.DONE, outcome
    sentences = sum(t.segments.count() for t in runs[True])
    off_asked, off_s, on_asked, on_s = (
        asked_by[False],
        seconds[False],
        asked_by[True],
        seconds[True],
    )
    print(
        f"{args.stories} stories, {args.paragraphs} paragraphs each, "
        f"{args.recurring:.0%} recurring; {sentences} sentences; cores: {os.cpu_count()}"
    )
    print(f"cache off: engine asked for {off_asked} sentences, {off_s:.1f} s")
    print(f"cache on:  engine asked for {on_asked} sentences, {on_s:.1f} s")
    print(
        f"engine calls avoided: {1 - on_asked / off_asked:.1%}; time saved "
        f"{1 - on_s / off_s:.1%} (speed-up {off_s / on_s:.2f}×)"
    )


if __name__ == "__main__":
    main()
