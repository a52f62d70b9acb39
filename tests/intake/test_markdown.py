"""Markdown in and out: structure and inline markup survive the round trip."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsapp.intake.inline import escape_inline
from newsapp.intake.markdown_format import read_markdown, write_markdown
from newsapp.intake.model import Block, BlockKind, Document, IntakeError
from tests.intake.samples import MARKDOWN_STORY

H, P, LI, Q = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE


def test_markdown_story_kinds_and_markup() -> None:
    document = read_markdown(MARKDOWN_STORY.encode("utf-8"))
    # The heading is the headline (with its emphasis), not "# Seoul summit ends".
    assert document.headline == "Seoul summit ends with *climate* pledge"
    assert document.headline_plain == "Seoul summit ends with climate pledge"
    assert document.byline == "By Jane Doe"
    assert document.dateline == "SEOUL, Nov. 28 (Yonhap) --"
    assert [(b.kind, b.level, b.ordered, b.depth) for b in document.blocks] == [
        (P, 0, False, 0),
        (H, 2, False, 0),
        (LI, 0, True, 0),
        (LI, 0, True, 0),
        (LI, 0, False, 1),
        (LI, 0, False, 1),
        (LI, 0, True, 0),
        (Q, 0, False, 0),
        (P, 0, False, 0),
        (LI, 0, False, 0),
        (LI, 0, False, 0),
    ]
    lead = document.blocks[0]
    # _Japan_ is emphasis like *Japan*; the soft line break is a space.
    assert lead.text == (
        "Leaders of **South Korea** and *Japan* agreed on Friday to cut emissions, according "
        "to the [joint statement](https://example.org/statement?id=1&lang=en)."
    )
    # Text that merely looks like markup stays text (and is not escaped for the translator).
    assert document.blocks[8].plain == (
        "Fines of 1,000 won apply from 2025; the rule numbers 3 * 4 and #climate tags stay text."
    )
    assert document.blocks[3].text == "Fund a *joint* research centre"
    assert document.blocks[7].plain == '"This is a turning point," the Korean president said.'


def test_round_trip_gives_the_same_structure_and_markup() -> None:
    document = read_markdown(MARKDOWN_STORY)
    written = write_markdown(document)
    assert read_markdown(written) == document
    assert write_markdown(read_markdown(written)) == written
    # The export is Markdown with the same markup, not escaped text.
    assert written.startswith("# Seoul summit ends with *climate* pledge\n\nBy Jane Doe\n\n")
    assert "**South Korea**" in written
    assert "\\*\\*" not in written
    assert "1. Cut coal use by 2030\n2. Fund a *joint* research centre\n   - in Busan\n" in written
    assert '> "This is a turning point," the Korean president said.' in written


def test_a_translation_keeps_the_structure() -> None:
    """Writers take translated block texts; the Markdown keeps the source's markup."""
    source = read_markdown(MARKDOWN_STORY)
    translated = replace(
        source,
        headline="서울 정상회의, *기후* 공약으로 폐막",
        dateline="(서울=연합뉴스) 김효정 기자 =",
        blocks=(
            Block.paragraph(
                "**한국**과 *일본* 정상은 [공동성명](https://example.org/statement)에서 합의했다."
            ),
            Block.heading("합의 내용", 2),
            Block.item("2030년까지 석탄 사용 감축", ordered=True),
            Block.item("부산", depth=1),
        ),
        language="ko",
    )
    written = write_markdown(translated)
    assert written.splitlines()[0] == "# 서울 정상회의, *기후* 공약으로 폐막"
    assert (
        "(서울=연합뉴스) 김효정 기자 = **한국**과 *일본* 정상은 [공동성명](https://example.org/statement)에서"
        in written
    )
    assert "## 합의 내용\n\n1. 2030년까지 석탄 사용 감축\n   - 부산\n" in written
    assert read_markdown(written).blocks == translated.blocks


def test_block_markers_inside_text_are_escaped_on_output() -> None:
    document = Document(
        headline="Ranked #",
        blocks=(
            Block.paragraph("1. This starts with a number"),
            Block.paragraph(escape_inline("# not a heading\n- not a list\n> not a quote")),
            Block.item("2) still one item", ordered=True),
        ),
    )
    written = write_markdown(document)
    assert written.startswith("# Ranked \\#\n")  # not a closing sequence
    assert "1\\. This starts with a number" in written
    again = read_markdown(written)
    assert again == document


def test_front_matter_gives_metadata() -> None:
    text = (
        '---\ntitle: "Seoul summit ends"\nauthor: Jane Doe\nslug: summit-seoul\nlang: en\n'
        "date: 2023-11-28T09:15:00Z\n---\n\nLeaders met on Friday.\n"
    )
    document = read_markdown(text)
    assert document.headline == "Seoul summit ends"
    assert document.byline == "Jane Doe"
    assert document.slug == "summit-seoul"
    assert document.language == "en"
    assert document.versioncreated == datetime(2023, 11, 28, 9, 15, tzinfo=UTC)
    assert [b.plain for b in document.blocks] == ["Leaders met on Friday."]


def test_html_and_code_in_markdown_become_text_blocks() -> None:
    document = read_markdown(
        "# T\n\n<div><p>Inline <b>HTML</b> paragraph</p></div>\n\n```\nline 1\nline 2\n```\n"
    )
    assert [b.text for b in document.blocks] == ["Inline **HTML** paragraph", "line 1\\\nline 2"]


def test_empty_markdown_is_an_error() -> None:
    with pytest.raises(IntakeError, match="no text"):
        read_markdown("\n\n---\n")
