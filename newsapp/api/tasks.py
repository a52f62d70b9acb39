"""Celery tasks of the API app: deliver one webhook delivery; sweep lost wake-ups."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from newsapp.api.services import webhooks

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(webhooks.WebhookRetry,),
    retry_backoff=settings.WEBHOOK_RETRY_BACKOFF_SECONDS,
    retry_backoff_max=3600,
    retry_jitter=False,  # the delivery log shows when the next attempt is due
    max_retries=settings.WEBHOOK_MAX_ATTEMPTS,  # the service decides the last attempt
    soft_time_limit=settings.WEBHOOK_TIMEOUT_SECONDS * 3,
    time_limit=settings.WEBHOOK_TIMEOUT_SECONDS * 3 + 10,
    ignore_result=True,
)
def webhook_deliver_task(delivery_id: int) -> str:
    delivery = webhooks.webhook_deliver(delivery_id=delivery_id)
    return delivery.status if delivery is not None else "missing"


@shared_task(ignore_result=True)
def webhook_deliveries_sweep_task() -> int:
    published = webhooks.deliveries_sweep()
    if published:
        logger.info("webhook sweep: %s deliveries published again", published)
    return published
