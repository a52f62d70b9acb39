"""/healthz against a real Redis and real worker processes: checks, sweeper age, who sees what."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
import redis
from django.contrib.auth.models import User
from django.test import Client

from newsapp import queue
from newsapp.articles.tasks import translations_sweep_task
from tests.processes import RedisServer, Worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

#: A load balancer's probe must get its answer quickly, whatever is down.
PROBE_BUDGET_S = 3.0
TOKEN = "monitoring-token-for-tests"


@pytest.fixture(autouse=True)
def _token(settings: Any, redis_server: RedisServer) -> None:
    settings.MONITORING_TOKEN = TOKEN
    redis_server.ensure_running()
    redis.Redis.from_url(redis_server.url).delete(queue.SWEEP_HEARTBEAT_KEY)


def probe(client: Client, token: str | None = TOKEN) -> tuple[int, dict[str, Any], float]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    start = time.monotonic()
    response = client.get("/healthz", headers=headers)
    return response.status_code, response.json(), time.monotonic() - start


def test_healthy_with_a_worker_and_a_recent_sweep(
    client: Client, make_worker: Callable[..., Worker]
) -> None:
    worker = make_worker("health")
    worker.wait_ready()
    assert translations_sweep_task() is not None  # took the lock, swept, recorded
    status, body, _ = probe(client)
    assert status == 200, body
    assert body["ok"] is True
    assert body["reasons"] == []
    checks = body["checks"]
    assert checks["database"] == {"ok": True}
    assert checks["redis"] == {"ok": True}
    assert any(name.startswith("health@") for name in checks["workers"]["names"])
    assert checks["sweeper"]["ok"] is True
    assert 0 <= checks["sweeper"]["age_seconds"] < 5
    assert client.get("/healthz").headers["Cache-Control"].startswith("max-age=0")


def test_anonymous_callers_get_the_verdict_only(client: Client) -> None:
    for token in (None, "wrong-token"):
        status, body, _ = probe(client, token)
        assert status == 503
        assert body == {"ok": False}


def test_staff_session_gets_the_details(client: Client) -> None:
    staff = User.objects.create_user("ops", password="x" * 12, is_staff=True)
    client.force_login(staff)
    status, body, _ = probe(client, token=None)
    assert status == 503
    assert set(body["checks"]) == {"database", "redis", "workers", "sweeper"}
    client.force_login(User.objects.create_user("plain", password="x" * 12))
    assert probe(client, token=None)[1] == {"ok": False}


def test_unhealthy_without_workers(client: Client) -> None:
    translations_sweep_task()
    status, body, seconds = probe(client)
    assert status == 503
    assert body["checks"]["redis"] == {"ok": True}
    assert body["checks"]["workers"] == {"ok": False, "names": []}
    assert body["checks"]["sweeper"]["ok"] is True
    assert body["reasons"] == ["no worker answered a ping within 1 s"]
    assert seconds < PROBE_BUDGET_S


def test_stale_sweeper_is_named_as_the_reason(
    client: Client, make_worker: Callable[..., Worker], redis_server: RedisServer, settings: Any
) -> None:
    """No sweep for more than three intervals: 503, and the reason says so."""
    make_worker("health").wait_ready()
    settings.SWEEPER_INTERVAL_SECONDS = 30
    stale = time.time() - 3 * 30 - 5
    redis.Redis.from_url(redis_server.url).hset(
        queue.SWEEP_HEARTBEAT_KEY, mapping={"at": repr(stale), "host": "b"}
    )
    status, body, _ = probe(client)
    assert status == 503
    assert body["checks"]["workers"]["ok"] is True
    assert body["checks"]["sweeper"]["ok"] is False
    assert body["checks"]["sweeper"]["host"] == "b"
    [reason] = body["reasons"]
    assert re.fullmatch(
        r"no sweep for 9[5-7] s \(limit 90 s: 3 × SWEEPER_INTERVAL_SECONDS\).*", reason
    )
    # One sweep later, healthy again.
    translations_sweep_task()
    assert probe(client)[0] == 200


def test_never_swept_is_unhealthy(client: Client, make_worker: Callable[..., Worker]) -> None:
    make_worker("health").wait_ready()
    status, body, _ = probe(client)
    assert status == 503
    [reason] = body["reasons"]
    assert reason.startswith("no sweep recorded")


@pytest.mark.parametrize("fault", ["killed", "hung"])
def test_unhealthy_when_redis_is_down(
    client: Client, redis_server: RedisServer, make_worker: Callable[..., Worker], fault: str
) -> None:
    make_worker("health").wait_ready()
    translations_sweep_task()
    if fault == "killed":
        redis_server.kill()
    else:
        redis_server.freeze()
    try:
        status, body, seconds = probe(client)
    finally:
        redis_server.ensure_running()
    assert status == 503
    checks = body["checks"]
    assert checks["database"] == {"ok": True}
    assert checks["redis"]["ok"] is False
    assert checks["redis"]["error"]
    assert checks["workers"]["ok"] is False
    assert checks["sweeper"]["ok"] is False
    assert body["reasons"][0].startswith("Redis unreachable")
    assert seconds < PROBE_BUDGET_S, f"/healthz took {seconds:.1f}s with Redis {fault}"
