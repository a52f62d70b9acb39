"""Celery tasks: beat publishes one poll per due feed; a poll takes a feed id."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from newsapp.feeds import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def feeds_poll_due_task() -> int:
    return services.feeds_publish_due()


@shared_task(
    ignore_result=True,
    acks_late=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def feed_poll_task(feed_id: int) -> str:
    """Idempotent: items are recorded once per feed; a second poll finds them seen."""
    report = services.feed_poll(feed_id=feed_id)
    logger.info("feed %s: %s", feed_id, report)
    return report.status or "skipped"
