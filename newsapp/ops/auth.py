"""Who may read monitoring details: a staff session, or the configured bearer token."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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


def client_ip(request: HttpRequest) -> str:
    """The address a login attempt came from, for the lockout count (django-axes).

    With ``LOGIN_PROXY_COUNT = 0`` only the connection's address counts: a client cannot
    change it with a header. Behind N proxies that each append to ``X-Forwarded-For``, the
    N-th address from the right is the one the outermost proxy saw; anything further left was
    written by the client and is ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = settings.LOGIN_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return forwarded[0] if forwarded else remote
    return forwarded[-count]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any]
) -> HttpResponse:
    """What a locked-out login gets (django-axes), on the desk's and the admin's login pages:
    the login page, status 429, saying why and for how long (also in ``Retry-After``)."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_out": {"username": username, "minutes": minutes,
                       "failure_limit": settings.AXES_FAILURE_LIMIT},
    }  # fmt: skip
    response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
