"""Exports of a translation (.txt, .md, .html, .docx, bilingual XLIFF 1.2) and XLIFF import.

Every format carries the target text paragraph by paragraph, exactly as
``selectors.translation_text`` assembles it (sentences joined with their source spacing,
paragraphs separated by a blank line):

* ``txt``: UTF-8, paragraphs separated by one blank line.
* ``md``: the same, with Markdown's special characters backslash-escaped (``\\*``,
  ``\\#``, a leading ``1\\.``…) so the text renders literally; a single line break inside a
  paragraph stays a line break in the source.
* ``html``: a small standalone UTF-8 document, ``<html lang="ko">`` (``dir="rtl"`` for
  right-to-left languages), the article title as ``<title>``, one escaped ``<p>`` per
  paragraph, ``<br>`` for a line break inside a paragraph.
* ``docx``: python-docx, one Word paragraph per paragraph; core properties title and
  language, and the Normal style's proofing language set to the target language.

XLIFF 1.2 (bilingual, for CAT tools)
------------------------------------
Written with translate-toolkit: ``<xliff version="1.2">`` in the XLIFF 1.2 namespace, one
``<file>`` with ``source-language``/``target-language`` and ``original="translation-<pk>"``,
one ``<group restype="x-paragraph" id="p<n>">`` per paragraph (n from 1), and in it one
``<trans-unit>`` per segment: ``id`` is the segment number (``order + 1``, stable for the
translation), ``resname="segment-<n>"``, ``<source>``, ``<target state=…>``. The segment's
state maps to XLIFF as:

=========  ===========================  ==========================  ==============
segment    ``state``                    ``state-qualifier``         ``approved``
=========  ===========================  ==========================  ==============
pending    ``needs-translation``        —                           ``no``
machine    ``needs-review-translation`` ``mt-suggestion`` (engine)   ``no``
                                        or ``exact-match`` (memory)
edited     ``translated``               —                           ``no``
confirmed  ``final``                    —                           ``yes``
=========  ===========================  ==========================  ==============

Our own attributes, in the namespace ``urn:x-newsdesk:xliff:1`` (prefix ``nd``), carry what
import needs: ``nd:version`` (the segment version the file was exported at),
``nd:paragraph`` (paragraph index, from 0) and ``nd:segment`` (the segment's id) on each
unit, and ``nd:translation``/``nd:article`` on the ``<file>``. CAT tools keep or ignore
them; because some drop foreign attributes, each unit also has a
``<note from="newsdesk">newsdesk segment=<n> paragraph=<p> version=<v></note>`` that import
reads when the attribute is gone.

Import (``xliff_import``)
-------------------------
The upload is parsed with defusedxml first (entity declarations and external entities are
refused), must be XLIFF 1.x with one ``<file>`` of this translation (``nd:translation`` or
``original``) and the same language pair, and is then read with translate-toolkit. Each
unit is matched to the segment with that number; its source must equal the segment's
source (whitespace aside). Only changes are applied, through the editor's own rule
(``newsapp.articles.editing.segment_save`` with ``kind="import"``), which refuses a unit
whose version is stale:

* target equal to the segment's current text → *unchanged* (a unit marked ``final`` or
  ``signed-off`` whose segment is not yet confirmed, at the current version, is confirmed);
* exported at an older version and still holding the text the segment had at that version
  (from its revisions) → *unchanged*: edited here since, not in the CAT tool;
* otherwise ``segment_save(version=<file's version>, confirm=<state final/signed-off>)``:
  *applied*, or a *conflict* (someone changed the segment since the export; nothing is
  overwritten), or an *error* (``ServiceError``: e.g. an empty translation).

Units that cannot be matched (unknown number, different source, no version) are errors;
segments missing from the file are left alone.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from xml.sax.saxutils import quoteattr

import docx
from django.conf.locale import LANG_INFO
from django.core.exceptions import PermissionDenied
from django.utils.html import escape
from django.utils.text import slugify
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from translate.storage.xliff import xlifffile, xliffunit

from newsapp.articles import selectors
from newsapp.articles.models import Segment, SegmentRevision, Translation
from newsapp.articles.services import ServiceError
from newsapp.memory.models import language_base
from newsapp.safexml import UnsafeXMLError, local_name, xml_check

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
ND_NS = "urn:x-newsdesk:xliff:1"
MAX_XLIFF_BYTES = 20 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

State = Segment.State
#: segment state → (XLIFF state, approved)
XLIFF_STATES: dict[str, tuple[str, bool]] = {
    State.PENDING: ("needs-translation", False),
    State.MACHINE: ("needs-review-translation", False),
    State.EDITED: ("translated", False),
    State.CONFIRMED: ("final", True),
}
XLIFF_CONFIRMED_STATES = frozenset({"final", "signed-off"})
_NOTE_RE = re.compile(r"newsdesk segment=(\d+) paragraph=(\d+) version=(\d+)")


class ExportFormatError(ServiceError):
    """An uploaded file that cannot be imported at all; the message says why."""


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class XliffImportResult:
    #: Segment numbers (order + 1).
    applied: tuple[int, ...] = ()
    unchanged: int = 0
    conflicts: tuple[int, ...] = ()
    errors: tuple[str, ...] = ()

    def summary(self) -> str:
        parts = [f"{len(self.applied)} applied", f"{self.unchanged} unchanged"]
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} in conflict")
        if self.errors:
            parts.append(f"{len(self.errors)} with errors")
        return ", ".join(parts) + "."


# --- Plain formats -----------------------------------------------------------------------


def target_paragraphs(*, translation: Translation) -> list[str]:
    """The target text's paragraphs, as ``selectors.translation_text`` assembles them."""
    return selectors.translation_text(translation=translation).split("\n\n")


