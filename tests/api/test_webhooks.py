"""Webhooks: address refusal, events → deliveries, signatures, retries, the log, redelivery."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from glossary.services import review
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.api.models import Webhook, WebhookDelivery
from newsapp.api.services import webhooks
from newsapp.api.tasks import webhook_deliver_task
from newsapp.articles.services import intake, pipeline, workflow
from newsapp.core.errors import ServiceError
from tests.api.conftest import Receiver

pytestmark = pytest.mark.django_db

Status = WebhookDelivery.Status


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """The wake-ups the services publish (no broker in these tests)."""
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def publish(task: Any, *args: Any) -> bool:
        calls.append((task if isinstance(task, str) else task.name, args))
        return True

    monkeypatch.setattr("newsapp.queue.publish", publish)
    return calls


def _hook(editor: User, receiver: Receiver, *events: str) -> Webhook:
    return webhooks.webhook_create(
        user=editor, url=receiver.url, events=list(events) or ["translation.done"]
    )


def _verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The receiver's check, written from docs/api.md (not with the desk's own code)."""
    timestamp = headers["X-Newsdesk-Timestamp"]
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(headers["X-Newsdesk-Signature"], "sha256=" + expected.hexdigest())


# --- Addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_private_and_loopback_addresses_are_refused(editor: User, settings: Any, url: str) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ServiceError, match="private or local network address"):
        webhooks.webhook_create(user=editor, url=url, events=["translation.done"])
    assert not Webhook.objects.exists()


