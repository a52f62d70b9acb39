"""Reads for the desk's home page: filter choices, the per-role dashboards, the nav count.

Every read here costs a fixed number of queries whatever the number of articles (tests pin
it at 30 and 300 articles; bench/desk_speed.py times it at 10,000).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q

from glossary import selectors as glossary_selectors
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.selectors.articles import article_problems, desk_articles

Status = Article.Status

#: Articles listed per dashboard panel.
PANEL_SIZE = 5
_USED_KEY = "desk:languages-engines"


@dataclass(frozen=True)
class Used:
    """The target languages and engines that translations use (the filters' choices)."""

    languages: list[str]
    engines: list[str]


def languages_and_engines_used() -> Used:
    """One query, cached for ``DESK_COUNTS_CACHE_SECONDS``."""

    def read() -> Used:
        pairs = Translation.objects.order_by().values_list("target_language", "engine").distinct()
        rows = list(pairs)
        return Used(
            languages=sorted({language for language, _ in rows}),
            engines=sorted({engine for _, engine in rows if engine}),
        )

    return cast(Used, cache.get_or_set(_USED_KEY, read, settings.DESK_COUNTS_CACHE_SECONDS))


@dataclass
class TranslatorDashboard:
    translating: int
    in_review: int
    approved: int
    problems: int
    #: Their articles that wait for them: with problems, or in review.
    waiting: list[Article] = field(default_factory=list)


@dataclass
class EditorDashboard:
    review_queue: int
    candidates: int
    in_review: int
    failed: int
    problems: int
    #: Articles waiting for approval, longest waiting first.
    awaiting_approval: list[Article] = field(default_factory=list)
    #: Articles with a failed translation, newest first.
    failures: list[Article] = field(default_factory=list)


def _failed() -> Exists:
    return Exists(
        Translation.objects.filter(article_id=OuterRef("pk"), status=Translation.Status.FAILED)
    )


def _unedited() -> Exists:
    return Exists(
        Segment.objects.filter(translation__article_id=OuterRef("pk"), state=Segment.State.MACHINE)
    )


def translator_dashboard(*, user: Any) -> TranslatorDashboard:
    """The translator's own articles by state, and those that wait for them: with problems,
    or in review with machine sentences nobody has post-edited yet (3 queries)."""
    counts = Article.objects.filter(author_id=user.pk).aggregate(
        translating=Count("pk", filter=Q(status__in=(Status.DRAFT, Status.TRANSLATING))),
        in_review=Count("pk", filter=Q(status=Status.IN_REVIEW)),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        problems=Count("pk", filter=article_problems()),
    )
    waiting = (
        desk_articles(author_id=user.pk)
        .filter((Q(status=Status.IN_REVIEW) & Q(_unedited())) | article_problems())
        .order_by("-updated_at", "-id")[:PANEL_SIZE]
    )
    return TranslatorDashboard(**counts, waiting=list(waiting))


def editor_dashboard() -> EditorDashboard:
    """The review-queue count, open term candidates, articles waiting for approval and
    failures (7 queries)."""
    counts = Article.objects.aggregate(
        in_review=Count("pk", filter=Q(status=Status.IN_REVIEW)),
        failed=Count("pk", filter=~Q(status=Status.APPROVED) & Q(_failed())),
        problems=Count("pk", filter=article_problems()),
    )
    awaiting = desk_articles(status=Status.IN_REVIEW).order_by("updated_at", "id")[:PANEL_SIZE]
    failures = (
        desk_articles()
        .exclude(status=Status.APPROVED)
        .filter(_failed())
        .order_by("-updated_at", "-id")[:PANEL_SIZE]
    )
    return EditorDashboard(
        review_queue=glossary_selectors.review_pending_count_cached(),
        candidates=glossary_selectors.candidate_open_count(),
        **counts,
        awaiting_approval=list(awaiting),
        failures=list(failures),
    )
