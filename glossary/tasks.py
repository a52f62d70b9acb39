"""Celery tasks for the glossary: take ids, call a service (large imports, on the background
queue; published by name from ``glossary.services.imports``)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from glossary.services import imports


@shared_task(
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def import_batch_plan_task(batch_id: str) -> str:
    """Idempotent: a batch no longer being planned is skipped."""
    return imports.import_batch_plan(batch_id=batch_id)


@shared_task(
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def import_batch_apply_task(batch_id: str, user_id: int) -> str:
    """Applies once: the service claims the batch with a conditional update."""
    return imports.import_batch_apply_background(batch_id=batch_id, user_id=user_id)
