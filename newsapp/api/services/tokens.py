"""Personal API tokens: create (the secret is shown once), revoke, authenticate.

A token is ``ndk_`` + 12 hex digits (the public prefix, unique, used to find the row) +
``_`` + 43 URL-safe random characters (256 bits). Only ``sha256(token)`` is stored and
compared in constant time. A slow password hash (PBKDF2) would add nothing against a
256-bit random secret and would cost about a second of CPU per request here; docs/api.md
explains the choice.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from newsapp.api.models import ApiToken
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_desk_member

PREFIX = "ndk_"
PREFIX_CHARS = 12
NAME_MAX_CHARS = 100
#: ``last_used_at`` is written at most this often per token (not once per request).
LAST_USED_RESOLUTION = timedelta(minutes=1)
#: Live tokens a user may hold at once.
MAX_ACTIVE_TOKENS = 50


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def token_create(
    *, user: Any, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the token itself (shown once, never
    stored). ``expires_in_days`` None means the longest lifetime allowed (API_TOKEN_MAX_DAYS,
    where 0 allows tokens that never expire)."""
    if not is_desk_member(user):
        raise ServiceError("Only translators and editors can create API tokens.")
    name = " ".join((name or "").split())
    if not name:
        raise ServiceError("Give the token a name (what uses it, e.g. “CMS export”).")
    if len(name) > NAME_MAX_CHARS:
        raise ServiceError(f"The name is longer than {NAME_MAX_CHARS} characters.")
    limit = settings.API_TOKEN_MAX_DAYS
    if expires_in_days is None:
        expires_in_days = limit or None
    if expires_in_days is not None:
        if expires_in_days < 1:
            raise ServiceError("A token must last at least one day.")
        if limit and expires_in_days > limit:
            raise ServiceError(f"A token may last at most {limit} days (API_TOKEN_MAX_DAYS).")
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ServiceError(f"You have {MAX_ACTIVE_TOKENS} live tokens; revoke one first.")
    prefix = PREFIX + secrets.token_hex(PREFIX_CHARS // 2)
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    expires = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    token = ApiToken.objects.create(
        user=user, name=name, prefix=prefix, digest=_digest(raw), expires_at=expires
    )
    return token, raw


def token_revoke(*, user: Any, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens (at once: the next request with it is refused)."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise ServiceError("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, raw: str) -> ApiToken | None:
    """The live token ``raw`` names (its user loaded), or None; records when it was used."""
    raw = raw or ""
    cut = len(PREFIX) + PREFIX_CHARS
    prefix, separator, secret = raw[:cut], raw[cut : cut + 1], raw[cut + 1 :]
    if not prefix.startswith(PREFIX) or separator != "_" or not secret:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw)):
        return None
    if not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
