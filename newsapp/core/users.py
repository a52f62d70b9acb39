"""Who is acting: the user type services accept, and the author to record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as AccountUser

#: What a view passes as ``request.user`` and a service accepts.
User = AbstractBaseUser | AnonymousUser

__all__ = ["AccountUser", "User", "actor"]


def actor(user: Any) -> AccountUser | None:
    """The user to record as the author of a change: a logged-in user, else None."""
    if user is not None and getattr(user, "is_authenticated", False):
        return user  # Any: an authenticated request.user is an account
    return None
