"""Plain text in: encoding detection (charset-normalizer), paragraphs, a headline line.

UTF-8 (with or without a byte-order mark) and UTF-16 with a mark are read as such; any
other file is decoded with the encoding charset-normalizer finds, and the document says
which in a note, so the translator can check the accents (or Hangul) came out right.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsapp.intake.inline import escape_inline
from newsapp.intake.model import Block, Document, IntakeError, assemble

#: When charset-normalizer rates these equally, the first listed wins: wire copy in a
#: single-byte Western code page is far more often Windows-1252 than Baltic or Central
#: European.
_PREFERRED = ("utf_8", "cp1252", "latin_1", "iso8859_15", "cp949", "euc_kr")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    #: Python codec name ("utf-8", "cp1252", "cp949"…).
    encoding: str
    #: True when the encoding was guessed (not UTF-8, no byte-order mark, not declared).
    detected: bool


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_text(
    data: bytes, *, encoding: str | None = None, declared: str | None = None
) -> Decoded:
    """Decode bytes of unknown encoding.

    ``encoding`` forces one (the translator chose it); ``declared`` is what the file says
    about itself (an HTML ``<meta charset>``), used when it decodes without errors.
    """
    if encoding:
        codec = _codec(encoding)
        if codec is None:
            raise IntakeError(f"“{encoding}” is not a text encoding this desk knows.")
        try:
            return Decoded(data.decode(codec), codec, detected=False)
        except UnicodeDecodeError as exc:
            raise IntakeError(f"The file is not valid {encoding} (byte {exc.start}).") from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec.removesuffix("-sig"), detected=False)
            except UnicodeDecodeError:
                break
    try:
        return Decoded(data.decode("utf-8"), "utf-8", detected=False)
    except UnicodeDecodeError:
        pass
    if declared and (codec := _codec(declared)):
        try:
            return Decoded(data.decode(codec), codec, detected=False)
        except UnicodeDecodeError:
            pass
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise IntakeError(
            "The file's text encoding could not be recognised (it may not be a text file). "
            "Save it as UTF-8 and upload it again."
        )
    # Among the candidates as good as the best one, prefer the usual newsroom encodings.
    ties = [r for r in results if (r.chaos, -r.coherence) == (best.chaos, -best.coherence)]
    for name in _PREFERRED:
        chosen = next((r for r in ties if r.encoding == name), None)
        if chosen is not None:
            best = chosen
            break
    codec = _codec(best.encoding) or best.encoding
    return Decoded(data.decode(codec), codec, detected=True)


def encoding_note(decoded: Decoded) -> str:
    return (
        f"The file was not UTF-8: its encoding was detected as {decoded.encoding} and it was "
        "converted. Check accented letters and non-Latin text before translating."
    )


# --- Structure ----------------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BULLET = re.compile(r"^\s*(?:[-*•·▪‣]|(?P<number>\d{1,3})[.)])\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?。…:;][\"'”’)]*$")


def split_paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").strip()
    if not text:
        return []
    parts = _PARAGRAPH_BREAK.split(text)
    if len(parts) == 1 and text.count("\n") >= 2:
        # No blank lines at all (copied from a web page): one paragraph per line.
        parts = text.split("\n")
    return [_unwrap(p.strip()) for p in parts if p.strip()]


def _unwrap(paragraph: str) -> str:
    """Join lines of a hard-wrapped paragraph (every line but the last 50+ characters);
    other line breaks (addresses, short lines) stay."""
    lines = paragraph.split("\n")
    wrapped = len(lines) > 1 and all(len(line) >= 50 for line in lines[:-1])
    if wrapped and not any(_BULLET.match(line) for line in lines):
        return " ".join(line.strip() for line in lines)
    return paragraph


def _is_headline(line: str, rest: list[str]) -> bool:
    """A first paragraph that is a single short line without closing punctuation."""
    return (
        bool(rest)
        and "\n" not in line
        and len(line) <= 200
        and len(line.split()) <= 30
        and not _SENTENCE_END.search(line)
    )


def blocks_from_text(paragraphs: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        if all(_BULLET.match(line) for line in lines):
            for line in lines:
                match = _BULLET.match(line)
                assert match is not None
                blocks.append(
                    Block.item(
                        escape_inline(line[match.end() :].strip()), ordered=bool(match["number"])
                    )
                )
        else:
            blocks.append(Block.paragraph(escape_inline(paragraph)))
    return blocks


def read_text(data: bytes, *, encoding: str | None = None) -> Document:
    """A plain-text story: paragraphs split at blank lines (or at each line when there are
    none), a first short line without a full stop as the headline, "By …" as the byline,
    a wire dateline split off, simple "- item" and "1. item" lists."""
    decoded = decode_text(data, encoding=encoding)
    return text_document(decoded.text, notes=[encoding_note(decoded)] if decoded.detected else [])


def text_document(text: str, *, notes: list[str] | None = None) -> Document:
    """The same as :func:`read_text`, from text already decoded (a pasted story)."""
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise IntakeError("The text is empty.")
    headline = ""
    if _is_headline(paragraphs[0], paragraphs[1:]):
        headline = escape_inline(paragraphs.pop(0))
    return assemble(blocks_from_text(paragraphs), headline=headline, notes=notes or [])
