"""The broker seam: publishing wake-ups, and health of Redis and the workers.

This is the only module that talks to Redis directly. Publishing never raises: when
Redis is down the work stays queued in the database and the sweeper publishes it later.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import redis
from celery import Task
from django.conf import settings
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, redis.exceptions.RedisError, OSError)

#: After a failed publish, this process does not wait on the broker again until this
#: (monotonic) time: a web request queueing several translations pays one timeout, not one
#: each, and the sweeper does not stall on a hung Redis. The database keeps the work.
_unavailable_until = 0.0


def publish(task: Task | str, *args: Any) -> bool:
    """Send ``task`` (a task, or its registered name) with ``args``; False (and a log line)
    when the broker is unreachable. Services publish by name, so they never import tasks."""
    global _unavailable_until
    name = task if isinstance(task, str) else task.name
    if time.monotonic() < _unavailable_until:
        logger.info("Queue unavailable, %s%r stays queued in the database", name, args)
        return False
    try:
        if isinstance(task, str):
            from newsapp.celery import app

            app.send_task(task, args=args)  # routed by name (CELERY_TASK_ROUTES)
        else:
            task.apply_async(args=args)
    except BROKER_ERRORS as exc:
        _unavailable_until = time.monotonic() + settings.QUEUE_UNAVAILABLE_BACKOFF_SECONDS
        logger.warning("Queue unavailable, %s%r stays queued in the database: %s", name, args, exc)
        return False
    _unavailable_until = 0.0
    return True


def publish_backoff_reset() -> None:
    """Forget a recent publishing failure (tests, after restarting Redis)."""
    global _unavailable_until
    _unavailable_until = 0.0


def backlog(queue_name: str) -> int | None:
    """Messages waiting in ``queue_name`` (not those a worker has taken); None if unknown."""
    from newsapp.celery import app

    if time.monotonic() < _unavailable_until:
        return None
    try:
        with app.connection_for_read() as connection:
            connection.ensure_connection(max_retries=1)
            channel: Any = connection.default_channel  # kombu's stubs lack queue_declare
            declared = channel.queue_declare(queue=queue_name, durable=True, auto_delete=False)
    except BROKER_ERRORS as exc:
        logger.warning("Cannot read the %r queue length: %s", queue_name, exc)
        return None
    return int(declared.message_count)


def redis_ping() -> tuple[bool, str]:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except (redis.exceptions.RedisError, OSError) as exc:
        return False, str(exc)
    finally:
        client.close()
    return True, "ok"


def workers_ping(timeout: float = 1.0) -> list[str]:
    """Names of the Celery workers that answered a ping within ``timeout`` seconds."""
    from newsapp.celery import app

    try:
        replies = app.control.ping(timeout=timeout) or []
    except BROKER_ERRORS:
        return []
    return sorted(name for reply in replies for name in reply)
