"""Celery tasks: take ids, call a service. Retries only for transient engine errors."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from celery import shared_task
from django.conf import settings

from newsapp.articles.services import candidates, pipeline, reenforce
from newsapp.mt.base import MTTransientError

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(MTTransientError,),
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def translation_run_task(self: Any, translation_id: int) -> str:
    # Unique per run, even for a redelivered message (same task id, maybe the same host):
    # the lease names exactly one run, so a stalled earlier run cannot write once it is over.
    worker = f"{self.request.hostname}/{self.request.id}"[:90] + "/" + secrets.token_hex(4)
    outcome = pipeline.translation_run(translation_id=translation_id, worker=worker)
    logger.info("translation %s: %s (claimed=%s)", translation_id, outcome.status, outcome.claimed)
    return outcome.status


@shared_task(ignore_result=True)
def translations_sweep_task() -> dict[str, int]:
    report = pipeline.translations_sweep()
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
