"""Host A (Redis, PostgreSQL, gunicorn) built once for the module; hosts B and C are prepared
with their own language-pack folders. Each test starts B's and C's worker and beat itself."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.argos_packages import build_package
from tests.netns import hosts
from tests.netns.hosts import Host, Network
from tests.pgcluster import PostgresCluster, usable_directory
from tests.processes import ROOT, port_open, wait_for

#: The pipeline's clocks, shortened so that recovery takes seconds (every host uses them).
FAST_RECOVERY = {
    "TRANSLATION_LEASE_SECONDS": "5",
    "SWEEPER_INTERVAL_SECONDS": "1",
    "TRANSLATION_QUEUED_GRACE_SECONDS": "2",
    "TRANSLATION_BATCH_SEGMENTS": "1",
    "DATABASE_IDLE_IN_TRANSACTION_TIMEOUT": "5",
}
FIGURES = pytest.StashKey[list[str]]()


@dataclass
class Desk:
    network: Network
    database_url: str
    web_url: str
    username: str
    password: str

    @property
    def a(self) -> Host:
        return self.network.hosts["a"]

    @property
    def workers(self) -> list[Host]:
        return [self.network.hosts["b"], self.network.hosts["c"]]

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.database_url, connect_timeout=5) as connection:
            return list(connection.execute(query, params).fetchall())


def _host_env(host: Host, common: dict[str, str]) -> dict[str, str]:
    base = host.directory
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(base),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "NEWSAPP_VAR_DIR": str(base / "var"),
        "ARGOS_PACKAGES_DIR": str(base / "argos-packages"),
        "XDG_DATA_HOME": str(base / "xdg/data"),
        "XDG_CONFIG_HOME": str(base / "xdg/config"),
        "XDG_CACHE_HOME": str(base / "xdg/cache"),
        **FAST_RECOVERY,
        **common,
    }


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    reason = hosts.available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the several-hosts test: {reason}")
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("netns")
    var = Path(os.environ.get("NEWSAPP_VAR_DIR", ROOT / "var" / "test"))
    network = Network(base / "hosts")
    cluster: PostgresCluster | None = None
    try:
        network.build()
        a = network.hosts["a"]
        key = base / "secret_key"
        key.write_text(secrets.token_urlsafe(50))
        package = build_package(base, "en", "ko")
        cluster = PostgresCluster(
            usable_directory(var / "netns-postgres"), host=a.address, port=5432,
            prefix=["ip", "netns", "exec", a.namespace], allow=network.subnet,
        )  # fmt: skip
        database_url = cluster.start()
        redis_password = secrets.token_hex(12)
        common = {
            "A_IP": a.address,
            "DATABASE_URL": database_url,
            "REDIS_PASSWORD": redis_password,
            "REDIS_URL": f"redis://:{redis_password}@{a.address}:6379/0",
            "DJANGO_SECRET_KEY_FILE": str(key),
            "LANGPACK": str(package),
        }
        for host in network.hosts.values():
            host.env = _host_env(host, common)
        a.env.update(
            DJANGO_ALLOWED_HOSTS=a.address, WEB_ADDR=f"{a.address}:8000", MT_ENGINES="argos",
            WEB_WORKERS="2", WEB_ACCESS_LOG="0",
        )  # fmt: skip
        for worker_host in (network.hosts["b"], network.hosts["c"]):
            worker_host.env.update(
                MT_ENGINES="paced-argos", DJANGO_SETTINGS_MODULE="tests.netns.settings"
            )

        (a.directory / "var" / "redis").mkdir(parents=True)
        a.start("redis", hosts.A_REDIS)
        for command in hosts.A_SETUP:
            a.run(command)
        password = secrets.token_urlsafe(12)
        a.env["DJANGO_SUPERUSER_PASSWORD"] = password
        a.run(".venv/bin/python manage.py createsuperuser --noinput --username desk "
              "--email desk@example.org")  # fmt: skip
        del a.env["DJANGO_SUPERUSER_PASSWORD"]
        web = a.start("web", hosts.A_WEB)
        wait_for(lambda: web.alive and port_open(8000, a.address), 60, interval=0.3,
                 what="gunicorn on host A")  # fmt: skip
        for worker_host in (network.hosts["b"], network.hosts["c"]):
            for command in hosts.WORKER_SETUP:
                worker_host.run(command)
        yield Desk(network, database_url, f"http://{a.address}:8000", "desk", password)
    finally:
        for host in network.hosts.values():
            host.stop_all()
        if cluster is not None:
            cluster.stop()
        network.close()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines = config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("several-hosts figures")
        for line in lines:
            terminalreporter.write_line(line)
