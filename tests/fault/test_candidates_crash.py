"""The candidates job must not loop when the engine kills its worker child on an article."""

from __future__ import annotations

import time

import pytest

from glossary.models import CandidateScan
from newsapp.articles.models import Translation
from tests.fault.harness import Cluster, report
from tests.processes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.timeout(240)]


def test_a_candidates_job_that_kills_its_child_runs_once(
    cluster: Cluster, request: pytest.FixtureRequest
) -> None:
    """SleepyEngine exits on any sentence naming POISON, and so does the candidates job's
    suggestion step (the candidate is POISON itself). Its message is acknowledged when the
    child dies (reject_on_worker_lost=False): no redelivery loop; the translation stops at its
    attempt cap as before, and healthy articles finish."""
    cluster.beat()
    poison = cluster.submit("POISON", count=3)
    ids = cluster.submit_many(3, prefix="healthy", count=2)
    cluster.worker("w1", concurrency=1, queues="mt,celery,background")
    cluster.wait_finished([*poison, *ids], timeout=90)
    article_id = Translation.objects.get(pk=poison[0]).article_id
    deadline = time.monotonic() + 30
    while not CandidateScan.objects.filter(source_id=article_id).exists():
        assert time.monotonic() < deadline, "the candidates job never ran on the poison article"
        time.sleep(0.25)
    first = cluster.worker_log_text().count("exited with 'exitcode 137'")
    # A marker article behind it in the queue: once it is done, a redelivered poison job
    # (which would crash the child again at once) would have shown up in the log.
    marker = cluster.submit_many(1, prefix="marker", count=1)
    cluster.wait_finished(marker, timeout=60)
    wait_for(
        lambda: CandidateScan.objects.filter(
            source_id=Translation.objects.get(pk=marker[0]).article_id
        ).exists(),
        60, what="the marker article's candidates job",
    )  # fmt: skip
    crashes = cluster.worker_log_text().count("exited with 'exitcode 137'")
    report(request, "candidates job on a poison article", child_crashes=crashes,
           translation_attempts=Translation.objects.get(pk=poison[0]).attempts)  # fmt: skip
    assert crashes == first, "the candidates job keeps being redelivered"
    # three translation attempts (the cap) and one run of the candidates job
    assert crashes <= 4
    assert cluster.statuses(ids)[Translation.Status.DONE] == len(ids)
