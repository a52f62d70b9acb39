"""Browser-test fixtures: Chromium, a live server, and one real Celery worker per package.

The live server (pytest-django's ``live_server``) runs in a thread of this process against
the file-based SQLite test database; the worker is a real ``celery worker`` process on the
same file (``worker_env``) and the suite's own Redis. This process and the worker enable the
same engines: Apertium (en→es, readable), a phrasebook stand-in for en→ko
(``tests/e2e/engines.py``: why), and the tiny generated Argos packages (en→ja).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.test import override_settings
from playwright.sync_api import Browser, sync_playwright

from newsapp import queue
from newsapp.mt import registry
from tests.conftest import worker_env
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, Desk
from tests.processes import RedisServer, Worker

ENGINES = ["apertium", "phrasebook", "argos"]
#: One sentence per engine call, so the progress bar moves in visible steps.
BATCH_SEGMENTS = 1
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary; without it the browser tests skip, except in CI (CI=true)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"{CHROMIUM} is missing: CI must run the browser tests "
                "(`make test` installs it through scripts/system-deps.sh test)."
            )
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-nanum)")
    return CHROMIUM


@pytest.fixture(scope="package")
def browser(chromium: str) -> Iterator[Browser]:
    """Playwright's sync API runs an event loop in this thread, which Django's ORM takes for
    an async context; the tests' ORM calls are synchronous, so allow them while it runs.
    Package scope: the loop (and the permission) end with the browser tests."""
    unsafe = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if unsafe is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = unsafe


@pytest.fixture(scope="package")
def e2e_worker(
    chromium: str,
    django_db_setup: None,
    redis_server: RedisServer,
    argos_packages: list[Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Worker]:
    """Settings for this process and a worker with the same engines, shared by the package."""
    overrides = override_settings(MT_ENGINES=ENGINES, TRANSLATION_BATCH_SEGMENTS=BATCH_SEGMENTS)
    overrides.enable()
    registry.reset()
    env = worker_env(MT_ENGINES=",".join(ENGINES), TRANSLATION_BATCH_SEGMENTS=str(BATCH_SEGMENTS))
    env.pop(ASYNC_UNSAFE, None)
    worker = Worker(
        env, tmp_path_factory.mktemp("e2e-worker") / "worker.log", name="e2e",
        queues="mt,celery,background",
    )  # fmt: skip
    try:
        redis_server.ensure_running()
        redis.Redis.from_url(redis_server.url).flushdb()
        queue.publish_backoff_reset()
        worker.start()
        worker.wait_ready(timeout=60)
        yield worker
    finally:
        worker.stop()
        overrides.disable()
        registry.reset()


@pytest.fixture
def desk(browser: Browser, e2e_worker: Worker, live_server: object) -> Iterator[Desk]:
    """Browser tabs against the live server. ``live_server`` makes the test transactional:
    the worker process only sees committed rows."""
    desk = Desk(browser, str(live_server), e2e_worker)
    yield desk
    desk.close()
