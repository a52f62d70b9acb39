"""Shared fixtures: personas, the fake engine, generated Argos packages, real Redis/workers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client

from newsapp.core.roles import EDITORS, TRANSLATORS
from newsapp.mt import registry
from tests.fakes import FakeEngine
from tests.processes import Beat, RedisServer, Worker

PASSWORD = "correct horse battery staple"


def _user(username: str, group: str | None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    if group:
        # get_or_create: a transactional test's flush removes the groups the data migration made.
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def translator(db: None) -> User:
    return _user("tess", TRANSLATORS)


@pytest.fixture
def editor(db: None) -> User:
    return _user("eddie", EDITORS)


@pytest.fixture
def outsider(db: None) -> User:
    """Logged in, but in neither desk group."""
    return _user("olga", None)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def translator_client(translator: User) -> Client:
    return _client_for(translator)


@pytest.fixture
def editor_client(editor: User) -> Client:
    return _client_for(editor)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return _client_for(outsider)


@pytest.fixture
def fake_engine(settings: object) -> Iterator[type[FakeEngine]]:
    settings.MT_ENGINES = ["fake"]  # type: ignore[attr-defined]
    registry.reset()
    FakeEngine.calls = []
    FakeEngine.fail_with = None
    yield FakeEngine
    FakeEngine.fail_with = None
    registry.reset()


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Tiny real Argos packages (en→ko, ko→en, en→ja), installed into ARGOS_PACKAGES_DIR."""
    from newsapp.mt import argos
    from tests.argos_packages import build_package

    if not os.environ.get("ARGOS_PACKAGES_DIR"):
        pytest.fail("Run the suite with `make test` (it points ARGOS_PACKAGES_DIR at var/test).")
    out = tmp_path_factory.mktemp("argos-build")
    archives = [build_package(out, s, t, seed=i) for i, (s, t) in enumerate(
        [("en", "ko"), ("ko", "en"), ("en", "ja")])]  # fmt: skip
    for archive in archives:
        argos.install_from_file(archive)
    return archives


@pytest.fixture
def argos_engine(argos_packages: list[Path], settings: object) -> Iterator[None]:
    settings.MT_ENGINES = ["argos"]  # type: ignore[attr-defined]
    registry.reset()
    yield
    registry.reset()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    port = int(os.environ.get("TEST_REDIS_PORT", "6399"))
    server = RedisServer(port, tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def database_url() -> str:
    """A DATABASE_URL for the test database (its name is only known once it is created)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError(f"worker processes cannot share a {db['ENGINE']} test database")
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{quote(db['NAME'])}"


def worker_env(**extra: str) -> dict[str, str]:
    """Environment for a worker process sharing the test database and Redis."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        REDIS_URL=settings.CELERY_BROKER_URL,
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


#: Fixtures through which a test reaches the database.
DATABASE_FIXTURES = frozenset({
    "db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
    "live_server", "django_db_setup",
})  # fmt: skip


def uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db"):
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """NEWSAPP_TEST_DB_ONLY=1 (the PostgreSQL pass of `make test`): run only the tests that
    use the database; the others do not depend on it and already ran on SQLite. Tests marked
    ``backend_independent`` use the database only to have pages to look at (the accessibility
    and language checks): they too ran on SQLite."""
    if os.environ.get("NEWSAPP_TEST_DB_ONLY") != "1":
        return
    dropped = [
        item
        for item in items
        if not uses_database(item) or item.get_closest_marker("backend_independent")
    ]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        gone = {id(item) for item in dropped}
        items[:] = [item for item in items if id(item) not in gone]


@pytest.fixture
def make_worker(tmp_path: Path) -> Iterator[object]:
    workers: list[Worker] = []

    def start(
        name: str = "w1", concurrency: int = 1, queues: str = "mt,celery", **env: str
    ) -> Worker:
        log = tmp_path / f"{name}.log"
        worker = Worker(worker_env(**env), log, name=name, concurrency=concurrency, queues=queues)
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def make_beat(tmp_path: Path) -> Iterator[object]:
    """Start ``celery beat`` (the sweeper's clock, as `make run` does) with a private schedule."""
    beats: list[Beat] = []

    def start(**env: str) -> Beat:
        beat = Beat(worker_env(**env), tmp_path / "beat.log", tmp_path / "celerybeat-schedule")
        beat.start()
        beats.append(beat)
        return beat

    yield start
    for beat in beats:
        beat.stop()


@pytest.fixture(autouse=True)
def _cold_glossary_caches() -> Iterator[None]:
    """Matcher and selector caches live per process; each test starts (and ends) cold."""
    from glossary import selectors

    def reset() -> None:
        selectors.matcher_cache_clear()
        selectors.approved_cache_clear()
        selectors.glossary_stamp_expire()

    reset()
    yield
    reset()
