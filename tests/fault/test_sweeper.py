"""The sweeper re-publishes lost wake-ups without flooding a long backlog (no processes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from newsapp import queue
from newsapp.articles.models import Translation
from newsapp.articles.services import pipeline
from tests.factories import TranslationFactory

pytestmark = pytest.mark.django_db
Status = Translation.Status


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sent: list[int] = []

    def record(*, translation_id: int) -> bool:
        sent.append(translation_id)
        return True

    monkeypatch.setattr(pipeline, "translation_enqueue", record)
    return sent


@pytest.fixture
def queued(settings: object) -> dict[str, list[int]]:
    """Two never published, three published long ago (oldest first), one just published."""
    settings.TRANSLATION_QUEUED_GRACE_SECONDS = 60  # type: ignore[attr-defined]
    now = timezone.now()
    return {
        "unpublished": [TranslationFactory(enqueued_at=None).pk for _ in range(2)],
        "stale": [
            TranslationFactory(enqueued_at=now - timedelta(minutes=m)).pk for m in (30, 20, 10)
        ],
        "fresh": [TranslationFactory(enqueued_at=now).pk],
    }


def sweep_with_backlog(monkeypatch: pytest.MonkeyPatch, backlog: int | None) -> None:
    monkeypatch.setattr(queue, "backlog", lambda name: backlog)
    pipeline.translations_sweep()


def test_broker_unreadable_publishes_every_stale_one(
    monkeypatch: pytest.MonkeyPatch, queued: dict[str, list[int]], published: list[int]
) -> None:
    sweep_with_backlog(monkeypatch, None)
    assert published == queued["unpublished"] + queued["stale"]


def test_full_backlog_publishes_only_the_never_published(
    monkeypatch: pytest.MonkeyPatch, queued: dict[str, list[int]], published: list[int]
) -> None:
    # Four wake-ups wait in the broker for the four published translations.
    sweep_with_backlog(monkeypatch, 4)
    assert published == queued["unpublished"]


def test_short_backlog_tops_up_with_the_oldest(
    monkeypatch: pytest.MonkeyPatch, queued: dict[str, list[int]], published: list[int]
) -> None:
    # Six queued, two never published, two wake-ups in the broker: two were lost (a killed
    # worker had taken them); the queue is FIFO, so they are the oldest.
    sweep_with_backlog(monkeypatch, 2)
    assert published == queued["unpublished"] + queued["stale"][:2]


def test_empty_backlog_publishes_stale_but_not_fresh(
    monkeypatch: pytest.MonkeyPatch, queued: dict[str, list[int]], published: list[int]
) -> None:
    sweep_with_backlog(monkeypatch, 0)
    assert published == queued["unpublished"] + queued["stale"]
    assert queued["fresh"][0] not in published
