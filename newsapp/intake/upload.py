"""One entry point for an uploaded file: pick the reader by extension, then by content."""

from __future__ import annotations

import codecs
from pathlib import PurePath

from newsapp.intake.docx_format import read_docx
from newsapp.intake.markdown_format import read_markdown
from newsapp.intake.model import Document, IntakeError
from newsapp.intake.ninjs import read_ninjs
from newsapp.intake.textfile import read_text
from newsapp.intake.webpage import read_html, read_mhtml

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Extensions offered in the upload form (``accept``), by reader.
EXTENSIONS = {
    "docx": (".docx",),
    "html": (".html", ".htm", ".xhtml", ".shtml"),
    "mhtml": (".mhtml", ".mht"),
    "markdown": (".md", ".markdown", ".mdown", ".mkd"),
    "ninjs": (".json", ".ninjs"),
    "text": (".txt", ".text", ""),
}
SUPPORTED_EXTENSIONS = tuple(e for group in EXTENSIONS.values() for e in group if e)

_REFUSED = {
    ".doc": "This is an old Word .doc file. Save it as .docx in Word or LibreOffice, then upload.",
    ".odt": "OpenDocument text is not read here. Save it as .docx and upload that.",
    ".rtf": "RTF is not read here. Save it as .docx (or plain text) and upload that.",
    ".pdf": "PDF files are not read here. Copy the story's text and paste it instead.",
    ".pages": "Pages documents are not read here. Export it as .docx and upload that.",
}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _sniff(data: bytes) -> str:
    """The reader for content with an unknown or missing extension."""
    head = data[:2048].lstrip(codecs.BOM_UTF8).lstrip()
    lower = head.lower()
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    if lower.startswith(b"mime-version:") or b"\nmime-version:" in lower[:1024]:
        return "mhtml"
    if lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower[:512]:
        return "html"
    if head.startswith(b"{"):
        return "ninjs"
    if b"\x00" in data[:1024] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary"
    return "text"


def read_upload(
    filename: str,
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
) -> Document:
    """Read an uploaded story.

    ``max_bytes`` caps the upload; ``encoding`` forces the encoding of a text file (when
    the translator corrects a wrong guess). Raises :class:`IntakeError` with a message for
    the translator.
    """
    if len(data) > max_bytes:
        raise IntakeError(f"The file is {_size(len(data))}; the limit is {_size(max_bytes)}.")
    if not data.strip():
        raise IntakeError("The file is empty.")
    extension = PurePath(filename).suffix.lower()
    if extension in _REFUSED:
        raise IntakeError(_REFUSED[extension])
    kind = next((k for k, exts in EXTENSIONS.items() if extension and extension in exts), None)
    if kind is None or (kind == "text" and not encoding):
        sniffed = _sniff(data)
        if sniffed in _REFUSED:
            raise IntakeError(_REFUSED[sniffed])
        if sniffed == "binary":
            raise IntakeError(
                "This file type is not supported. Upload .docx, .html, .mhtml, .md, "
                ".json (ninjs) or .txt."
            )
        # A .txt that is really JSON stays text; anything else follows its content.
        kind = "text" if kind == "text" and sniffed == "ninjs" else sniffed
    match kind:
        case "docx":
            return read_docx(data)
        case "html":
            return read_html(data)
        case "mhtml":
            return read_mhtml(data)
        case "markdown":
            return read_markdown(data)
        case "ninjs":
            return read_ninjs(data)
        case _:
            return read_text(data, encoding=encoding)
