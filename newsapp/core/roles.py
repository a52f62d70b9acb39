"""Roles. The desk has two groups, created by a data migration: Translators and Editors.

Views use ``role_required(is_desk_member)`` / ``role_required(is_editor)`` (shortcuts
``desk_member_required`` and ``editor_required``); services check the same predicates.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TRANSLATORS = "Translators"
EDITORS = "Editors"


def _groups(user: Any) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached: set[str] | None = getattr(user, "_desk_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._desk_groups = cached
    return cached


def is_editor(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or EDITORS in _groups(user)))


def is_desk_member(user: Any) -> bool:
    """Translators and editors work on the desk; other accounts see nothing."""
    return is_editor(user) or TRANSLATORS in _groups(user)


View = Callable[..., HttpResponseBase]


def role_required(allowed: Callable[[Any], bool], message: str | Promise) -> Callable[[View], View]:
    """A view decorator: 403 with ``message`` unless ``allowed(request.user)`` (a lazy
    translation is rendered in the language of the request)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not allowed(request.user):
                raise PermissionDenied(str(message))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


desk_member_required = role_required(
    is_desk_member, _("Only translators and editors can use the desk.")
)
editor_required = role_required(is_editor, _("Only editors can do this."))
