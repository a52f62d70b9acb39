"""Exports of a translation (each parses back with its paragraphs) and the XLIFF round trip."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import docx
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from translate.storage.xliff import xlifffile

from newsapp.articles import exports
from newsapp.articles.models import Segment, SegmentRevision, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import editing, pipeline, xliff
from newsapp.core.errors import ServiceError
from newsapp.intake.inline import parse_inline
from newsapp.intake.model import Block, Document
from tests.factories import STORY_PARAGRAPHS, STORY_SENTENCES, ArticleFactory, TranslationFactory
from tests.memory.samples import BILLION_LAUGHS, XXE

pytestmark = pytest.mark.django_db

#: Markdown and HTML specials, a line break inside a paragraph, non-ASCII.
TRICKY = (
    "1. The *UN* said <b>no</b> & [more] # to_come.\n"
    "- A second line, in the same paragraph.\n\n"
    "Seoul's «reply» was `short`.   Prices rose 5% | 10%.\n\n"
    "=== Done ==="
)


def translate(translation: Translation) -> Translation:
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    return selectors.translation_get(pk=translation.pk)


@pytest.fixture
def translated(fake_engine: object) -> Translation:
    return translate(TranslationFactory(status=Translation.Status.QUEUED))


@pytest.fixture
def tricky(fake_engine: object) -> Translation:
    article = ArticleFactory(title="Kirby: “No” & <more>", source_text=TRICKY)
    return translate(TranslationFactory(article=article, status=Translation.Status.QUEUED))


def expected_paragraphs(translation: Translation) -> list[str]:
    return selectors.translation_text(translation=translation).split("\n\n")


def segments(translation: Translation) -> list[Segment]:
    return list(translation.segments.order_by("order"))


# --- Each format parses back with its paragraphs --------------------------------------------


def test_the_story_has_its_paragraphs(translated: Translation) -> None:
    paragraphs = expected_paragraphs(translated)
    assert len(paragraphs) == STORY_PARAGRAPHS
    assert all(p.startswith("[ko] ") for p in paragraphs)


@pytest.mark.parametrize("name", ["translated", "tricky"])
def test_txt(name: str, request: pytest.FixtureRequest) -> None:
    translation = request.getfixturevalue(name)
    content = exports.export_render(translation=translation, fmt="txt").content.decode("utf-8")
    assert content.strip().split("\n\n") == expected_paragraphs(translation)


@pytest.mark.parametrize("name", ["translated", "tricky"])
def test_ninjs(name: str, request: pytest.FixtureRequest) -> None:
    """A valid ninjs 2.2 item whose text reads back paragraph by paragraph, markup-like
    characters and line breaks included, linked to the article it translates."""
    import json
    from pathlib import Path

    from jsonschema import Draft202012Validator

    from newsapp.intake.inline import parse_inline
    from newsapp.intake.ninjs import read_ninjs

    translation = request.getfixturevalue(name)
    export = exports.export_render(translation=translation, fmt="ninjs")
    assert export.filename.endswith(".ko.json")
    item = json.loads(export.content)
    schema_file = Path(__file__).parent.parent / "intake" / "data" / "ninjs-schema_2.2.json"
    schema = json.loads(schema_file.read_text("utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(item)] == []
    assert item["uri"] == f"urn:newsdesk:translation:{translation.pk}"
    assert item["language"] == "ko"
    [original] = item["associations"]
    assert original["uri"] == f"urn:newsdesk:article:{translation.article_id}"
    assert original["headlines"][0]["value"] == translation.article.title
    read_back = [parse_inline(p).plain for p in read_ninjs(export.content).paragraphs()]
    assert read_back == expected_paragraphs(translation)
    assert item["bodies"][0]["value"].split("\n\n") == expected_paragraphs(translation)


@pytest.mark.parametrize("name", ["translated", "tricky"])
def test_markdown(name: str, request: pytest.FixtureRequest) -> None:
    from newsapp.intake.markdown_format import read_markdown

    translation = request.getfixturevalue(name)
    content = exports.export_render(translation=translation, fmt="md").content.decode("utf-8")
    plain = [parse_inline(p).plain for p in read_markdown(content).paragraphs()]
    assert plain == expected_paragraphs(translation)


def test_markdown_escapes_only_what_markdown_would_read(tricky: Translation) -> None:
    """Literal asterisks and brackets are escaped; a "#" inside a line is left alone (no
    ``\\#``); reading the file back gives the same paragraphs."""
    from newsapp.intake.markdown_format import read_markdown

    content = exports.export_render(translation=tricky, fmt="md").content.decode("utf-8")
    assert r"\*UN\* said \<b\>no\</b\> \& \[more\] # to\_come." in content
    assert "\\#" not in content
    plain = [parse_inline(p).plain for p in read_markdown(content).paragraphs()]
    assert plain == expected_paragraphs(tricky)


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.inside = False
        self.html_lang = ""
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html_lang = dict(attrs).get("lang") or ""
        elif tag == "title":
            self._in_title = True
        elif tag == "p":
            self.inside = True
            self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.inside = False
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.paragraphs[-1] += data
        elif self._in_title:
            self.title += data


@pytest.mark.parametrize("name", ["translated", "tricky"])
def test_html(name: str, request: pytest.FixtureRequest) -> None:
    translation = request.getfixturevalue(name)
    content = exports.export_render(translation=translation, fmt="html").content.decode("utf-8")
    assert content.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in content
    parser = _Paragraphs()
    parser.feed(content)
    parser.close()
    # A line break inside a paragraph is "<br>\n": the parser sees the "\n".
    assert parser.paragraphs == expected_paragraphs(translation)
    assert parser.html_lang == "ko"
    assert parser.title == ""  # factory articles predate the headline: they have none


def test_html_escapes_and_breaks_lines(tricky: Translation) -> None:
    content = exports.export_render(translation=tricky, fmt="html").content.decode("utf-8")
    assert "<b>" not in content
    assert "&lt;b&gt;no&lt;/b&gt; &amp; [more]" in content
    assert "<br>" in content


def test_html_right_to_left() -> None:
    document = Document(blocks=(Block.paragraph("مرحبا"),), language="ar")
    content = exports.render_html(document).decode()
    assert '<html lang="ar" dir="rtl">' in content


@pytest.mark.parametrize("name", ["translated", "tricky"])
def test_docx(name: str, request: pytest.FixtureRequest) -> None:
    translation = request.getfixturevalue(name)
    content = exports.export_render(translation=translation, fmt="docx").content
    document = docx.Document(io.BytesIO(content))
    assert [p.text for p in document.paragraphs] == expected_paragraphs(translation)
    assert document.core_properties.language == "ko"
    assert b'w:eastAsia="ko"' in _docx_part(content, "word/styles.xml")


def _docx_part(content: bytes, name: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name)


@pytest.mark.parametrize("name", ["translated", "tricky"])
def test_xliff_parses_with_translate_toolkit(name: str, request: pytest.FixtureRequest) -> None:
    translation = request.getfixturevalue(name)
    content = exports.export_render(translation=translation, fmt="xliff").content
    assert b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"' in content
    assert b'version="1.2"' in content
    store = xlifffile.parsestring(content)
    assert store.getsourcelanguage() == "en"
    assert store.gettargetlanguage() == "ko"
    units = store.getunits()
    rows = segments(translation)
    assert [u.source for u in units] == [s.source for s in rows]
    assert [u.target for u in units] == [s.target_text for s in rows]
    assert [u.xmlelement.get("id") for u in units] == [str(s.order + 1) for s in rows]
    # Paragraphs: one <group> per paragraph; re-assembling the units gives the text.
    groups: dict[str, list[str]] = {}
    for unit, segment in zip(units, rows, strict=True):
        group = unit.xmlelement.getparent()
        assert group.tag == store.namespaced("group")
        assert group.get("restype") == "x-paragraph"
        groups.setdefault(group.get("id"), []).append(unit.target + segment.separator)
    assert ["".join(parts).strip() for parts in groups.values()] == expected_paragraphs(translation)
    # Our namespace: version and paragraph index on each unit; a note for tools that drop it.
    first = units[0].xmlelement
    assert first.get(f"{{{exports.ND_NS}}}version") == "1"
    assert first.get(f"{{{exports.ND_NS}}}paragraph") == "0"
    assert "newsdesk segment=1 paragraph=0 version=1" in units[0].getnotes()


def test_xliff_states(translated: Translation, translator: User) -> None:
    _, second, third, *_ = segments(translated)
    editing.segment_save(segment_id=second.pk, user=translator, text="고친 문장.", version=1)
    editing.segment_save(
        segment_id=third.pk, user=translator, text="확정 문장.", version=1, confirm=True
    )
    Segment.objects.filter(pk=segments(translated)[3].pk).update(origin="tm")
    units = xlifffile.parsestring(exports.xliff_export(translation=translated)).getunits()

    def state(unit: object) -> tuple[str | None, str | None, str | None]:
        target = unit.getlanguageNode(lang=None, index=1)  # type: ignore[attr-defined]
        element = unit.xmlelement  # type: ignore[attr-defined]
        return target.get("state"), target.get("state-qualifier"), element.get("approved")

    assert state(units[0]) == ("needs-review-translation", "mt-suggestion", "no")
    assert state(units[1]) == ("translated", None, "no")
    assert state(units[2]) == ("final", None, "yes")
    assert state(units[3]) == ("needs-review-translation", "exact-match", "no")
    assert units[2].isapproved()
    assert not units[0].isapproved()
    assert units[1].xmlelement.get(f"{{{exports.ND_NS}}}version") == "2"


def test_pending_segments_export_with_empty_targets(fake_engine: object) -> None:
    translation = TranslationFactory(status=Translation.Status.QUEUED)
    pipeline._segments_ensure(translation)  # segmented, not translated yet
    store = xlifffile.parsestring(exports.xliff_export(translation=translation))
    assert len(store.units) == STORY_SENTENCES
    target = store.units[0].getlanguageNode(lang=None, index=1)
    assert target.get("state") == "needs-translation"
    assert not store.units[0].target


# --- Downloads ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [
        ("txt", "text/plain; charset=utf-8", "txt"),
        ("md", "text/markdown; charset=utf-8", "md"),
        ("html", "text/html; charset=utf-8", "html"),
        ("docx", exports.DOCX_TYPE, "docx"),
        ("xliff", "application/x-xliff+xml; charset=utf-8", "xlf"),
    ],
)
def test_downloads(
    translated: Translation, translator_client: Client, fmt: str, content_type: str,
    extension: str,
) -> None:  # fmt: skip
    translated.article.title = "Kirby: “No” & <more>/../etc"
    translated.article.save()
    response = translator_client.get(reverse("exports:download", args=[translated.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    # The real title, in any script (RFC 6266 filename*), without path or shell characters.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote(f"Kirby “No” & more .. etc.ko.{extension}")
    )


def test_a_korean_title_names_the_file(translated: Translation, translator_client: Client) -> None:
    translated.article.title = "북한, 동해상으로 탄도미사일 발사"
    translated.article.save()
    assert exports.export_filename(translation=translated, extension="md") == (
        "북한, 동해상으로 탄도미사일 발사.ko.md"
    )
    response = translator_client.get(reverse("exports:download", args=[translated.pk, "docx"]))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("북한, 동해상으로 탄도미사일 발사.ko.docx")
    )


def test_a_title_of_only_unsafe_characters_falls_back_to_the_article_id(
    translated: Translation,
) -> None:
    translated.article.title = "///***"
    assert exports.export_filename(translation=translated, extension="md") == (
        f"article-{translated.article_id}.ko.md"
    )


def test_download_permissions(
    translated: Translation, client: Client, outsider_client: Client, editor_client: Client
) -> None:
    url = reverse("exports:download", args=[translated.pk, "docx"])
    assert client.get(url).status_code == 302
    assert outsider_client.get(url).status_code == 403
    assert outsider_client.get(reverse("exports:exchange", args=[translated.pk])).status_code == 403
    assert editor_client.get(url).status_code == 200
    assert (
        editor_client.get(reverse("exports:download", args=[translated.pk, "pdf"])).status_code
        == 404
    )
    assert editor_client.get(reverse("exports:download", args=[999999, "txt"])).status_code == 404


def test_unknown_format_is_a_service_error(translated: Translation) -> None:
    with pytest.raises(ServiceError, match="Unknown export format"):
        exports.export_render(translation=translated, fmt="pdf")


def test_exchange_page_lists_every_format(
    translated: Translation, translator_client: Client
) -> None:
    body = translator_client.get(reverse("exports:exchange", args=[translated.pk])).content.decode()
    for fmt in exports.FORMATS:
        assert reverse("exports:download", args=[translated.pk, fmt]) in body
    assert "Import an edited XLIFF" in body


# --- XLIFF round trip ---------------------------------------------------------------------


def edit_units(data: bytes, changes: dict[str, str], *, state: str | None = None) -> bytes:
    """Change unit targets the way a CAT tool would (by unit id)."""
    store = xlifffile.parsestring(data)
    for unit in store.getunits():
        number = unit.xmlelement.get("id")
        if number in changes:
            unit.settarget(changes[number])
            if state:
                unit.getlanguageNode(lang=None, index=1).set("state", state)
    return bytes(store)


def post(client: Client, translation: Translation, data: bytes, name: str = "story.ko.xlf"):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, data, content_type="application/x-xliff+xml")
    return client.post(reverse("exports:exchange", args=[translation.pk]), {"file": upload})


