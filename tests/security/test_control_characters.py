"""Control characters and deep nesting (issue 20 item 6): stripped on every input path, and
stored ones never give a 500 or a file that is not well-formed."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from glossary import io as glossary_io
from glossary.models import Concept, ImportBatch
from newsapp.articles import exports
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import editing, pipeline, xliff
from newsapp.core.safexml import MAX_DEPTH, UnsafeXMLError, xml_bytes_clean, xml_check
from newsapp.core.sanitize import data_clean, text_clean
from newsapp.memory import services as memory_services
from newsapp.memory.models import TMEntry
from tests.api.conftest import token_client
from tests.factories import TranslationFactory
from tests.glossary_factories import concept_with_terms
from tests.memory.samples import SAMPLE_TMX

pytestmark = pytest.mark.django_db

BAD = "\x01\x0b\x1b"


def test_text_clean_keeps_tab_newline_and_carriage_return() -> None:
    assert text_clean(f"a{BAD}b\tc\nd\re\x00f\ufffeg\uffffh\ud800i\x7fj") == "ab\tc\nd\refghi\x7fj"
    assert data_clean({"k\x01": [f"x{BAD}", ("y\x02", 3)], "n": None}) == {
        "k": ["x", ("y", 3)], "n": None,
    }  # fmt: skip
    assert xml_bytes_clean(f"<a>{BAD}é\ufffe</a>".encode()) == "<a>é</a>".encode()
    utf16 = "<a>x</a>".encode("utf-16")
    assert xml_bytes_clean(utf16) == utf16  # NUL bytes belong to UTF-16: left alone


@pytest.fixture
def poisoned(fake_engine: object) -> Translation:
    """A translated article whose stored title, source and target hold control characters,
    as data written before the input rule (straight to the database) would."""
    translation = TranslationFactory(status=Translation.Status.QUEUED)
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    Article.objects.filter(pk=translation.article_id).update(title=f"North{BAD} Korea")
    segment = translation.segments.order_by("order").first()
    assert segment is not None
    Segment.objects.filter(pk=segment.pk).update(
        source=f"Kirby{BAD} said.", target_text=f"커비는{BAD} 말했다."
    )
    return selectors.translation_get(pk=translation.pk)


def _well_formed(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314  # our own export; raises ParseError on a control char


def test_stored_control_characters_never_break_an_export(
    poisoned: Translation, translator_client: Client
) -> None:
    for fmt in exports.FORMATS:
        url = reverse("exports:download", args=[poisoned.pk, fmt])
        response = translator_client.get(url)
        assert response.status_code == 200, fmt
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming  # the XLIFF is streamed
            else response.content
        )
        if fmt != "docx":  # a zip archive: its bytes are binary
            assert not any(ch.encode() in body for ch in BAD), fmt
        if fmt == "xliff":
            root = _well_formed(body)
            assert "커비는 말했다." in "".join(root.itertext())
        if fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                _well_formed(archive.read("word/document.xml"))
                _well_formed(archive.read("docProps/core.xml"))
    text = translator_client.get(reverse("articles:download", args=[poisoned.pk]))
    assert text.status_code == 200
    assert b"\x01" not in text.content


def test_stored_control_characters_never_break_glossary_and_memory_exports(
    translator_client: Client,
) -> None:
    concept = concept_with_terms(("en", "Pyongyang"), ("ko", "평양"))
    Concept.objects.filter(pk=concept.pk).update(definition=f"Capital{BAD} city")
    response = translator_client.get(reverse("glossary:export"), {"format": "tbx"})
    tbx = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    root = _well_formed(tbx)
    assert "Capital city" in "".join(root.itertext())
    csv = translator_client.get(reverse("glossary:export"), {"format": "csv"})
    assert b"\x01" not in b"".join(csv.streaming_content)  # type: ignore[attr-defined]
    TMEntry.objects.create(
        source_text=f"Hello{BAD}.", target_text=f"안녕{BAD}.", source_language="en",
        target_language="ko", source_key="hello", source_length=6,
    )  # fmt: skip
    tmx = translator_client.get(reverse("memory:export"))
    assert tmx.status_code == 200
    data = tmx.content if not tmx.streaming else b"".join(tmx.streaming_content)
    assert "안녕." in "".join(_well_formed(data).itertext())


# --- Every input path strips them ------------------------------------------------------------


def test_article_intake_form_and_upload_strip_them(
    fake_engine: object, translator_client: Client
) -> None:
    form = {"title": f"Title{BAD}", "text": f"Body{BAD} text.", "source_language": "en",
            "target_languages": ["ko"], "engine": ""}  # fmt: skip
    response = translator_client.post(reverse("articles:create"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert (article.title, article.source_text) == ("Title", "Body text.")
    upload = SimpleUploadedFile("story.txt", f"Uploaded{BAD} story.".encode())
    form = {**form, "text": "", "upload": upload}
    assert translator_client.post(reverse("articles:create"), form).status_code == 302
    assert Article.objects.order_by("-pk").first().source_text == "Uploaded story."  # type: ignore[union-attr]


def test_segment_saves_strip_them(fake_engine: object, translator: User) -> None:
    translation = TranslationFactory(status=Translation.Status.QUEUED)
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    segment = translation.segments.order_by("order").first()
    assert segment is not None
    saved = editing.segment_save(segment_id=segment.pk, user=translator,
                                 text=f"새{BAD} 문장.", version=segment.version)  # fmt: skip
    assert saved.target_text == "새 문장."


def test_glossary_and_memory_forms_strip_them(editor_client: Client) -> None:
    concept = concept_with_terms(("en", "Seoul"))
    response = editor_client.post(reverse("glossary:concept_edit", args=[concept.pk]),
                                  {"definition": f"Capital{BAD}", "subject": "places"})  # fmt: skip
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.definition == "Capital"
    entry = TMEntry.objects.create(
        source_text="Hello.", target_text="안녕.", source_language="en", target_language="ko",
        source_key="hello", source_length=6,
    )  # fmt: skip
    editor_client.post(
        reverse("memory:entry", args=[entry.pk]), {"target_text": f"안녕{BAD}하세요."}
    )
    entry.refresh_from_db()
    assert entry.target_text == "안녕하세요."


def test_api_bodies_are_cleaned(fake_engine: object, translator: User) -> None:
    api = token_client(translator)
    response = api.post(
        "/api/v1/articles/",
        {"title": f"API{BAD} title", "text": f"API{BAD} body.", "source_language": "en",
         "target_languages": ["ko"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    article = Article.objects.get()
    assert (article.title, article.source_text) == ("API title", "API body.")
    body = {"definition": f"Def{BAD}", "terms": [{"language": "en", "text": f"Ka{BAD}esong"}]}
    concept = api.post("/api/v1/glossary/concepts/", body, format="json")
    assert concept.status_code == 201, concept.json()
    created = Concept.objects.get(pk=concept.json()["id"])
    assert created.definition == "Def"
    assert created.terms.get().text == "Kaesong"


def test_imports_strip_them(editor: User, translator_client: Client) -> None:
    csv = f"definition,en,ko\nCapital{BAD},Seoul{BAD},서울\n".encode()
    response = translator_client.post(reverse("glossary:import"),
                                      {"file": SimpleUploadedFile("g.csv", csv)})  # fmt: skip
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert "\x01" not in batch.content
    tmx = SAMPLE_TMX.replace(b"Wednesday", b"Wed\x01\x0bnesday\x1b")
    memory_services.tmx_import(data=tmx, user=editor)
    assert TMEntry.objects.filter(source_text__contains="Wednesday").exists()


def test_xliff_import_strips_them(fake_engine: object, editor: User) -> None:
    translation = TranslationFactory(status=Translation.Status.QUEUED)
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    data = exports.xliff_export(translation=translation)
    first = translation.segments.order_by("order").first()
    assert first is not None
    edited = data.replace(first.target_text.encode(), f"고친{BAD} 문장.".encode(), 1)
    assert edited != data
    xliff.xliff_import(translation=translation, data=edited, user=editor)
    first.refresh_from_db()
    assert first.target_text == "고친 문장."


# --- Deep nesting ----------------------------------------------------------------------------


def _nested_tbx(depth: int) -> bytes:
    return (
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c1">'
        + "<aGrp>" * depth + '<descrip type="definition">deep</descrip>' + "</aGrp>" * depth
        + '<langSec xml:lang="en"><termSec><term>Deep</term></termSec></langSec>'
        "</conceptEntry></body></text></tbx>"
    ).encode()  # fmt: skip


def test_five_thousand_nested_agrp_are_refused_clearly(
    translator_client: Client, tmp_path: object
) -> None:
    data = _nested_tbx(5000)
    response = translator_client.post(reverse("glossary:import"),
                                      {"file": SimpleUploadedFile("deep.tbx", data)})  # fmt: skip
    assert response.status_code == 200
    assert f"more than {MAX_DEPTH} levels deep" in response.content.decode()
    path = tmp_path / "deep.tbx"  # type: ignore[operator]
    path.write_bytes(data)
    with pytest.raises(CommandError, match="levels deep"):
        call_command("glossary_import", str(path))
    with pytest.raises(UnsafeXMLError, match="levels deep"):
        xml_check(b"<tmx>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</tmx>")


def test_wrapper_groups_within_the_cap_are_read_without_recursion() -> None:
    parsed = glossary_io.parse_tbx(_nested_tbx(50).decode())
    assert parsed[0].definition == "deep"
    assert [t.text for t in parsed[0].terms] == ["Deep"]