def render_txt(paragraphs: list[str]) -> bytes:
    return ("\n\n".join(paragraphs) + "\n").encode("utf-8")


_MD_INLINE = re.compile(r"([\\`*_\[\]<>#|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))", re.MULTILINE)


def markdown_escape(text: str) -> str:
    """Backslash-escape what Markdown (CommonMark, GFM) would read as markup."""
    text = _MD_INLINE.sub(r"\\\1", text)
    # "- item", "+ item", "1. item", "1) item", "===" underlines: escape the marker.
    return _MD_LINE_START.sub(
        lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), text
    )


def render_markdown(paragraphs: list[str]) -> bytes:
    return render_txt([markdown_escape(p) for p in paragraphs])


def _is_rtl(language: str) -> bool:
    return bool(LANG_INFO.get(language_base(language), {}).get("bidi"))


def render_html(paragraphs: list[str], *, title: str, language: str) -> bytes:
    direction = ' dir="rtl"' if _is_rtl(language) else ""
    body = "\n".join(f"<p>{escape(p).replace(chr(10), '<br>' + chr(10))}</p>" for p in paragraphs)
    document = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}"{direction}>\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        "</head>\n"
        "<body>\n"
        f"{body}\n"
        "</body>\n"
        "</html>\n"
    )
    return document.encode("utf-8")


def render_docx(paragraphs: list[str], *, title: str, language: str) -> bytes:
    document = docx.Document()
    properties = document.core_properties
    properties.title = title
    properties.language = language
    properties.author = "Newsdesk"
    # Proofing language of the Normal style (Latin, East Asian and complex scripts alike).
    run_properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)
    run_properties.append(lang)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)  # "\n" becomes a line break inside the paragraph
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- XLIFF export --------------------------------------------------------------------------


def _nd(name: str) -> str:
    return f"{{{ND_NS}}}{name}"


def _unit_note(segment: Segment) -> str:
    return (
        f"newsdesk segment={segment.order + 1} paragraph={segment.paragraph_index} "
        f"version={segment.version}"
    )


def xliff_export(*, translation: Translation) -> bytes:
    article = translation.article
    skeleton = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff version="1.2" xmlns="{XLIFF_NS}" xmlns:nd="{ND_NS}">'
        f"<file original={quoteattr(f'translation-{translation.pk}')}"
        f" source-language={quoteattr(article.source_language)}"
        f" target-language={quoteattr(translation.target_language)}"
        f' datatype="plaintext" nd:translation="{translation.pk}" nd:article="{article.pk}">'
        '<header><tool tool-id="newsdesk" tool-name="Newsdesk"/>'
        f'<note from="newsdesk">{escape(article.title)}</note></header>'
        "<body/></file></xliff>"
    )
    store = xlifffile.parsestring(skeleton.encode("utf-8"))
    segments = selectors.translation_segments(translation=translation)
    for paragraph_index, members in groupby(segments, key=lambda s: s.paragraph_index):
        group = etree.SubElement(store.body, store.namespaced("group"))
        group.set("id", f"p{paragraph_index + 1}")
        group.set("restype", "x-paragraph")
        group.set("resname", f"paragraph-{paragraph_index + 1}")
        group.set(_nd("paragraph"), str(paragraph_index))
        for segment in members:
            group.append(_xliff_unit(store, segment).xmlelement)
    etree.cleanup_namespaces(store.document)
    return bytes(store)