def test_round_trip_applies_the_changed_target(
    translated: Translation, translator_client: Client, translator: User
) -> None:
    exported = exports.xliff_export(translation=translated)
    response = post(translator_client, translated, edit_units(exported, {"2": "수정한 문장."}))
    assert response.status_code == 200
    result = response.context["result"]
    assert result == xliff.XliffImportResult(
        applied=(2,), unchanged=STORY_SENTENCES - 1, conflicts=(), errors=()
    )
    assert "1 applied, 5 unchanged." in response.content.decode()
    second = segments(translated)[1]
    assert (second.target_text, second.state, second.version) == ("수정한 문장.", "edited", 2)
    revision = second.revisions.first()
    assert revision is not None
    assert (revision.kind, revision.author, revision.version) == (
        SegmentRevision.Kind.IMPORT, translator, 2
    )  # fmt: skip
    # The new text is in every export.
    assert "수정한 문장." in selectors.translation_text(translation=translated)


def test_final_state_confirms(translated: Translation, editor: User) -> None:
    exported = exports.xliff_export(translation=translated)
    first = segments(translated)[0]
    edited = edit_units(exported, {"1": first.target_text, "3": "확정."}, state="final")
    result = xliff.xliff_import(translation=translated, data=edited, user=editor)
    assert result.applied == (1, 3)
    rows = segments(translated)
    assert rows[0].state == rows[2].state == Segment.State.CONFIRMED
    assert rows[0].target_text == first.target_text
    assert rows[2].target_text == "확정."


