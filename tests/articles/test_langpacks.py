"""Language packs from the web: upload (same checks as `langpacks install --file`), install
in the background with progress, removal with a confirmation, the permission on every URL,
and other processes noticing a change through the packages folder's stamp."""

from __future__ import annotations

import html
import zipfile
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsapp.articles.models import LanguagePackUpload
from newsapp.articles.services import langpacks
from newsapp.core.errors import ServiceError
from newsapp.core.roles import EDITORS
from newsapp.mt import argos, registry
from newsapp.mt.argos import engine, packs
from tests.argos_packages import build_package
from tests.conftest import _user
from tests.factories import ArticleFactory, TranslationFactory

Status = LanguagePackUpload.Status


@pytest.fixture(scope="module")
def en_de(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_package(tmp_path_factory.mktemp("build-a"), "en", "de", seed=3)


@pytest.fixture(scope="module")
def en_de_other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another real en→de package (different weights), same folder name."""
    return build_package(tmp_path_factory.mktemp("build-b"), "en", "de", seed=11)


@pytest.fixture
def packs_dir(tmp_path: Path, settings: object) -> Iterator[Path]:
    folder = tmp_path / "packages"
    folder.mkdir()
    settings.ARGOS_PACKAGES_DIR = str(folder)  # type: ignore[attr-defined]
    settings.MT_ENGINES = ["argos"]  # type: ignore[attr-defined]
    registry.reset()
    packs.forget_scan()
    yield folder
    registry.reset()
    packs.forget_scan()
    argos.forget_models()


def _grant(user: User) -> User:
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="manage_langpacks")
    )
    return User.objects.get(pk=user.pk)  # a fresh object: no cached permissions


@pytest.fixture
def manager(db: None) -> User:
    """An editor who holds the permission (the ``editor`` persona does not)."""
    return _grant(_user("mona", EDITORS))


@pytest.fixture
def manager_client(manager: User) -> Client:
    client = Client()
    client.force_login(manager)
    return client


def _upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def _pairs() -> set[tuple[str, str]]:
    return {(o.source, o.target) for o in registry.available_pairs()}


# --- who may ----------------------------------------------------------------------------


def _urls() -> dict[str, str]:
    return {
        "page": reverse("articles:langpacks"),
        "upload": reverse("articles:langpack_upload"),
        "status": reverse("articles:langpack_upload_status", args=[1]),
        "install_here": reverse("articles:langpack_install_here", args=[1]),
        "remove": reverse("articles:langpack_remove", args=["en", "de"]),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        # page GET, upload POST, status GET, install-here POST, remove GET, remove POST
        ("anonymous", (302, 302, 302, 302, 302, 302)),
        ("outsider", (403, 403, 403, 403, 403, 403)),
        ("translator", (200, 403, 403, 403, 403, 403)),
        ("editor", (200, 403, 403, 403, 403, 403)),
    ],
)
def test_only_editors_with_the_permission_manage_packs(
    who: str, expected: tuple[int, ...], request: pytest.FixtureRequest, packs_dir: Path
) -> None:
    client = Client() if who == "anonymous" else request.getfixturevalue(f"{who}_client")
    urls = _urls()
    got = (
        client.get(urls["page"]).status_code,
        client.post(urls["upload"]).status_code,
        client.get(urls["status"]).status_code,
        client.post(urls["install_here"]).status_code,
        client.get(urls["remove"]).status_code,
        client.post(urls["remove"]).status_code,
    )
    assert got == expected


@pytest.mark.django_db
def test_a_translator_holding_the_permission_still_cannot(
    translator: User, packs_dir: Path
) -> None:
    client = Client()
    client.force_login(_grant(translator))
    assert client.post(reverse("articles:langpack_upload")).status_code == 403
    assert not langpacks.can_manage(User.objects.get(pk=translator.pk))


@pytest.mark.django_db
def test_the_page_shows_the_upload_form_only_to_managers(
    editor_client: Client, manager_client: Client, packs_dir: Path
) -> None:
    plain = editor_client.get(reverse("articles:langpacks")).content.decode()
    assert 'enctype="multipart/form-data"' not in plain
    assert "Editors who hold the language-pack permission" in plain
    page = manager_client.get(reverse("articles:langpacks")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "No Argos package is installed." in page


# --- upload and install -----------------------------------------------------------------


@pytest.mark.django_db
def test_upload_installs_in_the_background_and_the_pair_appears(
    manager_client: Client,
    manager: User,
    packs_dir: Path,
    en_de: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    published: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(
        "newsapp.queue.publish", lambda task, *args: published.append((task, args)) or True
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = manager_client.post(
            reverse("articles:langpack_upload"), {"package": _upload(en_de)}
        )
    assert response.status_code == 302
    upload = LanguagePackUpload.objects.get()
    assert (upload.status, upload.source_language, upload.target_language) == (
        Status.QUEUED,
        "en",
        "de",
    )
    assert upload.uploaded_by == manager
    assert published == [(langpacks.INSTALL_TASK, (upload.pk,))]
    assert Path(upload.path).is_file()
    assert Path(upload.path).parent.parent.name == ".uploads"
    assert ("en", "de") not in _pairs()

    page = manager_client.get(reverse("articles:langpacks")).content.decode()
    assert "Waiting for a worker to install it." in page
    assert "data-poll" in page

    progress: list[int] = []
    real = langpacks._progress_writer

    def spy(upload_id: int) -> object:
        write = real(upload_id)

        def both(done: int, total: int) -> None:
            write(done, total)
            progress.append(LanguagePackUpload.objects.get(pk=upload_id).progress)

        return both

    monkeypatch.setattr(langpacks, "_progress_writer", spy)
    outcome = langpacks.langpack_install(upload_id=upload.pk)
    assert outcome is not None
    assert outcome.status == Status.INSTALLED
    assert progress
    assert progress == sorted(progress)
    assert 0 < max(progress) <= 99
    upload.refresh_from_db()
    assert (upload.status, upload.progress, upload.path) == (Status.INSTALLED, 100, "")
    assert upload.message == "Installed en→de (version 0.1)."
    assert not any((packs_dir / ".uploads").iterdir()), "the upload was not cleaned up"
    assert ("en", "de") in _pairs()
    assert engine.ArgosEngine().translate_batch(["Hello."], "en", "de")[0]

    # A second delivery of the same task changes nothing.
    assert langpacks.langpack_install(upload_id=upload.pk) is None

    fragment = manager_client.get(
        reverse("articles:langpack_upload_status", args=[upload.pk]), HTTP_HX_REQUEST="true"
    )
    assert fragment["HX-Trigger"] == "langpacks-changed"
    assert "data-poll" not in fragment.content.decode()
    assert "Installed en→de" in fragment.content.decode()
    pairs = manager_client.get(
        reverse("articles:langpacks") + "?part=pairs", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "English" in pairs
    assert "German" in pairs
    assert "<html" not in pairs


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "members", "message"),
    [
        ("empty.argosmodel", None, "The submitted file is empty."),
        ("text.argosmodel", {}, "text.argosmodel is not an Argos package (not a zip archive)."),
        (
            "evil.argosmodel",
            {"../escape/metadata.json": "{}"},
            "evil.argosmodel: the entry '../escape/metadata.json' is not a plain relative path",
        ),
        (
            "nomodel.argosmodel",
            {"pkg/metadata.json": '{"from_code": "en", "to_code": "de"}', "pkg/x": "y"},
            "nomodel.argosmodel: it has no model/ folder.",
        ),
        (
            "badcode.argosmodel",
            {"pkg/metadata.json": '{"from_code": "<b>", "to_code": "de"}'},
            "badcode.argosmodel: from_code '<b>' is not a language code (like en, ko or pt-BR).",
        ),
        ("notes.txt", {"pkg/a": "b"}, "notes.txt is not an Argos package: choose a file ending"),
    ],
)
def test_a_bad_archive_is_refused_with_the_validators_message(
    manager_client: Client,
    packs_dir: Path,
    tmp_path: Path,
    name: str,
    members: dict[str, str] | None,
    message: str,
) -> None:
    path = tmp_path / name
    if members is None:
        path.write_bytes(b"")
    elif not members:
        path.write_text("not a zip")
    else:
        _zip(path, members)
    response = manager_client.post(reverse("articles:langpack_upload"), {"package": _upload(path)})
    assert response.status_code == 400
    assert html.escape(message) in response.content.decode()
    assert not LanguagePackUpload.objects.exists()
    uploads = packs_dir / ".uploads"
    assert not uploads.exists() or not any(uploads.iterdir()), "a refused upload was kept"


@pytest.mark.django_db
def test_no_file_is_a_clear_message(manager_client: Client, packs_dir: Path) -> None:
    response = manager_client.post(reverse("articles:langpack_upload"), {})
    assert response.status_code == 400
    assert "Choose an .argosmodel file to upload." in response.content.decode()


@pytest.mark.django_db
def test_an_upload_over_the_size_limit_is_refused(
    manager: User, packs_dir: Path, en_de: Path, settings: object
) -> None:
    settings.ARGOS_MAX_DOWNLOAD_MB = 0  # type: ignore[attr-defined]
    with pytest.raises(ServiceError, match=r"over the limit of 0 MB \(ARGOS_MAX_DOWNLOAD_MB\)"):
        langpacks.langpack_upload(user=manager, upload=_upload(en_de))


@pytest.mark.django_db
def test_a_worker_without_the_file_fails_the_upload_with_the_reason(
    manager: User, packs_dir: Path, en_de: Path
) -> None:
    upload = langpacks.langpack_upload(user=manager, upload=_upload(en_de))
    Path(upload.path).unlink()  # as on a worker machine that does not share the folder
    outcome = langpacks.langpack_install(upload_id=upload.pk)
    assert outcome is not None
    assert outcome.status == Status.FAILED
    assert "do not share ARGOS_PACKAGES_DIR" in outcome.message
    upload.refresh_from_db()
    assert upload.status == Status.FAILED
    assert upload.finished_at is not None


@pytest.mark.django_db
def test_a_disk_error_fails_the_upload_instead_of_leaving_it_installing(
    manager: User, packs_dir: Path, en_de: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload = langpacks.langpack_upload(user=manager, upload=_upload(en_de))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(argos, "install_from_file", full)
    outcome = langpacks.langpack_install(upload_id=upload.pk)
    assert outcome is not None
    assert outcome.status == Status.FAILED
    assert "could not be installed: [Errno 28] No space left on device. Try again." in (
        outcome.message
    )
    assert not Path(upload.path).exists()


@pytest.mark.django_db
def test_install_here_when_no_worker_took_the_upload(
    manager_client: Client, manager: User, packs_dir: Path, en_de: Path
) -> None:
    upload = langpacks.langpack_upload(user=manager, upload=_upload(en_de))
    url = reverse("articles:langpack_install_here", args=[upload.pk])
    response = manager_client.post(url, follow=True)
    assert "A worker may still take it; wait a few seconds." in response.content.decode()
    assert ("en", "de") not in _pairs()
    LanguagePackUpload.objects.filter(pk=upload.pk).update(
        created_at=upload.created_at.replace(year=2000)
    )
    response = manager_client.post(url, follow=True)
    assert "Installed en→de (version 0.1)." in response.content.decode()
    assert ("en", "de") in _pairs()
    response = manager_client.post(url, follow=True)
    assert "is not waiting any more (Installed)" in response.content.decode()


# --- removal ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_removal_asks_first_then_removes(
    manager_client: Client, packs_dir: Path, en_de: Path
) -> None:
    argos.install_from_file(en_de)
    article = ArticleFactory(source_language="en")
    TranslationFactory(article=article, target_language="de", status="running")
    url = reverse("articles:langpack_remove", args=["en", "de"])
    page = manager_client.get(reverse("articles:langpacks")).content.decode()
    assert url in page
    confirm = manager_client.get(url).content.decode()
    assert "Remove the Argos package en→de?" in confirm
    assert "1 translation waiting or running may use this package" in confirm
    assert ("en", "de") in _pairs()

    response = manager_client.post(url, follow=True)
    assert "Removed the Argos package en→de." in response.content.decode()
    assert ("en", "de") not in _pairs()
    response = manager_client.post(url, follow=True)
    assert "No Argos package for en→de is installed." in response.content.decode()
    response = manager_client.get(reverse("articles:langpack_remove", args=["xx", "de"]))
    assert response.status_code == 302


# --- other processes notice -------------------------------------------------------------


def test_the_stamp_changes_on_install_and_removal(packs_dir: Path, en_de: Path) -> None:
    before = packs.version()
    assert packs.version() == before  # stable while nothing changes
    argos.install_from_file(en_de)
    installed = packs.version()
    assert installed != before
    argos.remove("en", "de")
    assert packs.version() not in (before, installed)


def test_another_process_install_reaches_a_running_engine_without_a_restart(
    packs_dir: Path, en_de: Path, en_de_other: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the folder is shared between processes: the install below skips this process's
    own cache resets, as an install by the web server or another worker would."""
    argos.install_from_file(en_de)
    worker = engine.ArgosEngine()
    first = worker.translate_batch(["Hello world."], "en", "de")
    model = next(iter(engine._loaded.values()))

    monkeypatch.setattr(engine, "forget_models", lambda: None)
    monkeypatch.setattr(packs, "forget_scan", lambda: None)
    argos.install_from_file(en_de_other)
    monkeypatch.undo()

    second = worker.translate_batch(["Hello world."], "en", "de")
    reloaded = next(iter(engine._loaded.values()))
    assert reloaded is not model, "the worker kept the replaced package's model"
    assert second != first

    monkeypatch.setattr(engine, "forget_models", lambda: None)
    monkeypatch.setattr(packs, "forget_scan", lambda: None)
    argos.remove("en", "de")
    monkeypatch.undo()
    assert ("en", "de") not in worker.available_pairs()
    assert not engine._loaded or next(iter(engine._loaded.values())) is not reloaded


@pytest.mark.django_db
def test_the_demo_editor_may_manage_packs_and_the_demo_translator_may_not(
    settings: object,
) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("seed_demo", stdout=StringIO())
    assert langpacks.can_manage(User.objects.get(username="editor"))
    assert not langpacks.can_manage(User.objects.get(username="translator"))


@pytest.mark.django_db
def test_the_upload_script_gets_where_to_go_and_the_message_waits_there(
    manager_client: Client, packs_dir: Path, en_de: Path
) -> None:
    """static/js/langpacks.js posts with X-Requested-With (for its progress bar)."""
    response = manager_client.post(
        reverse("articles:langpack_upload"),
        {"package": _upload(en_de)},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    assert response.json() == {"redirect": reverse("articles:langpacks")}
    page = manager_client.get(response.json()["redirect"]).content.decode()
    assert f"{en_de.name} (en→de) passed the checks; it is being installed." in page


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_whatever_the_uploads(
    manager_client: Client, manager: User, packs_dir: Path
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(reverse("articles:langpacks")).status_code == 200
        return len(captured.captured_queries)

    LanguagePackUpload.objects.create(uploaded_by=manager, filename="a.argosmodel")
    one = queries()
    for n in range(12):
        LanguagePackUpload.objects.create(uploaded_by=manager, filename=f"{n}.argosmodel")
    assert queries() == one
    # session, user, groups, 2 × permissions, uploads; the navigation's unread notifications
    # and review-queue counts.
    assert one == 8, one


@pytest.mark.django_db
def test_the_page_reads_the_uploads_before_the_pairs(
    manager_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upload that finishes while the page is made must show in its pairs: read after it
    (read before, the card came out finished, stopped polling, and never refreshed them)."""
    from newsapp.articles.selectors import langpacks as page_selectors

    order: list[str] = []
    uploads, pairs = page_selectors.recent_uploads, page_selectors.pair_rows

    def recent_uploads() -> object:
        order.append("uploads")
        return uploads()

    def pair_rows() -> object:
        order.append("pairs")
        return pairs()

    monkeypatch.setattr(page_selectors, "recent_uploads", recent_uploads)
    monkeypatch.setattr(page_selectors, "pair_rows", pair_rows)
    assert manager_client.get(reverse("articles:langpacks")).status_code == 200
    assert order == ["uploads", "pairs"]
