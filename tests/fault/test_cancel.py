"""Cancel with a real worker: queued work never starts, running work stops at the next batch."""

from __future__ import annotations

import time

import pytest
from django.db.models import Max

from newsapp.articles.models import Segment, Translation
from newsapp.articles.services import workflow
from tests.fault.harness import Cluster, report
from tests.processes import wait_for

pytestmark = [pytest.mark.fault, pytest.mark.timeout(120)]
Status = Translation.Status


def test_cancel_queued_and_running_then_retry(
    cluster: Cluster, request: pytest.FixtureRequest
) -> None:
    worker = cluster.worker("w1", concurrency=1)
    [running_pk] = cluster.submit("long story", count=8)  # 8 batches of one sentence
    [queued_pk] = cluster.submit("waiting story", count=3)  # behind it: one pool process
    wait_for(
        lambda: Translation.objects.filter(pk=running_pk, segments_done__gte=2).exists(),
        20, what="the first translation to be half-way",
    )  # fmt: skip

    assert workflow.translation_cancel(translation=Translation.objects.get(pk=queued_pk))
    assert workflow.translation_cancel(translation=Translation.objects.get(pk=running_pk))
    cancelled_at = time.monotonic()
    stopped = f"translation {running_pk}: cancelled (claimed=True)"
    wait_for(lambda: stopped in worker.output_since_start(), 10, what="the run to stop")
    stop_s = time.monotonic() - cancelled_at
    skipped = f"translation {queued_pk}: cancelled (claimed=False)"
    wait_for(lambda: skipped in worker.output_since_start(), 10, what="the queued one skipped")

    running = Translation.objects.get(pk=running_pk)
    queued = Translation.objects.get(pk=queued_pk)
    machine = running.segments.filter(state=Segment.State.MACHINE).count()
    last_write = running.segments.exclude(state=Segment.State.PENDING).aggregate(
        last=Max("updated_at")
    )["last"]
    report(
        request, "cancel",
        stop_after_cancel_s=stop_s, sentences_done=running.segments_done,
        sentences_total=running.segments_total,
    )  # fmt: skip
    assert stop_s < 3, "the worker did not stop at the next batch"
    # Consistent: the cancel wins; nothing is written after it; progress matches the rows.
    assert (running.status, running.lease_owner, running.lease_expires_at) == (
        Status.CANCELLED, "", None)  # fmt: skip
    assert 2 <= running.segments_done == machine < running.segments_total
    assert last_write is not None
    assert running.finished_at is not None
    assert last_write <= running.finished_at
    assert (queued.status, queued.segments.count(), queued.attempts) == (Status.CANCELLED, 0, 0)

    # Retry resumes where the cancelled run stopped, and the result is a clean translation.
    assert workflow.translation_retry(translation=running)
    cluster.wait_finished([running_pk], timeout=30)
    cluster.assert_clean([running_pk])
    assert Translation.objects.get(pk=running_pk).status == Status.DONE
