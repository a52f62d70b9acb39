"""HTML (or trafilatura's XML output) to blocks: headings, paragraphs, list items, quotes.

Used on trafilatura's extracted main text, on a ninjs ``body_html`` and on feed item
content. Inline emphasis, strong and links are kept; scripts, navigation, forms and
footers are skipped (they matter only when there is no extractor in front).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newsapp.intake.inline import InlineBuilder, TagKind, render_inline, safe_href
from newsapp.intake.model import Block, BlockKind

_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "footer",
        "aside",
        "header",
        "form",
        "button",
        "select",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "audio",
        "video",
        "map",
        "title",
        "meta",
        "link",
        "graphic",
        "img",
    ]
)
_INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "hi",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "ref",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
        "br",
        "lb",
    ]
)
_STRONG = frozenset({"b", "strong"})
_EM = frozenset({"i", "em", "cite", "dfn", "var"})
_HEADING = re.compile(r"^h([1-6])$")


def _tag(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # comment or processing instruction
    return tag.rsplit("}", 1)[-1].lower()


@dataclass(frozen=True)
class _Context:
    quote: bool = False
    depth: int = -1  # list depth; -1 outside lists
    ordered: bool = False


class _Walker:
    def __init__(self, base_url: str) -> None:
        self.blocks: list[Block] = []
        self.base_url = base_url

    # Blocks ---------------------------------------------------------------------------

    def _emit(self, builder: InlineBuilder, kind: BlockKind, ctx: _Context, level: int = 0) -> None:
        text = render_inline(builder.build())
        if not text:
            return
        if ctx.quote and kind is not BlockKind.LIST_ITEM:
            self.blocks.append(Block.quote(text))
        elif kind is BlockKind.HEADING:
            self.blocks.append(Block.heading(text, level))
        elif kind is BlockKind.LIST_ITEM:
            self.blocks.append(Block.item(text, ordered=ctx.ordered, depth=max(ctx.depth, 0)))
        else:
            self.blocks.append(Block.paragraph(text))

    def container(self, element: etree._Element, ctx: _Context) -> None:
        """Walk an element that holds blocks; loose text in it becomes paragraphs."""
        loose = InlineBuilder(collapse_space=True)
        kind = BlockKind.LIST_ITEM if ctx.depth >= 0 else BlockKind.PARAGRAPH
        if element.text:
            loose.text(element.text)
        for child in element:
            tag = _tag(child)
            if tag and tag not in _INLINE and tag not in _SKIP:
                self._emit(loose, kind, ctx)
                loose = InlineBuilder(collapse_space=True)
                self.block(child, ctx)
            elif tag in _INLINE:
                self.inline(child, loose)
            if child.tail:
                loose.text(child.tail)
        self._emit(loose, kind, ctx)

    def block(self, element: etree._Element, ctx: _Context) -> None:
        tag = _tag(element)
        heading = _HEADING.match(tag)
        if tag == "head":
            parent = element.getparent()
            if parent is not None and _tag(parent) == "html":
                return  # an HTML document's <head>
            heading = _HEADING.match(element.get("rend", "h2"))  # trafilatura: <head rend="h2">
        if heading:
            builder = self._inline_content(element)
            self._emit(builder, BlockKind.HEADING, ctx, int(heading.group(1)))
        elif tag in ("p", "pre") and ctx.depth < 0:
            builder = self._inline_content(element, keep_lines=tag == "pre")
            self._emit(builder, BlockKind.PARAGRAPH, ctx)
        elif tag in ("ul", "ol", "list", "dl", "menu"):
            ordered = tag == "ol" or element.get("rend", "") == "ol"
            inner = _Context(quote=ctx.quote, depth=ctx.depth + 1, ordered=ordered)
            for child in element:
                if _tag(child) in ("li", "item", "dt", "dd"):
                    self.container(child, inner)
                elif _tag(child) in ("ul", "ol", "list"):
                    self.block(child, inner)
        elif tag in ("blockquote", "quote"):
            self.container(element, _Context(quote=True, depth=ctx.depth, ordered=ctx.ordered))
        elif tag in ("tr", "row"):
            builder = InlineBuilder(collapse_space=True)
            for index, cell in enumerate(c for c in element if _tag(c) in ("td", "th", "cell")):
                if index:
                    builder.text(" | ")
                self._inline_children(cell, builder)
            self._emit(builder, BlockKind.PARAGRAPH, ctx)
        elif tag == "hr":
            return
        else:
            self.container(element, ctx)

    # Inline ---------------------------------------------------------------------------

    def _inline_content(
        self, element: etree._Element, *, keep_lines: bool = False
    ) -> InlineBuilder:
        builder = InlineBuilder(collapse_space=not keep_lines)
        if keep_lines:
            for number, line in enumerate("".join(str(t) for t in element.itertext()).splitlines()):
                if number:
                    builder.line_break()
                builder.text(line)
            return builder
        self._inline_children(element, builder)
        return builder

    def _inline_children(self, element: etree._Element, builder: InlineBuilder) -> None:
        if element.text:
            builder.text(element.text)
        for child in element:
            tag = _tag(child)
            if tag and tag not in _SKIP:
                if tag in _INLINE:
                    self.inline(child, builder)
                else:  # a block inside inline content (<p> in <li>): keep its words apart
                    builder.text(" ")
                    self._inline_children(child, builder)
                    builder.text(" ")
            if child.tail:
                builder.text(child.tail)

    def inline(self, element: etree._Element, builder: InlineBuilder) -> None:
        tag = _tag(element)
        if tag in ("br", "lb"):
            builder.line_break()
            return
        kind: TagKind | None = None
        href = ""
        rend = element.get("rend", "") if tag == "hi" else ""
        if tag in _STRONG or "#b" in rend:
            kind = TagKind.STRONG
        elif tag in _EM or "#i" in rend:
            kind = TagKind.EM
        elif tag in ("a", "ref"):
            raw = element.get("href") or element.get("target") or ""
            href = safe_href(urljoin(self.base_url, raw) if self.base_url and raw else raw)
            if href and not href.startswith("#"):
                kind = TagKind.LINK
        if kind is not None:
            builder.open(kind, href)
        self._inline_children(element, builder)
        if kind is not None:
            builder.close(kind)


def blocks_from_element(element: etree._Element, *, base_url: str = "") -> list[Block]:
    walker = _Walker(base_url)
    walker.block(element, _Context())
    return walker.blocks


def blocks_from_html(markup: str | bytes, *, base_url: str = "") -> list[Block]:
    """Blocks from an HTML document or fragment (a ninjs body, a feed item's content)."""
    if not markup.strip():
        return []
    if isinstance(markup, str):
        # lxml refuses str input that declares its own encoding.
        markup = markup.encode("utf-8")
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    else:
        parser = lxml.html.HTMLParser(remove_comments=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except etree.ParserError:  # only comments or processing instructions (a fuzzing find)
        return []
    body = root.find("body")
    return blocks_from_element(body if body is not None else root, base_url=base_url)
