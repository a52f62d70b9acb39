"""The header's language switcher and the preferences page (language, time zone)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from newsapp.accounts import services
from newsapp.accounts.forms import LanguageForm, PreferencesForm


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else reverse("articles:list")


@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponseBase:
    """Switch the interface language: a cookie for everyone, and the saved preference of a
    signed-in user (so it follows them to another browser)."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose one of the offered languages."))
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        prefs = services.preferences_save(user=request.user, language=language)
        services.session_store(request.session, prefs)
    response = redirect(_safe_next(request, form.cleaned_data["next"]))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert user.is_authenticated  # LoginRequiredMiddleware
    prefs = services.preferences_of(request.user)
    initial = {"language": prefs.language, "time_zone": prefs.time_zone} if prefs else {}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        prefs = services.preferences_save(
            user=user, language=language, time_zone=form.cleaned_data["time_zone"]
        )
        services.session_store(request.session, prefs)
        active = language or translation.get_language_from_request(request)
        with translation.override(active):
            messages.success(request, _("Preferences saved."))
        response = redirect("accounts:preferences")
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )  # fmt: skip
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return render(request, "accounts/preferences.html", {"form": form})
