"""`make run` in a fresh copy of the repository, as a test fixture.

The copy holds the files git knows (tracked, or new and not ignored) with their times kept,
and a link to this checkout's ``.venv`` (so `make` finds it up to date and installs nothing).
The stack runs on free ports with a clean environment: no test settings leak into it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.processes import ROOT, log_tail, wait_for

#: Where `langpacks install en ko` would download from: nothing listens there, so the command
#: meets "no network" the same way on every machine (CI may have internet access).
NO_INDEX = "https://127.0.0.1:9/"  # nothing listens: the index cannot be reached
PROGRAMS = ("web", "worker", "beat", "redis")
_LOGIN = re.compile(r"^\s+(translator|editor)\s+(\S+)\s+\(", re.M)


def fresh_copy(destination: Path) -> Path:
    """What a clone holds: git's files when this is a git checkout, else everything but the
    ignored folders."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=False,
    )  # fmt: skip
    if listed.returncode != 0:
        ignore = shutil.ignore_patterns(".git", ".venv", "var", "__pycache__", "*.egg-info")
        shutil.copytree(ROOT, destination, ignore=ignore, symlinks=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (destination / ".venv").symlink_to(ROOT / ".venv")
    return destination


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a person's shell has: no DJANGO_*, DATABASE_URL, NEWSAPP_* or test variables."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "ARGOS_PACKAGE_INDEX": NO_INDEX,
    }
    env.update(extra)
    return env


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)
    except (urllib.error.URLError, OSError):
        return 0, b"", {}


@dataclass
class Stack:
    root: Path
    home: Path
    web_port: int
    redis_port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    logins: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def env(self, **extra: str) -> dict[str, str]:
        return clean_env(self.home, **extra)

    def start(self) -> None:
        stamp, pyproject = ROOT / ".venv" / ".installed", ROOT / "pyproject.toml"
        if not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime:
            raise RuntimeError(
                "`make` has not built .venv for this pyproject.toml: run `make test`"
            )
        env = self.env(REDIS_PORT=str(self.redis_port), WEB_ADDR=f"127.0.0.1:{self.web_port}")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["make", "run"], cwd=self.root, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        wait_for(lambda: self._alive() and http_get(self.url + "/login/")[0] == 200, 180,
                 interval=0.5, what="make run to serve /login/")  # fmt: skip
        self.logins = dict(_LOGIN.findall(self.log.read_text(errors="replace")))

    def _alive(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            raise RuntimeError(f"make run exited:\n{log_tail(self.log, 60)}")
        return True

    def healthy(self) -> bool:
        return http_get(self.url + "/healthz")[0] == 200

    def supervisorctl(self, *args: str) -> str:
        result = subprocess.run(
            [str(self.root / ".venv/bin/supervisorctl"), "-c", "var/run/supervisord.conf", *args],
            cwd=self.root, capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        return result.stdout.strip()

    def pid(self, program: str) -> int:
        out = self.supervisorctl("pid", program)
        return int(out) if out.isdigit() else 0

    def running(self, program: str) -> bool:
        return " RUNNING " in f" {self.supervisorctl('status', program)} "

    def interrupt(self, timeout: float = 90) -> float:
        """Ctrl-C: SIGINT to the foreground process group, as a terminal sends it."""
        assert self.process is not None
        start = time.monotonic()
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout)
        return time.monotonic() - start

    def leftovers(self) -> list[str]:
        """Processes still running from the copy (their command line names its folder)."""
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if str(self.root) in cmdline or f"--port {self.redis_port} " in cmdline:
                found.append(f"{proc.name}: {cmdline[:160]}")
        return found

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.interrupt(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def readme_commands(readme: Path) -> list[str]:
    """Every command README.md shows, in order: the lines of its ``sh`` blocks (comments
    removed), then the inline code spans starting with ``.venv/bin/`` or ``make `` that no
    block shows."""
    text = readme.read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            command = re.split(r"\s+#", line, maxsplit=1)[0].strip()
            if command and not line.startswith(" "):
                commands.append(command)
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    spans = [c for c in re.findall(r"`([^`\n]+)`", prose) if c.startswith((".venv/bin/", "make "))]
    return commands + [c for c in dict.fromkeys(spans) if c not in commands]
