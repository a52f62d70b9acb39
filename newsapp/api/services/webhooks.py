"""Webhooks: registration (editors), signed deliveries with retries, the delivery log.

Every domain event a webhook can subscribe to (``WEBHOOK_EVENTS``) is subscribed once, in
``ApiConfig.ready()``; after the change commits, ``webhook_event_dispatch`` writes one
``WebhookDelivery`` per subscribed webhook (the exact JSON body) and publishes
``webhook_deliver_task`` by name. The task calls ``webhook_deliver``: one signed POST,
recorded on the row; a transient failure (no answer, 5xx, 408, 425, 429) raises
``WebhookRetry`` and Celery retries with exponential back-off until ``WEBHOOK_MAX_ATTEMPTS``.
The sweeper republishes deliveries whose wake-up was lost (Redis down).

Signature: ``X-Newsdesk-Signature: sha256=<hex>``, the HMAC-SHA256 with the webhook's secret
of ``f"{X-Newsdesk-Timestamp}.{body}"``. Headers and a verification snippet: docs/api.md.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsapp import queue
from newsapp.api.models import Webhook, WebhookDelivery
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status

#: Events a webhook may subscribe to, with what they mean (the form shows these).
WEBHOOK_EVENTS: dict[str, str] = {
    "translation.done": "A translation finished.",
    "translation.failed": "A translation failed.",
    "article.approved": "An editor approved an article.",
    "term.proposed": "A glossary term was proposed.",
    "term.approved": "An editor approved a glossary term.",
}
DELIVER_TASK = "newsapp.api.tasks.webhook_deliver_task"
USER_AGENT = "Newsdesk-Webhooks/1"
MAX_WEBHOOKS_PER_USER = 20
DESCRIPTION_MAX_CHARS = 200
#: A pending delivery whose wake-up is this late is published again by the sweeper.
SWEEP_GRACE = timedelta(minutes=2)
#: How much of the receiver's answer the log keeps.
EXCERPT_BYTES = 500

HEADER_EVENT = "X-Newsdesk-Event"
HEADER_DELIVERY = "X-Newsdesk-Delivery"
HEADER_EVENT_ID = "X-Newsdesk-Event-Id"
HEADER_TIMESTAMP = "X-Newsdesk-Timestamp"
HEADER_SIGNATURE = "X-Newsdesk-Signature"


class WebhookRetry(Exception):
    """A delivery failed in a way worth retrying; the task retries with back-off."""


# --- Addresses ----------------------------------------------------------------------------


def url_refusal(url: str) -> str | None:
    """Why ``url`` may not receive webhooks, or None. Private, loopback, link-local and other
    non-global addresses are refused unless ``WEBHOOK_ALLOW_PRIVATE_ADDRESSES`` is on."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Use an http:// or https:// address."
    if parts.username or parts.password:
        return "Put no user name or password in the address; verify the signature instead."
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return None
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(host, parts.port or None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return f"The host “{host}” could not be found."
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            return (
                f"“{host}” is a private or local network address ({address}); webhooks may "
                "only be sent to public addresses."
            )
    return None


# --- Registration -------------------------------------------------------------------------


def _require_editor(user: Any) -> None:
    if not is_editor(user):
        raise ServiceError("Only editors can manage webhooks.")


def _clean(url: str, events_: Sequence[str], description: str) -> tuple[str, list[str], str]:
    url = (url or "").strip()
    if not url:
        raise ServiceError("Give the address that receives the events.")
    if len(url) > 500:
        raise ServiceError("The address is longer than 500 characters.")
    refusal = url_refusal(url)
    if refusal:
        raise ServiceError(refusal)
    chosen = list(dict.fromkeys(events_ or ()))
    unknown = [name for name in chosen if name not in WEBHOOK_EVENTS]
    if unknown:
        raise ServiceError(f"Unknown event “{unknown[0]}” (use {', '.join(WEBHOOK_EVENTS)}).")
    if not chosen:
        raise ServiceError("Choose at least one event.")
    description = " ".join((description or "").split())
    if len(description) > DESCRIPTION_MAX_CHARS:
        raise ServiceError(f"The description is longer than {DESCRIPTION_MAX_CHARS} characters.")
    return url, chosen, description


def webhook_create(
    *, user: Any, url: str, events: Sequence[str], description: str = "", active: bool = True
) -> Webhook:
    """Register a webhook (editors). Its secret is generated here."""
    _require_editor(user)
    url, chosen, description = _clean(url, events, description)
    if Webhook.objects.filter(owner=user).count() >= MAX_WEBHOOKS_PER_USER:
        raise ServiceError(f"You have {MAX_WEBHOOKS_PER_USER} webhooks; delete one first.")
    return Webhook.objects.create(
        owner=user, url=url, events=chosen, description=description, active=active,
        secret=secrets.token_hex(32),
    )  # fmt: skip


def webhook_update(
    *,
    user: Any,
    webhook: Webhook,
    url: str | None = None,
    events: Sequence[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> Webhook:
    """Change a webhook's address, events, description or active flag (its owner, an editor)."""
    _require_owner(user, webhook)
    new_url, chosen, new_description = _clean(
        webhook.url if url is None else url,
        webhook.events if events is None else events,
        webhook.description if description is None else description,
    )
    webhook.url, webhook.events, webhook.description = new_url, chosen, new_description
    if active is not None:
        webhook.active = active
    webhook.save()
    return webhook


def webhook_delete(*, user: Any, webhook: Webhook) -> None:
    _require_owner(user, webhook)
    webhook.delete()


def webhook_secret_rotate(*, user: Any, webhook: Webhook) -> Webhook:
    """A new secret; deliveries from now on are signed with it."""
    _require_owner(user, webhook)
    webhook.secret = secrets.token_hex(32)
    webhook.save(update_fields=["secret", "updated_at"])
    return webhook


def _require_owner(user: Any, webhook: Webhook) -> None:
    _require_editor(user)
    if webhook.owner_id != user.pk:
        raise ServiceError("This webhook belongs to someone else.")


# --- Events -> deliveries ----------------------------------------------------------------


def _body(event: str, event_id: uuid.UUID, payload: dict[str, Any]) -> str:
    document = {
        "id": str(event_id),
        "event": event,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "data": payload,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def webhook_event_dispatch(*, event: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """One delivery per active webhook subscribed to ``event`` whose owner is still an
    active editor; each is published after commit."""
    hooks = [
        hook
        for hook in Webhook.objects.filter(active=True, owner__is_active=True).select_related(
            "owner"
        )
        if event in hook.events and is_editor(hook.owner)
    ]
    if not hooks:
        return []
    event_id = uuid.uuid4()
    body = _body(event, event_id, payload)
    with transaction.atomic():
        created = [
            WebhookDelivery.objects.create(
                webhook=hook,
                event=event,
                event_id=event_id,
                body=body,
                next_attempt_at=timezone.now(),
            )
            for hook in hooks
        ]
        for delivery in created:
            transaction.on_commit(partial(queue.publish, DELIVER_TASK, delivery.pk))
    return created


def _handler(event: str) -> Callable[..., None]:
    def handle(**payload: Any) -> None:
        webhook_event_dispatch(event=event, payload=payload)

    handle.__name__ = f"webhooks_on_{event.replace('.', '_')}"
    return handle


_HANDLERS = {name: _handler(name) for name in WEBHOOK_EVENTS}


def subscribe_all() -> None:
    """Subscribe the webhook dispatcher to every webhook event (idempotent)."""
    for name, handler in _HANDLERS.items():
        events.subscribe(name, handler)


def delivery_redeliver(*, user: Any, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's event again, as a new delivery with the same event id and body."""
    _require_owner(user, delivery.webhook)
    with transaction.atomic():
        again = WebhookDelivery.objects.create(
            webhook=delivery.webhook, event=delivery.event, event_id=delivery.event_id,
            body=delivery.body, redelivery_of=delivery, next_attempt_at=timezone.now(),
        )  # fmt: skip
        transaction.on_commit(partial(queue.publish, DELIVER_TASK, again.pk))
    return again


# --- Sending ------------------------------------------------------------------------------


def signature(secret: str, timestamp: int | str, body: str | bytes) -> str:
    """``sha256=<hex>``: HMAC-SHA256 with ``secret`` of ``f"{timestamp}.{body}"``."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    message = str(timestamp).encode("ascii") + b"." + raw
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signed_headers(delivery: WebhookDelivery, *, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        HEADER_EVENT: delivery.event,
        HEADER_DELIVERY: str(delivery.uuid),
        HEADER_EVENT_ID: str(delivery.event_id),
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: signature(delivery.webhook.secret, timestamp, delivery.body),
    }


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    retry: bool
    code: int | None = None
    excerpt: str = ""
    error: str = ""


def _post(delivery: WebhookDelivery) -> _Outcome:
    url = delivery.webhook.url
    refusal = url_refusal(url)  # again: the name may resolve elsewhere now
    if refusal:
        return _Outcome(ok=False, retry=False, error=refusal)
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    headers = signed_headers(delivery, timestamp=int(time.time()))
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=False) as client,
            client.stream(
                "POST", url, content=delivery.body.encode("utf-8"), headers=headers
            ) as response,
        ):
            head = b""
            for chunk in response.iter_bytes():
                head += chunk
                if len(head) >= EXCERPT_BYTES:
                    break
            code = response.status_code
    except httpx.TimeoutException:
        return _Outcome(ok=False, retry=True, error=f"No answer within {timeout} s.")
    except httpx.HTTPError as exc:
        return _Outcome(
            ok=False, retry=True, error=f"The request failed: {exc or type(exc).__name__}."
        )
    excerpt = head[:EXCERPT_BYTES].decode("utf-8", errors="replace")
    if 200 <= code < 300:
        return _Outcome(ok=True, retry=False, code=code, excerpt=excerpt)
    if 300 <= code < 400:
        error = (
            f"The receiver answered {code} (a redirect, not followed); register its final address."
        )
        return _Outcome(ok=False, retry=False, code=code, excerpt=excerpt, error=error)
    retry = code >= 500 or code in (408, 425, 429)
    return _Outcome(ok=False, retry=retry, code=code, excerpt=excerpt,
                    error=f"The receiver answered {code}.")  # fmt: skip


def backoff(attempt: int) -> timedelta:
    """The wait after the ``attempt``-th failed attempt (1, 2, …), as the task retries."""
    seconds = settings.WEBHOOK_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)
    return timedelta(seconds=min(seconds, 3600))


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """One attempt at a delivery; raises ``WebhookRetry`` when a later attempt should follow.

    Idempotent: a delivered or failed delivery is left alone, and each attempt claims the
    row with a conditional update on its attempt count, so two copies of the task never
    send the same attempt twice.
    """
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (Status.DELIVERED, Status.FAILED):
        return delivery
    attempt = delivery.attempts + 1
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, attempts=delivery.attempts, status__in=(Status.PENDING, Status.RETRYING)
    ).update(
        attempts=attempt,
        last_attempt_at=now,
        next_attempt_at=now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS) + SWEEP_GRACE,
    )
    if not claimed:
        return delivery
    if not delivery.webhook.active:
        outcome = _Outcome(ok=False, retry=False, error="The webhook is switched off.")
    else:
        outcome = _post(delivery)
    final = outcome.ok or not outcome.retry or attempt >= settings.WEBHOOK_MAX_ATTEMPTS
    fields: dict[str, Any] = {
        "response_code": outcome.code,
        "response_excerpt": outcome.excerpt,
        "last_error": outcome.error,
    }
    if outcome.ok:
        fields.update(status=Status.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None)
    elif final:
        fields.update(status=Status.FAILED, next_attempt_at=None)
    else:
        fields.update(status=Status.RETRYING, next_attempt_at=timezone.now() + backoff(attempt))
    WebhookDelivery.objects.filter(pk=delivery.pk, attempts=attempt).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    delivery.attempts, delivery.last_attempt_at = attempt, now
    if not final:
        raise WebhookRetry(outcome.error)
    return delivery


def deliveries_sweep() -> int:
    """Publish again the deliveries whose wake-up is overdue (lost while Redis was down)."""
    now = timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status__in=(Status.PENDING, Status.RETRYING), next_attempt_at__lt=now - SWEEP_GRACE
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    published = 0
    for pk in due:
        if queue.publish(DELIVER_TASK, pk):
            published += 1
            WebhookDelivery.objects.filter(pk=pk).update(next_attempt_at=now)
    return published
