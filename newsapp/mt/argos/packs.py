"""Argos language packs: listing, validated installation, verified downloads.

We list and extract packages ourselves instead of through ``argostranslate.package``: its
listing fails as a whole on one broken folder, and its ``extractall`` trusts the archive.
Every archive, from ``--file`` or from a download, passes :func:`validate_archive` (one safe
top-level folder, strict language codes, capped size and compression ratio) and is extracted
into a hidden staging folder, then moved into place. Rules and settings:
docs/configuration.md, "Language packs".
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from newsapp.mt.base import MTPermanentError, MTTransientError, UnsupportedPairError

logger = logging.getLogger(__name__)

#: A language code as Argos uses them ("en", "ko", "zt", "pt-BR"); nothing else is accepted.
CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
#: The archive's top folder, which becomes the package's folder name.
FOLDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")
MAX_ENTRIES = 10_000
MAX_METADATA_BYTES = 1 << 20
MAX_INDEX_BYTES = 16 << 20
MB = 1 << 20

Progress = Callable[[int, int], None]

#: What reading a damaged or unusual archive raises: besides zipfile's own errors, zlib's for
#: corrupt deflate data, NotImplementedError for an unknown compression method and
#: RuntimeError for an encrypted entry (fuzzing finds).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error,
               NotImplementedError, RuntimeError)  # fmt: skip

_install_lock = threading.Lock()
_warned: set[tuple[str, str]] = set()
#: The file whose content changes on every install and removal (see :func:`version`).
STAMP = ".version"
#: Seconds after which a process scans the folder again even if the stamp did not change
#: (a package folder edited by hand, on a filesystem whose folder times are coarse).
RESCAN_SECONDS = 30.0
_scan_lock = threading.Lock()
_scanned: tuple[str, float, list[PackageInfo], list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class PackageInfo:
    source: str
    target: str
    version: str
    path: Path
    target_prefix: str


def packages_dir() -> Path:
    folder = Path(settings.ARGOS_PACKAGES_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def valid_code(code: object) -> bool:
    return isinstance(code, str) and bool(CODE.match(code))


# --- Listing -----------------------------------------------------------------------------


def _warn_once(path: Path, problem: str) -> None:
    key = (str(path), problem)
    if key not in _warned:
        _warned.add(key)
        logger.warning("Skipping %s in the Argos packages folder: %s", path.name, problem)


def read_package(path: Path) -> PackageInfo | None:
    """The package in ``path``; None for other package types; ValueError if it is broken."""
    try:
        metadata = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError("no metadata.json") from None
    except (OSError, ValueError) as exc:
        raise ValueError(f"metadata.json cannot be read ({exc})") from None
    problem = metadata_problem(metadata)
    if problem == "not a translation package":
        return None
    if problem:
        raise ValueError(problem)
    if not (path / "model").is_dir() or not (path / "sentencepiece.model").is_file():
        raise ValueError("model/ or sentencepiece.model is missing")
    return PackageInfo(
        source=metadata["from_code"],
        target=metadata["to_code"],
        version=str(metadata.get("package_version", "")),
        path=path,
        target_prefix=metadata.get("target_prefix") or "",
    )


def version() -> str:
    """A cheap stamp of the packages folder: its modification time and the token that every
    install and removal rewrites. Two stats and one small read; a process (a worker) that
    sees a new stamp lists the packages again and drops the models it has loaded."""
    folder = packages_dir()
    try:
        token = (folder / STAMP).read_text(encoding="ascii").strip()
    except (OSError, UnicodeError):
        token = ""
    return f"{folder.stat().st_mtime_ns}:{token}"


def _bump_version() -> None:
    """Rewrite the stamp (atomically: a new file renamed over the old one)."""
    folder = packages_dir()
    fd, tmp = tempfile.mkstemp(prefix=".version-", dir=folder)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(f"{time.time_ns()}-{os.getpid()}-{os.urandom(4).hex()}\n")
    os.replace(tmp, folder / STAMP)


def forget_scan() -> None:
    """Make the next listing read the folder again."""
    global _scanned
    with _scan_lock:
        _scanned = None


def _scan() -> tuple[list[PackageInfo], list[tuple[str, str]]]:
    """The folder's listing, read again only when :func:`version` changed (or after
    ``RESCAN_SECONDS``)."""
    global _scanned
    stamp = version()
    with _scan_lock:
        cached = _scanned
    if cached is not None and cached[0] == stamp and time.monotonic() - cached[1] < RESCAN_SECONDS:
        return list(cached[2]), list(cached[3])
    found, problems = _read_folder()
    with _scan_lock:
        _scanned = (stamp, time.monotonic(), found, problems)
    return list(found), list(problems)


def _read_folder() -> tuple[list[PackageInfo], list[tuple[str, str]]]:
    found: dict[tuple[str, str], PackageInfo] = {}
    problems: list[tuple[str, str]] = []
    for path in sorted(packages_dir().iterdir()):
        if path.name.startswith("."):
            continue  # our staging and download folders
        problem = ""
        if not path.is_dir() or path.is_symlink():
            problem = "not a package folder"
        else:
            try:
                info = read_package(path)
            except ValueError as exc:
                problem = str(exc)
            else:
                if info is None:
                    continue
                pair = (info.source, info.target)
                if pair not in found:
                    found[pair] = info
                    continue
                problem = f"a second package for {info.source}→{info.target}"
        _warn_once(path, problem)
        problems.append((path.name, problem))
    return sorted(found.values(), key=lambda p: (p.source, p.target)), problems


def installed_packages() -> list[PackageInfo]:
    """Every usable translation package, one per pair. A broken folder is skipped with a
    warning (logged once), never failing the listing."""
    return _scan()[0]


def broken_packages() -> list[tuple[str, str]]:
    """``(entry name, problem)`` for each entry of the packages folder that is skipped."""
    return _scan()[1]


# --- Validation and installation ---------------------------------------------------------


def metadata_problem(metadata: object) -> str:
    """What is wrong with a package's metadata, or "" when it is usable."""
    if not isinstance(metadata, dict):
        return "metadata.json is not a JSON object"
    if metadata.get("type", "translate") != "translate":
        return "not a translation package"
    for key in ("from_code", "to_code"):
        if not valid_code(metadata.get(key)):
            return f"{key} {metadata.get(key)!r} is not a language code (like en, ko or pt-BR)"
    prefix = metadata.get("target_prefix", "")
    if prefix is not None and not isinstance(prefix, str):
        return "target_prefix is not a string"
    version = metadata.get("package_version", "")
    if not isinstance(version, str | int | float) or len(str(version)) > 32:
        return "package_version is not a short version string"
    return ""


