"""read_upload: the reader is chosen by extension, then by content; limits and refusals."""

from __future__ import annotations

import json

import pytest

from newsapp.intake.model import BlockKind, IntakeError
from newsapp.intake.upload import SUPPORTED_EXTENSIONS, read_upload
from tests.intake.samples import (
    MARKDOWN_STORY,
    PENTAGON_HEADLINE,
    news_page,
    ninjs_item,
    pentagon_paragraphs,
    word_story,
)


@pytest.mark.parametrize(
    ("filename", "make", "headline"),
    [
        ("story.docx", word_story, "Seoul summit ends with climate pledge"),
        ("Story.HTML", lambda: news_page().encode(), PENTAGON_HEADLINE),
        ("story.md", lambda: MARKDOWN_STORY.encode(), "Seoul summit ends with *climate* pledge"),
        ("item.json", lambda: json.dumps(ninjs_item()).encode(), PENTAGON_HEADLINE),
        (
            "story.txt",
            lambda: (PENTAGON_HEADLINE + "\n\n" + pentagon_paragraphs()[0]).encode("latin-1"),
            PENTAGON_HEADLINE,
        ),
        # No or a wrong extension: the content decides.
        ("upload", word_story, "Seoul summit ends with climate pledge"),
        ("page.txt", lambda: news_page().encode(), PENTAGON_HEADLINE),
        ("export", lambda: json.dumps(ninjs_item()).encode(), PENTAGON_HEADLINE),
    ],
)
def test_each_format_is_read(filename: str, make: object, headline: str) -> None:
    data = make()  # type: ignore[operator]
    document = read_upload(filename, data)
    assert document.headline == headline
    assert document.blocks
    assert all(b.kind in BlockKind for b in document.blocks)


def test_web_page_upload_drops_the_furniture() -> None:
    document = read_upload("pentagon.html", news_page().encode())
    assert "Back To Top" not in "\n".join(b.plain for b in document.blocks)
    assert len(document.blocks) == len(pentagon_paragraphs())


def test_size_cap() -> None:
    with pytest.raises(IntakeError, match=r"The file is 2\.0 MB; the limit is 1\.0 MB\."):
        read_upload("big.txt", b"a" * 2 * 1024 * 1024, max_bytes=1024 * 1024)
    with pytest.raises(IntakeError, match="empty"):
        read_upload("empty.txt", b"  \n")


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, r"old Word \.doc"),
        ("paper.pdf", b"%PDF-1.7 ...", "PDF"),
        ("scan", b"%PDF-1.4 ...", "PDF"),
        ("story.odt", b"PK\x03\x04", "OpenDocument"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not supported"),
    ],
)
def test_refused_files_say_what_to_do(filename: str, data: bytes, message: str) -> None:
    with pytest.raises(IntakeError, match=message):
        read_upload(filename, data)


def test_forced_encoding_for_a_misdetected_text() -> None:
    data = "Fines for Seúl".encode("latin-1")
    document = read_upload("short.txt", data, encoding="latin-1")
    assert document.blocks[0].plain == "Fines for Seúl"
    assert document.notes == ()


def test_supported_extensions_for_the_form() -> None:
    assert {".docx", ".html", ".md", ".json", ".txt", ".mhtml"} <= set(SUPPORTED_EXTENSIONS)
