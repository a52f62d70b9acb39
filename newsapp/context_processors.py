from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from newsapp.core.roles import is_desk_member, is_editor


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"is_editor": is_editor(request.user), "is_desk_member": is_desk_member(request.user)}
