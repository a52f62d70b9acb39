"""Web pages in (HTML, saved ``.mhtml``), HTML out.

Reading runs trafilatura, which keeps the story and leaves out the page's furniture
(navigation, "most popular" boxes, share lines, footers); its main text is turned into
blocks by ``htmlblocks``. trafilatura is used here only, and never fetches anything.
"""

from __future__ import annotations

import copy
import email
import email.policy
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from email.message import EmailMessage
from html import escape

import lxml.html
import trafilatura
from lxml import etree

from newsapp.intake.cleanup import is_timestamp
from newsapp.intake.htmlblocks import blocks_from_element
from newsapp.intake.inline import escape_inline, text_to_html
from newsapp.intake.model import Block, BlockKind, Document, IntakeError, assemble
from newsapp.intake.textfile import Decoded, decode_text, encoding_note

#: Base subtags of languages written right to left.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi"}
)


def is_rtl(language: str) -> bool:
    return language.replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES


# --- Reading ------------------------------------------------------------------------------


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_page(data: bytes) -> Decoded:
    """A page's text: a byte-order mark, UTF-8, the page's ``<meta charset>``, or a guess."""
    declared = _META_CHARSET.search(data[:4096])
    return decode_text(data, declared=declared.group(1).decode("ascii") if declared else None)


def _parse_page(text: str) -> etree._Element | None:
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _meta(page: etree._Element, *names: str) -> str:
    for name in names:
        for element in page.iterfind(".//meta"):
            if name in (element.get("property"), element.get("name"), element.get("itemprop")):
                content = (element.get("content") or "").strip()
                if content:
                    return content
    return ""


def _timestamp(value: str) -> datetime | None:
    """A full ISO 8601 timestamp with a time zone, else None (a bare date is not enough)."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


#: Below this much extracted text, the page's own structure is read instead.
MIN_EXTRACTED_CHARS = 250

_PIPE = re.compile(r"\s+\|\s+")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _strip_site(title: str, site: str) -> str:
    """ "Headline | Site" → "Headline"; "Headline - Site" when the site's name is known."""
    title = " ".join(title.split())
    parts = _PIPE.split(title)
    if len(parts) > 1:
        title = max(parts, key=len)
    for separator in (" - ", " – ", " — ", " :: ", " · "):
        head, found, tail = title.rpartition(separator)
        if found and head and site and tail.casefold() == site.casefold():
            title = head
    return title.strip()


def _page_title(page: etree._Element, fallback: str) -> str:
    """The story's title: og:title, the page's only ``<h1>``, or ``<title>`` without the
    site name. (trafilatura's own title skips any title part with a full stop, so it
    passes over "U.S. urges N. Korea …" and returns the site name.)"""
    site = _meta(page, "og:site_name", "application-name")
    for name in ("og:title", "twitter:title"):
        value = _meta(page, name)
        if value:
            return _strip_site(value, site)
    headings = [" ".join("".join(str(t) for t in h.itertext()).split()) for h in page.iter("h1")]
    headings = [h for h in headings if h]
    if len(headings) == 1:
        return headings[0]
    title = page.find(".//title")
    text = "".join(str(t) for t in title.itertext()) if title is not None else ""
    return _strip_site(text, site) if text.strip() else fallback


def _main_element(page: etree._Element) -> etree._Element:
    """The page's <article>, <main> or role="main" element if it has one, else <body>."""
    for path in (".//article", ".//main", './/*[@role="main"]', ".//body"):
        found = page.find(path)
        if found is not None:
            return found
    return page


