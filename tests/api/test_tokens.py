"""Personal API tokens: created once, stored hashed, expire, record use, revoked at once."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from newsapp.api.models import ApiToken
from newsapp.api.services import tokens
from newsapp.core.errors import ServiceError

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_is_stored_as_its_sha256_only(translator: User) -> None:
    token, raw = tokens.token_create(user=translator, name="CMS export")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith(stored.prefix + "_")
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.prefix, stored.digest, stored.name}
    assert len(raw) > 50


def test_a_token_authenticates_as_its_user_and_records_its_use(translator: User) -> None:
    token, raw = tokens.token_create(user=translator, name="ingest")
    response = _bearer(raw).get("/api/v1/articles/")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < timedelta(seconds=10)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # wrong secret
        lambda raw: raw.replace("ndk_", "ndx_"),  # wrong prefix
        lambda raw: raw.split("_", 2)[0] + "_" + raw.split("_", 2)[1],  # no secret
        lambda raw: "ndk_000000000000_" + raw.rsplit("_", 1)[-1],  # unknown prefix
    ],
)
def test_a_wrong_token_is_refused_not_anonymous(translator: User, mangle: Any) -> None:
    _, raw = tokens.token_create(user=translator, name="x")
    response = _bearer(mangle(raw)).get("/api/v1/articles/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_revoked_token_stops_working_at_once(translator: User) -> None:
    token, raw = tokens.token_create(user=translator, name="x")
    client = _bearer(raw)
    assert client.get("/api/v1/engines/").status_code == 200
    tokens.token_revoke(user=translator, token_id=token.pk)
    assert client.get("/api/v1/engines/").status_code == 401


def test_an_expired_token_is_refused(translator: User) -> None:
    token, raw = tokens.token_create(user=translator, name="x", expires_in_days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _bearer(raw).get("/api/v1/engines/").status_code == 401


def test_expiry_defaults_to_the_longest_allowed_and_is_capped(
    translator: User, settings: Any
) -> None:
    settings.API_TOKEN_MAX_DAYS = 30
    token, _ = tokens.token_create(user=translator, name="default")
    assert token.expires_at is not None
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    with pytest.raises(ServiceError, match="at most 30 days"):
        tokens.token_create(user=translator, name="long", expires_in_days=31)
    settings.API_TOKEN_MAX_DAYS = 0
    forever, _ = tokens.token_create(user=translator, name="forever")
    assert forever.expires_at is None


def test_only_desk_members_get_tokens_and_only_their_own_are_revoked(
    outsider: User, translator: User, editor: User
) -> None:
    with pytest.raises(ServiceError, match="Only translators and editors"):
        tokens.token_create(user=outsider, name="x")
    token, raw = tokens.token_create(user=translator, name="x")
    with pytest.raises(ServiceError, match="No such token"):
        tokens.token_revoke(user=editor, token_id=token.pk)
    assert _bearer(raw).get("/api/v1/engines/").status_code == 200


def test_a_deactivated_account_loses_its_tokens(translator: User) -> None:
    _, raw = tokens.token_create(user=translator, name="x")
    User.objects.filter(pk=translator.pk).update(is_active=False)
    assert _bearer(raw).get("/api/v1/engines/").status_code == 401


def test_the_page_shows_a_new_token_once_and_revokes(translator_client: Client) -> None:
    url = reverse("account:tokens")
    response = translator_client.post(url, {"name": "CMS export", "expires_in_days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="CMS export")
    raw = response.context["created"]["raw"]
    page = response.content.decode()
    assert raw in page
    assert "no-store" in response["Cache-Control"]
    assert _bearer(raw).get("/api/v1/engines/").status_code == 200
    again = translator_client.get(url).content.decode()
    assert raw not in again  # shown once
    assert token.prefix in again
    translator_client.post(reverse("account:token-revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in translator_client.get(url).content.decode()


def test_the_page_keeps_the_name_and_explains_a_missing_one(translator_client: Client) -> None:
    response = translator_client.post(
        reverse("account:tokens"), {"name": "", "expires_in_days": "7"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_tokens_page_needs_a_desk_member(outsider_client: Client, client: Client) -> None:
    assert outsider_client.get(reverse("account:tokens")).status_code == 403
    anonymous = client.get(reverse("account:tokens"))
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