def test_a_public_address_is_accepted_and_other_schemes_refused(
    editor: User, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    hook = webhooks.webhook_create(
        user=editor, url="https://93.184.215.14/hooks", events=["article.approved"]
    )
    assert hook.secret
    assert len(hook.secret) == 64
    for url, message in [
        ("ftp://93.184.215.14/x", "http:// or https://"),
        ("https://user:pw@93.184.215.14/x", "no user name or password"),
    ]:
        with pytest.raises(ServiceError, match=message):
            webhooks.webhook_create(user=editor, url=url, events=["article.approved"])


def test_a_delivery_re_checks_the_address(
    editor: User, receiver: Receiver, settings: Any, published: list[Any]
) -> None:
    """An address allowed at registration but private at delivery time is not contacted."""
    _hook(editor, receiver)
    [delivery] = webhooks.webhook_event_dispatch(
        event="translation.done", payload={"translation_id": 1}
    )
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    result = webhooks.webhook_deliver(delivery_id=delivery.pk)
    assert result is not None
    assert result.status == Status.FAILED
    assert "private or local" in result.last_error
    assert receiver.received == []


def test_only_editors_manage_webhooks_and_events_are_checked(
    translator: User, editor: User, receiver: Receiver
) -> None:
    with pytest.raises(ServiceError, match="Only editors"):
        webhooks.webhook_create(user=translator, url=receiver.url, events=["translation.done"])
    with pytest.raises(ServiceError, match="Unknown event"):
        webhooks.webhook_create(user=editor, url=receiver.url, events=["article.exploded"])
    with pytest.raises(ServiceError, match="at least one event"):
        webhooks.webhook_create(user=editor, url=receiver.url, events=[])


# --- Events → deliveries ---------------------------------------------------------------------


def test_a_finished_translation_queues_one_signed_delivery_per_subscribed_hook(
    translator: User, editor: User, receiver: Receiver, fake_engine: object,
    published: list[Any], django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    done_hook = _hook(editor, receiver, "translation.done")
    _hook(editor, receiver, "article.approved")  # not subscribed to translation.done
    off = _hook(editor, receiver, "translation.done")
    webhooks.webhook_update(user=editor, webhook=off, active=False)
    with django_capture_on_commit_callbacks(execute=True):
        article = intake.article_create(
            author=translator, title="T", text="Seoul spoke.", source_language="en",
            target_languages=["ko"],
        )  # fmt: skip
    translation = article.translations.get()
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.translation_run(translation_id=translation.pk, worker="t")
    [delivery] = WebhookDelivery.objects.all()
    assert delivery.webhook == done_hook
    assert delivery.event == "translation.done"
    body = json.loads(delivery.body)
    assert body["event"] == "translation.done"
    assert body["data"] == {"translation_id": translation.pk, "article_id": article.pk,
                            "target_language": "ko"}  # fmt: skip
    assert ("newsapp.api.tasks.webhook_deliver_task", (delivery.pk,)) in published

    sent = webhooks.webhook_deliver(delivery_id=delivery.pk)
    assert sent is not None
    assert sent.status == Status.DELIVERED
    assert sent.response_code == 200
    [request] = receiver.received
    assert request.body == delivery.body.encode()
    assert request.headers["X-Newsdesk-Event"] == "translation.done"
    assert request.headers["X-Newsdesk-Delivery"] == str(delivery.uuid)
    assert _verify(done_hook.secret, request.headers, request.body)
    assert not _verify("another secret", request.headers, request.body)


def test_a_failed_translation_is_announced_with_its_error(
    translator: User, editor: User, receiver: Receiver, fake_engine: Any,
    published: list[Any], django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    from newsapp.mt.base import MTPermanentError

    _hook(editor, receiver, "translation.failed")
    article = intake.article_create(author=translator, title="T", text="Seoul spoke.",
                                    source_language="en", target_languages=["ko"])  # fmt: skip
    fake_engine.fail_with = MTPermanentError("model file is broken")
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.translation_run(translation_id=article.translations.get().pk, worker="t")
    [delivery] = WebhookDelivery.objects.all()
    assert json.loads(delivery.body)["data"]["error"] == "model file is broken"


def test_approvals_and_proposals_are_announced(
    translator: User, editor: User, receiver: Receiver, fake_engine: object,
    published: list[Any], django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    _hook(editor, receiver, "article.approved", "term.proposed", "term.approved")
    article = intake.article_create(author=translator, title="T", text="Seoul spoke.",
                                    source_language="en", target_languages=["ko"])  # fmt: skip
    pipeline.translation_run(translation_id=article.translations.get().pk, worker="t")
    with django_capture_on_commit_callbacks(execute=True):
        concept = term_services.concept_propose(
            user=translator, terms=[TermData("en", "Seoul"), TermData("ko", "서울")]
        )
    proposed = list(concept.terms.order_by("pk"))
    with django_capture_on_commit_callbacks(execute=True):
        review.term_approve(user=editor, term=proposed[1], comment="standard")
    article.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.article_approve(article=article, user=editor)
    sent = [(d.event, json.loads(d.body)["data"]) for d in WebhookDelivery.objects.order_by("pk")]
    assert sent == [
        ("term.proposed", {"term_id": proposed[0].pk, "concept_id": concept.pk,
                           "language": "en", "text": "Seoul", "proposed_by": "tess"}),
        ("term.proposed", {"term_id": proposed[1].pk, "concept_id": concept.pk,
                           "language": "ko", "text": "서울", "proposed_by": "tess"}),
        ("term.approved", {"term_id": proposed[1].pk, "concept_id": concept.pk,
                           "language": "ko", "text": "서울", "reviewed_by": "eddie",
                           "comment": "standard"}),
        ("article.approved", {"article_id": article.pk, "approved_by": "eddie"}),
    ]  # fmt: skip


def test_a_hook_whose_owner_left_the_editors_gets_nothing(
    editor: User, receiver: Receiver, published: list[Any]
) -> None:
    _hook(editor, receiver, "translation.done")
    editor.groups.clear()
    assert webhooks.webhook_event_dispatch(event="translation.done", payload={}) == []


# --- Sending, retries, the log ---------------------------------------------------------------


def _one_delivery(editor: User, receiver: Receiver) -> WebhookDelivery:
    _hook(editor, receiver)
    [delivery] = webhooks.webhook_event_dispatch(
        event="translation.done", payload={"translation_id": 7}
    )
    return delivery


def test_a_server_error_is_retried_with_back_off_then_delivered(
    editor: User, receiver: Receiver, published: list[Any], settings: Any
) -> None:
    settings.WEBHOOK_RETRY_BACKOFF_SECONDS = 30
    receiver.statuses = [500, 200]
    delivery = _one_delivery(editor, receiver)
    with pytest.raises(webhooks.WebhookRetry):
        webhooks.webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Status.RETRYING, 1, 500)
    assert delivery.last_error == "The receiver answered 500."
    assert delivery.response_excerpt == "answered 500"
    assert delivery.next_attempt_at is not None
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=30)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (
        Status.DELIVERED,
        2,
        200,
    )
    assert delivery.delivered_at is not None
    assert len(receiver.received) == 2
    assert webhooks.backoff(3) == timedelta(seconds=120)


def test_the_celery_task_retries_until_the_receiver_answers(
    editor: User, receiver: Receiver, published: list[Any]
) -> None:
    receiver.statuses = [503, 429, 200]
    delivery = _one_delivery(editor, receiver)
    webhook_deliver_task.apply(args=[delivery.pk])  # eager: retries run at once
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 3)
    assert [r.headers["X-Newsdesk-Delivery"] for r in receiver.received] == [str(delivery.uuid)] * 3


def test_attempts_are_bounded(
    editor: User, receiver: Receiver, published: list[Any], settings: Any
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.statuses = [502]
    delivery = _one_delivery(editor, receiver)
    webhook_deliver_task.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Status.FAILED, 3, 502)
    assert len(receiver.received) == 3


@pytest.mark.parametrize(("code", "error"), [(410, "answered 410"), (302, "redirect")])
def test_a_refusal_or_a_redirect_is_not_retried(
    editor: User, receiver: Receiver, published: list[Any], code: int, error: str
) -> None:
    receiver.statuses = [code]
    delivery = _one_delivery(editor, receiver)
    result = webhooks.webhook_deliver(delivery_id=delivery.pk)
    assert result is not None
    assert (result.status, result.attempts, result.response_code) == (Status.FAILED, 1, code)
    assert error in result.last_error


def test_an_unreachable_receiver_is_retried(
    editor: User, published: list[Any], receiver: Receiver
) -> None:
    hook = _hook(editor, receiver)
    Webhook.objects.filter(pk=hook.pk).update(url="http://127.0.0.1:9/closed")
    [delivery] = webhooks.webhook_event_dispatch(event="translation.done", payload={})
    with pytest.raises(webhooks.WebhookRetry, match="The request failed"):
        webhooks.webhook_deliver(delivery_id=delivery.pk)


def test_a_delivered_event_is_not_sent_twice(
    editor: User, receiver: Receiver, published: list[Any]
) -> None:
    delivery = _one_delivery(editor, receiver)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    webhooks.webhook_deliver(delivery_id=delivery.pk)  # a duplicated wake-up
    assert len(receiver.received) == 1


def test_redelivery_sends_the_same_event_as_a_new_delivery(
    editor: User, receiver: Receiver, published: list[Any]
) -> None:
    delivery = _one_delivery(editor, receiver)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    again = webhooks.delivery_redeliver(user=editor, delivery=delivery)
    webhooks.webhook_deliver(delivery_id=again.pk)
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-Newsdesk-Event-Id"] == second.headers["X-Newsdesk-Event-Id"]
    assert first.headers["X-Newsdesk-Delivery"] != second.headers["X-Newsdesk-Delivery"]
    assert again.redelivery_of == delivery


def test_the_sweeper_republishes_lost_wake_ups_only(
    editor: User, receiver: Receiver, published: list[Any]
) -> None:
    late = _one_delivery(editor, receiver)
    [fresh] = webhooks.webhook_event_dispatch(event="translation.done", payload={})
    WebhookDelivery.objects.filter(pk=late.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=10)
    )
    published.clear()
    assert webhooks.deliveries_sweep() == 1
    assert published == [("newsapp.api.tasks.webhook_deliver_task", (late.pk,))]
    assert fresh.pk != late.pk


