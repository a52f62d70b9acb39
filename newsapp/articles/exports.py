"""Exports of a translation (.txt, .md, .html, .docx, ninjs, bilingual XLIFF 1.2) and XLIFF
import.

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
* ``ninjs``: an IPTC ninjs 2.2 item written by ``newsapp.intake.ninjs.write_ninjs``: one
  paragraph block per paragraph, the target language, ``uri``
  ``urn:newsdesk:translation:<id>``, and an association "original" naming the article
  (``urn:newsdesk:article:<id>``, its language and title). The pipeline does not translate
  the title, so the item has no headline of its own.

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

"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby
from xml.sax.saxutils import quoteattr

import docx
from django.utils.html import escape
from django.utils.text import slugify
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from translate.storage.xliff import xlifffile, xliffunit

from newsapp.articles.models import Segment, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.sanitize import text_clean
from newsapp.intake.inline import escape_inline
from newsapp.intake.model import Block, Document
from newsapp.intake.ninjs import ninjs_json

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
ND_NS = "urn:x-newsdesk:xliff:1"
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


class ExportFormatError(ServiceError):
    """An uploaded file that cannot be imported at all; the message says why."""


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


# --- Plain formats -----------------------------------------------------------------------


def target_paragraphs(*, translation: Translation) -> list[str]:
    """The target text's paragraphs, as ``selectors.translation_text`` assembles them."""
    return text_clean(selectors.translation_text(translation=translation)).split("\n\n")


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


def render_html(paragraphs: list[str], *, title: str, language: str) -> bytes:
    direction = ' dir="rtl"' if languages.is_rtl(language) else ""
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


def render_ninjs(translation: Translation) -> bytes:
    article = translation.article
    document = Document(
        blocks=tuple(
            Block.paragraph(escape_inline(p))
            for p in target_paragraphs(translation=translation)
            if p.strip()
        ),
        language=translation.target_language,
    )
    text = ninjs_json(
        document,
        uri=f"urn:newsdesk:translation:{translation.pk}",
        original_uri=f"urn:newsdesk:article:{article.pk}",
        original_language=article.source_language,
        original_headline=text_clean(article.title),
        versioncreated=translation.finished_at or article.updated_at,
    )
    return text.encode("utf-8")


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
        f'<note from="newsdesk">{escape(text_clean(article.title))}</note></header>'
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
    # Stored text may predate the input rule (newsapp.core.sanitize): lxml refuses it.
    unit = xliffunit(text_clean(segment.source))
    unit.setid(str(segment.order + 1))
    store.addunit(unit, new=False)  # registered here, placed in its group by the caller
    element = unit.xmlelement
    element.set("resname", f"segment-{segment.order + 1}")
    unit.settarget(text_clean(segment.target_text))
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
        title=text_clean(translation.article.title),
        language=translation.target_language,
    )


#: format → (extension, content type, renderer)
FORMATS: dict[str, tuple[str, str, Callable[[Translation], bytes]]] = {
    "txt": ("txt", "text/plain; charset=utf-8", _plain(render_txt)),
    "md": ("md", "text/markdown; charset=utf-8", _plain(render_markdown)),
    "html": ("html", "text/html; charset=utf-8", _titled(render_html)),
    "docx": ("docx", DOCX_TYPE, _titled(render_docx)),
    "ninjs": ("json", "application/json; charset=utf-8", render_ninjs),
    "xliff": (
        "xlf",
        "application/x-xliff+xml; charset=utf-8",
        lambda translation: xliff_export(translation=translation),
    ),
}


_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def export_filename(*, translation: Translation, extension: str) -> str:
    """The article's own title (any script: 북한 미사일 발사.ko.docx), the target language and
    the extension. Characters no file system accepts are dropped; at most 100 characters of
    title; ``article-<id>`` only when nothing of the title is left."""
    title = " ".join(_UNSAFE_IN_FILENAME.sub(" ", translation.article.title).split())
    name = title[:100].strip(" .") or f"article-{translation.article_id}"
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
