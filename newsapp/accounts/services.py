"""Saving a user's preferences and applying them to a request or a piece of work.

The preferences are copied into the session at login and on every change, so the middleware
applies them without a query.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from newsapp.accounts.models import Preferences

SESSION_KEY = "desk_preferences"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def time_zone_valid(name: str) -> bool:
    if not name:
        return True
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def preferences_of(user: AbstractBaseUser | AnonymousUser) -> Preferences | None:
    if not user.is_authenticated or user.pk is None:
        return None
    return Preferences.objects.filter(user_id=user.pk).first()


def preferences_save(
    *, user: AbstractBaseUser, language: str | None = None, time_zone: str | None = None
) -> Preferences:
    """Save what is given (None leaves a setting as it is). Raises ValueError for a language
    the desk does not offer or an unknown time zone."""
    if language is not None and language and language not in language_codes():
        raise ValueError(f"unknown language {language!r}")
    if time_zone is not None and not time_zone_valid(time_zone):
        raise ValueError(f"unknown time zone {time_zone!r}")
    prefs, _created = Preferences.objects.get_or_create(user_id=user.pk)
    if language is not None:
        prefs.language = language
    if time_zone is not None:
        prefs.time_zone = time_zone
    prefs.save()
    return prefs


def session_store(session: Any, prefs: Preferences | None) -> None:
    session[SESSION_KEY] = {
        "language": prefs.language if prefs else "",
        "time_zone": prefs.time_zone if prefs else "",
    }


def session_preferences(session: Any) -> dict[str, str]:
    stored = session.get(SESSION_KEY) or {}
    return {"language": stored.get("language", ""), "time_zone": stored.get("time_zone", "")}


def user_language(user: AbstractBaseUser | AnonymousUser) -> str:
    """The language to write to this user in (notifications, e-mails): their saved choice,
    else the desk's default."""
    prefs = preferences_of(user)
    return (prefs.language if prefs and prefs.language else "") or settings.LANGUAGE_CODE


@contextmanager
def user_locale(user: AbstractBaseUser | AnonymousUser) -> Iterator[None]:
    """Render something for this user (an e-mail) in their language and time zone."""
    prefs = preferences_of(user)
    language = (prefs.language if prefs else "") or settings.LANGUAGE_CODE
    zone = prefs.time_zone if prefs and prefs.time_zone else ""
    with translation.override(language):
        if zone:
            with timezone.override(zoneinfo.ZoneInfo(zone)):
                yield
        else:
            yield
