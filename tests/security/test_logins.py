"""Issue 20, item 3: login lockouts (django-axes), password validators, a superusers-only admin.

Every login here is a real POST to the desk's or the admin's login page.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from newsapp.core.roles import EDITORS, TRANSLATORS
from newsapp.ops.auth import client_ip
from tests.conftest import PASSWORD

LOGIN_PAGES = ["/login/", "/admin/login/"]


def attempt(client: Client, page: str, username: str, password: str, **extra: str) -> int:
    response = client.post(page, {"username": username, "password": password}, **extra)
    return response.status_code


def fail_five_times(client: Client, page: str, username: str, **extra: str) -> None:
    """Four failures get the form again; the fifth locks the pair out at once."""
    for _ in range(4):
        assert attempt(client, page, username, "wrong password", **extra) == 200
    assert attempt(client, page, username, "wrong password", **extra) == 429


@pytest.fixture
def superuser(db: None) -> User:
    return User.objects.create_superuser("root", password=PASSWORD)


@pytest.mark.django_db
@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_five_failures_lock_the_account_from_that_address(
    client: Client, superuser: User, page: str
) -> None:
    fail_five_times(client, page, "root")
    locked = client.post(page, {"username": "root", "password": PASSWORD})
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Too many failed logins" in text
    assert "after 5 failed attempts" in text
    assert "Try again in 15 minutes" in text
    assert locked["Retry-After"] == "900"
    assert 'value="root"' in text  # the login form again, for another account
    assert "script-src 'self'" in locked["Content-Security-Policy"]
    assert "_auth_user_id" not in client.session
    # The same account from another address, and another account from this one, still work.
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert attempt(other_address, page, "root", PASSWORD) == 302
    User.objects.create_superuser("other", password=PASSWORD)
    assert attempt(Client(), page, "other", PASSWORD) == 302


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client: Client, superuser: User) -> None:
    fail_five_times(client, "/login/", "root")
    assert attempt(client, "/login/", "root", PASSWORD) == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "/login/", "root", PASSWORD) == 302


@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count(client: Client, superuser: User) -> None:
    for _ in range(4):
        assert attempt(client, "/login/", "root", "wrong password") == 200
    assert attempt(client, "/login/", "root", PASSWORD) == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "/login/", "root", "wrong password") == 200
    assert attempt(client, "/login/", "root", PASSWORD) == 302


@pytest.mark.django_db
@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_a_forged_forwarded_for_header_does_not_reset_the_count(
    client: Client, superuser: User, page: str
) -> None:
    for n in range(4):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"}
        assert attempt(client, page, "root", "wrong password", **forged) == 200
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.4"}
    assert attempt(client, page, "root", "wrong password", **forged) == 429
    fresh = {"HTTP_X_FORWARDED_FOR": "198.51.100.77"}
    assert attempt(client, page, "root", PASSWORD, **fresh) == 429


def test_client_address_behind_a_counted_number_of_proxies(settings: object) -> None:
    request = RequestFactory().post(
        "/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    settings.LOGIN_PROXY_COUNT = 0  # type: ignore[attr-defined]
    assert client_ip(request) == "10.0.0.1"
    settings.LOGIN_PROXY_COUNT = 1  # type: ignore[attr-defined]
    assert client_ip(request) == "198.51.100.7"  # what our one proxy saw; 6.6.6.6 is forged
    settings.LOGIN_PROXY_COUNT = 2  # type: ignore[attr-defined]
    assert client_ip(request) == "6.6.6.6"
    settings.LOGIN_PROXY_COUNT = 1  # type: ignore[attr-defined]
    bare = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.1")
    assert client_ip(bare) == "10.0.0.1"


@pytest.mark.django_db
def test_behind_one_proxy_the_forwarded_address_is_locked_not_the_proxy(
    client: Client, superuser: User, settings: object
) -> None:
    settings.LOGIN_PROXY_COUNT = 1  # type: ignore[attr-defined]
    attacker = {"HTTP_X_FORWARDED_FOR": "evil, 203.0.113.5"}
    fail_five_times(client, "/login/", "root", **attacker)
    assert attempt(client, "/login/", "root", PASSWORD, **attacker) == 429
    # Another client of the same proxy is not locked out.
    colleague = {"HTTP_X_FORWARDED_FOR": "203.0.113.6"}
    assert attempt(Client(), "/login/", "root", PASSWORD, **colleague) == 302


@pytest.mark.parametrize(
    "weak", ["password", "12345678", "87654321098", "short1!", "tessellate-tess"]
)
@pytest.mark.django_db
def test_weak_passwords_are_refused(weak: str) -> None:
    user = User(username="tessellate-tess", email="tess@example.org")
    with pytest.raises(ValidationError):
        validate_password(weak, user)
    validate_password("correct horse battery staple", user)


@pytest.mark.django_db
def test_the_admin_is_for_superusers_only(client: Client, superuser: User) -> None:
    staff = User.objects.create_user("staffer", password=PASSWORD, is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    denied = client.post("/admin/login/", {"username": "staffer", "password": PASSWORD})
    assert denied.status_code == 200
    assert "Please enter the correct username and password" in denied.content.decode()
    assert "_auth_user_id" not in client.session
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/auth/user/").status_code == 302
    superuser_client = Client()
    done = superuser_client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert done.status_code == 302
    assert superuser_client.get("/admin/").status_code == 200
    assert superuser_client.get("/admin/auth/user/").status_code == 200


@pytest.mark.django_db
def test_seed_demo_editors_are_not_staff(settings: object) -> None:
    settings.DEMO_USERS = True  # type: ignore[attr-defined]
    for name in (TRANSLATORS, EDITORS):
        Group.objects.get_or_create(name=name)
    User.objects.create_user("editor", is_staff=True)  # as an older seed_demo left it
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "editor" in out.getvalue()
    demo = User.objects.filter(username__in=["translator", "editor"])
    assert demo.count() == 2
    assert not demo.filter(is_staff=True).exists()
    assert not demo.filter(is_superuser=True).exists()