def test_a_stale_unit_is_a_conflict_and_nothing_is_overwritten(
    translated: Translation, translator: User, editor: User
) -> None:
    exported = exports.xliff_export(translation=translated)
    second = segments(translated)[1]
    editing.segment_save(segment_id=second.pk, user=editor, text="데스크 수정.", version=1)
    edited = edit_units(exported, {"2": "CAT 도구 수정.", "4": "다른 문장 수정."})
    before = [(s.target_text, s.version) for s in segments(translated)]
    result = xliff.xliff_import(translation=translated, data=edited, user=translator)
    # All or nothing: the conflict stops the whole file, and the report says which unit.
    assert result.conflicts == (2,)
    assert result.applied == ()
    assert result.rejected
    assert [(s.target_text, s.version) for s in segments(translated)] == before
    assert result.summary().startswith("Nothing was imported: 1 in conflict.")


def test_a_unit_changed_only_on_the_desk_is_unchanged(
    translated: Translation, translator: User
) -> None:
    exported = exports.xliff_export(translation=translated)
    third = segments(translated)[2]
    editing.segment_save(segment_id=third.pk, user=translator, text="데스크에서만.", version=1)
    result = xliff.xliff_import(
        translation=translated, data=edit_units(exported, {"1": "새 문장."}), user=translator
    )
    assert result == xliff.XliffImportResult(
        applied=(1,), unchanged=STORY_SENTENCES - 1, conflicts=(), errors=()
    )
    assert segments(translated)[2].target_text == "데스크에서만."


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    translated: Translation, translator: User
) -> None:
    edited = edit_units(exports.xliff_export(translation=translated), {"5": "다섯째."})
    assert xliff.xliff_import(translation=translated, data=edited, user=translator).applied == (5,)
    again = xliff.xliff_import(translation=translated, data=edited, user=translator)
    assert again == xliff.XliffImportResult(unchanged=STORY_SENTENCES)


