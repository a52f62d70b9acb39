"""The translation pipeline: claim a translation with a lease, translate its pending segments
batch by batch, save each batch under the lease, finish; and the sweeper that recovers work
the broker lost.

The database is the source of truth for what runs: a Translation's status and lease decide
which worker may work on it, and the broker only delivers wake-ups. Every status change goes
through ``services.workflow``.

Fairness: one run translates at most ``TRANSLATION_RUN_SEGMENTS`` sentences, saves them and
hands the translation back to the queue (``workflow.translation_yield``), so a short article
submitted behind a 14,000-sentence one waits for one chunk, not for the whole article.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from glossary.enforcement import Enforcer, Rendered
from glossary.selectors import glossary_version
from newsapp import queue
from newsapp.articles import text as text_utils
from newsapp.articles.models import Segment, SegmentRevision, Translation
from newsapp.articles.services import mtcache, workflow
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from newsapp.articles.services.intake import translation_enqueue
from newsapp.memory.selectors import exact_matches
from newsapp.mt import registry
from newsapp.mt.base import MTEngine, MTError, MTPermanentError, MTTransientError

logger = logging.getLogger(__name__)

Status = Translation.Status

Translate = Callable[[MTEngine, Translation, list[Segment]], list[Rendered]]


def _translate_enforced(
    engine: MTEngine, translation: Translation, segments: list[Segment]
) -> list[Rendered]:
    """Exact translation-memory matches, else machine translation with the glossary enforced.

    The engine is not called for sentences the memory already holds (their text is checked
    against the glossary like any other), nor for sentences the MT cache holds for this
    engine, pair and glossary (``services.mtcache``), nor twice for a sentence repeated.
    """
    source, target = translation.article.source_language, translation.target_language
    enforcer = Enforcer(engine, source, target)
    memory = exact_matches(
        sources=[s.source for s in segments], source_language=source, target_language=target
    )
    machine = iter(
        mtcache.translate_cached(
            enforcer, engine, [s.source for s in segments if s.source not in memory]
        )
    )
    return [
        Rendered(memory[s.source], enforcer.check(s.source, memory[s.source]), origin="tm")
        if s.source in memory
        else next(machine)
        for s in segments
    ]


@dataclass
class RunOutcome:
    claimed: bool
    status: str
    translated: int = 0
    #: Seconds until the retry after a transient engine error (the task schedules it).
    retry_in: float | None = None
    #: The transient error, for the task's retry.
    error: MTTransientError | None = None


def retry_delay(attempt: int) -> float:
    """Back-off before retry ``attempt`` (1, 2, …): 5 s doubling, at most 10 min, with jitter."""
    base = min(5.0 * 2 ** max(attempt - 1, 0), 600.0)
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


def batches(segments: list[Segment]) -> Iterator[list[Segment]]:
    """Consecutive groups for one engine call each: at most ``TRANSLATION_BATCH_CHARS`` of
    source text and ``TRANSLATION_BATCH_SEGMENTS`` sentences. Engines batch by tokens inside a
    call (Argos: ``MT_MAX_BATCH_TOKENS``), so fewer, larger calls cost less per sentence; a
    batch is also the unit of saved progress."""
    batch: list[Segment] = []
    chars = 0
    for segment in segments:
        full = len(batch) >= settings.TRANSLATION_BATCH_SEGMENTS
        if batch and (full or chars + len(segment.source) > settings.TRANSLATION_BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(segment)
        chars += len(segment.source)
    if batch:
        yield batch


def _segments_ensure(translation: Translation) -> int:
    """Create the translation's segments once; a re-run finds them and adds nothing."""
    article = translation.article
    planned = text_utils.segment_article(
        headline=article.headline,
        text=article.source_text,
        blocks=article.blocks,
        language=article.source_language,
    )
    Segment.objects.bulk_create(
        [
            Segment(
                translation=translation,
                order=order,
                paragraph_index=s.paragraph_index,
                kind=s.kind,
                source=s.source,
                separator=s.separator,
            )
            for order, s in enumerate(planned)
        ],
        ignore_conflicts=True,
    )
    return len(planned)


def translation_run(
    *, translation_id: int, worker: str, translate: Translate = _translate_enforced
) -> RunOutcome:
    """Translate the next pending segments of a translation, batch by batch.

    Idempotent: a redelivered or duplicated run either finds the lease taken (and exits)
    or resumes from the first pending segment. Each batch is saved together with the
    progress and a lease renewal, conditional on still holding the lease; a cancel or a
    lost lease stops the run at the next batch. After ``TRANSLATION_RUN_SEGMENTS`` sentences
    the run yields the translation back to the queue (fairness).
    """
    translation = workflow.translation_claim(translation_id=translation_id, worker=worker)
    if translation is None:
        current = Translation.objects.filter(pk=translation_id).values_list("status", flat=True)
        return RunOutcome(claimed=False, status=next(iter(current), "missing"))
    translated = 0
    try:
        engine = registry.get_engine(translation.engine)
        total = _segments_ensure(translation)
        Translation.objects.filter(workflow.still_mine(translation, worker)).update(
            segments_total=total
        )
        pending_all = translation.segments.filter(state=Segment.State.PENDING).order_by("order")
        pending = list(pending_all[: settings.TRANSLATION_RUN_SEGMENTS + 1])
        more = len(pending) > settings.TRANSLATION_RUN_SEGMENTS
        pending = pending[: settings.TRANSLATION_RUN_SEGMENTS]
        done = total - pending_all.count()
        for batch in batches(pending):
            outputs = translate(engine, translation, batch)
            if len(outputs) != len(batch):
                raise MTPermanentError(
                    _("The engine returned %(returned)s sentences for %(sent)s.")
                    % {"returned": len(outputs), "sent": len(batch)}
                )
            done += len(batch)
            if not _save_batch(translation, worker, batch, outputs, done):
                now_status = Translation.objects.values_list("status", flat=True).get(
                    pk=translation.pk
                )
                return RunOutcome(claimed=True, status=now_status, translated=translated)
            translated += len(batch)
    except MTPermanentError as exc:
        _finish(translation, worker, Status.FAILED, error=str(exc))
        return RunOutcome(claimed=True, status=Status.FAILED, translated=translated)
    except MTTransientError as exc:
        # Hand the work back with the message for the page; the task retries after the
        # back-off, and the sweeper waits for it (retry_at).
        delay = retry_delay(translation.attempts)
        workflow.translation_release(
            translation=translation, worker=worker, error=str(exc), retry_in=delay
        )
        return RunOutcome(
            claimed=True, status=Status.QUEUED, translated=translated, retry_in=delay, error=exc
        )
    except BaseException as exc:
        # Time limits, worker shutdown, a crash in our code: hand the work back for a retry.
        workflow.translation_release(
            translation=translation, worker=worker,
            error=str(exc) if isinstance(exc, MTError) else "",
        )  # fmt: skip
        raise
    if more:
        workflow.translation_yield(translation=translation, worker=worker)
        return RunOutcome(claimed=True, status=Status.QUEUED, translated=translated)
    _finish(translation, worker, Status.DONE)
    return RunOutcome(claimed=True, status=Status.DONE, translated=translated)


