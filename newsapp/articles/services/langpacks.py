"""Language packs from the web: upload an ``.argosmodel``, install it in the background,
remove a pack. Only editors holding ``articles.manage_langpacks`` may (docs/langpacks.md).

An upload is checked at once by the same validator as ``langpacks install --file``
(``newsapp.mt.argos.packs``) and refused with its message; a valid one waits in
``ARGOS_PACKAGES_DIR/.uploads/`` and a task installs it, recording progress on the
:class:`LanguagePackUpload` row that the page polls. Other processes notice the new pack
through the packages folder's stamp (``packs.version``), without a restart.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from newsapp import queue
from newsapp.articles.models import LanguagePackUpload, Translation
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor
from newsapp.mt import argos, registry
from newsapp.mt.argos import packs
from newsapp.mt.argos.engine import PIVOT
from newsapp.mt.base import MTError

logger = logging.getLogger(__name__)

PERMISSION = "articles.manage_langpacks"
INSTALL_TASK = "newsapp.articles.tasks.langpack_install_task"
EXTENSION = ".argosmodel"
UPLOADS = ".uploads"
#: Progress is written at most once per this many percent.
PROGRESS_STEP = 5
#: An upload still waiting after this many seconds may be installed by the web process.
INSTALL_HERE_AFTER_SECONDS = 10

Status = LanguagePackUpload.Status


def can_manage(user: Any) -> bool:
    """Editors who hold the permission (superusers hold every permission)."""
    return is_editor(user) and bool(user.has_perm(PERMISSION))


def _require(user: Any) -> None:
    if not can_manage(user):
        raise ServiceError(
            _(
                "Only editors with the permission to manage language packs can do this "
                "(articles | language pack upload | Can install and remove language packs)."
            )
        )


def _safe_name(name: str) -> str:
    """The uploaded file's own name, reduced to safe characters (messages quote it)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._+-]+", "_", base).strip("._") or "package"
    return cleaned[-120:]


def uploads_dir() -> Path:
    folder = packs.packages_dir() / UPLOADS
    folder.mkdir(exist_ok=True)
    return folder


