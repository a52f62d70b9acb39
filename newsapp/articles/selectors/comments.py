"""Reads for the sentence discussions: a thread, and the desk users a comment may mention."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from newsapp.articles.models import SegmentComment
from newsapp.core.roles import EDITORS, TRANSLATORS

#: How many usernames the comment form offers as mention hints.
MENTION_HINTS = 50


def _desk_users() -> QuerySet[Any]:
    desk = Q(groups__name__in=[TRANSLATORS, EDITORS]) | Q(is_superuser=True)
    return get_user_model().objects.filter(desk, is_active=True).distinct()


def desk_users_named(*, names: list[str]) -> dict[str, Any]:
    """{casefolded username: user} for the given names that are desk users (one query; none
    for no names). Usernames match case-insensitively, as people type them."""
    if not names:
        return {}
    wanted = {name.casefold() for name in names}
    query = Q()
    for name in wanted:
        query |= Q(username__iexact=name)
    return {user.get_username().casefold(): user for user in _desk_users().filter(query)}


def desk_usernames() -> list[str]:
    """Usernames to suggest for @mentions, alphabetically (at most ``MENTION_HINTS``)."""
    names = _desk_users().order_by("username").values_list("username", flat=True)
    return list(names[:MENTION_HINTS])


def segment_comments(*, segment_id: int) -> list[SegmentComment]:
    """A sentence's thread, oldest first, with the authors."""
    return list(
        SegmentComment.objects.filter(segment_id=segment_id)
        .select_related("author")
        .order_by("created", "id")
    )


def comment_count(*, segment_id: int) -> int:
    return SegmentComment.objects.filter(segment_id=segment_id).count()
