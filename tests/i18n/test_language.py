"""Choosing the interface language and time zone: Accept-Language, the header's switcher, the
saved preference, Korean dates."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import formats, timezone, translation

from newsapp.accounts import services
from newsapp.accounts.middleware import PreferencesMiddleware
from newsapp.accounts.models import Preferences
from tests.conftest import PASSWORD
from tests.i18n.english import english_left

pytestmark = [pytest.mark.django_db, pytest.mark.backend_independent]


def test_the_browser_language_decides_by_default() -> None:
    korean = Client(HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5").get("/login/")
    assert korean.headers["Content-Language"] == "ko"
    page = korean.content.decode()
    assert '<html lang="ko">' in page
    assert "로그인" in page
    assert "비밀번호" in page
    assert english_left(page) == []
    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").get("/login/").content.decode()
    assert '<html lang="en">' in english
    assert "Password" in english
    # A language the desk does not speak falls back to the default, English.
    assert "Password" in Client(HTTP_ACCEPT_LANGUAGE="fr").get("/login/").content.decode()


def test_the_switcher_sets_a_cookie_and_returns_to_the_page() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:language"), {"language": "ko", "next": "/login/"})
    assert response.status_code == 302
    assert response.url == "/login/"
    assert response.cookies["django_language"].value == "ko"
    assert "비밀번호" in client.get("/login/").content.decode()
    # Back to English.
    client.post(reverse("accounts:language"), {"language": "en", "next": "/login/"})
    assert "Password" in client.get("/login/").content.decode()


def test_the_switcher_refuses_other_sites_and_unknown_languages() -> None:
    client = Client()
    away = client.post(
        reverse("accounts:language"), {"language": "ko", "next": "https://evil.example/"}
    )
    assert away.url == reverse("articles:list")
    assert client.post(reverse("accounts:language"), {"language": "xx"}).status_code == 400
    assert client.get(reverse("accounts:language")).status_code == 405


def test_a_signed_in_choice_is_saved_and_follows_the_user_to_another_browser(
    translator: User,
) -> None:
    laptop = Client(HTTP_ACCEPT_LANGUAGE="en")
    laptop.force_login(translator)
    laptop.post(reverse("accounts:language"), {"language": "ko", "next": "/"})
    assert Preferences.objects.get(user=translator).language == "ko"
    # Another browser that asks for English, no cookie: the saved choice wins after login.
    desktop = Client(HTTP_ACCEPT_LANGUAGE="en")
    desktop.post("/login/", {"username": translator.username, "password": PASSWORD})
    page = desktop.get(reverse("accounts:preferences"))
    assert page.headers["Content-Language"] == "ko"
    assert "환경 설정" in page.content.decode()


def test_the_preferences_page_saves_language_and_time_zone(translator: User) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(translator)
    response = client.post(
        reverse("accounts:preferences"), {"language": "ko", "time_zone": "Asia/Seoul"}, follow=True
    )
    page = response.content.decode()
    assert "환경 설정을 저장했습니다." in page
    assert '<option value="en">영어</option>' in page
    assert re.search(r"\d{4}년 \d{1,2}월 \d{1,2}일 (오전|오후) \d{1,2}시 \d{2}분", page)
    assert english_left(page) == []
    prefs = Preferences.objects.get(user=translator)
    assert (prefs.language, prefs.time_zone) == ("ko", "Asia/Seoul")
    # "Follow my browser": the cookie goes and Accept-Language decides again.
    response = client.post(reverse("accounts:preferences"), {"language": "", "time_zone": ""})
    assert response.cookies["django_language"].value == ""
    assert "Preferences" in client.get(reverse("accounts:preferences")).content.decode()


def test_an_unknown_time_zone_is_refused_with_a_message(translator: User) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(translator)
    response = client.post(
        reverse("accounts:preferences"), {"language": "ko", "time_zone": "Mars/Base"}
    )
    assert response.status_code == 200
    assert "올바르게 선택해 주세요" in response.content.decode()  # Django's own Korean message
    assert not Preferences.objects.filter(user=translator, time_zone="Mars/Base").exists()
    with pytest.raises(ValueError, match="unknown time zone"):
        services.preferences_save(user=translator, time_zone="Mars/Base")


def test_the_middleware_applies_the_saved_language_and_zone(translator: User) -> None:
    request = RequestFactory().get("/")
    request.user = translator
    request.session = {services.SESSION_KEY: {"language": "ko", "time_zone": "Asia/Seoul"}}  # type: ignore[assignment]
    seen: dict[str, str] = {}

    def view(req: HttpRequest) -> HttpResponse:
        seen["language"] = translation.get_language()
        seen["zone"] = timezone.get_current_timezone_name()
        noon_utc = dt.datetime(2026, 12, 2, 7, 34, tzinfo=dt.UTC)
        seen["shown"] = formats.date_format(timezone.localtime(noon_utc), "DATETIME_FORMAT")
        return HttpResponse()

    with translation.override("en"):
        PreferencesMiddleware(view)(request)
    assert seen == {
        "language": "ko",
        "zone": "Asia/Seoul",
        "shown": "2026년 12월 2일 오후 4시 34분",
    }
    assert timezone.get_current_timezone_name() != "Asia/Seoul"  # deactivated after the request


def test_korean_and_english_date_formats() -> None:
    moment = dt.datetime(2026, 12, 2, 16, 34, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul"))
    with translation.override("ko"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2026년 12월 2일 오후 4시 34분"
        assert formats.date_format(moment, "DATE_FORMAT") == "2026년 12월 2일"
        assert (
            formats.date_format(moment.replace(hour=9, minute=5), "TIME_FORMAT") == "오전 9시 05분"
        )
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2 December 2026, 4:34 p.m."


def test_user_locale_renders_in_the_users_language_and_zone(translator: User, editor: User) -> None:
    services.preferences_save(user=translator, language="ko", time_zone="Asia/Seoul")
    with services.user_locale(translator):
        assert translation.get_language() == "ko"
        assert timezone.get_current_timezone_name() == "Asia/Seoul"
    with services.user_locale(editor):  # nothing saved: the desk's defaults
        assert translation.get_language() == "en"
    assert services.user_language(translator) == "ko"
