"""/healthz against a real Redis and real worker processes."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.test import Client

from tests.processes import RedisServer, Worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

#: A load balancer's probe must get its answer quickly, whatever is down.
PROBE_BUDGET_S = 3.0


def probe(client: Client) -> tuple[int, dict[str, object], float]:
    start = time.monotonic()
    response = client.get("/healthz")
    return response.status_code, response.json(), time.monotonic() - start


def test_healthy_with_a_worker(
    client: Client, redis_server: RedisServer, make_worker: Callable[..., Worker]
) -> None:
    worker = make_worker("health")
    worker.wait_ready()
    status, body, _ = probe(client)
    assert status == 200, body
    assert body["ok"] is True
    checks = body["checks"]
    assert checks["database"] == {"ok": True}  # type: ignore[index]
    assert checks["redis"] == {"ok": True}  # type: ignore[index]
    assert any(name.startswith("health@") for name in checks["workers"]["names"])  # type: ignore[index]
    assert client.get("/healthz").headers["Cache-Control"].startswith("max-age=0")


def test_unhealthy_without_workers(client: Client, redis_server: RedisServer) -> None:
    status, body, seconds = probe(client)
    assert status == 503
    assert body["checks"]["redis"] == {"ok": True}  # type: ignore[index]
    assert body["checks"]["workers"] == {"ok": False, "names": []}  # type: ignore[index]
    assert seconds < PROBE_BUDGET_S


@pytest.mark.parametrize("fault", ["killed", "hung"])
def test_unhealthy_when_redis_is_down(
    client: Client, redis_server: RedisServer, make_worker: Callable[..., Worker], fault: str
) -> None:
    make_worker("health").wait_ready()
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
    assert checks["database"] == {"ok": True}  # type: ignore[index]
    assert checks["redis"]["ok"] is False  # type: ignore[index]
    assert checks["redis"]["error"]  # type: ignore[index]
    assert checks["workers"]["ok"] is False  # type: ignore[index]
    assert seconds < PROBE_BUDGET_S, f"/healthz took {seconds:.1f}s with Redis {fault}"
