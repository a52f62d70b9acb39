"""The broker seam: publishing wake-ups, and health of Redis and the workers.

This is the only module that talks to Redis directly. Publishing never raises: when
Redis is down the work stays queued in the database and the sweeper publishes it later.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from celery import Task
from django.conf import settings
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def publish(task: Task, *args: Any) -> bool:
    """Send ``task`` with ``args``; False (and a log line) when the broker is unreachable."""
    try:
        task.apply_async(args=args)
    except (OperationalError, redis.exceptions.RedisError, OSError) as exc:
        logger.warning("Queue unavailable, %s%r stays queued in the database: %s", task.name, args, exc)
        return False
    return True


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
    except (OperationalError, redis.exceptions.RedisError, OSError):
        return []
    return sorted(name for reply in replies for name in reply)
