"""Duplicated wake-ups: every task published twice, and two workers racing for each one."""

from __future__ import annotations

import re
import time

import pytest

from newsapp.articles.models import Translation
from newsapp.articles.services import intake
from newsapp.articles.tasks import translation_run_task
from tests.fault.harness import Cluster, report
from tests.processes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.timeout(120)]
Status = Translation.Status


def outcomes(log: str) -> dict[int, list[str]]:
    """translation id → the claimed=True/False outcome of each task run, from worker logs."""
    found: dict[int, list[str]] = {}
    for pk, claimed in re.findall(r"translation (\d+): \w+ \(claimed=(True|False)\)", log):
        found.setdefault(int(pk), []).append(claimed)
    return found


def test_every_task_published_twice(cluster: Cluster, request: pytest.FixtureRequest) -> None:
    """Each translation gets two wake-ups back to back, so two pool processes (of two
    workers) often start on the same translation together: one works, the other exits."""
    started = time.monotonic()
    ids: list[int] = []
    for i in range(20):
        for pk in cluster.submit(f"twice {i}"):  # published once on commit...
            assert intake.translation_enqueue(translation_id=pk)  # ...and once more
            ids.append(pk)
    first = cluster.worker("w1", concurrency=2, wait=False)
    second = cluster.worker("w2", concurrency=2, wait=False)
    first.wait_ready()
    second.wait_ready()
    cluster.wait_finished(ids, timeout=90)
    wait_for(
        lambda: sum(map(len, outcomes(cluster.worker_log_text()).values())) >= 2 * len(ids),
        20, what="every duplicate to be consumed",
    )  # fmt: skip
    runs = outcomes(cluster.worker_log_text())
    statuses = cluster.statuses(ids)
    report(
        request, "every task published twice",
        submitted=len(ids), published=2 * len(ids), done=statuses[Status.DONE],
        failed=statuses[Status.FAILED], duplicated=cluster.duplicated(ids),
        worked=sum(r.count("True") for r in runs.values()),
        exited=sum(r.count("False") for r in runs.values()),
        total_s=time.monotonic() - started,
    )  # fmt: skip
    assert statuses[Status.DONE] == len(ids)
    cluster.assert_clean(ids)
    assert set(Translation.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
    assert {pk: sorted(r) for pk, r in runs.items()} == {pk: ["False", "True"] for pk in ids}


def test_two_workers_race_for_each_translation(
    cluster: Cluster, request: pytest.FixtureRequest
) -> None:
    """Two idle workers get the same translation at the same moment (each through its own
    queue): exactly one claims it, the other exits, and the text is written once."""
    a = cluster.worker("a", concurrency=1, queues="race_a", wait=False)
    b = cluster.worker("b", concurrency=1, queues="race_b", wait=False)
    a.wait_ready()
    b.wait_ready()
    started = time.monotonic()
    ids: list[int] = []
    for i in range(12):
        [pk] = cluster.submit(f"race {i}", count=2)  # its own wake-up goes to "mt": unused
        for name in ("race_a", "race_b")[:: 1 if i % 2 else -1]:  # alternate who is first
            translation_run_task.apply_async(args=(pk,), queue=name)
        cluster.wait_finished([pk], timeout=20, what=f"race {i}")
        ids.append(pk)
    wait_for(
        lambda: sum(map(len, outcomes(cluster.worker_log_text()).values())) >= 2 * len(ids),
        20, what="both workers to report every race",
    )  # fmt: skip
    wins_a = outcomes(a.output_since_start())
    wins_b = outcomes(b.output_since_start())
    report(
        request, "two workers racing",
        races=len(ids), won_by_a=sum(r.count("True") for r in wins_a.values()),
        won_by_b=sum(r.count("True") for r in wins_b.values()),
        duplicated=cluster.duplicated(ids), total_s=time.monotonic() - started,
    )  # fmt: skip
    assert cluster.statuses(ids)[Status.DONE] == len(ids)
    cluster.assert_clean(ids)
    assert set(Translation.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {1}
    for pk in ids:
        assert sorted(wins_a[pk] + wins_b[pk]) == ["False", "True"], f"translation {pk}"
