"""The translation pipeline: claim a translation with a lease, translate its pending segments
batch by batch, save each batch under the lease, finish; and the sweeper that recovers work
the broker lost.

The database is the source of truth for what runs: a Translation's status and lease decide
which worker may work on it, and the broker only delivers wake-ups.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from glossary.enforcement import Enforcer, Rendered
from newsapp import queue
from newsapp.articles import text as text_utils
from newsapp.articles.models import Segment, SegmentRevision, Translation
from newsapp.articles.services.compliance import translation_compliance
from newsapp.articles.services.intake import translation_enqueue
from newsapp.articles.services.workflow import article_settle
from newsapp.core import events
from newsapp.memory.selectors import exact_matches
from newsapp.mt import registry
from newsapp.mt.base import MTEngine, MTError, MTPermanentError

logger = logging.getLogger(__name__)

Status = Translation.Status


Translate = Callable[[MTEngine, Translation, list[Segment]], list[Rendered]]


def _translate_enforced(
    engine: MTEngine, translation: Translation, segments: list[Segment]
) -> list[Rendered]:
    """Exact translation-memory matches, else machine translation with the glossary enforced.

    The engine is not called for sentences the memory already holds; their text is checked
    against the glossary like any other.
    """
    source, target = translation.article.source_language, translation.target_language
    enforcer = Enforcer(engine, source, target)
    memory = exact_matches(
        sources=[s.source for s in segments], source_language=source, target_language=target
    )
    machine = iter(enforcer.translate([s.source for s in segments if s.source not in memory]))
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


def translation_claim(*, translation_id: int, worker: str) -> Translation | None:
    """Take the lease on a translation, or return None if another worker holds it.

    Claimable: queued, or running with an expired lease (its worker died). Each claim
    counts an attempt; a translation that has used up its attempts is failed instead.
    """
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, lease_expires_at__lt=now)
    claimed = Translation.objects.filter(
        claimable, pk=translation_id, attempts__lt=settings.TRANSLATION_MAX_ATTEMPTS
    ).update(
        status=Status.RUNNING,
        lease_owner=worker,
        lease_expires_at=now + timedelta(seconds=settings.TRANSLATION_LEASE_SECONDS),
        attempts=F("attempts") + 1,
        started_at=Coalesce("started_at", now),
        error="",
    )
    if not claimed:
        _fail_exhausted(Q(pk=translation_id) & claimable)
        return None
    return Translation.objects.select_related("article").get(pk=translation_id)


def _fail_exhausted(scope: Q) -> int:
    return Translation.objects.filter(
        scope, attempts__gte=settings.TRANSLATION_MAX_ATTEMPTS
    ).update(
        status=Status.FAILED,
        lease_owner="",
        lease_expires_at=None,
        finished_at=timezone.now(),
        # The last attempt's error, if it left one (a transient engine error); a worker that
        # crashed leaves none.
        error=Case(
            When(error="", then=Value(
                f"Stopped after {settings.TRANSLATION_MAX_ATTEMPTS} attempts: the worker "
                "translating this article crashed or was stopped each time. Retry it, or "
                "shorten the article if it keeps failing."
            )),
            default=Concat(
                Value(f"Stopped after {settings.TRANSLATION_MAX_ATTEMPTS} attempts. "
                      "Last error: "),
                F("error"),
                output_field=TextField(),
            ),
            output_field=TextField(),
        ),
    )  # fmt: skip


def _segments_ensure(translation: Translation) -> int:
    """Create the translation's segments once; a re-run finds them and adds nothing."""
    planned = text_utils.segment(
        translation.article.source_text, translation.article.source_language
    )
    Segment.objects.bulk_create(
        [
            Segment(
                translation=translation,
                order=order,
                paragraph_index=s.paragraph_index,
                source=s.source,
                separator=s.separator,
            )
            for order, s in enumerate(planned)
        ],
        ignore_conflicts=True,
    )
    return len(planned)


def _still_mine(translation: Translation, worker: str) -> Q:
    return Q(pk=translation.pk, status=Status.RUNNING, lease_owner=worker)


