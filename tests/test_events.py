"""Domain events run their subscribers after commit, and one failing subscriber spares the rest."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from newsapp.core import events


@pytest.fixture
def seen() -> Any:
    got: list[dict[str, Any]] = []

    def handler(**payload: Any) -> None:
        got.append(payload)

    events.subscribe("article.in_review", handler)
    yield got
    events.unsubscribe("article.in_review", handler)


@pytest.mark.django_db(transaction=True)
def test_subscribers_run_after_commit_and_never_for_a_rollback(seen: list[Any]) -> None:
    with transaction.atomic():
        events.emit("article.in_review", article_id=1)
        assert seen == []  # not yet: the transaction may still roll back
    assert seen == [{"article_id": 1}]

    def emit_then_fail() -> None:
        with transaction.atomic():
            events.emit("article.in_review", article_id=2)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        emit_then_fail()
    assert seen == [{"article_id": 1}]


@pytest.mark.django_db(transaction=True)
def test_a_failing_subscriber_does_not_stop_the_others(
    seen: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**payload: Any) -> None:
        raise ValueError("boom")

    events.subscribe("article.in_review", broken)
    try:
        events.emit("article.in_review", article_id=3)
    finally:
        events.unsubscribe("article.in_review", broken)
    assert seen == [{"article_id": 3}]
    assert "subscriber" in caplog.text


def test_unknown_events_and_missing_keys_are_refused() -> None:
    with pytest.raises(events.UnknownEvent):
        events.emit("article.exploded", article_id=1)
    with pytest.raises(ValueError, match="article_id"):
        events.emit("article.in_review")
