"""Three "machines" on one: network namespaces joined by veth links to a bridge on host A.

    test process (10.X.Y.254) ──┐
    host B (10.X.Y.2) ──────────┼── br0 on host A (10.X.Y.1): Redis, PostgreSQL, gunicorn
    host C (10.X.Y.3) ──────────┘

Each host runs its commands in its own network namespace and its own UTS namespace (so
``%h`` in a worker's name is the host's name, as on real machines). The commands each host
runs are the constants below; docs/operations.md shows the same lines.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.processes import ROOT, log_tail

# --- What each host runs (docs/operations.md, "Several machines", shows these lines) --------
#: Host A, once per release: schema, static files, and the language packs its form offers.
A_SETUP = [
    ".venv/bin/python manage.py migrate --noinput",
    ".venv/bin/python manage.py collectstatic --noinput",
    '.venv/bin/python manage.py langpacks install --file "$LANGPACK"',
]
#: Host A's services.
A_REDIS = (
    'redis-server --bind "$A_IP" --port 6379 --requirepass "$REDIS_PASSWORD" '
    '--dir "$NEWSAPP_VAR_DIR/redis" --appendonly yes --appendfsync everysec '
    '--maxmemory-policy noeviction --save ""'
)
A_WEB = ".venv/bin/python -m gunicorn -c python:newsapp.ops.gunicorn_conf newsapp.wsgi"
#: A worker host, once: its own language packs (in its own ARGOS_PACKAGES_DIR).
WORKER_SETUP = ['.venv/bin/python manage.py langpacks install --file "$LANGPACK"']
#: A worker host's services: a worker, and beat beside it (the sweep takes a Redis lock).
WORKER = (
    ".venv/bin/python -m celery -A newsapp worker -Q mt,celery -n worker@%h --concurrency 1 -l INFO"
)
BEAT = (
    '.venv/bin/python -m celery -A newsapp beat -l INFO -s "$NEWSAPP_VAR_DIR/celerybeat-schedule"'
)


def available() -> str | None:
    """Why network namespaces cannot be used here (None when they can)."""
    if os.geteuid() != 0:
        return "needs root (ip netns)"
    for tool in ("ip", "unshare", "redis-server"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    return None


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)


def _free_subnet() -> str:
    """A 10.x.y.0/24 no interface of this machine uses (other test runs may be building
    their own hosts at the same time)."""
    routes = subprocess.run(["ip", "-4", "route"], capture_output=True, text=True, check=True)
    for _ in range(50):
        prefix = f"10.{random.randint(160, 250)}.{random.randint(1, 254)}"
        if f"{prefix}." not in routes.stdout:
            return prefix
    raise RuntimeError("no free 10.x.y.0/24 subnet")


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the process group (a worker's pool children too), as a crash would."""
        if self.alive:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, timeout: float = 20) -> None:
        if self.alive:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 40) -> str:
        return log_tail(self.log, lines)

    def output_after(self, offset: int) -> str:
        with open(self.log, "rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", errors="replace")


@dataclass
class Host:
    name: str  # "a", "b", "c": also its host name, "host-a"
    namespace: str
    address: str
    directory: Path
    env: dict[str, str] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)

    @property
    def hostname(self) -> str:
        return f"host-{self.name}"

    def _command(self, command: str) -> list[str]:
        return ["ip", "netns", "exec", self.namespace, "unshare", "--uts", "--", "sh", "-c",
                f"hostname {self.hostname} && exec {command}"]  # fmt: skip

    def run(self, command: str, timeout: float = 300) -> str:
        result = subprocess.run(
            self._command(command), cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            output = result.stdout + result.stderr
            raise RuntimeError(f"{self.hostname}: {command} failed:\n{output}")
        return result.stdout

    def start(self, name: str, command: str) -> Service:
        log = self.directory / f"{name}.log"
        with open(log, "ab") as handle:
            process = subprocess.Popen(
                self._command(command), cwd=ROOT, env=self.env, stdout=handle,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        service = Service(name, process, log)
        self.services.append(service)
        return service

    def stop_all(self) -> None:
        for service in reversed(self.services):
            service.stop()
        self.services.clear()


class Network:
    """The namespaces, the bridge and the veth links; ``close()`` removes them all."""

    def __init__(self, directory: Path) -> None:
        self.tag = f"nd{os.getpid() % 10000}"
        self.prefix = _free_subnet()
        self.directory = directory
        self.hosts: dict[str, Host] = {}
        self.test_address = f"{self.prefix}.254"
        self._root_link = f"{self.tag}t"

    @property
    def subnet(self) -> str:
        return f"{self.prefix}.0/24"

    def build(self) -> None:
        a = self._namespace("a", 1)
        ip("-n", a.namespace, "link", "add", "br0", "type", "bridge")
        ip("-n", a.namespace, "addr", "add", f"{a.address}/24", "dev", "br0")
        ip("-n", a.namespace, "link", "set", "br0", "up")
        for name, number in (("b", 2), ("c", 3)):
            host = self._namespace(name, number)
            inside, peer = f"{self.tag}{name}0", f"{self.tag}{name}1"
            ip("link", "add", inside, "type", "veth", "peer", "name", peer)
            ip("link", "set", inside, "netns", host.namespace)
            ip("-n", host.namespace, "link", "set", inside, "name", "eth0")
            ip("-n", host.namespace, "addr", "add", f"{host.address}/24", "dev", "eth0")
            ip("-n", host.namespace, "link", "set", "eth0", "up")
            self._join_bridge(peer)
        # The test process reaches host A (to submit over HTTP and read PostgreSQL).
        ip("link", "add", self._root_link, "type", "veth", "peer", "name", f"{self.tag}t1")
        self._join_bridge(f"{self.tag}t1")
        ip("addr", "add", f"{self.test_address}/24", "dev", self._root_link)
        ip("link", "set", self._root_link, "up")

    def _namespace(self, name: str, number: int) -> Host:
        namespace = f"{self.tag}-{name}"
        ip("netns", "add", namespace)
        ip("-n", namespace, "link", "set", "lo", "up")
        directory = self.directory / f"host-{name}"
        directory.mkdir(parents=True, exist_ok=True)
        host = Host(name, namespace, f"{self.prefix}.{number}", directory)
        self.hosts[name] = host
        return host

    def _join_bridge(self, peer: str) -> None:
        a = self.hosts["a"].namespace
        ip("link", "set", peer, "netns", a)
        ip("-n", a, "link", "set", peer, "master", "br0")
        ip("-n", a, "link", "set", peer, "up")

    def link(self, name: str, up: bool) -> None:
        """Cut (or restore) host ``name``'s cable at host A's end."""
        ip("-n", self.hosts["a"].namespace, "link", "set", f"{self.tag}{name}1",
           "up" if up else "down")  # fmt: skip

    def close(self) -> None:
        for host in self.hosts.values():
            host.stop_all()
        for host in self.hosts.values():
            pids = subprocess.run(["ip", "netns", "pids", host.namespace], capture_output=True,
                                  text=True, check=False).stdout.split()  # fmt: skip
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(pid), signal.SIGKILL)
        time.sleep(0.2)
        subprocess.run(["ip", "link", "del", self._root_link], capture_output=True, check=False)
        for host in self.hosts.values():
            subprocess.run(["ip", "netns", "del", host.namespace], capture_output=True, check=False)