def _xliff_unit(store: xlifffile, segment: Segment) -> xliffunit:
    unit = xliffunit(segment.source)
    unit.setid(str(segment.order + 1))
    store.addunit(unit, new=False)  # registered here, placed in its group by the caller
    element = unit.xmlelement
    element.set("resname", f"segment-{segment.order + 1}")
    unit.settarget(segment.target_text)
    target = unit.getlanguageNode(lang=None, index=1)
    if target is None:  # an empty target: translate-toolkit adds no element
        target = etree.SubElement(element, store.namespaced("target"))
    xliff_state, approved = XLIFF_STATES.get(segment.state, ("needs-translation", False))
    target.set("state", xliff_state)
    if segment.state == State.MACHINE:
        target.set("state-qualifier", "exact-match" if segment.origin == "tm" else "mt-suggestion")
    element.set("approved", "yes" if approved else "no")
    element.set(_nd("segment"), str(segment.pk))
    element.set(_nd("paragraph"), str(segment.paragraph_index))
    element.set(_nd("version"), str(segment.version))
    unit.addnote(_unit_note(segment), origin="newsdesk")
    return unit


# --- Downloads ---------------------------------------------------------------------------


def _plain(render: Callable[[list[str]], bytes]) -> Callable[[Translation], bytes]:
    return lambda translation: render(target_paragraphs(translation=translation))


def _titled(render: Callable[..., bytes]) -> Callable[[Translation], bytes]:
    return lambda translation: render(
        target_paragraphs(translation=translation),
        title=translation.article.title,
        language=translation.target_language,
    )


#: format → (extension, content type, renderer)
FORMATS: dict[str, tuple[str, str, Callable[[Translation], bytes]]] = {
    "txt": ("txt", "text/plain; charset=utf-8", _plain(render_txt)),
    "md": ("md", "text/markdown; charset=utf-8", _plain(render_markdown)),
    "html": ("html", "text/html; charset=utf-8", _titled(render_html)),
    "docx": ("docx", DOCX_TYPE, _titled(render_docx)),
    "xliff": (
        "xlf",
        "application/x-xliff+xml; charset=utf-8",
        lambda translation: xliff_export(translation=translation),
    ),
}


def export_filename(*, translation: Translation, extension: str) -> str:
    """ASCII only: slugified title (or article-<id>), target language, extension."""
    name = slugify(translation.article.title)[:60].strip("-") or f"article-{translation.article_id}"
    language = slugify(translation.target_language) or "target"
    return f"{name}.{language}.{extension}"


def export_render(*, translation: Translation, fmt: str) -> ExportFile:
    """The download for ``fmt`` (a key of FORMATS); ServiceError for an unknown format."""
    if fmt not in FORMATS:
        raise ServiceError(f"Unknown export format “{fmt}” (use {', '.join(FORMATS)}).")
    extension, content_type, render = FORMATS[fmt]
    return ExportFile(
        content=render(translation),
        content_type=content_type,
        filename=export_filename(translation=translation, extension=extension),
    )


# --- XLIFF import --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    number: int
    source: str
    target: str
    version: int | None
    confirm: bool


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _xliff_units(*, translation: Translation, data: bytes) -> tuple[list[_Unit], list[str]]:
    """Read and check the file; the units with a number, and the errors of the others."""
    if len(data) > MAX_XLIFF_BYTES:
        raise ExportFormatError(f"The file is larger than {MAX_XLIFF_BYTES // 2**20} MB.")
    try:
        root = xml_check(data)
    except UnsafeXMLError as exc:
        raise ExportFormatError(str(exc)) from None
    if local_name(root.tag) != "xliff":
        raise ExportFormatError(f"Not an XLIFF file: the root element is <{local_name(root.tag)}>.")
    if not root.get("version", "1.2").startswith("1."):
        raise ExportFormatError(
            f"This is XLIFF {root.get('version')}; export XLIFF 1.2 from your tool instead."
        )
    files = [child for child in root if local_name(child.tag) == "file"]
    if len(files) != 1:
        raise ExportFormatError(f"Expected one <file> in the XLIFF, found {len(files)}.")
    _check_file(translation, files[0].attrib)
    try:
        store = xlifffile.parsestring(data)
    except Exception as exc:  # translate-toolkit raises lxml, value and assertion errors
        raise ExportFormatError(f"The XLIFF file cannot be read: {exc}.") from None
    units: list[_Unit] = []
    errors: list[str] = []
    for unit in store.getunits():
        local_id = unit.xmlelement.get("id", "")
        if not local_id.isdigit() or int(local_id) < 1:
            errors.append(f"Unit “{local_id}”: not a segment number from our export.")
            continue
        number = int(local_id)
        version_attr = unit.xmlelement.get(_nd("version"), "")
        note = _NOTE_RE.search(unit.getnotes() or "")
        if version_attr.isdigit():
            version: int | None = int(version_attr)
        else:
            version = int(note[3]) if note else None
        target_node = unit.getlanguageNode(lang=None, index=1)
        state = target_node.get("state", "") if target_node is not None else ""
        units.append(
            _Unit(
                number=number,
                source=str(unit.source or ""),
                target=str(unit.target or "").strip(),
                version=version,
                confirm=state in XLIFF_CONFIRMED_STATES,
            )
        )
    return units, errors


