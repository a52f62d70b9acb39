"""Plain text in: encodings (Latin-1, CP949, UTF-16), paragraphs, headline, lists."""

from __future__ import annotations

import codecs

import pytest

from newsapp.intake.model import Block, BlockKind, IntakeError
from newsapp.intake.textfile import decode_text, read_text, text_document
from tests.intake.samples import KOREAN_PARAGRAPHS, PENTAGON_HEADLINE, pentagon_paragraphs

FRENCH = (
    "Sommet de Séoul : les dirigeants s'engagent pour le climat\n\n"
    "SÉOUL, 28 nov. (Yonhap) -- Les présidents coréen et japonais ont déclaré vendredi "
    "qu'ils réduiraient leurs émissions, a-t-on appris auprès de la présidence.\n\n"
    "« C'est un tournant », a déclaré le président à l'issue de la réunion à Séoul, "
    "où les délégations étaient arrivées très tôt.\n"
)


def test_latin1_file_is_converted_and_says_so() -> None:
    data = FRENCH.encode("latin-1")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    document = read_text(data)
    assert document.headline == "Sommet de Séoul : les dirigeants s'engagent pour le climat"
    assert "présidents coréen et japonais" in document.blocks[0].plain
    assert document.blocks[1].plain.startswith("« C'est un tournant »")
    assert len(document.notes) == 1
    assert "cp1252" in document.notes[0] or "latin_1" in document.notes[0]
    assert "converted" in document.notes[0]


def test_cp1252_smart_quotes_and_euro() -> None:
    text = "The “fine” is 1,000 € — naïve café owners said it was too high for them."
    decoded = decode_text(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert decoded.detected


def test_korean_cp949_file_is_converted() -> None:
    text = '美 국방부 "北, 도발 중단해야"\n\n' + "\n\n".join(KOREAN_PARAGRAPHS) + "\n"
    document = read_text(text.encode("cp949"))
    assert document.headline == '美 국방부 "北, 도발 중단해야"'
    assert document.dateline == "(워싱턴=연합뉴스) 김동현 특파원 ="
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == KOREAN_PARAGRAPHS
    assert "cp949" in document.notes[0]


def test_euc_kr_short_text() -> None:
    decoded = decode_text("평양은 오늘 미사일을 발사했다고 합동참모본부가 밝혔다.".encode("euc-kr"))
    assert decoded.text == "평양은 오늘 미사일을 발사했다고 합동참모본부가 밝혔다."
    assert decoded.encoding in ("cp949", "euc_kr")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "Séoul".encode(), "utf-8"),
        ("Séoul 평양".encode("utf-16"), "utf-16"),
        ("Séoul".encode(), "utf-8"),
    ],
)
def test_unicode_files_are_read_without_a_note(data: bytes, encoding: str) -> None:
    decoded = decode_text(data)
    assert decoded.text.startswith("Séoul")
    assert decoded.encoding == encoding
    assert not decoded.detected


def test_forced_encoding() -> None:
    data = "Fines for Seúl".encode("latin-1")
    assert decode_text(data, encoding="latin-1").text == "Fines for Seúl"
    with pytest.raises(IntakeError, match="not a text encoding"):
        decode_text(data, encoding="klingon")
    with pytest.raises(IntakeError, match="not valid utf-8"):
        decode_text(data, encoding="utf-8")


def test_pentagon_story_as_text() -> None:
    text = PENTAGON_HEADLINE + "\n\nBy Kim Hyun\n\n" + "\n\n".join(pentagon_paragraphs())
    document = read_text(text.encode("utf-8"))
    assert document.headline == PENTAGON_HEADLINE
    assert document.byline == "By Kim Hyun"
    assert document.dateline == "WASHINGTON, Nov. 28 (Yonhap) --"
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == pentagon_paragraphs()
    assert document.notes == ()


def test_first_sentence_is_not_taken_for_a_headline() -> None:
    document = text_document("Officials said the talks ended.\n\nThey will meet again.")
    assert document.headline == ""
    assert len(document.blocks) == 2


def test_lines_without_blank_lines_are_paragraphs_and_wrapping_is_undone() -> None:
    pasted = text_document("Headline here\nFirst paragraph.\nSecond paragraph.")
    assert pasted.headline == "Headline here"
    assert [b.plain for b in pasted.blocks] == ["First paragraph.", "Second paragraph."]
    wrapped = text_document(
        "Title\n\nThis paragraph was hard-wrapped at about seventy characters by an\n"
        "old wire system, and the lines belong together as one paragraph.\n\n"
        "Seoul\nJongno-gu\nSejong-daero 209"
    )
    assert wrapped.blocks[0].plain.startswith(
        "This paragraph was hard-wrapped at about seventy characters by an old wire"
    )
    assert wrapped.blocks[1].plain == "Seoul\nJongno-gu\nSejong-daero 209"


def test_simple_lists_and_markdown_characters_in_plain_text() -> None:
    document = text_document(
        "Title\n\n- first point\n- second *point*\n\n1. one\n2. two\n\nA # is text [not link]."
    )
    assert [(b.kind, b.ordered, b.plain) for b in document.blocks] == [
        (BlockKind.LIST_ITEM, False, "first point"),
        (BlockKind.LIST_ITEM, False, "second *point*"),
        (BlockKind.LIST_ITEM, True, "one"),
        (BlockKind.LIST_ITEM, True, "two"),
        (BlockKind.PARAGRAPH, False, "A # is text [not link]."),
    ]


def test_empty_text_is_an_error() -> None:
    with pytest.raises(IntakeError, match="empty"):
        read_text(b"\n \n")
