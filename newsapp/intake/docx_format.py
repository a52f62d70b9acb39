"""Word ``.docx`` in and out (python-docx).

Reading maps paragraph styles to block kinds (Title → headline, Heading N, List Bullet /
List Number or Word's own numbering, Quote) and bold, italic and hyperlinks to inline
markup. Writing uses the same built-in styles, restarts the numbering of each numbered
list, and sets the document language on the default run properties so that Word
spell-checks the translation in its own language.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from newsapp.intake.inline import (
    InlineBuilder,
    TagKind,
    escape_inline,
    parse_inline,
    render_inline,
    runs,
    safe_href,
)
from newsapp.intake.model import Block, BlockKind, Document, IntakeError, assemble
from newsapp.intake.webpage import is_rtl

#: Refuse archives that would unpack to more than this (a "zip bomb").
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024

_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list (bullet|number)(?:\s*(\d))?$", re.IGNORECASE)
_QUOTE_STYLES = frozenset({"quote", "intense quote", "block text"})


# --- Reading ------------------------------------------------------------------------------


#: Besides BadZipFile, a damaged archive raises zlib.error (corrupt deflate data),
#: NotImplementedError (unknown compression), RuntimeError (encrypted entry): fuzzing finds.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
               RuntimeError, EOFError, OSError)  # fmt: skip


def _open(data: bytes) -> WordDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise IntakeError(
                "This is an old Word .doc file. Open it in Word or LibreOffice, save it as "
                ".docx, and upload that."
            ) from None
        raise IntakeError("This file is not a Word .docx document.") from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            kind = "a spreadsheet" if "xl/workbook.xml" in names else "not a Word document"
            raise IntakeError(f"This file is {kind}; upload a Word .docx document.")
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise IntakeError("This .docx file unpacks to an unreasonable size; it was refused.")
    try:
        return docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, etree.XMLSyntaxError, *_ZIP_ERRORS) as exc:
        raise IntakeError(f"This .docx file is damaged and could not be read ({exc}).") from None


def _numbering_format(word: WordDocument, num_id: int, level: int) -> str | None:
    """The number format ("bullet", "decimal"…) of a numbering definition's level."""
    try:
        numbering = word.part.numbering_part.element
        num = numbering.num_having_numId(num_id)
    except (KeyError, NotImplementedError):
        return None
    abstract_id = num.abstractNumId.val
    formats = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
    )
    return str(formats[0]) if formats else None


def _num_pr(paragraph: Paragraph) -> tuple[int, int] | None:
    """(numId, level) of the paragraph's numbering, direct or from its style."""
    elements = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        elements.append(style.element.pPr)
        style = style.base_style
    for pPr in elements:
        if pPr is None:
            continue
        num_ids = pPr.xpath("./w:numPr/w:numId/@w:val")
        if num_ids and str(num_ids[0]) != "0":
            levels = pPr.xpath("./w:numPr/w:ilvl/@w:val")
            return int(num_ids[0]), int(levels[0]) if levels else 0
    return None


def _inline(paragraph: Paragraph) -> str:
    builder = InlineBuilder()

    def add_run(run: Run) -> None:
        style = (run.style.name or "").lower() if run.style is not None else ""
        kinds = []
        if run.bold or style in ("strong", "intense emphasis"):
            kinds.append(TagKind.STRONG)
        if run.italic or style in ("emphasis", "subtle emphasis", "intense emphasis"):
            kinds.append(TagKind.EM)
        for kind in kinds:
            builder.open(kind)
        for number, line in enumerate(run.text.split("\n")):
            if number:
                builder.line_break()
            builder.text(line.replace("\t", " "))
        for kind in reversed(kinds):
            builder.close(kind)

    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            href = safe_href(item.url) if item.address else ""
            if href:
                builder.open(TagKind.LINK, href)
            for run in item.runs:
                add_run(run)
            if href:
                builder.close(TagKind.LINK)
        else:
            add_run(item)
    return render_inline(builder.build())


def _block(word: WordDocument, paragraph: Paragraph, text: str) -> Block | None:
    """The paragraph's kind from its style and numbering; None for a Title."""
    name = (paragraph.style.name or "") if paragraph.style is not None else ""
    if name.lower() == "title":
        return None
    if heading := _HEADING.match(name):
        return Block.heading(text, min(max(int(heading.group(1)), 1), 6))
    if listed := _LIST_STYLE.match(name):
        depth = int(listed.group(2) or 1) - 1
        return Block.item(text, ordered=listed.group(1).lower() == "number", depth=depth)
    numbering = _num_pr(paragraph)
    if numbering is not None:
        num_id, level = numbering
        number_format = _numbering_format(word, num_id, level)
        if number_format not in (None, "none"):
            return Block.item(text, ordered=number_format != "bullet", depth=level)
    if name.lower() in _QUOTE_STYLES:
        return Block.quote(text)
    return Block.paragraph(text)


def _table_rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):  # merged cells repeat
                cells.append(text)
        if cells:
            yield escape_inline(" | ".join(cells))


