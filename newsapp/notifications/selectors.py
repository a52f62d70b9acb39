"""Reads: a user's notifications and their unread count."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from newsapp.notifications.models import Notification


def unread_count(*, user: Any) -> int:
    """One query on a partial index (the navigation's bell)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")
