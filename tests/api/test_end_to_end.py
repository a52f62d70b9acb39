"""End to end: an article submitted through the API with a token, translated by a real worker,
announced by a signed "translation done" webhook to a local HTTP server, fetched back as
XLIFF and ninjs."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import pytest
from django.contrib.auth.models import User
from lxml import etree

from newsapp.api.services import tokens
from tests.api.conftest import Receiver
from tests.factories import STORY, STORY_SENTENCES
from tests.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


def test_article_in_by_api_webhook_out_signed_then_xliff_and_ninjs(
    live_server: Any, redis_server: object, make_worker: Any, fake_engine: object,
    translator: User, editor: User, receiver: Receiver,
) -> None:  # fmt: skip
    worker = make_worker("e2e-api", MT_ENGINES="fake", WEBHOOK_ALLOW_PRIVATE_ADDRESSES="1")
    _, translator_token = tokens.token_create(user=translator, name="wire ingest")
    _, editor_token = tokens.token_create(user=editor, name="CMS")
    api = f"{live_server.url}/api/v1"

    with httpx.Client(headers={"Authorization": f"Bearer {editor_token}"}, timeout=30) as cms:
        hook = cms.post(f"{api}/webhooks/", json={"url": receiver.url,
                                                  "events": ["translation.done"]})  # fmt: skip
        assert hook.status_code == 201, hook.text
        secret = hook.json()["secret"]

    with httpx.Client(headers={"Authorization": f"Bearer {translator_token}"}, timeout=30) as desk:
        created = desk.post(f"{api}/articles/", json={
            "title": "Pentagon briefing", "text": STORY, "source_language": "en",
            "target_languages": ["ko"],
        })  # fmt: skip
        assert created.status_code == 201, created.text
        [translation] = created.json()["translations"]

        worker.wait_ready()
        if not receiver.arrived.wait(timeout=90):
            pytest.fail(f"no webhook arrived; worker log:\n{worker.tail(60)}")
        [request] = receiver.received
        timestamp = request.headers["X-Newsdesk-Timestamp"]
        assert abs(time.time() - int(timestamp)) < 120
        mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + request.body, hashlib.sha256)
        assert hmac.compare_digest(request.headers["X-Newsdesk-Signature"],
                                   f"sha256={mac.hexdigest()}")  # fmt: skip
        event = json.loads(request.body)
        assert event["event"] == request.headers["X-Newsdesk-Event"] == "translation.done"
        article_id = created.json()["id"]
        assert event["data"] == {
            "translation_id": translation["id"], "article_id": article_id, "target_language": "ko"
        }  # fmt: skip

        detail = desk.get(f"{api}/translations/{translation['id']}/").json()
        assert detail["status"] == "done"
        xliff = desk.get(f"{api}/translations/{translation['id']}/export/xliff/")
        assert xliff.status_code == 200
        units = list(etree.fromstring(xliff.content).iter(f"{XLIFF}trans-unit"))
        assert len(units) == STORY_SENTENCES + 1  # the headline is its own unit
        assert all(unit.find(f"{XLIFF}target").text.startswith("[ko] ") for unit in units)
        ninjs = desk.get(f"{api}/translations/{translation['id']}/export/ninjs/")
        assert ninjs.headers["content-type"].startswith("application/json")
        item = ninjs.json()
        assert item["uri"] == f"urn:newsdesk:translation:{translation['id']}"
        assert item["language"] == "ko"
        assert item["bodies"][0]["value"].count("[ko] ") == STORY_SENTENCES
        assert item["headlines"][0]["value"] == "[ko] Pentagon briefing"

    with httpx.Client(headers={"Authorization": f"Bearer {editor_token}"}, timeout=30) as cms:
        # The receiver has answered; the worker records the answer just after, so wait for it
        # (under load, the checks above can finish first).
        def logged_deliveries() -> list[dict[str, Any]]:
            url = f"{api}/webhooks/{hook.json()['id']}/deliveries/"
            return list(cms.get(url).json()["results"])

        wait_for(
            lambda: [d["status"] for d in logged_deliveries()] != ["pending"],
            30,
            interval=0.2,
            what="the delivery's outcome recorded",
        )
        [logged] = logged_deliveries()
        assert (logged["status"], logged["response_code"], logged["attempts"]) == (
            "delivered", 200, 1
        )  # fmt: skip
