"""The sweep's Redis lock and heartbeat: beat may run beside every worker, sweeps never race."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
import redis
from django.db import connections

from newsapp import queue
from newsapp.articles.services import pipeline
from newsapp.articles.tasks import translations_sweep_task
from tests.processes import Beat, RedisServer, Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_redis(redis_server: RedisServer) -> redis.Redis:
    redis_server.ensure_running()
    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    queue.publish_backoff_reset()
    return client


@pytest.fixture
def slow_sweep(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The sweep service, slowed down and counting how many run at once."""
    state = {"running": 0, "most": 0, "runs": 0}
    lock = threading.Lock()
    real = pipeline.translations_sweep

    def sweep() -> pipeline.SweepReport:
        with lock:
            state["running"] += 1
            state["runs"] += 1
            state["most"] = max(state["most"], state["running"])
        time.sleep(0.5)
        try:
            return real()
        finally:
            with lock:
                state["running"] -= 1

    monkeypatch.setattr(pipeline, "translations_sweep", sweep)
    return state


def test_concurrent_sweeps_never_overlap(
    fresh_redis: redis.Redis, slow_sweep: dict[str, int]
) -> None:
    results: list[Any] = []

    def sweep_in_thread() -> None:
        try:
            results.append(translations_sweep_task())
        finally:
            connections.close_all()  # each thread opened its own database connection

    threads = [threading.Thread(target=sweep_in_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert slow_sweep["most"] == 1
    assert slow_sweep["runs"] == sum(r is not None for r in results)
    assert results.count(None) >= 1, "four sweeps at once: some must have been skipped"
    assert not fresh_redis.exists(queue.SWEEP_LOCK_KEY), "the lock is released after a sweep"
    # Once the lock is free, the next sweep runs and records its heartbeat.
    before = queue.sweep_heartbeat()
    assert before is not None
    time.sleep(0.01)
    assert translations_sweep_task() is not None
    after = queue.sweep_heartbeat()
    assert after is not None
    assert after[0] > before[0]


def test_a_held_lock_skips_the_sweep(fresh_redis: redis.Redis, slow_sweep: dict[str, int]) -> None:
    with queue.sweep_lock() as acquired:
        assert acquired
        assert translations_sweep_task() is None
    assert slow_sweep["runs"] == 0
    assert queue.sweep_heartbeat() is None


def test_a_dead_sweeper_lock_expires(
    fresh_redis: redis.Redis, slow_sweep: dict[str, int], settings: Any
) -> None:
    """A sweeper killed while holding the lock delays the next sweep by its TTL at most."""
    settings.SWEEPER_INTERVAL_SECONDS = 1  # lock TTL: 5 s, the minimum
    fresh_redis.set(queue.SWEEP_LOCK_KEY, b"a-dead-sweeper", px=1500)
    assert translations_sweep_task() is None
    time.sleep(1.6)
    assert translations_sweep_task() is not None


def test_redis_down_skips_without_raising(
    redis_server: RedisServer, slow_sweep: dict[str, int]
) -> None:
    redis_server.kill()
    try:
        assert translations_sweep_task() is None
    finally:
        redis_server.ensure_running()
        queue.publish_backoff_reset()
    assert slow_sweep["runs"] == 0


@pytest.mark.integration
def test_beat_sweeps_as_soon_as_it_starts(
    fresh_redis: redis.Redis,
    make_worker: Callable[..., Worker],
    make_beat: Callable[..., Beat],
) -> None:
    """With a ten-minute interval, only the start-up sweep can record the heartbeat."""
    make_worker("sweeper", queues="celery").wait_ready()
    start = time.time()
    beat = make_beat(SWEEPER_INTERVAL_SECONDS="600")
    wait_for(lambda: queue.sweep_heartbeat() is not None, 30, what="the start-up sweep")
    heartbeat = queue.sweep_heartbeat()
    assert heartbeat is not None
    assert heartbeat[0] >= start
    assert beat.alive
