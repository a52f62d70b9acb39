"""Rate limits per token and per user (DRF throttles; ``Retry-After`` on 429).

Rates come from settings at request time (``API_THROTTLE_*``). Counters live in Django's
cache: per process with the default local-memory cache, shared when CACHES points at Redis.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from newsapp.api.models import ApiToken


class _SettingsRateThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self) -> str | None:
        return str(getattr(settings, self.setting))

    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = self.get_rate()  # read per request: settings may change (tests)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class TokenRateThrottle(_SettingsRateThrottle):
    """Each token on its own: a runaway script exhausts its token, not its user's session."""

    scope = "token"
    setting = "API_THROTTLE_TOKEN_RATE"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class UserRateThrottle(_SettingsRateThrottle):
    """Each user over all their tokens and their browser session (anonymous: per address)."""

    scope = "user"
    setting = "API_THROTTLE_USER_RATE"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class TranslateRateThrottle(_SettingsRateThrottle):
    """``POST /api/v1/translate`` calls an engine: its own, tighter limit per user."""

    scope = "translate"
    setting = "API_THROTTLE_TRANSLATE_RATE"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
