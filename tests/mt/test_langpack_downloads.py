"""`langpacks install SRC TGT` against a local index and file server started by the test
(security issue, item 9): https only unless a mirror is allowed, checksums, truncated
downloads, redirects, and nothing left behind on failure."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsapp.mt import argos, registry
from newsapp.mt.argos.packs import STAMP
from newsapp.mt.base import MTPermanentError, MTTransientError
from tests.argos_packages import build_package


class PackServer:
    """Serves ``routes`` (path → bytes); ``/cut/…`` promises more bytes than it sends and
    ``/redirect`` sends the client elsewhere."""

    def __init__(self) -> None:
        self.routes: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.redirect_to = ""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", server.redirect_to)
                    self.end_headers()
                    return
                body = server.routes.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.path.startswith("/cut/"):
                    body = body[: len(body) // 2]
                    self.close_connection = True
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def index(self, entries: list[dict[str, object]]) -> str:
        self.routes["/index.json"] = json.dumps(entries).encode()
        return f"{self.base}/index.json"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("build")
    return {
        pair: build_package(out, *pair.split("-"), seed=i).read_bytes()
        for i, pair in enumerate(["en-de", "de-en"])
    }


@pytest.fixture
def server() -> Iterator[PackServer]:
    pack_server = PackServer()
    pack_server.thread.start()
    yield pack_server
    pack_server.httpd.shutdown()
    pack_server.httpd.server_close()


@pytest.fixture
def packs_dir(tmp_path: Path, settings: object) -> Iterator[Path]:
    folder = tmp_path / "packages"
    folder.mkdir()
    settings.ARGOS_PACKAGES_DIR = str(folder)  # type: ignore[attr-defined]
    settings.MT_ENGINES = ["argos"]  # type: ignore[attr-defined]
    settings.ARGOS_HTTP_MIRRORS = []  # type: ignore[attr-defined]
    registry.reset()
    yield folder
    registry.reset()
    argos.forget_models()


def _entry(source: str, target: str, link: str, **extra: object) -> dict[str, object]:
    return {
        "from_code": source,
        "to_code": target,
        "package_version": "0.1",
        "type": "translate",
        "links": [link],
        **extra,
    }


def _allow(settings: object, server: PackServer) -> None:
    settings.ARGOS_HTTP_MIRRORS = [f"{server.base}/"]  # type: ignore[attr-defined]


def test_plain_http_is_refused_without_a_mirror_setting(
    packs_dir: Path, server: PackServer, settings: object
) -> None:
    settings.ARGOS_INDEX_URL = server.index([])  # type: ignore[attr-defined]
    with pytest.raises(MTPermanentError, match=r"over plain http.*ARGOS_HTTP_MIRRORS"):
        argos.download_and_install("en", "de")
    assert server.requests == []  # refused before connecting
    for url in ("file:///etc/passwd", "ftp://example.org/x.argosmodel"):
        settings.ARGOS_INDEX_URL = url  # type: ignore[attr-defined]
        with pytest.raises(MTPermanentError, match="only https links are accepted"):
            argos.index_packages()


def test_a_mirror_setting_covers_only_its_own_prefix(
    packs_dir: Path, server: PackServer, settings: object, packages: dict[str, bytes]
) -> None:
    _allow(settings, server)
    other = server.base.replace("127.0.0.1", "localhost")
    server.routes["/en-de.argosmodel"] = packages["en-de"]
    settings.ARGOS_INDEX_URL = server.index(  # type: ignore[attr-defined]
        [_entry("en", "de", f"{other}/en-de.argosmodel")]
    )
    with pytest.raises(MTPermanentError, match="over plain http"):
        argos.download_and_install("en", "de")
    assert server.requests == ["/index.json"]
    assert list(packs_dir.iterdir()) == []


def test_a_redirect_may_not_leave_the_allowed_urls(
    packs_dir: Path, server: PackServer, settings: object
) -> None:
    _allow(settings, server)
    server.redirect_to = "http://localhost:9/evil.argosmodel"
    settings.ARGOS_INDEX_URL = server.index(  # type: ignore[attr-defined]
        [_entry("en", "de", "/redirect")]
    )
    with pytest.raises(MTPermanentError, match=r"http://localhost:9/evil\.argosmodel over plain"):
        argos.download_and_install("en", "de")
    assert list(packs_dir.iterdir()) == []


def test_checksum_mismatch_installs_nothing(
    packs_dir: Path, server: PackServer, settings: object, packages: dict[str, bytes]
) -> None:
    _allow(settings, server)
    server.routes["/en-de.argosmodel"] = packages["en-de"]
    settings.ARGOS_INDEX_URL = server.index(  # type: ignore[attr-defined]
        [_entry("en", "de", "en-de.argosmodel", sha256=hashlib.sha256(b"other").hexdigest())]
    )
    with pytest.raises(MTPermanentError, match="does not match the index's checksum"):
        argos.download_and_install("en", "de")
    assert server.requests == ["/index.json", "/en-de.argosmodel"]
    assert list(packs_dir.iterdir()) == []  # the temporary download is gone too


def test_truncated_download_is_transient_and_cleaned_up(
    packs_dir: Path, server: PackServer, settings: object, packages: dict[str, bytes]
) -> None:
    _allow(settings, server)
    server.routes["/cut/en-de.argosmodel"] = packages["en-de"]
    settings.ARGOS_INDEX_URL = server.index(  # type: ignore[attr-defined]
        [_entry("en", "de", "/cut/en-de.argosmodel")]
    )
    with pytest.raises(MTTransientError, match="cut off"):
        argos.download_and_install("en", "de")
    assert list(packs_dir.iterdir()) == []


def test_download_size_is_capped(
    packs_dir: Path, server: PackServer, settings: object, packages: dict[str, bytes]
) -> None:
    _allow(settings, server)
    settings.ARGOS_MAX_DOWNLOAD_MB = 0  # type: ignore[attr-defined]
    server.routes["/en-de.argosmodel"] = packages["en-de"]
    settings.ARGOS_INDEX_URL = server.index(  # type: ignore[attr-defined]
        [_entry("en", "de", "/en-de.argosmodel")]
    )
    with pytest.raises(MTPermanentError, match="ARGOS_MAX_DOWNLOAD_MB"):
        argos.download_and_install("en", "de")
    assert list(packs_dir.iterdir()) == []


def test_a_download_goes_through_the_archive_checks(
    packs_dir: Path, server: PackServer, settings: object
) -> None:
    _allow(settings, server)
    server.routes["/junk.argosmodel"] = b"<html>not a package</html>"
    settings.ARGOS_INDEX_URL = server.index(  # type: ignore[attr-defined]
        [_entry("en", "de", "/junk.argosmodel")]
    )
    with pytest.raises(MTPermanentError, match="not a zip archive"):
        argos.download_and_install("en", "de")
    assert list(packs_dir.iterdir()) == []


def test_langpacks_install_downloads_verifies_and_installs_both_directions(
    packs_dir: Path, server: PackServer, settings: object, packages: dict[str, bytes]
) -> None:
    _allow(settings, server)
    entries = []
    for pair, body in packages.items():
        server.routes[f"/{pair}.argosmodel"] = body
        source, target = pair.split("-")
        entries.append(
            _entry(source, target, f"{pair}.argosmodel", sha256=hashlib.sha256(body).hexdigest())
        )
    settings.ARGOS_INDEX_URL = server.index(entries)  # type: ignore[attr-defined]
    out = StringIO()
    call_command("langpacks", "install", "en", "de", stdout=out)
    text = out.getvalue()
    assert "Installed en -> de" in text
    assert "Installed de -> en" in text
    assert "(100%)" in text  # progress was shown
    assert sorted((p.source, p.target) for p in argos.installed_packages()) == [
        ("de", "en"),
        ("en", "de"),
    ]
    assert not [p for p in packs_dir.iterdir() if p.name.startswith(".") and p.name != STAMP]
    assert argos.ArgosEngine().translate_batch(["Seoul spoke."], "en", "de")[0]


def test_langpacks_install_reports_a_missing_pair(
    packs_dir: Path, server: PackServer, settings: object
) -> None:
    _allow(settings, server)
    settings.ARGOS_INDEX_URL = server.index([])  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="no package for en→de"):
        call_command("langpacks", "install", "en", "de", stdout=StringIO())
