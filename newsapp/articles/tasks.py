"""Celery tasks: take ids, call a service. Retries only for transient engine errors."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from celery import shared_task
from django.conf import settings

from newsapp import queue
from newsapp.articles.services import (
    candidates,
    freshness,
    langpacks,
    mtcache,
    pipeline,
    reenforce,
)
from newsapp.mt.base import MTTransientError

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # One retry budget: a transient engine error is retried until the attempt cap
    # (TRANSLATION_MAX_ATTEMPTS, counted by the claim) fails the translation; the countdown
    # is the pipeline's back-off, recorded on the translation so the sweeper waits for it.
    max_retries=max(settings.TRANSLATION_MAX_ATTEMPTS - 1, 0),
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def translation_run_task(self: Any, translation_id: int) -> str:
    # Unique per run, even for a redelivered message (same task id, maybe the same host):
    # the lease names exactly one run, so a stalled earlier run cannot write once it is over.
    worker = f"{self.request.hostname}/{self.request.id}"[:90] + "/" + secrets.token_hex(4)
    outcome = pipeline.translation_run(translation_id=translation_id, worker=worker)
    logger.info("translation %s: %s (claimed=%s)", translation_id, outcome.status, outcome.claimed)
    if outcome.retry_in is not None and self.request.retries < self.max_retries:
        raise self.retry(exc=outcome.error, countdown=outcome.retry_in)
    return outcome.status


@shared_task(ignore_result=True)
def translations_sweep_task() -> dict[str, int] | None:
    """Beat may run beside every worker: one sweep at a time holds the Redis lock, the others
    skip (None). A finished sweep records the heartbeat that /healthz checks."""
    with queue.sweep_lock() as acquired:
        if not acquired:
            logger.info("sweep skipped: another sweep holds the lock, or Redis is unreachable")
            return None
        report = pipeline.translations_sweep()
        queue.sweep_heartbeat_record()
    if report.requeued or report.failed or report.published:
        logger.info("sweep: %s", report)
    return {"requeued": report.requeued, "failed": report.failed, "published": report.published}


@shared_task(
    acks_late=True,
    autoretry_for=(MTTransientError,),
    retry_backoff=5,
    max_retries=5,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def translation_reenforce_task(translation_id: int) -> dict[str, int]:
    """Idempotent: a second run finds nothing changed."""
    report = reenforce.translation_reenforce(translation_id=translation_id)
    return {
        "retranslated": report.retranslated,
        "flagged_human": report.flagged_human,
        "unchanged": report.unchanged,
    }


@shared_task(ignore_result=True, acks_late=True)
def translations_recheck_task() -> dict[str, int]:
    """Bring open translations up to the current glossary (no engine; idempotent)."""
    report = freshness.translations_recheck()
    return {
        "translations": report.translations,
        "segments_rechecked": report.segments_rechecked,
        "marked_changed": report.marked_changed,
    }


@shared_task(
    acks_late=True,
    # An engine that kills its pool child on an article's names would kill it again on every
    # redelivery, and this job has no lease to stop it: acknowledge it when the child dies
    # (the article page offers "Look again"). A whole worker lost still redelivers it.
    reject_on_worker_lost=False,
    autoretry_for=(MTTransientError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def candidates_extract_task(article_id: int) -> dict[str, int]:
    """Term candidates of a new article, with suggested renderings. Idempotent."""
    report = candidates.article_candidates_extract(article_id=article_id)
    if report is None:
        return {"found": 0, "recorded": 0, "suggestions": 0}
    logger.info(
        "candidates for article %s: %s found, %s recorded, %s suggestions (glossary %.0f ms, "
        "extraction %.0f ms, recording %.0f ms, suggestions %.0f ms)", article_id, report.found,
        report.recorded, report.suggestions, report.known_ms, report.extract_ms,
        report.record_ms, report.suggest_ms,
    )  # fmt: skip
    return {"found": report.found, "recorded": report.recorded, "suggestions": report.suggestions}


@shared_task(ignore_result=True)
def mt_cache_prune_task() -> int:
    return mtcache.mt_cache_prune(days=settings.MT_CACHE_DAYS)


@shared_task(
    acks_late=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def langpack_install_task(upload_id: int) -> str | None:
    """Install an uploaded language pack (idempotent: a finished upload is left alone)."""
    outcome = langpacks.langpack_install(upload_id=upload_id)
    return outcome.status if outcome else None
