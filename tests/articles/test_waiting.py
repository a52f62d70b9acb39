"""Waiting is explained: a queued translation no worker picked up says so (editors: why)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsapp import queue
from newsapp.articles.models import Translation
from newsapp.articles.selectors.articles import translation_waits_for_worker
from tests.factories import TranslationFactory

pytestmark = pytest.mark.django_db
WAITING = "Waiting for a translation worker"


def _queued(seconds_ago: float, **fields: object) -> Translation:
    values: dict[str, object] = {
        "status": "queued",
        "enqueued_at": timezone.now() - timedelta(seconds=seconds_ago),
    }
    translation: Translation = TranslationFactory(**(values | fields))
    return translation


def _card(client: Client, translation: Translation) -> str:
    url = reverse("articles:progress", args=[translation.pk])
    return client.get(url, HTTP_HX_REQUEST="true").content.decode()


def test_only_a_queued_translation_nobody_claimed_for_a_few_seconds_waits() -> None:
    now = timezone.now()
    assert not translation_waits_for_worker(translation=_queued(1), now=now)
    assert translation_waits_for_worker(translation=_queued(6), now=now)
    assert not translation_waits_for_worker(translation=_queued(60, enqueued_at=None), now=now)
    retry = _queued(60, retry_at=now + timedelta(seconds=30))
    assert not translation_waits_for_worker(translation=retry, now=now)
    running = _queued(60, status="running", segments_total=3)
    assert not translation_waits_for_worker(translation=running, now=now)


def test_the_card_says_waiting_instead_of_zero_of_unknown(
    translator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_ping(**_: object) -> list[str]:
        raise AssertionError("translators are not told about workers: no ping")

    monkeypatch.setattr(queue, "workers_ping", no_ping)
    fresh = _card(translator_client, _queued(1))
    assert "0 of ? sentences translated" in fresh
    assert WAITING not in fresh
    body = _card(translator_client, _queued(10))
    assert WAITING in body
    assert "0 of ? sentences" not in body
    assert "worker-status" not in body
    assert "data-poll" in body  # it keeps polling, and changes once a worker claims it


@pytest.mark.parametrize(
    ("redis_ok", "workers", "backlog", "said"),
    [
        (True, [], 0, "No worker is alive: start one"),
        (True, ["celery@w1", "celery@w2"], 3,
         "2 workers alive (celery@w1, celery@w2), busy: 3 translation wake-up(s) wait"),
        (True, ["celery@w1"], 0,
         "1 worker alive (celery@w1), but the queue holds no wake-up for this translation"),
        (True, ["celery@w1"], None, "1 worker alive (celery@w1); the queue length is unknown."),
        (False, [], None, "The queue (Redis) cannot be reached"),
    ],
)  # fmt: skip
def test_editors_are_told_whether_any_worker_is_alive(
    editor_client: Client,
    monkeypatch: pytest.MonkeyPatch,
    redis_ok: bool,
    workers: list[str],
    backlog: int | None,
    said: str,
) -> None:
    monkeypatch.setattr(queue, "redis_ping", lambda: (redis_ok, "ok" if redis_ok else "down"))
    monkeypatch.setattr(queue, "workers_ping", lambda timeout=1.0: workers)
    monkeypatch.setattr(queue, "backlog", lambda name: backlog)
    translation = _queued(10)
    assert said in _card(editor_client, translation)
    page = editor_client.get(reverse("articles:detail", args=[translation.article_id]))
    assert said in page.content.decode()
