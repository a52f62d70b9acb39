"""Who may read monitoring details: a staff session, or the configured bearer token."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest


def monitoring_authorised(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = settings.MONITORING_TOKEN
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if not token or scheme.lower() != "bearer" or not given:
        return False
    return secrets.compare_digest(given.strip().encode(), token.encode())
