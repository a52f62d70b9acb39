"""Editor page speed: GET /translations/<pk>/edit/ for a 500-sentence translation.

Builds, in a throw-away SQLite database (``common.isolate``), an article of 500 sentences in
100 paragraphs, a finished Korean translation whose segments carry glossary term checks
(a third machine, a third edited, a third confirmed; every third one flagged), and a small
approved glossary so that the source column is highlighted. Then times the editor page
through Django's test client: one warm-up request, then the median of 5, with the number of
queries per request.

Goal: under 300 ms, and a number of queries that does not depend on the article's length.

Run: .venv/bin/python bench/editor_speed.py [--segments 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import isolate

GLOSSARY = [
    ("Pyongyang", "평양"), ("Seoul", "서울"), ("North Korea", "북한"), ("Pentagon", "국방부"),
    ("John Kirby", "존 커비"), ("United States", "미국"), ("Security Council", "안보리"),
]  # fmt: skip


def build(segments: int) -> int:
    """Create the glossary, users, article, translation and segments; return the pk."""
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from glossary.checking import TermChecker
    from glossary.models import Concept, Term
    from glossary.services.version import glossary_version_bump
    from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
    from newsapp.core.roles import TRANSLATORS

    now = timezone.now()
    for en, ko in GLOSSARY:
        concept = Concept.objects.create(label=en, subject="diplomacy")
        for language, text in (("en", en), ("ko", ko)):
            Term.objects.create(
                concept=concept, language=language, text=text, usage=Term.Usage.PREFERRED,
                status=Term.Status.APPROVED, proposed_at=now,
            )  # fmt: skip
    glossary_version_bump()
    user = User.objects.create_user("bench", password="bench")  # noqa: S106
    user.groups.add(Group.objects.get(name=TRANSLATORS))
    sources = [
        f"The United States said on day {i} that North Korea fired a missile near Pyongyang, "
        f"and John Kirby told reporters at the Pentagon the Security Council would meet."
        for i in range(segments)
    ]
    article = Article.objects.create(
        title="Editor benchmark", source_text=" ".join(sources), source_language="en",
        author=user, status=Article.Status.IN_REVIEW,
    )  # fmt: skip
    translation = Translation.objects.create(
        article=article, target_language="ko", engine="argos", status=Translation.Status.DONE,
        segments_total=segments, segments_done=segments,
    )  # fmt: skip
    checker = TermChecker("en", "ko")
    states = [Segment.State.MACHINE, Segment.State.EDITED, Segment.State.CONFIRMED]
    rows = []
    for i, source in enumerate(sources):
        target = (
            f"미국은 {i}일 북한이 평양 인근에서 미사일을 발사했다고 밝혔고, 존 커비는 국방부에서 "
            f"기자들에게 안보리가 열릴 것이라고 말했다."
        )
        if i % 3 == 0:
            target = target.replace("안보리", "안전보장이사회")  # a missed term: flagged
        report = checker.check(source, target)
        rows.append(
            Segment(
                translation=translation, order=i, paragraph_index=i // 5, source=source,
                machine_text=target, target_text=target, state=states[i % 3],
                term_checks=report.as_json(), flagged=report.flagged, version=1 + i % 3,
            )
        )  # fmt: skip
    Segment.objects.bulk_create(rows)
    SegmentRevision.objects.bulk_create(
        SegmentRevision(segment=s, version=1, text=s.machine_text, state="machine", kind="machine")
        for s in Segment.objects.filter(translation=translation)
    )
    return translation.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = isolate()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # the test client's host, and template rendering signals
    started = time.perf_counter()
    pk = build(args.segments)
    print(f"built {args.segments} segments in {time.perf_counter() - started:.1f} s ({folder})")

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    url = reverse("editor:translation", args=[pk])
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    assert first.content.decode().count('class="ed-row ') == args.segments

    times, queries = [], []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200
        queries.append(len(captured.captured_queries))
    median_ms = statistics.median(times) * 1000
    size_kb = len(response.content) / 1024
    print(
        f"editor page, {args.segments} segments: median {median_ms:.0f} ms over {args.runs} "
        f"runs (min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}); "
        f"{max(queries)} queries per request; {size_kb:.0f} KiB of HTML"
    )
    print("goal: < 300 ms —", "met" if median_ms < 300 else "NOT met")


if __name__ == "__main__":
    main()