def test_unit_level_errors(translated: Translation, translator: User) -> None:
    rows = segments(translated)
    store = xlifffile.parsestring(exports.xliff_export(translation=translated))
    units = {unit.xmlelement.get("id"): unit for unit in store.getunits()}
    units["1"].setsource("Another sentence.")
    units["1"].settarget("새 문장.")
    units["2"].settarget("   ")
    del units["5"].xmlelement.attrib[f"{{{exports.ND_NS}}}version"]
    units["5"].removenotes()
    units["5"].settarget("버전 없음.")
    units["6"].xmlelement.set("id", "60")
    result = xliff.xliff_import(translation=translated, data=bytes(store), user=translator)
    assert result.applied == ()
    assert result.errors == (
        "Segment 1: the source text differs from this translation's.",
        "Segment 2: the file's translation is empty; not applied.",
        "Segment 5: no version in the file (nd:version); export again.",
        "Segment 60: this translation has no such segment.",
    )
    assert [s.version for s in segments(translated)] == [s.version for s in rows]


def test_version_falls_back_to_the_note(translated: Translation, translator: User) -> None:
    exported = exports.xliff_export(translation=translated).decode()
    stripped = re.sub(r'\s*nd:(version|paragraph|segment)="\d+"', "", exported)
    result = xliff.xliff_import(
        translation=translated, data=edit_units(stripped.encode(), {"3": "노트 버전."}),
        user=translator,
    )  # fmt: skip
    assert result.applied == (3,)


