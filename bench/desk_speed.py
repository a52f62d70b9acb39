"""Desk home page speed: the article list and the dashboards with 10,000 articles.

Builds, in a throw-away SQLite database (``common.isolate``), 10,000 articles by 20
translators (a third translating, a third in review, a third approved), each with a Korean
and a Spanish translation (every 7th failed, every 11th with flagged sentences, every 13th
out of date with the glossary), 5 segments per translation, and 40 proposed terms. Then
times, through Django's test client, the home page (dashboard and first page of the list)
for a translator and for an editor, and the list with filters: one warm-up request, then
the median of 5, with the number of queries per request.

Goal: under 300 ms each, and a number of queries that does not depend on the number of
articles (tests/articles/test_desk.py checks it at 30 and 300 articles).

Run: .venv/bin/python bench/desk_speed.py [--articles 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PENTAGON_STORY, isolate

#: (label, who, query string)
CASES = [
    ("home, translator (dashboard + list)", "tr0", {}),
    ("home, editor (both dashboards + list)", "editor", {}),
    ("search q=Kirby missile", "editor", {"q": "Kirby missile"}),
    ("has problems, sorted by title", "editor", {"problems": "on", "sort": "title"}),
    ("mine, in review, ko, engine argos", "tr0", {"mine": "on", "status": "in_review",
                                                  "language": "ko", "engine": "argos"}),
    ("dates, oldest first, page 40", "editor", {"after": "2000-01-01", "before": "2100-01-01",
                                                "sort": "oldest", "page": "40"}),
]  # fmt: skip


def build(count: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from glossary.models import Concept, Term
    from newsapp.articles.models import Article, Segment, Translation
    from newsapp.core.roles import EDITORS, TRANSLATORS

    translators = Group.objects.get(name=TRANSLATORS)
    authors = []
    for i in range(20):
        user = User.objects.create_user(f"tr{i}", password="bench")  # noqa: S106
        user.groups.add(translators)
        authors.append(user)
    editor = User.objects.create_user("editor", password="bench")  # noqa: S106
    editor.groups.add(Group.objects.get(name=EDITORS))
    now = timezone.now()
    for i in range(40):
        concept = Concept.objects.create(label=f"Name {i}", subject="defense")
        Term.objects.create(concept=concept, language="en", text=f"Name {i}",
                            status=Term.Status.PROPOSED, proposed_at=now)  # fmt: skip
    statuses = [Article.Status.TRANSLATING, Article.Status.IN_REVIEW, Article.Status.APPROVED]
    words = PENTAGON_STORY.split()
    batch = 1000
    for start in range(0, count, batch):
        articles = []
        for i in range(start, min(count, start + batch)):
            offset = (i * 37) % (len(words) - 200)
            text = " ".join(words[offset : offset + 200])
            articles.append(
                Article(
                    title=f"Story {i}: {' '.join(words[offset : offset + 6])}", source_text=text,
                    source_language="en", author=authors[i % 20], status=statuses[i % 3],
                ).fill_word_count()
            )  # fmt: skip
        Article.objects.bulk_create(articles)
        translations = []
        for n, article in enumerate(articles, start):
            for language, engine in (("ko", "argos"), ("es", "apertium")):
                failed = n % 7 == 0 and language == "ko"
                translations.append(
                    Translation(
                        article=article, target_language=language, engine=engine,
                        status=Translation.Status.FAILED if failed else Translation.Status.DONE,
                        segments_total=5, segments_done=0 if failed else 5,
                        glossary_changed=n % 13 == 0,
                    )
                )  # fmt: skip
        Translation.objects.bulk_create(translations)
        Segment.objects.bulk_create(
            Segment(
                translation=t, order=k, paragraph_index=0, source=f"Sentence {k}.",
                target_text=f"문장 {k}.", state=Segment.State.MACHINE,
                flagged=k == 0 and t.article_id % 11 == 0,
            )
            for t in translations
            if t.status == Translation.Status.DONE
            for k in range(5)
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = isolate()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    started = time.perf_counter()
    build(args.articles)
    print(f"built {args.articles} articles in {time.perf_counter() - started:.1f} s ({folder})")
    clients = {}
    for name in ("tr0", "editor"):
        clients[name] = Client()
        clients[name].force_login(User.objects.get(username=name))
    url = reverse("articles:list")
    worst = 0.0
    for label, who, params in CASES:
        client = clients[who]
        first = client.get(url, params)
        assert first.status_code == 200, first.status_code
        times, queries = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, params)
                times.append(time.perf_counter() - start)
            assert response.status_code == 200
            queries.append(len(captured.captured_queries))
        median_ms = statistics.median(times) * 1000
        worst = max(worst, median_ms)
        rows = response.content.decode().count("<tr>") - 1
        print(
            f"{label}: median {median_ms:.0f} ms (min {min(times) * 1000:.0f}, "
            f"max {max(times) * 1000:.0f}); {max(queries)} queries; {rows} rows"
        )
    print("goal: < 300 ms each —", "met" if worst < 300 else "NOT met")


if __name__ == "__main__":
    main()