def translation_run(
    *, translation_id: int, worker: str, translate: Translate = _translate_enforced
) -> RunOutcome:
    """Translate every pending segment of a translation, batch by batch.

    Idempotent: a redelivered or duplicated run either finds the lease taken (and exits)
    or resumes from the first pending segment. Each batch is saved together with the
    progress and a lease renewal, conditional on still holding the lease; a cancel or a
    lost lease stops the run at the next batch.
    """
    translation = translation_claim(translation_id=translation_id, worker=worker)
    if translation is None:
        current = Translation.objects.filter(pk=translation_id).values_list("status", flat=True)
        return RunOutcome(claimed=False, status=next(iter(current), "missing"))
    try:
        engine = registry.get_engine(translation.engine)
        total = _segments_ensure(translation)
        Translation.objects.filter(_still_mine(translation, worker)).update(segments_total=total)
        pending = list(translation.segments.filter(state=Segment.State.PENDING).order_by("order"))
        done = total - len(pending)
        size = settings.TRANSLATION_BATCH_SEGMENTS
        for start in range(0, len(pending), size):
            batch = pending[start : start + size]
            outputs = translate(engine, translation, batch)
            if len(outputs) != len(batch):
                raise MTPermanentError(
                    f"The engine returned {len(outputs)} sentences for {len(batch)}."
                )
            done += len(batch)
            if not _save_batch(translation, worker, batch, outputs, done):
                now_status = Translation.objects.values_list("status", flat=True).get(
                    pk=translation.pk
                )
                return RunOutcome(claimed=True, status=now_status, translated=start)
    except MTPermanentError as exc:
        _finish(translation, worker, Status.FAILED, error=str(exc))
        return RunOutcome(claimed=True, status=Status.FAILED)
    except BaseException as exc:
        # Transient errors, time limits, worker shutdown: hand the work back for a retry,
        # keeping a transient error's message for the page.
        Translation.objects.filter(_still_mine(translation, worker)).update(
            status=Status.QUEUED,
            lease_owner="",
            lease_expires_at=None,
            error=str(exc)[:1000] if isinstance(exc, MTError) else "",
        )
        raise
    _finish(translation, worker, Status.DONE)
    return RunOutcome(claimed=True, status=Status.DONE, translated=len(pending))


def _save_batch(
    translation: Translation, worker: str, batch: list[Segment], outputs: list[Rendered], done: int
) -> bool:
    with transaction.atomic():
        renewed = Translation.objects.filter(_still_mine(translation, worker)).update(
            segments_done=done,
            lease_expires_at=timezone.now() + timedelta(seconds=settings.TRANSLATION_LEASE_SECONDS),
        )
        if not renewed:
            return False  # cancelled, or the lease was taken over: drop this batch
        revisions = []
        for segment, output in zip(batch, outputs, strict=True):
            written = Segment.objects.filter(pk=segment.pk, state=Segment.State.PENDING).update(
                machine_text=output.text,
                target_text=output.text,
                state=Segment.State.MACHINE,
                term_checks=output.report.as_json(),
                flagged=output.report.flagged,
                origin=output.origin,
            )
            if written:
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
        SegmentRevision.objects.bulk_create(revisions)
    return True


def _finish(translation: Translation, worker: str, status: str, error: str = "") -> None:
    finished = Translation.objects.filter(_still_mine(translation, worker)).update(
        compliance=translation_compliance(translation=translation),
        status=status,
        error=error,
        lease_owner="",
        lease_expires_at=None,
        finished_at=timezone.now(),
    )
    if finished:
        failure = {"error": error} if status == Status.FAILED else {}
        events.emit(f"translation.{status}", translation_id=translation.pk,
                    article_id=translation.article_id,
                    target_language=translation.target_language, **failure)  # fmt: skip
    if finished and status == Status.DONE:
        article_settle(article_id=translation.article_id)


@dataclass
class SweepReport:
    requeued: int
    failed: int
    published: int


def translations_sweep() -> SweepReport:
    """Recover work the broker lost: re-publish stale queued translations, take back
    running ones whose lease expired, and fail those that used up their attempts."""
    now = timezone.now()
    expired = Q(status=Status.RUNNING, lease_expires_at__lt=now)
    failed = _fail_exhausted(expired | Q(status=Status.QUEUED))
    requeued = Translation.objects.filter(expired).update(
        status=Status.QUEUED, lease_owner="", lease_expires_at=None, enqueued_at=None
    )
    published = sum(translation_enqueue(translation_id=pk) for pk in _lost_wakeups(now))
    return SweepReport(requeued=requeued, failed=failed, published=published)


def _lost_wakeups(now: datetime) -> list[int]:
    """Queued translations that probably have no wake-up in the broker, oldest first.

    Never published (or taken back from a dead worker): all of them. Published more than
    the grace period ago: only as many as the broker queue is short of the queued count,
    so that a long backlog is not flooded with duplicates at every sweep. The wake-ups a
    killed worker had taken are the oldest ones, since the queue is first in, first out.
    """
    queued = Translation.objects.filter(status=Status.QUEUED)
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
