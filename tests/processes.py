"""Real service processes for integration tests: Redis, Celery workers and Celery beat."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wait_for(
    predicate: Callable[[], object], timeout: float, interval: float = 0.1, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def log_tail(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a log file ("" if it does not exist yet)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class RedisServer:
    """A private redis-server with AOF persistence in ``directory``."""

    def __init__(self, port: int, directory: Path) -> None:
        self.port, self.directory = port, directory
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is already taken; set TEST_REDIS_PORT")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
             "--maxmemory-policy", "noeviction"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), 10, what="redis-server")

    def kill(self) -> None:
        """SIGKILL: no shutdown save; what survives is what AOF had fsynced."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        wait_for(lambda: not port_open(self.port), 10, what="redis to go away")

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections, but nothing answers (a hung Redis)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def ensure_running(self) -> None:
        """Undo a test's kill or freeze, so the session's later tests find Redis up."""
        self.thaw()
        if not self.running:
            self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
            self.process.terminate()
            self.process.wait(10)


class _Service:
    """A Celery process in its own process group, logging to ``log``."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.process: subprocess.Popen[bytes] | None = None
        self._log_offset = 0

    def _spawn(self, args: list[str]) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "newsapp", *args],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def output_since_start(self) -> str:
        """What this process wrote to the log since its latest start."""
        try:
            with open(self.log, "rb") as handle:
                handle.seek(self._log_offset)
                return handle.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines: int = 40) -> str:
        return log_tail(self.log, lines)

    def kill(self) -> None:
        """SIGKILL the process and its children (its process group), as an OOM killer would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


class Worker(_Service):
    """A real ``celery worker`` (prefork, ``concurrency`` children) for the test database."""

    def __init__(
        self, env: dict[str, str], log: Path, name: str = "w1", concurrency: int = 1,
        queues: str = "mt,celery",
    ) -> None:  # fmt: skip
        super().__init__(env, log)
        self.name, self.concurrency, self.queues = name, concurrency, queues

    def start(self) -> None:
        self._spawn(
            ["worker", "-Q", self.queues, "-n", f"{self.name}@%h",
             "--concurrency", str(self.concurrency), "--pool", "prefork", "-l", "INFO",
             "--without-gossip", "--without-mingle"]
        )  # fmt: skip

    def wait_ready(self, timeout: float = 30) -> None:
        """Block until the worker has connected to the broker and consumes."""

        def ready() -> bool:
            if not self.alive:
                raise RuntimeError(f"worker {self.name} exited:\n{self.tail()}")
            return " ready." in self.output_since_start()

        wait_for(ready, timeout, what=f"worker {self.name} to be ready")


class Beat(_Service):
    """A real ``celery beat`` process: it sends the sweeper task on schedule, as `make run` does."""

    def __init__(self, env: dict[str, str], log: Path, schedule: Path) -> None:
        super().__init__(env, log)
        self.schedule = schedule

    def start(self) -> None:
        self._spawn(["beat", "-l", "INFO", "-s", str(self.schedule)])
