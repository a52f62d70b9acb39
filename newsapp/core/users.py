"""Who is acting: the user type services accept, and the author to record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

#: What a view passes as ``request.user`` and a service accepts.
User = AbstractBaseUser | AnonymousUser


def actor(user: Any) -> Any:
    """The user to record as the author of a change: a logged-in user, else None."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None
