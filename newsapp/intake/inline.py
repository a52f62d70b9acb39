"""Inline markup inside a block: a small Markdown subset, parsed and rendered both ways.

``Block.text`` holds emphasis (``*em*``), strong (``**strong**``), links
(``[label](https://…)``), line breaks (backslash + newline) and backslash escapes for
literal punctuation; nothing else. :class:`InlineText` is the same content as plain text
plus tags with offsets, which is what a translation pipeline needs: :func:`mask` turns the
tags into placeholders an engine copies through, :func:`unmask` puts them back.
The full specification is in ``docs/intake.md``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token


class TagKind(StrEnum):
    EM = "em"
    STRONG = "strong"
    LINK = "link"


#: Nesting order for tags over the same span: links outside, then strong, then em.
_RANK = {TagKind.LINK: 0, TagKind.STRONG: 1, TagKind.EM: 2}


@dataclass(frozen=True, order=True)
class InlineTag:
    """A span of the plain text, ``plain[start:end]``, with emphasis, strong or a link."""

    start: int
    end: int
    kind: TagKind
    href: str = ""


@dataclass(frozen=True)
class InlineText:
    """Plain text and the tags over it; tags are normalised (see :func:`normalise`)."""

    plain: str
    tags: tuple[InlineTag, ...] = ()

    def slice(self, start: int, end: int) -> InlineText:
        """The part ``plain[start:end]``; tags crossing the edges are cut to fit."""
        tags = [
            replace(t, start=max(t.start, start) - start, end=min(t.end, end) - start)
            for t in self.tags
            if t.start < end and t.end > start
        ]
        return normalise(self.plain[start:end], tags)


# --- Normalisation ------------------------------------------------------------------------


_SPACE = " \t"


def _clean_plain(plain: str, tags: Iterable[InlineTag]) -> tuple[str, list[InlineTag]]:
    """Drop what Markdown cannot keep: whitespace at the ends, spaces and tabs around a line
    break, carriage returns; tag offsets follow."""
    plain = plain.replace("\r\n", "\n").replace("\r", "\n")
    keep = [True] * len(plain)
    for index, char in enumerate(plain):
        if char == "\n":
            before = index - 1
            while before >= 0 and plain[before] in _SPACE:
                keep[before] = False
                before -= 1
            after = index + 1
            while after < len(plain) and plain[after] in _SPACE:
                keep[after] = False
                after += 1
    start, end = 0, len(plain)
    while start < end and plain[start] in _SPACE + "\n":
        start += 1
    while end > start and plain[end - 1] in _SPACE + "\n":
        end -= 1
    for index in [*range(start), *range(end, len(plain))]:
        keep[index] = False
    if all(keep):
        return plain, list(tags)
    # new_offset[i]: the offset in the cleaned text of original offset i.
    new_offset = [0] * (len(plain) + 1)
    count = 0
    for index, kept in enumerate(keep):
        new_offset[index] = count
        count += kept
    new_offset[len(plain)] = count
    cleaned = "".join(c for c, kept in zip(plain, keep, strict=True) if kept)
    moved = [
        replace(
            t,
            start=new_offset[max(0, min(t.start, len(plain)))],
            end=new_offset[max(0, min(t.end, len(plain)))],
        )
        for t in tags
    ]
    return cleaned, moved


def _trim(plain: str, tag: InlineTag) -> InlineTag | None:
    start, end = max(tag.start, 0), min(tag.end, len(plain))
    while start < end and plain[start].isspace():
        start += 1
    while end > start and plain[end - 1].isspace():
        end -= 1
    return replace(tag, start=start, end=end) if start < end else None


def _uncross(plain: str, tags: list[InlineTag]) -> list[InlineTag]:
    """Split crossing spans so that every pair nests (a link is never split)."""
    work = list(tags)
    for _ in range(4 * len(work) + 4):
        crossing = next(
            ((x, y) for x in work for y in work if x.start < y.start < x.end < y.end), None
        )
        if crossing is None:
            break
        x, y = crossing
        if y.kind is TagKind.LINK:  # cut x around the link's start
            pieces = [replace(x, end=y.start), replace(x, start=y.start)]
            work.remove(x)
        else:
            pieces = [replace(y, end=x.end), replace(y, start=x.end)]
            work.remove(y)
        work.extend(t for t in (_trim(plain, p) for p in pieces) if t)
    return work


def normalise(plain: str, tags: Iterable[InlineTag]) -> InlineText:
    """Canonical plain text and tags.

    No whitespace at the ends or around a line break; whitespace moved outside spans; empty
    spans dropped; spans of the same kind (and address) that overlap, touch or are separated
    only by whitespace merged; a link never overlaps another; crossing spans split so that
    all nest. ``normalise`` is idempotent, and ``parse_inline(render_inline(x)) == x`` for a
    normalised ``x`` unless a tag had to be dropped (see :func:`render_inline`).
    """
    plain, cleaned = _clean_plain(plain, tags)
    linked = [
        replace(t, href=canonical_href(t.href)) if t.kind is TagKind.LINK else replace(t, href="")
        for t in cleaned
    ]
    # A link without a usable address keeps its text, not its tag.
    trimmed = [
        t for t in (_trim(plain, t) for t in linked) if t and (t.href or t.kind is not TagKind.LINK)
    ]
    merged: list[InlineTag] = []
    for tag in sorted(trimmed, key=lambda t: (t.kind, t.href, t.start, t.end)):
        last = merged[-1] if merged else None
        if (
            last
            and (last.kind, last.href) == (tag.kind, tag.href)
            and (tag.start <= last.end or plain[last.end : tag.start].isspace())
        ):
            merged[-1] = replace(last, end=max(last.end, tag.end))
        else:
            merged.append(tag)
    # Links cannot nest or overlap: a later link that overlaps an earlier one is cut.
    links = sorted((t for t in merged if t.kind is TagKind.LINK), key=lambda t: t.start)
    kept: list[InlineTag] = []
    for link in links:
        if kept and link.start < kept[-1].end:
            cut = _trim(plain, replace(link, start=kept[-1].end))
            if cut is None:
                continue
            link = cut
        kept.append(link)
    kept += [t for t in merged if t.kind is not TagKind.LINK]
    nested = _uncross(plain, kept)
    return InlineText(plain, tuple(sorted(nested, key=lambda t: (t.start, -t.end, _RANK[t.kind]))))


# --- Parsing ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


class InlineBuilder:
    """Accumulates plain text and tag spans, e.g. while walking HTML or Word runs.

    With ``collapse_space`` (HTML), runs of whitespace become one space and the result is
    stripped; explicit :meth:`line_break` calls are kept.
    """

    def __init__(self, *, collapse_space: bool = False) -> None:
        self._chars: list[str] = []
        self._length = 0
        self._open: list[tuple[TagKind, str, int]] = []
        self._tags: list[InlineTag] = []
        self._collapse = collapse_space

    def text(self, text: str) -> None:
        if self._collapse:
            text = re.sub(r"\s+", " ", text)
            if text.startswith(" ") and (self._length == 0 or self._last_is_space()):
                text = text[1:]
        if text:
            self._chars.append(text)
            self._length += len(text)

    def _last_is_space(self) -> bool:
        return bool(self._chars) and self._chars[-1][-1:] in (" ", "\n")

    def line_break(self) -> None:
        if self._collapse and self._last_is_space():
            last = self._chars[-1]
            if last.endswith(" "):
                self._chars[-1] = last[:-1]
                self._length -= 1
        self._chars.append("\n")
        self._length += 1

    def open(self, kind: TagKind, href: str = "") -> None:
        self._open.append((kind, href, self._length))

    def close(self, kind: TagKind) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] is kind:
                _, href, start = self._open.pop(index)
                self._tags.append(InlineTag(start, self._length, kind, href))
                return

    def build(self) -> InlineText:
        for kind, href, start in reversed(self._open):
            self._tags.append(InlineTag(start, self._length, kind, href))
        self._open.clear()
        plain = "".join(self._chars)
        tags = list(self._tags)
        # Strip the ends (and spaces around line breaks), keeping offsets right.
        lead = len(plain) - len(plain.lstrip())
        plain = plain[lead:].rstrip()
        tags = [replace(t, start=t.start - lead, end=t.end - lead) for t in tags]
        return normalise(plain, tags)


def canonical_href(href: str) -> str:
    """A safe address (see :func:`safe_href`) in the form the Markdown parser gives back:
    spaces and non-ASCII characters percent-encoded, an international domain in punycode."""
    safe = safe_href(href)
    return _parser().normalizeLink(safe) if safe else ""


def safe_href(href: str) -> str:
    """The address if it is safe to publish as a link (http, https, mailto, or relative)."""
    href = href.strip()
    scheme = urlsplit(href).scheme.lower() if href else ""
    if scheme in ("", "http", "https", "mailto") and not href.lower().startswith("//"):
        return href
    return ""


def _walk_tokens(children: Sequence[Token], builder: InlineBuilder) -> None:
    for token in children:
        match token.type:
            case "text" | "code_inline" | "html_inline":
                builder.text(token.content)
            case "softbreak":
                builder.text(" ")
            case "hardbreak":
                builder.line_break()
            case "em_open":
                builder.open(TagKind.EM)
            case "em_close":
                builder.close(TagKind.EM)
            case "strong_open":
                builder.open(TagKind.STRONG)
            case "strong_close":
                builder.close(TagKind.STRONG)
            case "link_open":
                builder.open(TagKind.LINK, safe_href(str(token.attrGet("href") or "")))
            case "link_close":
                builder.close(TagKind.LINK)
            case "image":
                _walk_tokens(token.children or [], builder)
            case _:
                builder.text(token.content)


def inline_from_tokens(children: Sequence[Token]) -> InlineText:
    """An :class:`InlineText` from markdown-it inline tokens (used by the Markdown reader)."""
    builder = InlineBuilder()
    _walk_tokens(children, builder)
    return builder.build()


def parse_inline(text: str) -> InlineText:
    """Split a block's text (the inline Markdown subset) into plain text and tags."""
    if not text:
        return InlineText("")
    tokens = _parser().parseInline(text)
    return inline_from_tokens(tokens[0].children or [] if tokens else [])