def read_html(data: bytes | str, *, base_url: str = "") -> Document:
    """The story in a web page: headline, byline, blocks; the rest of the page is dropped."""
    notes: list[str] = []
    if isinstance(data, bytes):
        decoded = decode_page(data)
        text = decoded.text
        if decoded.detected:
            notes.append(encoding_note(decoded))
    else:
        text = data
    # lxml refuses to set text holding these (trafilatura then raised ValueError: a fuzzing
    # find); the same rule as newsapp.core.sanitize, which this pure-Python package may not import.
    text = _XML_FORBIDDEN.sub("", text)
    if not text.strip():
        raise IntakeError("The web page is empty.")
    page = _parse_page(text)
    if page is None:
        raise IntakeError("This file could not be read as a web page (HTML).")
    extracted = trafilatura.bare_extraction(
        copy.deepcopy(page),  # trafilatura prunes the tree it is given
        url=base_url or None,
        include_formatting=True,
        include_links=True,
        include_comments=False,
        with_metadata=True,
    )
    blocks: list[Block] = []
    title = byline = ""
    if extracted is not None and not isinstance(extracted, dict):
        title = (extracted.title or "").strip()
        byline = (extracted.author or "").strip()
        if extracted.body is not None:
            blocks = blocks_from_element(extracted.body, base_url=base_url)
    if sum(len(b.plain) for b in blocks) < MIN_EXTRACTED_CHARS:
        # Too little for trafilatura to tell story from page (it then glues what it finds
        # into one paragraph): read the page's own structure, menus and footers left out.
        blocks = blocks_from_element(_main_element(page), base_url=base_url)
        if blocks:
            notes.append(
                "The page has little text, so all of it was kept (menus and footers aside): "
                "check it before translating."
            )
    # Extraction sometimes keeps the page's time stamp line; it is not story text.
    blocks = [b for b in blocks if not is_timestamp(b.plain)]
    title = _page_title(page, title)
    headline = ""
    if blocks and blocks[0].kind is BlockKind.HEADING:
        first = blocks[0]
        if first.level == 1 or first.plain.strip() == title:
            headline = blocks.pop(0).text
    if not headline and title:
        headline = escape_inline(title)
    if not blocks and not headline:
        raise IntakeError("No text was found in this web page.")
    language = (page.get("lang") or page.get("xml:lang") or "").strip()
    published = _meta(page, "article:modified_time", "article:published_time", "dateModified")
    return assemble(
        blocks,
        headline=headline,
        byline=byline,
        language=language,
        versioncreated=_timestamp(published),
        source_uri=base_url or _meta(page, "og:url"),
        notes=notes,
    )


def read_mhtml(data: bytes) -> Document:
    """A page saved by a browser as one ``.mhtml`` file (MIME): its HTML part is read."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html" and isinstance(part, EmailMessage):
            html = part.get_content()
            if isinstance(html, bytes):
                html = html.decode("utf-8", "replace")
            return read_html(html, base_url=str(part.get("Content-Location", "") or ""))
    raise IntakeError("This .mhtml file holds no web page (no HTML part).")


# --- Writing ------------------------------------------------------------------------------


def blocks_html(blocks: Iterable[Block]) -> Iterator[str]:
    """HTML for the blocks, list items grouped into (nested) <ul>/<ol>."""
    open_lists: list[str] = []  # tag names, outermost first
    quote_open = False
    for block in blocks:
        if block.kind is not BlockKind.LIST_ITEM:
            while open_lists:
                yield f"</li></{open_lists.pop()}>"
        if block.kind is not BlockKind.QUOTE and quote_open:
            yield "</blockquote>"
            quote_open = False
        text = text_to_html(block.text)
        match block.kind:
            case BlockKind.HEADING:
                yield f"<h{block.level}>{text}</h{block.level}>"
            case BlockKind.PARAGRAPH:
                yield f"<p>{text}</p>"
            case BlockKind.QUOTE:
                if not quote_open:
                    yield "<blockquote>"
                    quote_open = True
                yield f"<p>{text}</p>"
            case BlockKind.LIST_ITEM:
                tag = "ol" if block.ordered else "ul"
                depth = block.depth + 1
                while len(open_lists) > depth:
                    yield f"</li></{open_lists.pop()}>"
                if len(open_lists) == depth and open_lists[-1] != tag:
                    yield f"</li></{open_lists.pop()}>"
                if len(open_lists) == depth:
                    yield "</li>"
                while len(open_lists) < depth:
                    yield f"<{tag}>"
                    open_lists.append(tag)
                yield f"<li>{text}"
    while open_lists:
        yield f"</li></{open_lists.pop()}>"
    if quote_open:
        yield "</blockquote>"


def write_html(document: Document) -> str:
    """A standalone UTF-8 page: ``<html lang dir>``, the headline as ``<title>`` and
    ``<h1>``, the byline, then the blocks with their kinds and inline markup."""
    language = document.language or "und"
    direction = "rtl" if is_rtl(language) else "ltr"
    title = escape(document.headline_plain)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(language)}" dir="{direction}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        "</head>",
        "<body>",
        "<article>",
    ]
    if document.headline:
        parts.append(f"<h1>{text_to_html(document.headline)}</h1>")
    if document.byline:
        parts.append(f'<p class="byline">{escape(document.byline)}</p>')
    parts.extend(blocks_html(document.body_blocks()))
    parts += ["</article>", "</body>", "</html>", ""]
    return "\n".join(parts)