def _check_file(translation: Translation, attrib: Any) -> None:
    exported_from = attrib.get(_nd("translation"), "")
    if not exported_from:
        match = re.fullmatch(r"translation-(\d+)", attrib.get("original", ""))
        exported_from = match[1] if match else ""
    if exported_from and exported_from != str(translation.pk):
        raise ExportFormatError(
            f"This XLIFF was exported from another translation (#{exported_from}); "
            "import it into that one, or export this translation again."
        )
    pairs = (
        ("source-language", translation.article.source_language),
        ("target-language", translation.target_language),
    )
    for name, expected in pairs:
        found = attrib.get(name, "")
        if found and language_base(found) != language_base(expected):
            raise ExportFormatError(
                f"The file's {name} is {found}, but this translation's is {expected}."
            )


def xliff_import(*, translation: Translation, data: bytes, user: Any) -> XliffImportResult:
    """Apply an XLIFF edited elsewhere to ``translation`` (rules in the module docstring).

    Raises ExportFormatError when the file cannot be imported at all; per-unit problems are
    reported in the result. Each applied unit is saved on its own (``segment_save``).
    """
    from newsapp.articles import editing  # the segment editor's rules

    units, errors = _xliff_units(translation=translation, data=data)
    segments = {s.order + 1: s for s in selectors.translation_segments(translation=translation)}
    stale = [
        (segments[u.number].pk, u.version)
        for u in units
        if u.number in segments and u.version is not None
        and u.version != segments[u.number].version
    ]  # fmt: skip
    earlier = _texts_at_versions(stale)
    applied: list[int] = []
    conflicts: list[int] = []
    unchanged = 0
    seen: set[int] = set()
    for unit in units:
        segment = segments.get(unit.number)
        where = f"Segment {unit.number}"
        if segment is None:
            errors.append(f"{where}: this translation has no such segment.")
            continue
        if unit.number in seen:
            errors.append(f"{where}: appears twice in the file; the first one was used.")
            continue
        seen.add(unit.number)
        if not _same(unit.source, segment.source):
            errors.append(f"{where}: the source text differs from this translation's.")
            continue
        if unit.version is None:
            errors.append(f"{where}: no version in the file (nd:version); export again.")
            continue
        current = segment.target_text.strip()
        if unit.target == current:
            confirm_now = (
                unit.confirm and segment.state != State.CONFIRMED
                and unit.version == segment.version and bool(current)
            )  # fmt: skip
            if not confirm_now:
                unchanged += 1
                continue
        elif unit.version != segment.version and earlier.get((segment.pk, unit.version)) == (
            unit.target
        ):
            unchanged += 1  # changed here since the export, not in the file
            continue
        elif not unit.target:
            errors.append(f"{where}: the file's translation is empty; not applied.")
            continue
        try:
            editing.segment_save(
                segment_id=segment.pk,
                user=user,
                text=unit.target,
                version=unit.version,
                confirm=unit.confirm,
                kind="import",
            )
        except editing.SegmentConflict:
            conflicts.append(unit.number)
        except (ServiceError, PermissionDenied) as exc:
            errors.append(f"{where}: {exc}")
        else:
            applied.append(unit.number)
    return XliffImportResult(
        applied=tuple(applied),
        unchanged=unchanged,
        conflicts=tuple(conflicts),
        errors=tuple(errors),
    )


def _texts_at_versions(wanted: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """{(segment id, version): the text it had then}, from revisions; one query."""
    if not wanted:
        return {}
    segment_ids = {segment_id for segment_id, _ in wanted}
    versions = {version for _, version in wanted}
    rows = (
        SegmentRevision.objects.filter(segment_id__in=segment_ids, version__in=versions)
        .order_by("segment_id", "version", "id")
        .values_list("segment_id", "version", "text")
    )
    return {(segment_id, version): text.strip() for segment_id, version, text in rows}