def plain_text(text: str) -> str:
    return parse_inline(text).plain


# --- Rendering ----------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>&!])")
_DELIMITER = {TagKind.EM: "*", TagKind.STRONG: "**"}


def escape_inline(plain: str) -> str:
    """Plain text as inline markup: punctuation Markdown would read is backslash-escaped,
    and a line break becomes backslash + newline."""
    return _ESCAPE.sub(r"\\\1", plain).replace("\n", "\\\n")


def _link_target(href: str) -> str:
    """A canonical address as a link destination; <…> when it holds parentheses."""
    return f"<{href}>" if "(" in href or ")" in href else href


def _nested(inline: InlineText) -> list[tuple[str, InlineTag | None]]:
    """Open/close/text pieces with properly nested tags (a crossing tag is closed and
    reopened around the inner one)."""
    plain, tags = inline.plain, inline.tags
    cuts = sorted({0, len(plain)} | {t.start for t in tags} | {t.end for t in tags})
    pieces: list[tuple[str, InlineTag | None]] = []
    stack: list[InlineTag] = []
    for start, end in pairwise(cuts):
        wanted = [t for t in tags if t.start <= start and t.end >= end]
        # Keep the common prefix of the open stack that is still wanted.
        keep = 0
        while keep < len(stack) and stack[keep] in wanted:
            keep += 1
        for tag in reversed(stack[keep:]):
            pieces.append(("close", tag))
        stack = stack[:keep]
        for tag in sorted(
            (t for t in wanted if t not in stack), key=lambda t: (-t.end, _RANK[t.kind])
        ):
            pieces.append(("open", tag))
            stack.append(tag)
        pieces.append((plain[start:end], None))
    for tag in reversed(stack):
        pieces.append(("close", tag))
    return pieces


