"""Fixtures and report hooks of the fault-injection suite (the harness is in harness.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.contrib.auth.models import Group, User

from newsapp import queue
from newsapp.core.roles import TRANSLATORS
from newsapp.mt import registry
from tests.fault.harness import CLUSTER, FIGURES, Cluster
from tests.processes import Beat, RedisServer, Worker


@pytest.fixture
def cluster(
    request: pytest.FixtureRequest,
    transactional_db: None,
    redis_server: RedisServer,
    make_worker: Callable[..., Worker],
    make_beat: Callable[..., Beat],
    settings: Any,
    tmp_path: Path,
) -> Iterator[Cluster]:
    """Real Redis (emptied), and helpers to start workers/beat and submit articles.

    ``transactional_db``: worker processes only see committed rows. The flush after each
    test removes the groups the data migration made, so the desk's group is made here.
    """
    redis_server.ensure_running()
    redis.Redis.from_url(redis_server.url).flushdb()
    queue.publish_backoff_reset()
    settings.MT_ENGINES = ["sleepy"]
    registry.reset()
    group, _ = Group.objects.get_or_create(name=TRANSLATORS)
    author = User.objects.create_user(username="fault-desk", password="x" * 12)
    author.groups.add(group)
    cluster = Cluster(redis_server, tmp_path, author, make_worker, make_beat)
    request.node.stash[CLUSTER] = cluster
    yield cluster
    # The fixtures that made them stop the processes; leave Redis up and empty for what follows.
    redis_server.ensure_running()
    queue.publish_backoff_reset()
    registry.reset()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report_ = yield
    cluster = item.stash.get(CLUSTER, None)
    if report_.failed and cluster is not None:
        report_.sections.append(("fault-injection process logs (tails)", cluster.log_tails()))
    return report_


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines = config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("fault-injection figures")
        for line in lines:
            terminalreporter.write_line(line)