def read_docx(data: bytes) -> Document:
    """A Word document: the Title paragraph, the document title (core properties) or the
    first heading is the headline; headings, lists and quotes keep their kind."""
    word = _open(data)
    headline = ""
    blocks: list[Block] = []
    for item in word.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(Block.paragraph(row) for row in _table_rows(item))
            continue
        text = _inline(item)
        if not text:
            continue
        block = _block(word, item, text)
        if block is None:
            headline = headline or text.replace("\\\n", " ")
        else:
            blocks.append(block)
    title = (word.core_properties.title or "").strip()
    if not headline and title:
        headline = escape_inline(title)
    if not blocks and not headline:
        raise IntakeError("The Word document has no text.")
    return assemble(blocks, headline=headline, language=_language(word))


def _language(word: WordDocument) -> str:
    language = (word.core_properties.language or "").strip()
    if language:
        return language
    rPr = word.styles["Normal"].element.rPr if "Normal" in word.styles else None
    lang = rPr.find(qn("w:lang")) if rPr is not None else None
    return (lang.get(qn("w:val")) or "") if lang is not None else ""


# --- Writing ------------------------------------------------------------------------------


def _set_language(word: WordDocument, language: str) -> None:
    """Language of the default run properties and the Normal style (Latin, East Asian and
    complex scripts alike), so every paragraph is proofed in it."""
    targets = [word.styles["Normal"].element.get_or_add_rPr()]
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            targets.append(rpr_default.find(qn("w:rPr")))
    for rPr in targets:
        for old in rPr.findall(qn("w:lang")):
            rPr.remove(old)
        lang = OxmlElement("w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), language)
        _oxml(rPr).insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _style(word: WordDocument, name: str) -> str:
    """The style name if the template has it (it does for python-docx's), else Normal."""
    try:
        word.styles[name]
    except KeyError:
        return "Normal"
    return name


_BIDI_SUCCESSORS = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def _oxml(element: object) -> Any:
    """python-docx's XML element classes get most methods at run time (from their
    declared children), which type checkers cannot see."""
    return element


def _add_runs(paragraph: Paragraph, text: str, *, rtl: bool) -> None:
    if rtl:
        pPr = _oxml(paragraph._p.get_or_add_pPr())
        pPr.insert_element_before(OxmlElement("w:bidi"), *_BIDI_SUCCESSORS)
    for piece, kinds, href in runs(parse_inline(text)):
        run = paragraph.add_run(piece)
        run.bold = True if TagKind.STRONG in kinds else None
        run.italic = True if TagKind.EM in kinds else None
        if rtl:
            _oxml(run._r.get_or_add_rPr()).get_or_add_rtl()
        if href:
            run.font.underline = True
            run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            relation = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), relation)
            run._r.addprevious(link)
            link.append(run._r)


def _new_list_number(word: WordDocument, style: str) -> int | None:
    """A new numbering instance for a numbered list in ``style``, starting again at 1."""
    style_pPr = word.styles[style].element.pPr
    num_ids = style_pPr.xpath("./w:numPr/w:numId/@w:val") if style_pPr is not None else []
    if not num_ids:
        return None
    numbering = _oxml(word.part.numbering_part.element)
    abstract_id = numbering.num_having_numId(int(num_ids[0])).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def _set_number(paragraph: Paragraph, num_id: int) -> None:
    numPr = _oxml(paragraph._p.get_or_add_pPr()).get_or_add_numPr()
    numPr.get_or_add_ilvl().val = 0
    numPr.get_or_add_numId().val = num_id


def write_docx(document: Document) -> bytes:
    """A .docx with real styles: Title, Heading N, List Bullet/Number (N), Quote."""
    word = docx.Document()
    language = document.language or "und"
    rtl = is_rtl(language)
    properties = word.core_properties
    properties.title = document.headline_plain
    properties.language = document.language
    properties.author = document.byline or "Newsdesk"
    if document.language:
        _set_language(word, document.language)
    if document.headline:
        title = word.add_paragraph(style=_style(word, "Title"))
        _add_runs(title, document.headline, rtl=rtl)
    if document.byline:
        _add_runs(word.add_paragraph(), escape_inline(document.byline), rtl=rtl)
    #: The numbering instance of the numbered list open at each depth.
    numbers: dict[int, int | None] = {}
    for block in document.body_blocks():
        match block.kind:
            case BlockKind.HEADING:
                style = _style(word, f"Heading {block.level}")
            case BlockKind.QUOTE:
                style = _style(word, "Quote")
            case BlockKind.LIST_ITEM:
                base = "List Number" if block.ordered else "List Bullet"
                depth = min(block.depth, 2)
                style = _style(word, base if depth == 0 else f"{base} {depth + 1}")
            case _:
                style = "Normal"
        paragraph = word.add_paragraph(style=style)
        _add_runs(paragraph, block.text, rtl=rtl)
        if block.kind is not BlockKind.LIST_ITEM:
            numbers.clear()
            continue
        for deeper in [d for d in numbers if d > block.depth]:
            del numbers[deeper]
        if not block.ordered:
            numbers.pop(block.depth, None)
        elif style.startswith("List Number"):
            if block.depth not in numbers:
                numbers[block.depth] = _new_list_number(word, style)
            num_id = numbers[block.depth]
            if num_id is not None:
                _set_number(paragraph, num_id)
    output = io.BytesIO()
    word.save(output)
    return output.getvalue()