def _render(inline: InlineText) -> str:
    out: list[str] = []
    for piece, tag in _nested(inline):
        if tag is None:
            out.append(escape_inline(piece))
        elif tag.kind is TagKind.LINK:
            out.append("[" if piece == "open" else f"]({_link_target(tag.href)})")
        else:
            out.append(_DELIMITER[tag.kind])
    return "".join(out)


def _shrink(plain: str, tag: InlineTag) -> InlineTag | None:
    """The tag without the punctuation at its edges, or None if that changes nothing."""
    start, end = tag.start, tag.end
    while start < end and not (plain[start].isalnum() or plain[start].isspace()):
        start += 1
    while end > start and not (plain[end - 1].isalnum() or plain[end - 1].isspace()):
        end -= 1
    if (start, end) == (tag.start, tag.end) or start >= end:
        return None
    return _trim(plain, replace(tag, start=start, end=end))


def render_inline(inline: InlineText) -> str:
    """The inline Markdown subset for ``inline``; ``parse_inline`` gives it back.

    Markdown cannot express emphasis whose delimiter sits between punctuation inside the
    span and a letter outside it (``**"평양"**은``). Such a tag is first narrowed to leave
    the punctuation out (``**"평양**"은``) and, if that is not enough, dropped (its text is
    kept).
    """
    inline = normalise(inline.plain, inline.tags)
    tags = list(inline.tags)
    for _ in range(2 * len(tags) + 1):
        wanted = normalise(inline.plain, tags)
        text = _render(wanted)
        back = parse_inline(text)
        if back == wanted:
            return text
        lost = [t for t in wanted.tags if t not in back.tags] or list(wanted.tags[-1:])
        tags = [t for t in wanted.tags if t != lost[-1]]
        shrunk = _shrink(inline.plain, lost[-1])
        if shrunk is not None:
            tags.append(shrunk)
    return escape_inline(inline.plain)


