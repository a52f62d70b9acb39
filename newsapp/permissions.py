"""Roles. The desk has two groups, created by a data migration: Translators and Editors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

TRANSLATORS = "Translators"
EDITORS = "Editors"

User = AbstractBaseUser | AnonymousUser


def _groups(user: Any) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_desk_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._desk_groups = cached
    return cached


def is_editor(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or EDITORS in _groups(user)))


def is_desk_member(user: Any) -> bool:
    """Translators and editors work on the desk; other accounts see nothing."""
    return is_editor(user) or TRANSLATORS in _groups(user)


View = Callable[..., HttpResponse]


def desk_member_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_desk_member(request.user):
            raise PermissionDenied("Only translators and editors can use the desk.")
        return view(request, *args, **kwargs)

    return wrapper


def editor_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_editor(request.user):
            raise PermissionDenied("Only editors can do this.")
        return view(request, *args, **kwargs)

    return wrapper
