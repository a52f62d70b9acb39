"""Reads of the API app: a user's tokens and webhooks, a webhook's delivery log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from newsapp.api.models import ApiToken, Webhook, WebhookDelivery


def tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")


def webhooks_of(*, user: Any) -> QuerySet[Webhook]:
    return Webhook.objects.filter(owner=user).order_by("-created_at", "-id")


def webhook_get(*, user: Any, pk: int) -> Webhook:
    """The user's own webhook (404 for anyone else's)."""
    return get_object_or_404(Webhook, pk=pk, owner=user)


def webhook_deliveries(*, webhook: Webhook) -> QuerySet[WebhookDelivery]:
    return webhook.deliveries.order_by("-created_at", "-id")


def delivery_get(*, webhook: Webhook, pk: int) -> WebhookDelivery:
    return get_object_or_404(
        WebhookDelivery.objects.select_related("webhook"), pk=pk, webhook=webhook
    )