def text_to_html(text: str) -> str:
    """A block's inline markup as escaped HTML (``<em>``, ``<strong>``, ``<a href>``, ``<br>``)."""
    out: list[str] = []
    for piece, tag in _nested(parse_inline(text)):
        if tag is None:
            out.append(html.escape(piece, quote=False).replace("\n", "<br>\n"))
        elif tag.kind is TagKind.LINK:
            out.append(f'<a href="{html.escape(tag.href)}">' if piece == "open" else "</a>")
        else:
            out.append(f"<{tag.kind.value}>" if piece == "open" else f"</{tag.kind.value}>")
    return "".join(out)


def runs(inline: InlineText) -> list[tuple[str, frozenset[TagKind], str]]:
    """Consecutive pieces of text with the tags over them and the link address, if any
    (for writers that style runs, such as DOCX)."""
    cuts = sorted(
        {0, len(inline.plain)} | {t.start for t in inline.tags} | {t.end for t in inline.tags}
    )
    out: list[tuple[str, frozenset[TagKind], str]] = []
    for start, end in pairwise(cuts):
        over = [t for t in inline.tags if t.start <= start and t.end >= end]
        href = next((t.href for t in over if t.kind is TagKind.LINK), "")
        out.append((inline.plain[start:end], frozenset(t.kind for t in over), href))
    return out