def _save_batch(
    translation: Translation, worker: str, batch: list[Segment], outputs: list[Rendered], done: int
) -> bool:
    source, target = translation.article.source_language, translation.target_language
    checked = [
        sentence_checks(
            source=segment.source, target=output.text, source_language=source,
            target_language=target, terms=output.report, truncated=output.truncated,
        )
        for segment, output in zip(batch, outputs, strict=True)
    ]  # fmt: skip
    with transaction.atomic():
        renewed = Translation.objects.filter(workflow.still_mine(translation, worker)).update(
            segments_done=done,
            lease_expires_at=timezone.now() + timedelta(seconds=settings.TRANSLATION_LEASE_SECONDS),
        )
        if not renewed:
            return False  # cancelled, or the lease was taken over: drop this batch
        # Only segments still pending are written (one query to find them, one bulk update).
        still_pending = set(
            Segment.objects.filter(
                pk__in=[segment.pk for segment in batch], state=Segment.State.PENDING
            ).values_list("pk", flat=True)
        )
        revisions = []
        written = []
        for segment, output, checks in zip(batch, outputs, checked, strict=True):
            if segment.pk in still_pending:
                segment.machine_text = segment.target_text = output.text
                segment.state = Segment.State.MACHINE
                segment.origin = output.origin
                for name, value in checks.fields().items():
                    setattr(segment, name, value)
                written.append(segment)
                revisions.append(
                    SegmentRevision(
                        segment_id=segment.pk,
                        version=segment.version,
                        text=output.text,
                        state=Segment.State.MACHINE,
                        kind=SegmentRevision.Kind.MEMORY
                        if output.origin == "tm"
                        else SegmentRevision.Kind.MACHINE,
                    )
                )
        Segment.objects.bulk_update(
            written,
            ["machine_text", "target_text", "state", "origin", "term_checks", "qa_issues",
             "flagged", "qa_open"],
            batch_size=500,
        )  # fmt: skip
        SegmentRevision.objects.bulk_create(revisions)
    return True


def _finish(translation: Translation, worker: str, status: str, error: str = "") -> None:
    workflow.translation_finish(
        translation=translation,
        worker=worker,
        status=status,
        error=error,
        compliance=translation_compliance(translation=translation),
        glossary_version=glossary_version(),
    )


@dataclass
class SweepReport:
    requeued: int
    failed: int
    published: int


def translations_sweep() -> SweepReport:
    """Recover work the broker lost: fail translations that used up their attempts, take back
    running ones whose lease expired, and re-publish queued ones that have no wake-up (not
    those waiting for a scheduled retry)."""
    now = timezone.now()
    expired = Q(status=Status.RUNNING, lease_expires_at__lt=now)
    failed = workflow.translations_fail_exhausted(scope=expired | Q(status=Status.QUEUED))
    requeued = workflow.translations_requeue_expired(now=now)
    published = sum(translation_enqueue(translation_id=pk) for pk in _lost_wakeups(now))
    return SweepReport(requeued=requeued, failed=failed, published=published)


def _lost_wakeups(now: datetime) -> list[int]:
    """Queued translations that probably have no wake-up in the broker, oldest first.

    Never published (or taken back from a dead worker): all of them. Published more than
    the grace period ago: only as many as the broker queue is short of the queued count,
    so that a long backlog is not flooded with duplicates at every sweep. The wake-ups a
    killed worker had taken are the oldest ones, since the queue is first in, first out.
    """
    waiting = Q(retry_at__gt=now - timedelta(seconds=settings.TRANSLATION_QUEUED_GRACE_SECONDS))
    queued = Translation.objects.filter(status=Status.QUEUED).exclude(waiting)
    unpublished = list(
        queued.filter(enqueued_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    stale = (
        queued.filter(
            enqueued_at__lt=now - timedelta(seconds=settings.TRANSLATION_QUEUED_GRACE_SECONDS)
        )
        .order_by("enqueued_at", "pk")
        .values_list("pk", flat=True)
    )
    if not stale.exists():
        return unpublished
    backlog = queue.backlog(settings.MT_QUEUE)
    if backlog is None:  # the broker cannot say: publish them all (duplicates are harmless)
        return unpublished + list(stale)
    missing = queued.count() - backlog - len(unpublished)
    return unpublished + (list(stale[:missing]) if missing > 0 else [])
