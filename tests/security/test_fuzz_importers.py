"""Every importer against generated and mutated inputs (issue 20, "Fuzzing of every importer").

Glossary CSV and TBX, TMX and XLIFF go through their pages with the Django test client (an
exception or a 5xx fails), article uploads through the intake form and the reader every
upload uses, ``.argosmodel`` archives through the installer (in a sandbox folder: nothing may
be written outside the packages folder). About 40 inputs per importer, derandomized;
``bench/fuzz_importers.py`` runs the same tests with thousands (FUZZ_EXAMPLES, FUZZ_REPORT).
See tests/security/fuzzing.py for the input kinds.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from newsapp.articles import exports
from newsapp.articles.models import Translation
from newsapp.articles.services import pipeline
from newsapp.core.errors import ServiceError
from newsapp.intake.model import IntakeError
from newsapp.intake.upload import read_upload
from newsapp.mt.argos import packs
from newsapp.mt.base import MTPermanentError
from tests.factories import TranslationFactory
from tests.security import fuzzing as fz

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
REPORT = os.environ.get("FUZZ_REPORT", "")
TALLY = fz.Tally(collect=bool(REPORT))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=not REPORT,  # CI: the same inputs every run; long runs: fresh ones
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate] + ([] if REPORT else [Phase.shrink]),
    suppress_health_check=list(HealthCheck),
)
DIGEST = re.compile(r'name="digest" value="([0-9a-f]{64})"')


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    if REPORT:
        with open(REPORT, "a", encoding="utf-8") as out:
            out.write(TALLY.report() + "\n")
            for importer, failures in TALLY.failures.items():
                for failure in failures[:3]:
                    out.write(f"--- {importer}\n{failure}\n")


def _ok(response: object, what: str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status < 500, f"{what}: {status}"


def _glossary_import(client: Client, data: bytes, name: str) -> None:
    response = client.post(reverse("glossary:import"), {"file": SimpleUploadedFile(name, data)})
    _ok(response, "upload")
    if response.status_code != 302:
        return
    url = response["Location"]
    page = client.get(url)
    _ok(page, "preview")
    found = DIGEST.search(page.content.decode())
    if found:
        _ok(client.post(url, {"digest": found[1]}), "apply")


@FUZZ
@given(data=fz.inputs([fz.GLOSSARY_CSV], fz.glossary_csv()), as_editor=st.booleans())
def test_glossary_csv(
    data: bytes, as_editor: bool, translator_client: Client, editor_client: Client
) -> None:
    client = editor_client if as_editor else translator_client
    TALLY.run("glossary CSV", lambda: _glossary_import(client, data, "glossary.csv"), data)


@FUZZ
@given(data=fz.inputs([fz.TBX, fz.TBX_V2], fz.glossary_tbx()), as_editor=st.booleans())
def test_glossary_tbx(
    data: bytes, as_editor: bool, translator_client: Client, editor_client: Client
) -> None:
    client = editor_client if as_editor else translator_client
    TALLY.run("glossary TBX", lambda: _glossary_import(client, data, "glossary.tbx"), data)


@FUZZ
@given(data=fz.inputs([fz.TMX], fz.tmx()), language=st.sampled_from(["", "en", "zz!"]))
def test_tmx(data: bytes, language: str, editor_client: Client) -> None:
    def attempt() -> None:
        upload = SimpleUploadedFile("memory.tmx", data)
        response = editor_client.post(reverse("memory:import"),
                                      {"file": upload, "source_language": language})  # fmt: skip
        _ok(response, "TMX import")

    TALLY.run("TMX", attempt, data)


@pytest.fixture
def translated(fake_engine: object) -> Translation:
    translation = TranslationFactory(status=Translation.Status.QUEUED)
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    return translation


@FUZZ
@given(st_data=st.data())
def test_xliff(st_data: st.DataObject, translated: Translation, translator_client: Client) -> None:
    sample = exports.xliff_export(translation=translated)
    data = st_data.draw(fz.inputs([sample], fz.xliff_from(sample)))

    def attempt() -> None:
        upload = SimpleUploadedFile("story.ko.xlf", data)
        url = reverse("exports:exchange", args=[translated.pk])
        _ok(translator_client.post(url, {"file": upload}), "XLIFF import")

    TALLY.run("XLIFF", attempt, data)


@FUZZ
@given(data=fz.inputs([fz.STORY_TXT, fz.STORY_MD], fz.story()),
       name=st.sampled_from(["story.txt", "story.md", "story.TXT"]))  # fmt: skip
def test_article_upload_form(
    data: bytes, name: str, fake_engine: object, translator_client: Client
) -> None:
    def attempt() -> None:
        form = {"title": "", "text": "", "source_language": "en", "target_languages": ["ko"],
                "engine": "", "upload": SimpleUploadedFile(name, data)}  # fmt: skip
        _ok(translator_client.post(reverse("articles:create"), form), "article upload")

    TALLY.run("article form", attempt, data)


_DOCX = fz.story_docx()


@FUZZ
@given(
    data=fz.inputs([fz.STORY_TXT, fz.STORY_MD, fz.STORY_HTML, fz.STORY_NINJS, _DOCX], fz.story()),
    name=st.sampled_from(["s.docx", "s.html", "s.md", "s.json", "s.txt", "s.mhtml", "s", "s.doc"]),
)
def test_article_upload_readers(data: bytes, name: str) -> None:
    def attempt() -> None:
        with contextlib.suppress(IntakeError):  # a refusal with a message: expected
            read_upload(name, data)

    TALLY.run("article readers", attempt, data)


def _files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file() or path.is_symlink()}


@FUZZ
@given(data=fz.inputs([fz.argos_archive()], fz.argos_generated()))
def test_argos_archives(data: bytes, tmp_path: Path, settings: object) -> None:
    packages = tmp_path / "packages"
    packages.mkdir(exist_ok=True)
    settings.ARGOS_PACKAGES_DIR = str(packages)  # type: ignore[attr-defined]
    incoming = tmp_path / "incoming"
    incoming.mkdir(exist_ok=True)
    archive = incoming / "fuzz.argosmodel"
    archive.write_bytes(data)
    before = _files(tmp_path)

    def attempt() -> None:
        with contextlib.suppress(MTPermanentError, ServiceError):  # refused with a message
            packs.install_from_file(archive)
        outside = {p for p in _files(tmp_path) - before if packages not in p.parents}
        assert not outside, f"written outside the packages folder: {outside}"
        for entry in packages.iterdir():
            assert entry.resolve().parent == packages.resolve(), entry
        packs.installed_packages()  # the listing never breaks

    try:
        TALLY.run("argos archive", attempt, data)
    finally:
        shutil.rmtree(packages, ignore_errors=True)
