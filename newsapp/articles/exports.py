"""Exports of a translation (.txt, .md, .html, .docx, ninjs, bilingual XLIFF 1.2) and XLIFF
import.

Every format but XLIFF is written by the ``newsapp.intake`` writers from the translated
document (``translated_document``): the headline segment's target as headline, the body's
paragraphs (sentences joined with their source spacing) with the kinds the source blocks
had (heading, paragraph, list item, quote), and the article's byline, dateline and slug:

* ``txt``: UTF-8; the headline, the byline, then the paragraphs a blank line apart, list
  items as ``- `` / ``1. `` lines.
* ``md``: ``write_markdown``: ``# headline``, headings, lists and quotes as Markdown, the
  text escaped only where Markdown would read it as markup.
* ``html``: ``write_html``: ``<html lang dir>`` (right to left for Arabic, Hebrew…), the
  headline as ``<title>`` and ``<h1>``, ``<h2>``…, ``<p>``, ``<ul>``/``<ol>``,
  ``<blockquote>``.
* ``docx``: ``write_docx``: Word's own Title, Heading N, List Bullet/Number and Quote
  styles, the target language set on the document and its styles.
* ``ninjs``: an IPTC ninjs 2.2 item (``write_ninjs``): headline, plain and HTML bodies,
  the target language, ``versioncreated``, ``uri`` ``urn:newsdesk:translation:<id>``, and an
  association "original" naming the article (``urn:newsdesk:article:<id>``).

Articles from before the headline was separate have no headline segment: their exports
have no headline.

XLIFF 1.2 (bilingual, for CAT tools)
------------------------------------
Written with translate-toolkit: ``<xliff version="1.2">`` in the XLIFF 1.2 namespace, one
``<file>`` with ``source-language``/``target-language`` and ``original="translation-<pk>"``,
one ``<group restype="x-paragraph" id="p<n>">`` per paragraph (n from 1; the headline's
group, first, has ``restype="x-headline"`` and one unit), and in it one
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

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any
from xml.sax.saxutils import quoteattr

from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree
from translate.storage.xliff import xlifffile, xliffunit

from newsapp.articles import text as text_utils
from newsapp.articles.models import Segment, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.core.errors import ServiceError
from newsapp.core.sanitize import text_clean
from newsapp.intake.docx_format import write_docx
from newsapp.intake.inline import escape_inline
from newsapp.intake.markdown_format import write_markdown
from newsapp.intake.model import Block, BlockKind, Document
from newsapp.intake.ninjs import body_text, ninjs_json
from newsapp.intake.webpage import write_html

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


# --- Documents: the translation as a newsapp.intake Document --------------------------------


def translated_document(*, translation: Translation) -> Document:
    """The translation as a :class:`Document`: the headline segment's text as headline, the
    body's paragraphs (sentences joined with their source spacing) with the kinds the source
    blocks had, and the article's byline, dateline and slug. Paragraphs not translated yet
    are left out."""
    article = translation.article
    rows = list(
        selectors.translation_segments(translation=translation).values_list(
            "paragraph_index", "kind", "target_text", "separator"
        )
    )
    headline = " ".join(t for _, kind, t, _ in rows if kind == Segment.Kind.HEADLINE)
    offset = 1 if article.headline else 0
    body: dict[int, list[tuple[int, str, str]]] = {}
    for index, kind, target, separator in rows:
        if kind != Segment.Kind.HEADLINE:
            body.setdefault(index, []).append((index, text_clean(target), separator))
    blocks: list[Block] = []
    for index, parts in sorted(body.items()):
        text = text_utils.assemble(parts).strip()
        if text:
            blocks.append(_block(article.blocks, index - offset, text))
    # Stored text is cleaned again on the way out: data saved before the input filters (or
    # by a path that missed them) must never make an export fail or a file malformed.
    return Document(
        headline=escape_inline(" ".join(text_clean(headline).split())),
        blocks=tuple(blocks),
        byline=text_clean(article.byline),
        dateline=text_clean(article.dateline),
        slug=text_clean(article.slug),
        language=translation.target_language,
        versioncreated=translation.finished_at or article.updated_at,
    )


def _block(specs: list[dict[str, Any]], position: int, text: str) -> Block:
    spec = specs[position] if 0 <= position < len(specs) else {}
    inline = escape_inline(text)  # a line break becomes a hard break
    try:
        kind = BlockKind(spec.get("kind") or "paragraph")
        return Block(
            kind,
            inline,
            level=int(spec.get("level") or 0),
            ordered=bool(spec.get("ordered")),
            depth=int(spec.get("depth") or 0),
        )
    except ValueError:
        return Block.paragraph(inline)


def target_paragraphs(*, translation: Translation) -> list[str]:
    """The target text's paragraphs, as ``selectors.translation_text`` assembles them."""
    return text_clean(selectors.translation_text(translation=translation)).split("\n\n")


