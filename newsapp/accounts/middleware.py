"""Apply the signed-in user's language and time zone (from the session; no query).

Runs after LocaleMiddleware (cookie, then Accept-Language) and the authentication middleware:
a saved language overrides what the browser asked for.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from newsapp.accounts.services import language_codes, session_preferences


class PreferencesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        zone = None
        if request.user.is_authenticated:
            prefs = session_preferences(request.session)
            if prefs["language"] in language_codes():
                translation.activate(prefs["language"])
                request.LANGUAGE_CODE = prefs["language"]
            if prefs["time_zone"]:
                try:
                    zone = zoneinfo.ZoneInfo(prefs["time_zone"])
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    zone = None
        if zone is not None:
            timezone.activate(zone)
        try:
            return self.get_response(request)
        finally:
            if zone is not None:
                timezone.deactivate()
