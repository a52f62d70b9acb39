"""Feeds: subscribe (editors), pause and resume, publish a poll per due feed, and poll one
feed: a conditional GET through ``newsapp.intake.feeds``, de-duplication by item id within
the feed and by content hash across feeds and articles, and new items made articles through
``services.intake.article_create``.

A poll claims its feed with one conditional UPDATE (``claimed_until``), so two polls of the
same feed never run at once; a crashed poll frees it when the claim runs out. A feed that
fails records its error and never stops the others.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from newsapp import queue
from newsapp.articles.services import intake
from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor
from newsapp.core.users import AccountUser
from newsapp.feeds import selectors
from newsapp.feeds.models import Feed, FeedEntry
from newsapp.intake import feeds as wire
from newsapp.intake.model import Document
from newsapp.mt import registry

logger = logging.getLogger(__name__)

#: Published by name: services never import tasks.
POLL_TASK = "newsapp.feeds.tasks.feed_poll_task"

Status = FeedEntry.Status


def _check_editor(user: AccountUser) -> None:
    if not is_editor(user):
        raise ServiceError(_("Only editors can manage feeds."))


def _check_languages(source_language: str, target_languages: Sequence[str]) -> list[str]:
    targets = [t for t in dict.fromkeys(target_languages) if t and t != source_language]
    if not targets:
        raise ServiceError(_("Choose at least one target language different from the source."))
    offered = {o.target for o in registry.available_pairs()}
    missing = [t for t in targets if t not in offered]
    if missing:
        raise ServiceError(
            _("No installed engine translates into %(languages)s.")
            % {"languages": ", ".join(missing)}
        )
    return targets


def feed_create(
    *,
    user: AccountUser,
    url: str,
    target_languages: Sequence[str],
    source_language: str = "detect",
    title: str = "",
    auto_translate: bool = True,
    interval_minutes: int = 15,
) -> Feed:
    _check_editor(user)
    url = url.strip()
    if Feed.objects.filter(url=url).exists():
        raise ServiceError(_("The desk already subscribes to this feed."))
    targets = _check_languages(source_language, target_languages)
    return Feed.objects.create(
        url=url,
        title=title.strip(),
        source_language=source_language,
        target_languages=targets,
        auto_translate=auto_translate,
        interval_minutes=max(1, interval_minutes),
        created_by_id=user.pk,
        next_poll_at=timezone.now(),
    )


def feed_update(
    *,
    user: AccountUser,
    feed: Feed,
    url: str,
    target_languages: Sequence[str],
    source_language: str,
    title: str,
    auto_translate: bool,
    interval_minutes: int,
) -> Feed:
    _check_editor(user)
    url = url.strip()
    if Feed.objects.filter(url=url).exclude(pk=feed.pk).exists():
        raise ServiceError(_("The desk already subscribes to this feed."))
    targets = _check_languages(source_language, target_languages)
    if url != feed.url:  # another address: its validators mean nothing there
        feed.etag, feed.last_modified = "", ""
    feed.url, feed.title, feed.source_language = url, title.strip(), source_language
    feed.target_languages, feed.auto_translate = targets, auto_translate
    feed.interval_minutes = max(1, interval_minutes)
    feed.save()
    return feed


def feed_set_paused(*, user: AccountUser, feed: Feed, paused: bool) -> None:
    _check_editor(user)
    Feed.objects.filter(pk=feed.pk).update(
        paused=paused, next_poll_at=None if paused else timezone.now()
    )


def feed_poll_request(*, feed_id: int) -> bool:
    """Publish one poll of the feed (False when the broker is unreachable)."""
    return queue.publish(POLL_TASK, feed_id)


def feeds_publish_due() -> int:
    """Beat: one poll task per due feed; a publish that fails leaves the others going."""
    published = 0
    for feed_id in selectors.feeds_due(now=timezone.now()):
        try:
            published += feed_poll_request(feed_id=feed_id)
        except Exception:  # a broken publish of one feed must not stop the others
            logger.exception("publishing the poll of feed %s failed", feed_id)
    return published


# --- Polling -------------------------------------------------------------------------------


@dataclass
class PollReport:
    claimed: bool
    status: str = ""
    created: int = 0
    waiting: int = 0
    duplicates: int = 0
    failed: int = 0
    error: str = ""


def feed_claim(*, feed_id: int) -> Feed | None:
    """Hold the feed for one poll; None when another poll holds it."""
    now = timezone.now()
    until = now + timedelta(seconds=settings.FEEDS_CLAIM_SECONDS)
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    if not Feed.objects.filter(free, pk=feed_id).update(claimed_until=until):
        return None
    return Feed.objects.select_related("created_by").get(pk=feed_id)


def _limits() -> dict[str, object]:
    return {
        "timeout": float(settings.FEEDS_TIMEOUT_SECONDS),
        "max_bytes": settings.FEEDS_MAX_BYTES,
    }


def feed_poll(*, feed_id: int, client: httpx.Client | None = None) -> PollReport:
    """Poll one feed if no other poll holds it. Never raises for a bad feed or item."""
    feed = feed_claim(feed_id=feed_id)
    if feed is None:
        return PollReport(claimed=False)
    report = PollReport(claimed=True)
    now = timezone.now()
    updates: dict[str, object] = {}
    try:
        with (
            wire.http_client(
                timeout=float(settings.FEEDS_TIMEOUT_SECONDS),
                allow_private_networks=settings.FEEDS_ALLOW_PRIVATE_NETWORKS,
            )
            if client is None
            else _borrowed(client) as http
        ):
            result = wire.fetch_feed(
                feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                client=http,
                **_limits(),  # type: ignore[arg-type]
            )
            report.status = result.status
            updates.update(etag=result.etag[:300], last_modified=result.last_modified[:100])
            if result.status == "error":
                report.error = result.error
            elif result.status == "ok":
                if result.title and not feed.title:
                    updates["title"] = result.title[:300]
                _take_items(feed, list(result.items)[: settings.FEEDS_MAX_ITEMS], http, report)
                report.error = "; ".join(result.warnings)
    except Exception as exc:  # a feed must never stop the others, nor stay claimed
        logger.exception("polling feed %s failed", feed_id)
        report.status, report.error = "error", f"Unexpected error: {type(exc).__name__}: {exc}"
    finally:
        updates.update(
            claimed_until=None,
            last_polled_at=now,
            last_status=report.status,
            next_poll_at=now + timedelta(minutes=feed.interval_minutes),
        )
        if report.status == "error":
            updates.update(last_error=report.error, last_error_at=now)
        elif report.status:
            updates["last_error"] = report.error
        Feed.objects.filter(pk=feed.pk).update(**updates)
    return report


class _borrowed:
    """A caller's client, used as a context manager that does not close it."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def __enter__(self) -> httpx.Client:
        return self.client

    def __exit__(self, *exc: object) -> None:
        return None


