"""Markdown in and out (CommonMark, parsed with markdown-it-py).

Headings, paragraphs, bulleted and numbered lists (nested), block quotes, emphasis,
strong and links survive a round trip: reading what :func:`write_markdown` wrote gives the
same document. A simple front matter (``---`` / ``key: value`` lines / ``---``) is read for
the headline, byline, slug, language and date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsapp.intake.htmlblocks import blocks_from_html
from newsapp.intake.inline import (
    InlineText,
    escape_inline,
    inline_from_tokens,
    join_inline,
    render_inline,
)
from newsapp.intake.model import Block, BlockKind, Document, IntakeError, assemble
from newsapp.intake.textfile import decode_text, encoding_note


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


# --- Reading ------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[^\n]*\n){0,60}?)---[ \t]*(?:\n|\Z)")
_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_KEYS = {
    "title": "headline",
    "headline": "headline",
    "author": "byline",
    "byline": "byline",
    "by": "byline",
    "slug": "slug",
    "slugline": "slug",
    "lang": "language",
    "language": "language",
    "date": "versioncreated",
    "versioncreated": "versioncreated",
    "located": "located",
}


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match["body"].splitlines():
        found = _FIELD.match(line)
        if found and found["key"].lower() in _KEYS:
            value = found["value"].strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            fields[_KEYS[found["key"].lower()]] = value
    return fields, text[match.end() :]


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.lists: list[bool] = []  # ordered?, outermost first
        self.quote = 0
        self.heading = 0
        self.item_parts: list[list[InlineText]] = []  # per open list item

    def flush_item(self) -> None:
        if self.item_parts and self.item_parts[-1]:
            text = render_inline(join_inline(self.item_parts[-1], "\n"))
            if text:
                depth = len(self.lists) - 1
                self.blocks.append(Block.item(text, ordered=self.lists[-1], depth=depth))
            self.item_parts[-1] = []

    def add(self, inline: InlineText) -> None:
        if self.heading:
            text = render_inline(InlineText(inline.plain.replace("\n", " "), inline.tags))
            if text:
                block = Block.quote(text) if self.quote else Block.heading(text, self.heading)
                self.blocks.append(block)
        elif self.item_parts:
            self.item_parts[-1].append(inline)
        else:
            text = render_inline(inline)
            if text:
                self.blocks.append(Block.quote(text) if self.quote else Block.paragraph(text))

    def literal(self, content: str) -> None:
        """A code block: its lines kept, as text."""
        lines = content.rstrip("\n").split("\n")
        self.add(InlineText("\n".join(lines)))

    def feed(self, tokens: Iterable[Token]) -> None:
        for token in tokens:
            match token.type:
                case "heading_open":
                    self.heading = int(token.tag[1])
                case "heading_close":
                    self.heading = 0
                case "bullet_list_open" | "ordered_list_open":
                    self.flush_item()
                    self.lists.append(token.type == "ordered_list_open")
                case "bullet_list_close" | "ordered_list_close":
                    self.lists.pop()
                case "list_item_open":
                    self.item_parts.append([])
                case "list_item_close":
                    self.flush_item()
                    self.item_parts.pop()
                case "blockquote_open":
                    self.flush_item()
                    self.quote += 1
                case "blockquote_close":
                    self.quote -= 1
                case "inline":
                    self.add(inline_from_tokens(token.children or []))
                case "fence" | "code_block":
                    self.literal(token.content)
                case "html_block":
                    for block in blocks_from_html(token.content):
                        self.add(block.inline)


def read_markdown(data: bytes | str) -> Document:
    """A Markdown story; the first heading (when it comes first) is the headline."""
    notes: list[str] = []
    if isinstance(data, bytes):
        decoded = decode_text(data)
        text = decoded.text
        if decoded.detected:
            notes.append(encoding_note(decoded))
    else:
        text = data
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    fields, text = _front_matter(text)
    reader = _Reader()
    reader.feed(_parser().parse(text))
    if not reader.blocks and not fields.get("headline"):
        raise IntakeError("The Markdown file has no text.")
    versioncreated = None
    if fields.get("versioncreated"):
        try:
            parsed = datetime.fromisoformat(fields["versioncreated"].replace("Z", "+00:00"))
            versioncreated = parsed if parsed.tzinfo else None
        except ValueError:
            notes.append(
                f"The date “{fields['versioncreated']}” was not understood; it was left out."
            )
    return assemble(
        reader.blocks,
        headline=escape_inline(fields["headline"]) if fields.get("headline") else "",
        byline=fields.get("byline", ""),
        slug=fields.get("slug", ""),
        language=fields.get("language", ""),
        located=fields.get("located", ""),
        versioncreated=versioncreated,
        notes=notes,
    )


# --- Writing ------------------------------------------------------------------------------

_LINE_START = re.compile(r"^([#>+=~-]|\d{1,9}(?=[.)]))")
_TRAILING_HASHES = re.compile(r"(#+)$")


def _escape_line_starts(text: str) -> list[str]:
    """The text's lines (split at line breaks) with a block marker at a line start escaped,
    so that "1. " or "# " in a sentence stays text."""
    lines = text.split("\\\n")
    out = []
    for line in lines:
        match = _LINE_START.match(line)
        if match:
            marker = match.group(1)
            line = (marker + "\\" if marker[0].isdigit() else "\\" + marker) + line[match.end() :]
        out.append(line)
    # Each line but the last ends with the hard-break backslash.
    return [line + "\\" for line in out[:-1]] + out[-1:]


def _heading(text: str, level: int) -> str:
    text = text.replace("\\\n", " ")
    text = _TRAILING_HASHES.sub(lambda m: "\\#" * len(m.group(1)), text)
    return "#" * level + " " + text


def write_markdown(document: Document) -> str:
    """CommonMark: ``# headline``, the byline, then the blocks, one blank line apart (list
    items of one list on consecutive lines)."""
    chunks: list[str] = []
    if document.headline:
        chunks.append(_heading(document.headline, 1))
    if document.byline:
        chunks.append("\n".join(_escape_line_starts(escape_inline(document.byline))))
    indents: list[int] = []  # content indent per open list level
    numbers: list[int] = []
    kinds: list[bool] = []
    previous: Block | None = None
    for block in document.body_blocks():
        if block.kind is not BlockKind.LIST_ITEM:
            indents, numbers, kinds = [], [], []
            lines = _escape_line_starts(block.text)
            if block.kind is BlockKind.HEADING:
                chunks.append(_heading(block.text, block.level))
            elif block.kind is BlockKind.QUOTE:
                chunks.append("\n".join("> " + line for line in lines))
            else:
                chunks.append("\n".join(lines))
            previous = block
            continue
        depth = min(block.depth, len(indents))  # never skip a level
        del indents[depth + 1 :], numbers[depth + 1 :], kinds[depth + 1 :]
        if len(indents) > depth and kinds[depth] != block.ordered:
            del indents[depth:], numbers[depth:], kinds[depth:]
        if len(indents) == depth:
            base = indents[depth - 1] if depth else 0
            indents.append(base)
            numbers.append(0)
            kinds.append(block.ordered)
        numbers[depth] += 1
        base = indents[depth - 1] if depth else 0
        marker = f"{numbers[depth]}." if block.ordered else "-"
        indents[depth] = base + len(marker) + 1
        lines = _escape_line_starts(block.text)
        text = " " * base + marker + " " + lines[0]
        text += "".join("\n" + " " * indents[depth] + line for line in lines[1:])
        if previous is not None and previous.kind is BlockKind.LIST_ITEM:
            chunks[-1] += "\n" + text
        else:
            chunks.append(text)
        previous = block
    return "\n\n".join(chunks) + "\n"
