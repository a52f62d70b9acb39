"""Workers die: SIGKILL of a whole worker (OOM killer), and a task that kills its pool child."""

from __future__ import annotations

import os
import random
import time

import pytest
from django.test import Client

from newsapp.articles.models import Translation
from tests.fault.harness import Cluster, report

pytestmark = [pytest.mark.fault, pytest.mark.timeout(240)]
Status = Translation.Status


class ReleaseTracker:
    """For each kill, how long until the dead worker's translations were taken back."""

    def __init__(self) -> None:
        self.watching: list[tuple[float, dict[int, str]]] = []
        self.released_after: list[float] = []
        self.killed: set[tuple[int, str]] = set()

    def watch(self, killed_at: float, held: dict[int, str]) -> None:
        self.watching.append((killed_at, held))
        self.killed.update(held.items())

    def poll(self) -> None:
        still = []
        for killed_at, held in self.watching:
            rows = Translation.objects.filter(pk__in=held).values_list(
                "pk", "status", "lease_owner"
            )
            taken_back = all(
                status != Status.RUNNING or owner != held[pk] for pk, status, owner in rows
            )
            if taken_back:
                self.released_after.append(time.monotonic() - killed_at)
            else:
                still.append((killed_at, held))
        self.watching = still

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.poll()
            time.sleep(min(0.2, left))


def test_worker_sigkilled_five_times(cluster: Cluster, request: pytest.FixtureRequest) -> None:
    """100 articles; the worker is SIGKILLed 5 times at random moments and restarted.

    Recovery is the database's: the killed run's lease expires and the sweeper (real beat)
    requeues it; the broker's copy stays in Redis's unacked set until the visibility timeout.
    """
    seed = int(os.environ.get("FAULT_SEED", str(random.randrange(1_000_000))))
    rng = random.Random(seed)
    cluster.beat()
    started = time.monotonic()
    ids = cluster.submit_many(100)
    worker = cluster.worker("w1", concurrency=4)
    tracker = ReleaseTracker()
    for _ in range(5):
        tracker.sleep(rng.uniform(1.0, 3.0))
        held = dict(
            Translation.objects.filter(pk__in=ids, status=Status.RUNNING).values_list(
                "pk", "lease_owner"
            )
        )
        worker.kill()
        tracker.watch(time.monotonic(), held)
        worker.start()  # as a process supervisor would
        worker.wait_ready()
    while tracker.watching and time.monotonic() - started < 120:
        tracker.sleep(0.5)
    assert not tracker.watching, "a dead worker's translations were never taken back"
    elapsed = cluster.wait_finished(ids, timeout=150)
    statuses = cluster.statuses(ids)
    log = cluster.worker_log_text()
    report(
        request, "worker SIGKILL x5",
        seed=seed, submitted=len(ids), done=statuses[Status.DONE],
        failed=statuses[Status.FAILED], duplicated=cluster.duplicated(ids),
        max_attempts=cluster.max_attempts(ids),
        killed_mid_run=len(tracker.killed),
        recovery_s=max(tracker.released_after, default=0.0),
        wasted_wakeups=log.count("(claimed=False)"),
        total_s=time.monotonic() - started, drain_s=elapsed,
    )  # fmt: skip
    assert statuses[Status.DONE] == len(ids), cluster.describe(ids, unfinished_only=True)
    cluster.assert_clean(ids)


def test_poison_article_fails_after_attempt_cap(
    cluster: Cluster, request: pytest.FixtureRequest, client: Client
) -> None:
    """A task that always kills its pool child: requeued at once (reject_on_worker_lost), but
    the lease stops it from looping; it fails after 3 attempts and the rest finish."""
    cluster.beat()
    started = time.monotonic()
    poison = cluster.submit("POISON", count=3)  # every sentence names it: SleepyEngine exits
    ids = cluster.submit_many(12, prefix="healthy", count=3)
    cluster.worker("w1", concurrency=2)
    cluster.wait_finished([*poison, *ids], timeout=90)
    poisoned = Translation.objects.get(pk=poison[0])
    statuses = cluster.statuses(ids)
    log = cluster.worker_log_text()
    report(
        request, "poison article",
        submitted=len(ids) + 1, done=statuses[Status.DONE], failed=statuses[Status.FAILED],
        poison_status=poisoned.status, poison_attempts=poisoned.attempts,
        child_crashes=log.count("exited with 'exitcode 137'"), duplicated=cluster.duplicated(ids),
        total_s=time.monotonic() - started,
    )  # fmt: skip
    assert poisoned.status == Status.FAILED
    assert poisoned.attempts == 3
    assert "Stopped after 3 attempts" in poisoned.error
    assert statuses[Status.DONE] == len(ids)
    cluster.assert_clean(ids)
    # The article page shows the reason and offers a retry.
    client.force_login(cluster.author)
    page = client.get(f"/{poisoned.article_id}/").content.decode()
    assert "Stopped after 3 attempts" in page
    assert f"/translations/{poisoned.pk}/retry/" in page
