"""Editor page speed: GET /translations/<pk>/edit/ for a 500-sentence translation (or
``--segments N``), one page of ``EDITOR_PAGE_SEGMENTS`` sentences (``--page-size``).

Builds, in a throw-away SQLite database (``common.isolate``), an article of 500 sentences in
100 paragraphs, a finished Korean translation whose segments carry glossary term checks
(a third machine, a third edited, a third confirmed; every third one flagged), and a small
approved glossary so that the source column is highlighted. Then times the editor page
through Django's test client: one warm-up request, then the median of 5, with the number of
queries per request and the page's size. Also timed: the last page, a link to the last
sentence (``?at=``, which finds its page), the "flagged" filter and a "next flagged" jump.

Goals (issues 18 and 20): 500 segments under 300 ms and under 600 KiB; 14,000 segments under
1 s; a number of queries that does not depend on the article's length.

Run: .venv/bin/python bench/editor_speed.py [--segments 500] [--page-size 200] [--runs 5]
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
    parser.add_argument(
        "--page-size", type=int, default=None, help="EDITOR_PAGE_SEGMENTS (default: the setting)"
    )
    args = parser.parse_args()

    folder = isolate()
    from django.conf import settings

    if args.page_size:
        settings.EDITOR_PAGE_SEGMENTS = args.page_size
    page_size = getattr(settings, "EDITOR_PAGE_SEGMENTS", args.segments)
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
    shown = min(args.segments, page_size)
    assert first.content.decode().count('class="ed-row ') == shown

    def timed(path: str, status: int = 200) -> tuple[float, int, int]:
        """Median milliseconds, most queries, bytes of the last response."""
        times, queries = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - start)
            assert response.status_code == status, (path, response.status_code)
            queries.append(len(captured.captured_queries))
        return statistics.median(times) * 1000, max(queries), len(response.content)

    from newsapp.articles.models import Segment

    last = Segment.objects.filter(translation_id=pk).order_by("-order").first()
    assert last is not None
    pages = -(-args.segments // page_size)
    cases = [
        ("first page", url, 200),
        (f"last page (page {pages})", f"{url}?page={pages}", 200),
        ("link to the last sentence (?at=)", f"{url}?at={last.pk}", 200),
        ("flagged filter", f"{url}?filter=flagged", 200),
        (
            "next flagged (redirect)",
            reverse("editor:next-flagged", args=[pk]) + f"?after={args.segments // 2}",
            302,
        ),
    ]
    print(f"{args.segments} segments, {page_size} per page, median of {args.runs}:")
    results = {}
    for name, path, status in cases:
        median_ms, queries, size = timed(path, status)
        results[name] = (median_ms, size)
        kib = f"; {size / 1024:.0f} KiB" if status == 200 else ""
        print(f"  {name:34} {median_ms:7.0f} ms; {queries} queries{kib}")
    median_ms, size = results["first page"]
    goal_ms = 300 if args.segments <= 500 else 1000
    print(
        f"goal: first page < {goal_ms} ms —",
        "met" if median_ms < goal_ms else "NOT met",
        "; < 600 KiB —" if args.segments <= 500 else "",
        ("met" if size < 600 * 1024 else "NOT met") if args.segments <= 500 else "",
    )


if __name__ == "__main__":
    main()