def test_approved_articles_refuse_imports(translated: Translation, translator: User) -> None:
    translated.article.status = "approved"
    translated.article.save()
    edited = edit_units(exports.xliff_export(translation=translated), {"1": "안 됨."})
    with pytest.raises(ServiceError, match="approved"):
        xliff.xliff_import(translation=translated, data=edited, user=translator)
    assert segments(translated)[0].version == 1


# --- Files refused as a whole ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (BILLION_LAUGHS, "Entity declarations are refused"),
        (XXE, "External entities are refused"),
        (b"<xliff version='1.2'><file>", "Not well-formed XML"),
        (b"<tmx version='1.4'/>", "Not an XLIFF file"),
        (b"<xliff version='2.0' xmlns='urn:oasis:names:tc:xliff:document:2.0'/>", "XLIFF 2.0"),
        (b"<xliff version='1.2'/>", "Expected one <file>"),
    ],
)
def test_bad_files_are_refused_with_a_message(
    translated: Translation, translator_client: Client, data: bytes, message: str
) -> None:
    response = post(translator_client, translated, data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert all(s.version == 1 for s in segments(translated))


def test_another_translations_file_is_refused(translated: Translation, fake_engine: object) -> None:
    other = translate(TranslationFactory(article=translated.article, target_language="ja"))
    with pytest.raises(exports.ExportFormatError, match=f"another translation \\(#{other.pk}\\)"):
        xliff.xliff_import(
            translation=translated, data=exports.xliff_export(translation=other), user=None
        )


def test_a_different_language_pair_is_refused(translated: Translation) -> None:
    data = exports.xliff_export(translation=translated).decode()
    data = data.replace(f'nd:translation="{translated.pk}"', "").replace(
        f'original="translation-{translated.pk}"', 'original="story.txt"'
    )
    data = data.replace('target-language="ko"', 'target-language="ja-JP"')
    with pytest.raises(exports.ExportFormatError, match="target-language is ja-JP"):
        xliff.xliff_import(translation=translated, data=data.encode(), user=None)


def test_import_needs_a_desk_member(translated: Translation, outsider_client: Client) -> None:
    data = exports.xliff_export(translation=translated)
    assert post(outsider_client, translated, edit_units(data, {"1": "x"})).status_code == 403
    assert segments(translated)[0].version == 1


def test_posting_without_a_file_says_so(translated: Translation, translator_client: Client) -> None:
    response = translator_client.post(reverse("exports:exchange", args=[translated.pk]))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_large_import_costs_a_constant_number_of_queries_per_unit(
    fake_engine: object, translator: User, django_assert_max_num_queries: Any
) -> None:
    """Finding 6: each unit used to re-summarise the whole translation (~250k row reads for
    500 units). Now: a fixed number of queries, plus a constant per applied unit."""
    story = "\n\n".join(f"Sentence number {i} was written." for i in range(60))
    translation = translate(TranslationFactory(article=ArticleFactory(source_text=story)))
    exported = exports.xliff_export(translation=translation)
    edited = edit_units(exported, {str(n): f"문장 {n}." for n in range(1, 61)})
    with django_assert_max_num_queries(20):
        result = xliff.xliff_import(translation=translation, data=edited, user=translator)
    assert len(result.applied) == 60
    assert {s.version for s in segments(translation)} == {2}


def test_the_xliff_download_streams_one_paragraph_at_a_time(
    translated: Translation, translator_client: Client
) -> None:
    """A long translation's XLIFF starts at once and is never held whole (issue 20, finding
    4): the page streams it, a paragraph group per piece, and the pieces make the same file
    the API gets from ``export_render``."""
    url = reverse("exports:download", args=[translated.pk, "xliff"])
    response = translator_client.get(url)
    assert response.status_code == 200
    assert response.streaming
    pieces = list(response.streaming_content)  # type: ignore[attr-defined]
    paragraphs = len({s.paragraph_index for s in segments(translated)})
    assert len(pieces) == paragraphs + 2  # the head, one group per paragraph, the tail
    content = b"".join(pieces)
    assert content == exports.export_render(translation=translated, fmt="xliff").content
    units = xlifffile.parsestring(content).getunits()
    assert [u.source for u in units] == [s.source for s in segments(translated)]
    assert "attachment" in response["Content-Disposition"]
