from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from newsapp.core.roles import is_desk_member, is_editor


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"is_editor": is_editor(request.user), "is_desk_member": is_desk_member(request.user)}


def desk_counts(request: HttpRequest) -> dict[str, Any]:
    """The navigation's counts: proposed terms waiting (editors; cached briefly) and the
    user's unread notifications (one indexed query)."""
    from glossary.selectors import review_pending_count_cached
    from newsapp.notifications.selectors import unread_count

    user = request.user
    member = is_desk_member(user)
    return {
        "review_queue_count": review_pending_count_cached() if is_editor(user) else 0,
        "unread_notifications": unread_count(user=user) if member else 0,
    }