def join_inline(parts: Sequence[InlineText], separator: str = "") -> InlineText:
    """Concatenate parts (e.g. translated sentences), merging a tag that continues across
    the join."""
    plain: list[str] = []
    tags: list[InlineTag] = []
    offset = 0
    for index, part in enumerate(parts):
        if index:
            plain.append(separator)
            offset += len(separator)
        tags.extend(replace(t, start=t.start + offset, end=t.end + offset) for t in part.tags)
        plain.append(part.plain)
        offset += len(part.plain)
    joined = "".join(plain)
    # A tag that ends at a separator and starts again right after it continues.
    bridged: list[InlineTag] = []
    for tag in sorted(tags, key=lambda t: (t.kind, t.href, t.start)):
        last = bridged[-1] if bridged else None
        if (
            last
            and (last.kind, last.href) == (tag.kind, tag.href)
            and joined[last.end : tag.start].isspace()
        ):
            bridged[-1] = replace(last, end=tag.end)
        else:
            bridged.append(tag)
    return normalise(joined, bridged)


# --- Placeholders for a translation pipeline ----------------------------------------------


@dataclass(frozen=True)
class Masked:
    """Plain text with a placeholder at each tag edge, and what each placeholder stands for."""

    text: str
    #: placeholder → (index into ``tags``, True for the opening edge)
    edges: dict[str, tuple[int, bool]]
    tags: tuple[InlineTag, ...]


@dataclass(frozen=True)
class Unmasked:
    #: The translation as inline markup; never contains a placeholder.
    text: str
    #: Tags that could not be put back (their text is kept, unformatted), as messages.
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def mask(text: str, *, placeholder: str = "⟦{n}⟧", first: int = 1) -> Masked:
    """Replace the inline markup of ``text`` by numbered placeholders.

    ``placeholder`` is the engine's format (``⟦{n}⟧``, ``[X{n}X]``…); numbering starts at
    ``first`` so that it can follow other placeholders (glossary terms) in the same sentence.
    Each tag gets two placeholders, its opening and closing edge.
    """
    inline = parse_inline(text)
    events: list[tuple[int, int, int, bool]] = []  # position, order, tag index, opening
    for index, tag in enumerate(inline.tags):
        events.append((tag.start, 1, index, True))
        events.append((tag.end, 0, index, False))
    events.sort(key=lambda e: (e[0], e[1], -e[2] if e[1] == 0 else e[2]))
    out: list[str] = []
    edges: dict[str, tuple[int, bool]] = {}
    position = 0
    for number, (at, _, index, opening) in enumerate(events, start=first):
        out.append(inline.plain[position:at])
        marker = placeholder.format(n=number)
        out.append(marker)
        edges[marker] = (index, opening)
        position = at
    out.append(inline.plain[position:])
    return Masked("".join(out), edges, inline.tags)


def unmask(translated: str, masked: Masked) -> Unmasked:
    """Put the tags back into a translation of ``masked.text``.

    A tag whose two placeholders both came back exactly once, opening before closing, is
    restored; any other tag is reported in ``problems`` and only its text is kept.
    """
    if not masked.edges:
        return Unmasked(render_inline(InlineText(translated)))
    pattern = re.compile(
        "|".join(re.escape(m) for m in sorted(masked.edges, key=len, reverse=True))
    )
    found: dict[str, list[int]] = {}
    plain: list[str] = []
    length = 0
    position = 0
    for match in pattern.finditer(translated):
        piece = translated[position : match.start()]
        plain.append(piece)
        length += len(piece)
        found.setdefault(match.group(), []).append(length)
        position = match.end()
    plain.append(translated[position:])
    text = "".join(plain)
    problems: list[str] = []
    spans: dict[int, dict[bool, int]] = {}
    for marker, (index, opening) in masked.edges.items():
        positions = found.get(marker, [])
        if len(positions) == 1:
            spans.setdefault(index, {})[opening] = positions[0]
    tags: list[InlineTag] = []
    for index, tag in enumerate(masked.tags):
        edges = spans.get(index, {})
        start, end = edges.get(True), edges.get(False)
        label = tag.kind.value + (f" ({tag.href})" if tag.href else "")
        if start is None or end is None:
            problems.append(f"The {label} markup was lost in translation.")
        elif start > end:
            problems.append(f"The {label} markup came back out of order.")
        else:
            tags.append(replace(tag, start=start, end=end))
    return Unmasked(render_inline(normalise(text, tags)), tuple(problems))
