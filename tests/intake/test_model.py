"""The document model: blocks, wire conventions (dateline, byline), content hash."""

from __future__ import annotations

import pytest

from newsapp.intake.model import (
    Block,
    BlockKind,
    Document,
    assemble,
    content_hash,
    looks_like_byline,
    split_dateline,
)


@pytest.mark.parametrize(
    ("text", "dateline", "place"),
    [
        (
            "WASHINGTON, Nov. 28 (Yonhap) -- The United States on Tuesday urged",
            "WASHINGTON, Nov. 28 (Yonhap) --",
            "WASHINGTON",
        ),
        ("GROSSETO, Italy (AP) — The trial of the captain", "GROSSETO, Italy (AP) —", "GROSSETO"),
        ("SEOUL, Nov 28 (Reuters) - South Korea said", "SEOUL, Nov 28 (Reuters) -", "SEOUL"),
        ("NEW YORK (AP) -- Stocks fell", "NEW YORK (AP) --", "NEW YORK"),
        (
            "(서울=연합뉴스) 김효정 기자 = 북한이 28일 미사일을 쐈다.",
            "(서울=연합뉴스) 김효정 기자 =",
            "서울",
        ),
        ("(워싱턴=연합뉴스) 미국은 북한에 촉구했다.", "(워싱턴=연합뉴스)", "워싱턴"),
    ],
)
def test_wire_datelines_are_recognised(text: str, dateline: str, place: str) -> None:
    found, found_place, rest = split_dateline(text)
    assert (found, found_place) == (dateline, place)
    assert f"{found} {rest}" == text


@pytest.mark.parametrize(
    "text",
    [
        "The United States (US) -- as it said -- will act.",
        "In Seoul, officials (who declined to be named) - said so.",
        "NATO said on Tuesday it would meet.",
        "WASHINGTON (Yonhap) --",  # nothing after it
    ],
)
def test_sentences_are_not_datelines(text: str) -> None:
    assert split_dateline(text) == ("", "", text)


def test_bylines() -> None:
    assert looks_like_byline("By Kim Hyun")
    assert looks_like_byline("Von Christian Hollmann, dpa")
    assert not looks_like_byline("By Tuesday, officials had left the building.")
    assert not looks_like_byline("Byzantine politics returned to the capital")


def test_assemble_takes_headline_byline_and_dateline() -> None:
    document = assemble(
        [
            Block.heading("Seoul summit *ends*", 1),
            Block.paragraph("By Jane Doe"),
            Block.paragraph("SEOUL, Nov. 28 (Yonhap) -- Leaders met."),
            Block.paragraph("More text."),
        ]
    )
    assert document.headline == "Seoul summit *ends*"
    assert document.headline_plain == "Seoul summit ends"
    assert document.byline == "By Jane Doe"
    assert document.dateline == "SEOUL, Nov. 28 (Yonhap) --"
    assert document.located == "SEOUL"
    assert [b.text for b in document.blocks] == ["Leaders met.", "More text."]
    # Writers get the dateline back in front of the first paragraph.
    assert document.paragraphs() == ["SEOUL, Nov. 28 (Yonhap) -- Leaders met.", "More text."]
    assert document.body_blocks()[0] == Block.paragraph("SEOUL, Nov. 28 (Yonhap) -- Leaders met.")


def test_assemble_does_not_repeat_a_given_headline() -> None:
    document = assemble(
        [Block.heading("Same title", 1), Block.paragraph("Body.")], headline="Same title"
    )
    assert document.blocks == (Block.paragraph("Body."),)
    other = assemble([Block.heading("Crosshead", 2), Block.paragraph("Body.")], headline="Title")
    assert other.blocks[0] == Block.heading("Crosshead", 2)


def test_blocks_reject_inconsistent_kinds() -> None:
    with pytest.raises(ValueError, match="level"):
        Block(BlockKind.HEADING, "x")
    with pytest.raises(ValueError, match="list items"):
        Block(BlockKind.PARAGRAPH, "x", ordered=True)
    assert Block.item("x", ordered=True, depth=1).depth == 1


def test_content_hash_ignores_markup_case_spacing_and_quote_styles() -> None:
    a = Document(headline="One", blocks=(Block.paragraph("Kirby **said** “no”."), Block.item("x")))
    b = Document(
        headline="Another headline", blocks=(Block.paragraph('kirby  said "NO".'), Block.item("X"))
    )
    c = Document(headline="One", blocks=(Block.paragraph("Kirby said yes."), Block.item("x")))
    assert content_hash(a) == content_hash(b)
    assert content_hash(a) != content_hash(c)
    # A dateline split off or not: the same story.
    d = Document(blocks=(Block.paragraph("Leaders met."),), dateline="SEOUL (AP) --")
    e = Document(blocks=(Block.paragraph("SEOUL (AP) -- Leaders met."),))
    assert content_hash(d) == content_hash(e)
    assert len(content_hash(a)) == 64
