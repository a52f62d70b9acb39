"""Reads for the feed pages and the poller."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from newsapp.articles.models import Article
from newsapp.feeds.models import Feed, FeedEntry


def feed_list() -> QuerySet[Feed]:
    return Feed.objects.annotate(
        entry_count=Count("entries"),
        article_count=Count("entries", filter=Q(entries__status=FeedEntry.Status.ARTICLE)),
    ).order_by("title", "url")


def feed_get(*, pk: int) -> Feed:
    return get_object_or_404(Feed, pk=pk)


def feed_entries(*, feed: Feed, limit: int = 50) -> list[FeedEntry]:
    return list(feed.entries.select_related("article").order_by("-created_at", "-id")[:limit])


def entry_get(*, pk: int) -> FeedEntry:
    return get_object_or_404(FeedEntry.objects.select_related("feed", "feed__created_by"), pk=pk)


def feeds_due(*, now: datetime) -> list[int]:
    """Feeds not paused whose next poll is due and that no poll holds."""
    return list(
        Feed.objects.filter(paused=False)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("next_poll_at", "id")
        .values_list("id", flat=True)
    )


def seen_item_ids(*, feed: Feed, item_ids: Sequence[str]) -> set[str]:
    return set(
        FeedEntry.objects.filter(feed=feed, item_id__in=item_ids).values_list("item_id", flat=True)
    )


def seen_hashes(*, hashes: Sequence[str]) -> set[str]:
    """Content hashes already known: from any feed's entries, or any article."""
    found = set(
        FeedEntry.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
    )
    found |= set(
        Article.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
    )
    return found
