"""A throwaway PostgreSQL cluster for tests: ``initdb`` in a folder, ``pg_ctl`` on a free
port, removed afterwards. As root it runs as the ``postgres`` user (PostgreSQL refuses root).

    python -m tests.pgcluster start DIR    # prints the DATABASE_URL
    python -m tests.pgcluster stop DIR     # stops the server and removes DIR

Only the standard library: scripts/test.sh runs it before any settings exist.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

USER = "newsdesk"
DATABASE = "newsdesk"
#: Durability is pointless for a cluster that lives for one test run.
FAST = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]


def bindir() -> Path:
    """The folder holding initdb and pg_ctl: from PATH, else Debian's newest version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    if not candidates:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return Path(candidates[-1])


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _owner_for_root() -> pwd.struct_passwd | None:
    """The ``postgres`` account when running as root (None otherwise)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError(
            "running as root needs the postgres user (apt-get install postgresql)"
        ) from None


class PostgresCluster:
    """One cluster in ``directory`` (its data in ``directory/data``).

    ``prefix`` runs the server's commands inside something else, e.g.
    ``["ip", "netns", "exec", "hostA"]``; ``allow`` adds a network (CIDR) to pg_hba.conf.
    """

    def __init__(
        self,
        directory: Path,
        *,
        host: str = "127.0.0.1",
        port: int | None = None,
        prefix: Sequence[str] = (),
        allow: str | None = None,
    ) -> None:
        self.directory = directory.resolve()
        self.host, self.port = host, port or free_port()
        self.prefix, self.allow = list(prefix), allow
        self.password = secrets.token_hex(12)
        self.owner = _owner_for_root()

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://{USER}:{self.password}@{self.host}:{self.port}/{DATABASE}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [*self.prefix]
        if self.owner is not None:
            command += ["runuser", "-u", "postgres", "--"]
        command += [str(bindir() / args[0]), *args[1:]]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def _chown(self, path: Path) -> None:
        if self.owner is not None:
            os.chown(path, self.owner.pw_uid, self.owner.pw_gid)

    def start(self) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.data.mkdir(mode=0o700)
        self._chown(self.data)
        with tempfile.NamedTemporaryFile("w", dir=self.directory, delete=False) as pwfile:
            pwfile.write(self.password + "\n")
        os.chmod(pwfile.name, 0o644)  # the postgres user reads it; deleted right after initdb
        try:
            result = self._run(
                "initdb", "-D", str(self.data), "-U", USER, "-E", "UTF8", "--no-locale",
                "--auth-local=trust", "--auth-host=scram-sha-256", f"--pwfile={pwfile.name}",
                check=False,
            )  # fmt: skip
        finally:
            os.unlink(pwfile.name)
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed in {self.data}:\n{result.stdout}{result.stderr}")
        if self.allow:
            with open(self.data / "pg_hba.conf", "a", encoding="utf-8") as hba:
                hba.write(f"host all all {self.allow} scram-sha-256\n")
        options = [
            "-c", f"listen_addresses={self.host}", "-p", str(self.port),
            "-c", "unix_socket_directories=", "-c", "max_connections=200", *FAST,
        ]  # fmt: skip
        log = self.directory / "server.log"
        log.touch()
        self._chown(log)
        result = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(log), "-w", "-t", "60",
            "-o", " ".join(options), "start", check=False,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed:\n{result.stderr}\n{log.read_text()}")
        self._create_database()
        (self.directory / "url").write_text(self.url + "\n", encoding="utf-8")
        return self.url

    def _create_database(self) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        command = [*self.prefix, str(bindir() / "createdb"), "-h", self.host, "-p", str(self.port),
                   "-U", USER, DATABASE]  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"createdb failed: {result.stderr}")
            time.sleep(0.3)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.directory, ignore_errors=True)


def usable_directory(preferred: Path) -> Path:
    """``preferred`` when the postgres user can reach it; a folder in /tmp otherwise (as root
    in a home folder that only root may enter, such as /root)."""
    owner = _owner_for_root()
    preferred.parent.mkdir(parents=True, exist_ok=True)
    if owner is None:
        return preferred
    probe = subprocess.run(
        ["runuser", "-u", "postgres", "--", "test", "-x", str(preferred.parent.resolve())],
        check=False,
    )
    if probe.returncode == 0:
        return preferred
    fallback = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    os.chmod(fallback, 0o755)  # noqa: S103  (the postgres user must enter it)
    print(f"{preferred.parent} is closed to the postgres user; using {fallback}", file=sys.stderr)
    return fallback


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "stop"}:
        print(__doc__, file=sys.stderr)
        return 2
    action, folder = argv[0], Path(argv[1])
    pointer = folder.with_name(folder.name + ".location")
    if action == "start":
        directory = usable_directory(folder)
        pointer.write_text(str(directory), encoding="utf-8")
        print(PostgresCluster(directory).start())
        return 0
    directory = Path(pointer.read_text(encoding="utf-8")) if pointer.exists() else folder
    cluster = PostgresCluster(directory, port=1)
    cluster.stop()
    pointer.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