# --- Pages and API ------------------------------------------------------------------------------


def test_the_webhook_page_shows_the_log_and_redelivers(
    editor: User, editor_client: Client, receiver: Receiver, published: list[Any]
) -> None:
    receiver.statuses = [404]
    delivery = _one_delivery(editor, receiver)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    url = reverse("account:webhook", args=[delivery.webhook_id])
    page = editor_client.get(url).content.decode()
    assert delivery.webhook.secret in page
    assert f'id="delivery-{delivery.pk}"' in page
    assert "The receiver answered 404." in page
    response = editor_client.post(
        reverse("account:webhook-redeliver", args=[delivery.webhook_id, delivery.pk])
    )
    assert response.status_code == 302
    assert WebhookDelivery.objects.filter(redelivery_of=delivery).count() == 1


def test_the_webhook_form_refuses_a_private_address_with_a_message(
    editor_client: Client, settings: Any
) -> None:
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    response = editor_client.post(
        reverse("account:webhooks"),
        {"url": "http://127.0.0.1/x", "events": ["translation.done"], "active": "on"},
    )
    assert response.status_code == 200
    assert "private or local network address" in response.content.decode()
    assert not Webhook.objects.exists()


def test_someone_elses_webhook_is_not_found(
    editor: User, receiver: Receiver, published: list[Any]
) -> None:
    hook = _hook(editor, receiver)
    other = User.objects.create_user("ed2")
    other.groups.set(editor.groups.all())
    client = APIClient()
    client.force_authenticate(other)
    assert client.get(f"/api/v1/webhooks/{hook.pk}/").status_code == 404
    assert client.get(f"/api/v1/webhooks/{hook.pk}/deliveries/").status_code == 404


def test_the_api_lists_deliveries_and_redelivers(
    editor: User, editor_api: APIClient, receiver: Receiver, published: list[Any]
) -> None:
    delivery = _one_delivery(editor, receiver)
    webhooks.webhook_deliver(delivery_id=delivery.pk)
    listed = editor_api.get(f"/api/v1/webhooks/{delivery.webhook_id}/deliveries/").json()
    assert [row["status"] for row in listed["results"]] == ["delivered"]
    assert listed["results"][0]["response_code"] == 200
    response = editor_api.post(
        f"/api/v1/webhooks/{delivery.webhook_id}/deliveries/{delivery.pk}/redeliver/"
    )
    assert response.status_code == 202
    assert response.json()["redelivery_of"] == delivery.pk
