"""Redis dies (SIGKILL, AOF on) or hangs (SIGSTOP); the workers and the web app carry on."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from newsapp import queue
from newsapp.articles.models import Translation
from tests.fault.harness import Cluster, report
from tests.processes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.timeout(180)]
Status = Translation.Status

#: A web request that saves an article may wait on a dead or hung Redis at most this long.
SUBMIT_BUDGET_S = 4.0


def _aof_flushed(cluster: Cluster) -> bool:
    info = cluster.redis().info("persistence")
    return bool(
        info.get("aof_enabled") and not info.get("aof_buffer_length")
        and not info.get("aof_pending_bio_fsync") and not info.get("aof_rewrite_in_progress")
    )  # fmt: skip


def done_count(ids: list[int]) -> int:
    return Translation.objects.filter(pk__in=ids, status=Status.DONE).count()


def test_redis_killed_and_restarted_mid_run(
    cluster: Cluster, request: pytest.FixtureRequest
) -> None:
    """SIGKILL Redis mid-run, restart it on the same AOF: the same worker and beat processes
    reconnect by themselves and every translation ends done."""
    beat = cluster.beat()
    started = time.monotonic()
    ids = cluster.submit_many(40)
    worker = cluster.worker("w1", concurrency=4)
    pids = (worker.pid, beat.pid)
    wait_for(lambda: done_count(ids) >= 8, 60, what="some translations to finish")
    backlog_before = cluster.backlog()
    # appendfsync everysec: wait until Redis reports every write flushed to the AOF.
    wait_for(lambda: _aof_flushed(cluster), 10, what="the AOF to be flushed")
    cluster.redis_server.kill()
    killed_at = time.monotonic()
    done_at_kill = done_count(ids)
    # Runs already in progress need only the database: they finish while Redis is down.
    wait_for(lambda: done_count(ids) > done_at_kill, 30, what="progress while Redis is down")
    done_while_down = done_count(ids) - done_at_kill
    cluster.redis_server.start()
    restarted_at = time.monotonic()
    backlog_after = cluster.backlog()
    done_at_restart = done_count(ids)
    wait_for(
        lambda: done_count(ids) > done_at_restart or done_count(ids) == len(ids),
        60, what="progress after Redis came back",
    )  # fmt: skip
    recovery = time.monotonic() - restarted_at
    cluster.wait_finished(ids, timeout=120)
    statuses = cluster.statuses(ids)
    report(
        request, "Redis SIGKILL + restart",
        submitted=len(ids), done=statuses[Status.DONE], failed=statuses[Status.FAILED],
        duplicated=cluster.duplicated(ids), max_attempts=cluster.max_attempts(ids),
        backlog_before_kill=backlog_before, backlog_after_restart=backlog_after,
        done_while_down=done_while_down, outage_s=restarted_at - killed_at,
        recovery_s=recovery, total_s=time.monotonic() - started,
    )  # fmt: skip
    assert statuses[Status.DONE] == len(ids)
    assert done_while_down >= 1
    cluster.assert_clean(ids)
    # The same processes, reconnected by themselves.
    assert worker.alive
    assert beat.alive
    assert (worker.pid, beat.pid) == pids
    assert worker.output_since_start().count(" ready.") == 1
    assert "Connection to broker lost" in worker.output_since_start()


def test_submission_while_redis_down_is_saved_then_translated(
    cluster: Cluster, request: pytest.FixtureRequest, client: Client
) -> None:
    """Redis hung, then dead: saving an article stays fast, the page says the queue is
    unavailable, and the sweeper enqueues the work once Redis is back."""
    cluster.beat()
    cluster.worker("w1", concurrency=2)
    client.force_login(cluster.author)
    targets = ("ko", "ja", "es")

    cluster.redis_server.freeze()
    try:
        start = time.monotonic()
        hung_ids = cluster.submit("while Redis hangs", targets=targets)
        hung_s = time.monotonic() - start
    finally:
        cluster.redis_server.thaw()

    cluster.redis_server.kill()
    queue.publish_backoff_reset()  # measure a fresh attempt, not the hung one's back-off
    start = time.monotonic()
    down_ids = cluster.submit("while Redis is down", targets=targets)
    down_s = time.monotonic() - start
    rows = Translation.objects.filter(pk__in=down_ids)
    assert {(t.status, t.enqueued_at) for t in rows} == {(Status.QUEUED, None)}
    article_id = rows[0].article_id
    page = client.get(f"/{article_id}/").content.decode()
    assert "the queue is unavailable right now" in page

    cluster.redis_server.start()
    restarted_at = time.monotonic()
    ids = [*hung_ids, *down_ids]
    cluster.wait_finished(ids, timeout=60)
    recovery = time.monotonic() - restarted_at
    statuses = cluster.statuses(ids)
    report(
        request, "submit while Redis down",
        submitted=len(ids), done=statuses[Status.DONE], failed=statuses[Status.FAILED],
        duplicated=cluster.duplicated(ids), submit_hung_redis_s=hung_s,
        submit_dead_redis_s=down_s, recovery_s=recovery,
    )  # fmt: skip
    assert hung_s < SUBMIT_BUDGET_S, f"article_create waited {hung_s:.1f}s on a hung Redis"
    assert down_s < SUBMIT_BUDGET_S, f"article_create waited {down_s:.1f}s on a dead Redis"
    assert statuses[Status.DONE] == len(ids)
    cluster.assert_clean(ids)