def langpack_upload(*, user: Any, upload: UploadedFile) -> LanguagePackUpload:
    """Check and keep an uploaded ``.argosmodel``, then queue its installation. A bad
    archive is refused with the validator's message and nothing is kept."""
    _require(user)
    name = _safe_name(upload.name or "")
    if not name.lower().endswith(EXTENSION):
        raise ServiceError(
            _(
                "%(name)s is not an Argos package: choose a file ending in %(extension)s "
                "(from the Argos package index, or built with tests.argos_packages)."
            )
            % {"name": name, "extension": EXTENSION}
        )
    cap = settings.ARGOS_MAX_DOWNLOAD_MB * packs.MB
    if (upload.size or 0) > cap:
        raise ServiceError(
            _("%(name)s is %(size)s MB, over the limit of %(limit)s MB (ARGOS_MAX_DOWNLOAD_MB).")
            % {
                "name": name,
                "size": f"{(upload.size or 0) / packs.MB:.0f}",
                "limit": settings.ARGOS_MAX_DOWNLOAD_MB,
            }
        )
    folder = uploads_dir() / secrets.token_hex(8)
    folder.mkdir()
    path = folder / name
    try:
        with path.open("xb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        metadata = argos.validate_archive(path)
    except MTError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ServiceError(str(exc)) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    with transaction.atomic():
        record = LanguagePackUpload.objects.create(
            uploaded_by=user,
            filename=name,
            size=path.stat().st_size,
            path=str(path),
            source_language=metadata["from_code"],
            target_language=metadata["to_code"],
        )
        transaction.on_commit(lambda: queue.publish(INSTALL_TASK, record.pk))
    return record


def _progress_writer(upload_id: int) -> Any:
    last = [-PROGRESS_STEP]

    def write(done: int, total: int) -> None:
        percent = min(99, 100 * done // total) if total else 0
        if percent - last[0] >= PROGRESS_STEP:
            last[0] = percent
            LanguagePackUpload.objects.filter(pk=upload_id, status=Status.INSTALLING).update(
                progress=percent
            )

    return write


@dataclass(frozen=True)
class InstallOutcome:
    status: str
    message: str


def langpack_install(*, upload_id: int) -> InstallOutcome | None:
    """Install a waiting upload. Idempotent: a finished upload is left alone, and a run
    redelivered after a lost worker installs again (which replaces the same pair). None if
    the upload is gone or already finished."""
    claimed = LanguagePackUpload.objects.filter(
        pk=upload_id, status__in=(Status.QUEUED, Status.INSTALLING)
    ).update(status=Status.INSTALLING, progress=0)
    if not claimed:
        return None
    record = LanguagePackUpload.objects.get(pk=upload_id)
    path = Path(record.path)
    if not path.is_file():
        return _finish(
            record,
            Status.FAILED,
            f"The uploaded file {record.filename} is not on this machine "
            f"({packs.packages_dir()}): the web server and the worker that took the job do not "
            "share ARGOS_PACKAGES_DIR. Upload it again, or install it on each worker with "
            "`python manage.py langpacks install --file`.",
        )
    try:
        info = argos.install_from_file(path, progress=_progress_writer(upload_id))
    except MTError as exc:
        return _finish(record, Status.FAILED, str(exc))
    except OSError as exc:  # the folder changed under us (a concurrent install), disk full…
        return _finish(
            record, Status.FAILED, f"{record.filename} could not be installed: {exc}. Try again."
        )
    finally:
        registry.reset()
    return _finish(
        record,
        Status.INSTALLED,
        f"Installed {info.source}→{info.target}"
        + (f" (version {info.version})" if info.version else "")
        + ".",
    )


def _finish(record: LanguagePackUpload, status: str, message: str) -> InstallOutcome:
    if record.path:
        shutil.rmtree(Path(record.path).parent, ignore_errors=True)
    LanguagePackUpload.objects.filter(pk=record.pk, status=Status.INSTALLING).update(
        status=status,
        message=message,
        progress=100 if status == Status.INSTALLED else 0,
        path="",
        finished_at=timezone.now(),
    )
    log = logger.info if status == Status.INSTALLED else logger.warning
    log("language pack upload %s (%s): %s", record.pk, record.filename, message)
    return InstallOutcome(status, message)


def langpack_install_here(*, user: Any, upload_id: int) -> InstallOutcome:
    """Install a waiting upload in this process, when no worker took it (no worker running,
    or the queue unreachable)."""
    _require(user)
    record = LanguagePackUpload.objects.filter(pk=upload_id).first()
    if record is None:
        raise ServiceError(_("That upload no longer exists."))
    if record.status != Status.QUEUED:
        raise ServiceError(
            _("%(name)s is not waiting any more (%(status)s).")
            % {"name": record.filename, "status": record.get_status_display()}
        )
    waited = (timezone.now() - record.created_at).total_seconds()
    if waited < INSTALL_HERE_AFTER_SECONDS:
        raise ServiceError(_("A worker may still take it; wait a few seconds."))
    outcome = langpack_install(upload_id=upload_id)
    if outcome is None:
        raise ServiceError(
            _("%(name)s was taken by a worker meanwhile.") % {"name": record.filename}
        )
    return outcome


@dataclass(frozen=True)
class RemovalPreview:
    source: str
    target: str
    version: str
    #: Queued or running translations that use the pair (they fail if it goes).
    active_translations: int


def langpack_removal_preview(*, source: str, target: str) -> RemovalPreview:
    info = _installed(source, target)
    # Argos pivots through English: x→en also serves x→anything, en→y anything→y.
    uses = Q(article__source_language=source, target_language=target)
    if target == PIVOT:
        uses |= Q(article__source_language=source)
    if source == PIVOT:
        uses |= Q(target_language=target)
    active = Translation.objects.filter(uses, status__in=Translation.ACTIVE).count()
    return RemovalPreview(info.source, info.target, info.version, active)


def _installed(source: str, target: str) -> packs.PackageInfo:
    for info in argos.installed_packages():
        if (info.source, info.target) == (source, target):
            return info
    raise ServiceError(
        _("No Argos package for %(source)s→%(target)s is installed.")
        % {"source": source, "target": target}
    )


def langpack_remove(*, user: Any, source: str, target: str) -> packs.PackageInfo:
    _require(user)
    info = _installed(source, target)
    try:
        argos.remove(source, target)
    except OSError as exc:
        raise ServiceError(
            _("The package %(source)s→%(target)s could not be removed: %(error)s")
            % {"source": source, "target": target, "error": exc}
        ) from None
    finally:
        registry.reset()
    logger.info("language pack %s→%s removed by %s", source, target, user)
    return info
