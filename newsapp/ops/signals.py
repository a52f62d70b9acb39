"""Celery hooks: beat sends one sweep as soon as it starts, so that a restarted desk recovers
lost work (and records the sweeper's heartbeat) without waiting a whole interval."""

from __future__ import annotations

from typing import Any

from celery.signals import beat_init


@beat_init.connect
def sweep_at_beat_start(sender: Any = None, **kwargs: Any) -> None:
    from newsapp import queue
    from newsapp.articles.tasks import translations_sweep_task

    queue.publish(translations_sweep_task)
