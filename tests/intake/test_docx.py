"""Word .docx in (python-docx files made here) and out (styles, numbering, language)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import docx
import pytest

from newsapp.intake import docx_format
from newsapp.intake.docx_format import read_docx, write_docx
from newsapp.intake.markdown_format import read_markdown
from newsapp.intake.model import Block, BlockKind, Document, IntakeError
from tests.intake.samples import MARKDOWN_STORY, word_story

H, P, LI, Q = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE


def test_word_story_headline_kinds_and_inline_markup() -> None:
    document = read_docx(word_story())
    assert document.headline == "Seoul summit ends with climate pledge"
    assert document.byline == "By Jane Doe"
    assert document.dateline == "SEOUL, Nov. 28 (Yonhap) --"
    assert [(b.kind, b.plain) for b in document.blocks] == [
        (
            P,
            "Leaders of South Korea and Japan agreed on Friday to cut emissions, according to "
            "the joint statement.",
        ),
        (P, "The two sides met for three hours in the presidential office."),
        (H, "What they agreed"),
        (LI, "Cut coal use by 2030"),
        (LI, "Fund a joint research centre"),
        (LI, "in Busan"),
        (LI, "in Osaka"),
        (LI, "Meet again next year"),
        (H, "Reactions"),
        (LI, "Environmental groups welcomed it"),
        (LI, "Industry asked for time"),
        (LI, "First lettered point"),
        (Q, "This is a turning point for the region, the president said."),
    ]
    lead = document.blocks[0].text
    assert "**South Korea**" in lead
    assert "*Japan*" in lead
    assert "[joint statement](https://example.org/statement)" in lead
    items = [b for b in document.blocks if b.kind is LI]
    # List Number → numbered; List Bullet 2 → bulleted, nested; Word's own numbering is
    # read from its definition (bullet, lowerLetter).
    assert [(b.ordered, b.depth) for b in items] == [
        (True, 0),
        (True, 0),
        (False, 1),
        (False, 1),
        (True, 0),
        (False, 0),
        (False, 0),
        (True, 0),
    ]
    assert document.blocks[2].level == 2
    # The headline is not repeated as a block, and nothing is empty.
    assert all(b.plain for b in document.blocks)
    assert "Seoul summit ends" not in " ".join(b.plain for b in document.blocks)


def test_title_style_and_core_title_are_headlines() -> None:
    styled = read_docx(word_story(with_title_style=True))
    assert styled.headline == "Seoul summit ends with climate pledge"
    assert styled.blocks[0].kind is P  # no heading was used up
    # A core-properties title is the headline when the document has none of its own;
    # the first heading that repeats it is not kept twice.
    titled = read_docx(word_story(title_property="Seoul summit ends with climate pledge"))
    assert titled.headline == "Seoul summit ends with climate pledge"
    assert titled.blocks[0].kind is P


def test_bad_word_files_give_actionable_errors() -> None:
    with pytest.raises(IntakeError, match=r"old Word \.doc file"):
        read_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(IntakeError, match="not a Word"):
        read_docx(b"just text")
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IntakeError, match="spreadsheet"):
        read_docx(sheet.getvalue())
    empty = io.BytesIO()
    docx.Document().save(empty)
    with pytest.raises(IntakeError, match="no text"):
        read_docx(empty.getvalue())


def test_an_archive_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_format, "MAX_UNZIPPED_BYTES", 1_000_000)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/zeros.bin", b"\x00" * 1_000_001)
    assert len(bomb.getvalue()) < 10_000
    with pytest.raises(IntakeError, match="unreasonable size"):
        read_docx(bomb.getvalue())


def _xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name).decode("utf-8")


def test_written_docx_uses_real_styles_and_the_language() -> None:
    document = read_markdown(MARKDOWN_STORY)
    data = write_docx(replace(document, language="ko"))
    word = docx.Document(io.BytesIO(data))
    styles = [p.style.name for p in word.paragraphs]
    assert styles[0] == "Title"
    assert "Heading 2" in styles
    assert styles.count("List Number") == 3
    assert styles.count("List Bullet 2") == 2
    assert styles.count("List Bullet") == 2
    assert "Quote" in styles
    assert word.core_properties.language == "ko"
    assert word.core_properties.title == "Seoul summit ends with climate pledge"
    # The proofing language is on the default run properties and the Normal style.
    styles_xml = _xml(data, "word/styles.xml")
    assert len(re.findall(r'<w:lang w:val="ko" w:eastAsia="ko" w:bidi="ko"/>', styles_xml)) == 2
    # Bold, italic and the link are runs and a hyperlink relationship.
    body = _xml(data, "word/document.xml")
    assert "<w:hyperlink" in body
    rels = _xml(data, "word/_rels/document.xml.rels")
    assert 'Target="https://example.org/statement?id=1&amp;lang=en"' in rels
    lead = next(p for p in word.paragraphs if p.text.startswith("SEOUL"))
    assert [r.text for r in lead.runs if r.bold] == ["South Korea"]
    assert [r.text for r in lead.runs if r.italic] == ["Japan"]


def test_each_numbered_list_starts_again_at_one() -> None:
    document = Document(
        headline="Lists",
        blocks=(
            Block.item("a", ordered=True),
            Block.item("b", ordered=True),
            Block.item("nested", depth=1),
            Block.item("c", ordered=True),
            Block.paragraph("Between the lists."),
            Block.item("x", ordered=True),
            Block.item("y", ordered=True),
        ),
    )
    body = _xml(write_docx(document), "word/document.xml")
    num_ids = re.findall(r'<w:numId w:val="(\d+)"/>', body)
    assert len(num_ids) == 5  # every numbered item carries its list's numbering
    first, second = set(num_ids[:3]), set(num_ids[3:])
    assert len(first) == len(second) == 1
    assert first != second
    numbering = _xml(write_docx(document), "word/numbering.xml")
    for num_id in first | second:
        instance = re.search(rf'<w:num w:numId="{num_id}">(.*?)</w:num>', numbering, re.S)
        assert instance is not None
        assert '<w:startOverride w:val="1"/>' in instance.group(1)


def test_right_to_left_documents_are_marked_bidi() -> None:
    document = Document(
        headline="قمة سيول", blocks=(Block.paragraph("انتهت **القمة**."),), language="ar"
    )
    body = _xml(write_docx(document), "word/document.xml")
    assert body.count("<w:bidi/>") == 2  # headline and paragraph
    assert "<w:rtl/>" in body


def test_docx_round_trip_keeps_the_document() -> None:
    document = read_markdown(MARKDOWN_STORY)
    document = replace(document, language="en")
    again = read_docx(write_docx(document))
    assert again == document