def render_txt(document: Document) -> bytes:
    """The headline, the byline, then the body (list items as "- " / "1. " lines)."""
    parts = [p for p in (document.headline_plain, document.byline) if p]
    parts.append(body_text(document))
    return ("\n\n".join(p for p in parts if p) + "\n").encode("utf-8")


def render_markdown(document: Document) -> bytes:
    return write_markdown(document).encode("utf-8")


def render_html(document: Document) -> bytes:
    return write_html(document).encode("utf-8")


def render_docx(document: Document) -> bytes:
    return write_docx(document)


def render_ninjs(translation: Translation, document: Document) -> bytes:
    article = translation.article
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
    return b"".join(xliff_chunks(translation=translation))


def xliff_chunks(*, translation: Translation) -> Iterator[bytes]:
    """The XLIFF file piece by piece, one paragraph group at a time, so a long translation
    starts downloading at once and is never held in memory whole (the page streams it)."""
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
    head, tail = bytes(store).split(b"<body/>", 1)
    yield head + b"<body>"
    segments = selectors.translation_segments(translation=translation).iterator(chunk_size=2000)
    for paragraph_index, members in groupby(segments, key=lambda s: s.paragraph_index):
        group = etree.SubElement(store.body, store.namespaced("group"))
        group.set("id", f"p{paragraph_index + 1}")
        headline = paragraph_index == 0 and bool(article.headline)
        group.set("restype", "x-headline" if headline else "x-paragraph")
        group.set("resname", f"paragraph-{paragraph_index + 1}")
        group.set(_nd("paragraph"), str(paragraph_index))
        for segment in members:
            group.append(_xliff_unit(store, segment).xmlelement)
        # The group carries the file's namespace declarations again (same namespaces), so each
        # piece stands alone; then it is dropped from the store, which stays small.
        yield etree.tostring(group, encoding="utf-8")
        store.body.remove(group)
        store.units.clear()
    yield b"</body>" + tail


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


def _from_document(render: Callable[[Document], bytes]) -> Callable[[Translation], bytes]:
    return lambda translation: render(translated_document(translation=translation))


#: format → (extension, content type, renderer)
FORMATS: dict[str, tuple[str, str, Callable[[Translation], bytes]]] = {
    "txt": ("txt", "text/plain; charset=utf-8", _from_document(render_txt)),
    "md": ("md", "text/markdown; charset=utf-8", _from_document(render_markdown)),
    "html": ("html", "text/html; charset=utf-8", _from_document(render_html)),
    "docx": ("docx", DOCX_TYPE, _from_document(render_docx)),
    "ninjs": (
        "json",
        "application/json; charset=utf-8",
        lambda translation: render_ninjs(translation, translated_document(translation=translation)),
    ),
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
        raise ServiceError(
            _("Unknown export format “%(format)s” (use %(formats)s).")
            % {"format": fmt, "formats": ", ".join(FORMATS)}
        )
    extension, content_type, render = FORMATS[fmt]
    return ExportFile(
        content=render(translation),
        content_type=content_type,
        filename=export_filename(translation=translation, extension=extension),
    )


# --- XLIFF import --------------------------------------------------------------------------
