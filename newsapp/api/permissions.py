"""The pages' roles (``newsapp.core.roles``) as DRF permissions: one permission layer."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from newsapp.core.roles import is_desk_member, is_editor


class DeskMember(BasePermission):
    """Translators and editors (the default for every endpoint)."""

    message = "Only translators and editors can use the desk."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_desk_member(request.user)


class Editor(BasePermission):
    message = "Only editors can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_editor(request.user)