def _take_items(
    feed: Feed, items: list[wire.FeedItem], client: httpx.Client, report: PollReport
) -> None:
    seen_ids = selectors.seen_item_ids(feed=feed, item_ids=[i.id[:1000] for i in items])
    seen_hashes = selectors.seen_hashes(hashes=[i.content_hash for i in items if i.content_hash])
    deduplicated = wire.new_items(items, seen_ids=seen_ids, seen_hashes=seen_hashes)
    for duplicate in deduplicated.duplicates:
        if duplicate.reason != "content" or duplicate.item.id[:1000] in seen_ids:
            continue  # seen by id: an item already listed (or a repeat within the answer)
        _entry(feed, duplicate.item, status=Status.DUPLICATE, note="Same text as an earlier story.")
        report.duplicates += 1
    for item in deduplicated.new:
        document = item.document()
        entry = _entry(feed, item, status=Status.NEW, document=document)
        if entry is None:
            continue
        if not feed.auto_translate:
            report.waiting += 1
            continue
        if feed_entry_translate(entry=entry, feed=feed, client=client):
            report.created += 1
        else:
            report.failed += 1


def _entry(
    feed: Feed,
    item: wire.FeedItem,
    *,
    status: str,
    note: str = "",
    document: Document | None = None,
) -> FeedEntry | None:
    """Record the item once (a concurrent poll that recorded it first wins)."""
    with transaction.atomic():
        entry, created = FeedEntry.objects.get_or_create(
            feed=feed,
            item_id=item.id[:1000],
            defaults={
                "title": item.title[:500],
                "link": _safe_link(item.link),
                "published": item.published,
                "content_hash": item.content_hash,
                "document": intake.document_json(document) if document else "",
                "has_full_text": item.has_full_text,
                "status": status,
                "note": note,
            },
        )
    return entry if created else None


def _safe_link(link: str) -> str:
    """Only http(s) addresses are kept: the page links to them (never ``javascript:``)."""
    link = link.strip()
    return link[:1000] if link.lower().startswith(("http://", "https://")) else ""


def _source_language(feed: Feed, document: Document) -> str:
    sources = {o.source for o in registry.available_pairs()}
    try:
        declared = languages.normalise_base(document.language) if document.language else ""
    except languages.LanguageError:
        declared = ""
    return declared if declared in sources else feed.source_language


def feed_entry_translate(
    *,
    entry: FeedEntry,
    feed: Feed | None = None,
    client: httpx.Client | None = None,
    user: AccountUser | None = None,
) -> bool:
    """Make the entry an article (the full text fetched from its link when the feed gave
    only a summary); False, with the reason on the entry, when intake refuses it."""
    feed = feed or entry.feed
    if entry.article_id is not None:
        return True
    try:
        item_document = intake.document_from_json(entry.document)
        document = item_document
        if not entry.has_full_text and entry.link:
            found = wire.fetch_article(
                entry.link,
                client=client,
                allow_private_networks=settings.FEEDS_ALLOW_PRIVATE_NETWORKS,
                **_limits(),  # type: ignore[arg-type]
            )
            if found.document is not None and found.document.blocks:
                document = replace(
                    found.document,
                    headline=found.document.headline or item_document.headline,
                    byline=found.document.byline or item_document.byline,
                    language=found.document.language or item_document.language,
                )
        if entry.link:
            document = replace(document, source_uri=entry.link)
        article = intake.article_create(
            author=user or feed.created_by,
            document=document,
            source_language=_source_language(feed, document),
            target_languages=feed.target_languages,
            source_format="feed",
        )
    except ServiceError as exc:
        FeedEntry.objects.filter(pk=entry.pk).update(status=Status.FAILED, note=str(exc))
        return False
    FeedEntry.objects.filter(pk=entry.pk).update(status=Status.ARTICLE, article=article, note="")
    return True
