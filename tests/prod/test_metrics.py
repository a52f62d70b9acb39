"""/metrics: who may read it, and that each figure follows the database, Redis and requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import redis
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from newsapp import queue
from newsapp.articles.models import Translation
from newsapp.articles.tasks import translations_sweep_task
from tests.factories import TranslationFactory
from tests.processes import RedisServer

pytestmark = pytest.mark.django_db
Status = Translation.Status
TOKEN = "metrics-token-for-tests"


@pytest.fixture(autouse=True)
def monitoring(settings: Any, redis_server: RedisServer) -> redis.Redis:
    settings.MONITORING_TOKEN = TOKEN
    redis_server.ensure_running()
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    queue.publish_backoff_reset()
    return client


def scrape(client: Client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_only_the_token_or_staff_may_read(client: Client) -> None:
    assert client.get("/metrics").status_code == 401
    wrong = client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == 'Bearer realm="metrics"'
    client.force_login(User.objects.create_user("plain", password="x" * 12))
    assert client.get("/metrics").status_code == 401
    client.force_login(User.objects.create_user("ops", password="x" * 12, is_staff=True))
    assert client.get("/metrics").status_code == 200


def test_pipeline_figures(client: Client, monitoring: redis.Redis) -> None:
    now = timezone.now()
    old = TranslationFactory(status=Status.QUEUED, enqueued_at=now)  # published: not swept
    Translation.objects.filter(pk=old.pk).update(created_at=now - timedelta(seconds=120))
    TranslationFactory(status=Status.QUEUED, enqueued_at=now)
    TranslationFactory(status=Status.RUNNING, engine="argos", segments_done=2, segments_total=9)
    for done, expected, rendered in ((30, 4, 3), (30, 6, 6)):
        TranslationFactory(
            status=Status.DONE, engine="apertium", segments_done=done, segments_total=done,
            finished_at=now, compliance={"expected": expected, "rendered": rendered},
        )  # fmt: skip
    TranslationFactory(  # finished long ago: counted, but outside the 5-minute and 24-hour windows
        status=Status.DONE, engine="apertium", segments_done=12, segments_total=12,
        finished_at=now - timedelta(days=2), compliance={"expected": 10, "rendered": 0},
    )  # fmt: skip
    TranslationFactory(status=Status.FAILED, engine="", error="Stopped after 3 attempts")
    monitoring.rpush("mt", b"one", b"two", b"three")
    translations_sweep_task()

    samples = scrape(client)
    status = {s: samples[("newsdesk_translations", (("status", s),))] for s in Status.values}
    assert status == {"queued": 2, "running": 1, "done": 3, "failed": 1, "cancelled": 0}
    assert samples[("newsdesk_translations_finished_total", (("status", "done"),))] == 3
    assert samples[("newsdesk_translations_finished_total", (("status", "failed"),))] == 1
    assert samples[("newsdesk_sentences_translated_total", (("engine", "apertium"),))] == 72
    assert samples[("newsdesk_sentences_translated_total", (("engine", "argos"),))] == 2
    speed = samples[("newsdesk_engine_sentences_per_second", (("engine", "apertium"),))]
    assert speed == pytest.approx(60 / 300)
    assert samples[("newsdesk_engine_sentences_per_second", (("engine", "argos"),))] == 0
    assert 119 <= samples[("newsdesk_oldest_queued_seconds", ())] < 130
    # Both queued translations were published just now: the sweep added no wake-up.
    assert samples[("newsdesk_queue_backlog", (("queue", "mt"),))] == 3
    assert samples[("newsdesk_broker_up", ())] == 1
    assert 0 <= samples[("newsdesk_sweeper_age_seconds", ())] < 5
    assert samples[("newsdesk_glossary_terms_24h", (("outcome", "expected"),))] == 10
    assert samples[("newsdesk_glossary_terms_24h", (("outcome", "rendered"),))] == 9
    assert samples[("newsdesk_term_compliance_ratio", ())] == pytest.approx(0.9)


def test_empty_desk_and_no_sweep_yet(client: Client) -> None:
    samples = scrape(client)
    assert samples[("newsdesk_oldest_queued_seconds", ())] == 0
    assert samples[("newsdesk_term_compliance_ratio", ())] == 1
    assert ("newsdesk_sweeper_age_seconds", ()) not in samples


def test_broker_down_is_a_figure_not_an_error(client: Client, redis_server: RedisServer) -> None:
    redis_server.kill()
    try:
        samples = scrape(client)
    finally:
        redis_server.ensure_running()
        queue.publish_backoff_reset()
    assert samples[("newsdesk_broker_up", ())] == 0
    assert ("newsdesk_queue_backlog", (("queue", "mt"),)) not in samples


def test_request_latency_by_url_name(client: Client) -> None:
    def count(view: str, status: str) -> float:
        key = ("newsdesk_http_request_duration_seconds_count",
               (("method", "GET"), ("status", status), ("view", view)))  # fmt: skip
        return scrape(client).get(key, 0.0)

    before = count("login", "2xx")
    for _ in range(3):
        assert client.get("/login/").status_code == 200
    assert count("login", "2xx") == before + 3
    missing = count("unresolved", "4xx")
    assert client.get("/no/such/page/").status_code == 404
    assert count("unresolved", "4xx") == missing + 1
