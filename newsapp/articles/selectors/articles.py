"""Reads for articles and translations, with the related rows they need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from glossary.sources import SourceRef
from newsapp import queue
from newsapp.articles import text as text_utils
from newsapp.articles.models import Article, Segment, Translation


def article_list() -> QuerySet[Article]:
    return Article.objects.select_related("author").prefetch_related(
        Prefetch("translations", queryset=Translation.objects.order_by("target_language"))
    )


#: The article list's sort orders: key → (label, ordering).
SORTS: dict[str, tuple[str | Promise, tuple[str, ...]]] = {
    "newest": (gettext_lazy("Newest first"), ("-created_at", "-id")),
    "oldest": (gettext_lazy("Oldest first"), ("created_at", "id")),
    "updated": (gettext_lazy("Recently changed"), ("-updated_at", "-id")),
    "title": (gettext_lazy("Title A–Z"), ("title", "id")),
}


def article_search(
    *,
    status: str = "",
    source_language: str = "",
    target_language: str = "",
    author: str = "",
    created_after: datetime | None = None,
    created_before: datetime | None = None,
    q: str = "",
    engine: str = "",
    author_id: int | None = None,
    problems: bool = False,
    sort: str = "",
) -> QuerySet[Article]:
    """``article_list`` narrowed by every filter given: status, source language, a target
    language among its translations, the author's user name, creation time (after is
    inclusive, before exclusive) and words that must all appear in the title or the text;
    also an engine used by one of its translations, the author's id, and "has problems"
    (``article_problems``). ``sort`` is a key of ``SORTS`` (default newest first)."""
    return _narrowed(
        article_list(), status=status, source_language=source_language,
        target_language=target_language, author=author, created_after=created_after,
        created_before=created_before, q=q, engine=engine, author_id=author_id,
        problems=problems, sort=sort,
    )  # fmt: skip


def _narrowed(
    articles: QuerySet[Article],
    *,
    status: str,
    source_language: str,
    target_language: str,
    author: str,
    created_after: datetime | None,
    created_before: datetime | None,
    q: str,
    engine: str,
    author_id: int | None,
    problems: bool,
    sort: str,
) -> QuerySet[Article]:
    if status:
        articles = articles.filter(status=status)
    if source_language:
        articles = articles.filter(source_language=source_language)
    if target_language:
        translated = Translation.objects.filter(
            article_id=OuterRef("pk"), target_language=target_language
        )
        articles = articles.filter(Exists(translated))
    if engine:
        articles = articles.filter(
            Exists(Translation.objects.filter(article_id=OuterRef("pk"), engine=engine))
        )
    if author:
        articles = articles.filter(author__username=author)
    if author_id is not None:
        articles = articles.filter(author_id=author_id)
    if created_after is not None:
        articles = articles.filter(created_at__gte=created_after)
    if created_before is not None:
        articles = articles.filter(created_at__lt=created_before)
    for word in q.split():
        articles = articles.filter(Q(title__icontains=word) | Q(source_text__icontains=word))
    if problems:
        articles = articles.filter(article_problems())
    if sort in SORTS:
        articles = articles.order_by(*SORTS[sort][1])
    return articles


def article_problems() -> Q:
    """An article has problems while not approved and one of its translations failed, has a
    flagged sentence (a missed or forbidden term, a QA error) or awaits a glossary re-run."""
    failed_or_stale = Translation.objects.filter(article_id=OuterRef("pk")).filter(
        Q(status=Translation.Status.FAILED)
        | Q(status=Translation.Status.DONE, glossary_changed=True)
    )
    flagged = Segment.objects.filter(translation__article_id=OuterRef("pk"), flagged=True)
    return ~Q(status=Article.Status.APPROVED) & (Exists(failed_or_stale) | Exists(flagged))


def desk_articles(**filters: Any) -> QuerySet[Article]:
    """The article list page: ``article_search``'s filters, each translation with its
    count of flagged sentences (``flagged_count``), the text left out (``word_count`` is
    stored per article)."""
    translations = Translation.objects.annotate(
        flagged_count=Count("segments", filter=Q(segments__flagged=True))
    ).order_by("target_language")
    base = (
        Article.objects.select_related("author")
        .defer("source_text", "approval_override_reason")
        .prefetch_related(Prefetch("translations", queryset=translations))
    )
    defaults: dict[str, Any] = {
        "status": "", "source_language": "", "target_language": "", "author": "",
        "created_after": None, "created_before": None, "q": "", "engine": "",
        "author_id": None, "problems": False, "sort": "",
    }  # fmt: skip
    return _narrowed(base, **(defaults | filters))


def _flagged_segments() -> Prefetch:
    return Prefetch(
        "segments",
        queryset=Segment.objects.filter(flagged=True).order_by("order"),
        to_attr="flagged_segments",
    )


def article_get(*, pk: int) -> Article:
    translations = Translation.objects.prefetch_related(_flagged_segments())
    return get_object_or_404(
        Article.objects.select_related("author").prefetch_related(
            Prefetch("translations", queryset=translations)
        ),
        pk=pk,
    )


def translation_waits_for_worker(*, translation: Translation, now: datetime | None = None) -> bool:
    """Queued and published, not waiting for a scheduled retry, yet no worker has claimed it
    within ``WORKER_WAIT_NOTICE_SECONDS``: the card says so instead of "0 of ? sentences"."""
    if translation.status != Translation.Status.QUEUED or translation.enqueued_at is None:
        return False
    now = now or timezone.now()
    if translation.retry_at is not None and translation.retry_at > now:
        return False
    waited = (now - translation.enqueued_at).total_seconds()
    return waited >= settings.WORKER_WAIT_NOTICE_SECONDS


@dataclass(frozen=True)
class WorkerStatus:
    """Whether any worker answers, for editors beside a translation nobody picked up."""

    redis: bool
    workers: tuple[str, ...]
    #: Wake-ups waiting in the translation queue (None: the broker cannot say).
    backlog: int | None

    @property
    def summary(self) -> str:
        if not self.redis:
            return _("The queue (Redis) cannot be reached: no worker can receive the work.")
        if not self.workers:
            return _(
                "No worker is alive: start one (celery -A newsapp worker -Q "
                "mt,celery,background; see docs/operations.md)."
            )
        count = len(self.workers)
        values = {"count": count, "names": ", ".join(self.workers), "backlog": self.backlog}
        if self.backlog is None:
            return (
                ngettext(
                    "%(count)s worker alive (%(names)s); the queue length is unknown.",
                    "%(count)s workers alive (%(names)s); the queue length is unknown.",
                    count,
                )
                % values
            )
        if self.backlog == 0:
            return (
                ngettext(
                    "%(count)s worker alive (%(names)s), but the queue holds no wake-up for this "
                    "translation: the sweeper sends it again within about a minute.",
                    "%(count)s workers alive (%(names)s), but the queue holds no wake-up for "
                    "this translation: the sweeper sends it again within about a minute.",
                    count,
                )
                % values
            )
        return (
            ngettext(
                "%(count)s worker alive (%(names)s), busy: %(backlog)s translation wake-up(s) "
                "wait in the queue.",
                "%(count)s workers alive (%(names)s), busy: %(backlog)s translation wake-up(s) "
                "wait in the queue.",
                count,
            )
            % values
        )


def worker_status() -> WorkerStatus:
    """Redis, a worker ping (half a second at most) and the queue's length, cached for
    ``WORKER_PING_CACHE_SECONDS`` so a polling card does not ping every second."""

    def read() -> WorkerStatus:
        redis_ok, _detail = queue.redis_ping()
        if not redis_ok:
            return WorkerStatus(redis=False, workers=(), backlog=None)
        names = tuple(queue.workers_ping(timeout=0.5))
        return WorkerStatus(redis=True, workers=names, backlog=queue.backlog(settings.MT_QUEUE))

    found = cache.get_or_set("desk:worker-status", read, settings.WORKER_PING_CACHE_SECONDS)
    return found if isinstance(found, WorkerStatus) else read()


def translation_get(*, pk: int) -> Translation:
    return get_object_or_404(
        Translation.objects.select_related("article").prefetch_related(_flagged_segments()),
        pk=pk,
    )


def translation_segments(*, translation: Translation) -> QuerySet[Segment]:
    return translation.segments.order_by("order")


def translation_text(*, translation: Translation) -> str:
    """The assembled target text, paragraphs as in the source."""
    rows = translation_segments(translation=translation).values_list(
        "paragraph_index", "target_text", "separator"
    )
    return text_utils.assemble(rows)


def article_reference(article_id: int) -> SourceRef | None:
    """The article as the glossary sees a proposal's source (``GLOSSARY_SOURCE_RESOLVER``)."""
    found = Article.objects.filter(pk=article_id).values_list("title", "source_language").first()
    if found is None:
        return None
    title, language = found
    return SourceRef(
        id=article_id,
        title=title,
        url=reverse("articles:detail", args=[article_id]),
        language=language,
    )