def _member_parts(name: str) -> list[str]:
    """The path of an archive entry as safe relative parts, or a refusal."""
    parts = name.removesuffix("/").split("/")
    unsafe = (
        not name
        or "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or re.match(r"^[A-Za-z]:", name)
        or any(part in ("", ".", "..") for part in parts)
    )
    if unsafe:
        raise MTPermanentError(
            _(
                "the entry %(name)s is not a plain relative path (a top folder or path part "
                "'.', '..', empty or absolute is refused)"
            )
            % {"name": repr(name)}
        )
    return parts


def _inspect(path: Path) -> tuple[str, dict[str, Any]]:
    """Check an archive without extracting it; return its top folder and metadata."""
    if not path.is_file():
        raise MTPermanentError(_("%(path)s does not exist.") % {"path": path})
    if not zipfile.is_zipfile(path):
        raise MTPermanentError(
            _("%(name)s is not an Argos package (not a zip archive).") % {"name": path.name}
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_open(path, archive)
    except MTPermanentError as exc:
        raise MTPermanentError(
            _("%(name)s: %(problem)s.") % {"name": path.name, "problem": exc}
        ) from None
    except _ZIP_ERRORS as exc:
        raise MTPermanentError(
            _("%(name)s is a damaged zip archive (%(error)s).") % {"name": path.name, "error": exc}
        ) from None


def _inspect_open(path: Path, archive: zipfile.ZipFile) -> tuple[str, dict[str, Any]]:
    infos = archive.infolist()
    if not infos:
        raise MTPermanentError(_("the archive is empty"))
    if len(infos) > MAX_ENTRIES:
        raise MTPermanentError(
            _("%(count)s entries; at most %(limit)s are accepted")
            % {"count": len(infos), "limit": MAX_ENTRIES}
        )
    tops: set[str] = set()
    names: set[str] = set()
    total = 0
    for info in infos:
        parts = _member_parts(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise MTPermanentError(
                _("the entry %(name)s is a symbolic link") % {"name": repr(info.filename)}
            )
        tops.add(parts[0])
        if len(parts) == 1 and not info.is_dir():
            raise MTPermanentError(
                _(
                    "the file %(name)s is not inside the package folder "
                    "(a package holds exactly one top-level folder)"
                )
                % {"name": repr(info.filename)}
            )
        names.add("/".join(parts))
        total += info.file_size
    if len(tops) != 1:
        raise MTPermanentError(
            _("it must hold exactly one top-level folder (found %(found)s)")
            % {"found": sorted(tops)}
        )
    top = tops.pop()
    if not FOLDER.match(top):
        raise MTPermanentError(
            _("the top folder %(name)s is not a plain folder name") % {"name": repr(top)}
        )
    cap = settings.ARGOS_MAX_EXTRACTED_MB * MB
    if total > cap:
        raise MTPermanentError(
            _(
                "it would extract to %(size)s MB, over the limit of %(limit)s MB "
                "(ARGOS_MAX_EXTRACTED_MB)"
            )
            % {"size": f"{total / MB:.0f}", "limit": settings.ARGOS_MAX_EXTRACTED_MB}
        )
    ratio = total / max(path.stat().st_size, 1)
    if ratio > settings.ARGOS_MAX_COMPRESSION_RATIO:
        raise MTPermanentError(
            _(
                "it would extract to %(size)s MB from %(packed)s KB, a compression ratio of "
                "%(ratio)s (the limit is %(limit)s, ARGOS_MAX_COMPRESSION_RATIO)"
            )
            % {
                "size": f"{total / MB:.1f}",
                "packed": f"{path.stat().st_size / 1024:.0f}",
                "ratio": f"{ratio:.0f}",
                "limit": settings.ARGOS_MAX_COMPRESSION_RATIO,
            }
        )
    try:
        meta_info = archive.getinfo(f"{top}/metadata.json")
    except KeyError:
        raise MTPermanentError(_("it has no %(top)s/metadata.json") % {"top": top}) from None
    if meta_info.file_size > MAX_METADATA_BYTES:
        raise MTPermanentError(_("metadata.json is too large"))
    try:
        metadata = json.loads(archive.read(meta_info))
    except ValueError as exc:
        raise MTPermanentError(
            _("metadata.json is not valid JSON (%(error)s)") % {"error": exc}
        ) from None
    problem = metadata_problem(metadata)
    if problem:
        raise MTPermanentError(problem)
    if not any(name.startswith(f"{top}/model/") for name in names):
        raise MTPermanentError(_("it has no model/ folder"))
    if f"{top}/sentencepiece.model" not in names:
        raise MTPermanentError(_("it has no sentencepiece.model (BPE packages are not supported)"))
    return top, metadata


def validate_archive(path: Path) -> dict[str, Any]:
    """Check an ``.argosmodel`` before installing it; return its metadata."""
    return _inspect(path)[1]


def _copy_limited(source: IO[bytes], target: IO[bytes], budget: int) -> int:
    written = 0
    while chunk := source.read(MB):
        written += len(chunk)
        if written > budget:
            raise MTPermanentError(
                f"it extracts to more than {settings.ARGOS_MAX_EXTRACTED_MB} MB "
                "(ARGOS_MAX_EXTRACTED_MB)"
            )
        target.write(chunk)
    return written


def _extract(path: Path, destination: Path, progress: Progress | None = None) -> None:
    """Extract a validated archive under ``destination``, counting what is really written
    (an entry's declared size is not trusted)."""
    budget = settings.ARGOS_MAX_EXTRACTED_MB * MB
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            done = 0
            for info in infos:
                target = destination.joinpath(*_member_parts(info.filename))
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, target.open("xb") as out:
                    written = _copy_limited(source, out, budget)
                budget -= written
                done += written
                if progress:
                    progress(done, total)
    except FileExistsError as exc:
        raise MTPermanentError(f"{path.name}: the entry {exc.filename} appears twice.") from None
    except MTPermanentError as exc:
        raise MTPermanentError(f"{path.name}: {exc}.") from None
    except _ZIP_ERRORS as exc:
        raise MTPermanentError(f"{path.name} cannot be extracted ({exc}).") from None


def install_from_file(path: Path, progress: Progress | None = None) -> PackageInfo:
    """Validate, extract into a staging folder, then move into place (replacing the package
    installed for the same pair). ``progress(done, total)`` is called with the bytes
    extracted so far."""
    top, metadata = _inspect(path)
    pair = (metadata["from_code"], metadata["to_code"])
    folder = packages_dir()
    with _install_lock:
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
        try:
            _extract(path, staging, progress)
            forget_scan()
            replaced = {p.path for p in installed_packages() if (p.source, p.target) == pair}
            final = folder / top
            if final.exists() or final.is_symlink():
                replaced.add(final)
            for old in sorted(replaced):
                old.rename(staging / f".old-{old.name}")
            (staging / top).rename(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _models_changed()
    for info in installed_packages():
        if (info.source, info.target) == pair:
            return info
    raise MTPermanentError(f"{path.name} was extracted but is not listed as installed.")


def remove(source: str, target: str) -> list[PackageInfo]:
    removed = [p for p in installed_packages() if (p.source, p.target) == (source, target)]
    with _install_lock:
        for info in removed:
            shutil.rmtree(info.path)
        _models_changed()
    return removed


def _models_changed() -> None:
    """Tell every process: this one at once, the others through the stamp."""
    from newsapp.mt.argos import engine

    _bump_version()
    forget_scan()
    engine.forget_models()


# --- Downloads ---------------------------------------------------------------------------


def index_url() -> str:
    if settings.ARGOS_INDEX_URL:
        return str(settings.ARGOS_INDEX_URL)
    os.environ["ARGOS_PACKAGES_DIR"] = str(settings.ARGOS_PACKAGES_DIR)
    import argostranslate.settings

    return str(argostranslate.settings.remote_package_index)


def check_url(url: str) -> None:
    """Only https, or plain http under a prefix listed in ``ARGOS_HTTP_MIRRORS``."""
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme == "https":
        return
    if scheme == "http" and any(
        prefix and url.startswith(prefix) for prefix in settings.ARGOS_HTTP_MIRRORS
    ):
        return
    if scheme == "http":
        raise MTPermanentError(
            f"Refusing to download {url} over plain http. Use https, or list a local mirror "
            "in ARGOS_HTTP_MIRRORS."
        )
    raise MTPermanentError(f"Refusing to download {url!r}: only https links are accepted.")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect may not leave https (or the allowed mirrors)."""

    def redirect_request(  # type: ignore[no-untyped-def]
        self, req, fp, code, msg, headers, newurl
    ):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def _offline(exc: BaseException) -> MTTransientError:
    return MTTransientError(
        f"Cannot reach the Argos package index ({exc}). Without network, install a "
        "downloaded package with: python manage.py langpacks install --file PATH.argosmodel"
    )


def _stream(url: str, out: IO[bytes], *, max_bytes: int, progress: Progress | None = None) -> str:
    """Copy ``url`` into ``out``; return the SHA-256 of what came. Refuses more than
    ``max_bytes`` and a body shorter than its Content-Length."""
    check_url(url)
    digest = hashlib.sha256()
    try:
        with _opener.open(url, timeout=30) as response:
            total = int(response.headers.get("Content-Length") or 0)
            if total > max_bytes:
                raise MTPermanentError(
                    f"{url} is {total / MB:.0f} MB, over the limit of {max_bytes / MB:.0f} MB "
                    "(ARGOS_MAX_DOWNLOAD_MB)."
                )
            done = 0
            while chunk := response.read(1 << 16):
                done += len(chunk)
                if done > max_bytes:
                    raise MTPermanentError(
                        f"{url} sent more than {max_bytes / MB:.0f} MB (ARGOS_MAX_DOWNLOAD_MB)."
                    )
                digest.update(chunk)
                out.write(chunk)
                if progress:
                    progress(done, total)
    except http.client.IncompleteRead as exc:
        raise MTTransientError(
            f"The download of {url} was cut off after {len(exc.partial)} bytes; try again."
        ) from None
    except urllib.error.HTTPError as exc:
        error: type[MTTransientError | MTPermanentError] = (
            MTTransientError if exc.code >= 500 or exc.code == 429 else MTPermanentError
        )
        raise error(f"{url} answered HTTP {exc.code} {exc.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _offline(exc) from None
    if total and done != total:
        raise MTTransientError(
            f"The download of {url} was cut off ({done} of {total} bytes); try again."
        )
    return digest.hexdigest()


def index_packages() -> list[dict[str, Any]]:
    """The translation packages of the Argos index (network), each with absolute links."""
    url = index_url()
    buffer = io.BytesIO()
    _stream(url, buffer, max_bytes=MAX_INDEX_BYTES)
    try:
        index = json.loads(buffer.getvalue())
    except ValueError as exc:
        raise MTTransientError(f"The Argos package index is not valid JSON ({exc}).") from None
    if not isinstance(index, list):
        raise MTTransientError("The Argos package index is not a list of packages.")
    entries = []
    for entry in index:
        if not isinstance(entry, dict) or entry.get("type", "translate") != "translate":
            continue
        links = entry.get("links") or []
        entry["links"] = [urllib.parse.urljoin(url, str(link)) for link in links]
        entries.append(entry)
    return entries


def download_and_install(source: str, target: str, progress: Progress | None = None) -> PackageInfo:
    """Download the index's package for ``source``→``target``, verify it, and install it
    through :func:`install_from_file`. Nothing is left behind on failure."""
    for code in (source, target):
        if not valid_code(code):
            raise MTPermanentError(f"{code!r} is not a language code (like en, ko or pt-BR).")
    entry = next(
        (e for e in index_packages() if (e.get("from_code"), e.get("to_code")) == (source, target)),
        None,
    )
    if entry is None or not entry["links"]:
        raise UnsupportedPairError(f"The Argos index has no package for {source}→{target}.")
    expected = str(entry.get("sha256") or "").strip().lower()
    max_bytes = settings.ARGOS_MAX_DOWNLOAD_MB * MB
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix=".download-", dir=packages_dir()) as tmp:
        archive = Path(tmp) / f"translate-{source}_{target}.argosmodel"
        for link in entry["links"]:
            try:
                with archive.open("wb") as out:
                    digest = _stream(link, out, max_bytes=max_bytes, progress=progress)
            except MTTransientError as exc:
                problems.append(str(exc))
                continue  # the next mirror, if any
            if expected and digest != expected:
                raise MTPermanentError(
                    f"The package downloaded from {link} does not match the index's checksum "
                    f"(sha256 {digest[:16]}…, expected {expected[:16]}…); nothing was installed."
                )
            return install_from_file(archive)
    raise MTTransientError(" ".join(problems))
