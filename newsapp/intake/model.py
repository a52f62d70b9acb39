"""The neutral document every reader returns and every writer takes.

A :class:`Document` is a headline plus wire metadata and a flat sequence of
:class:`Block` (heading, paragraph, list item, quote). Block text is the inline Markdown
subset of ``newsapp.intake.inline``. See ``docs/intake.md``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from newsapp.intake.inline import InlineText, parse_inline


class IntakeError(ValueError):
    """Input that cannot be read; the message tells a translator what to do about it."""


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    #: Inline Markdown subset (see ``newsapp.intake.inline``).
    text: str
    #: Heading level, 1–6 (headings only).
    level: int = 0
    #: List items: numbered (True) or bulleted.
    ordered: bool = False
    #: List items: nesting depth, 0 for the outermost list.
    depth: int = 0

    def __post_init__(self) -> None:
        if self.kind is BlockKind.HEADING and not 1 <= self.level <= 6:
            raise ValueError(f"A heading needs a level from 1 to 6, not {self.level}.")
        if self.kind is not BlockKind.HEADING and self.level:
            raise ValueError("Only headings have a level.")
        if self.kind is not BlockKind.LIST_ITEM and (self.ordered or self.depth):
            raise ValueError("Only list items are ordered or nested.")

    @property
    def inline(self) -> InlineText:
        return parse_inline(self.text)

    @property
    def plain(self) -> str:
        return self.inline.plain

    @classmethod
    def paragraph(cls, text: str) -> Block:
        return cls(BlockKind.PARAGRAPH, text)

    @classmethod
    def heading(cls, text: str, level: int) -> Block:
        return cls(BlockKind.HEADING, text, level=level)

    @classmethod
    def item(cls, text: str, *, ordered: bool = False, depth: int = 0) -> Block:
        return cls(BlockKind.LIST_ITEM, text, ordered=ordered, depth=depth)

    @classmethod
    def quote(cls, text: str) -> Block:
        return cls(BlockKind.QUOTE, text)


@dataclass(frozen=True)
class Document:
    #: Inline Markdown subset, like block text; "" when the source had none.
    headline: str = ""
    blocks: tuple[Block, ...] = ()
    #: Plain text (no markup): "By Kim Hyun" or "Kim Hyun", as the source wrote it.
    byline: str = ""
    #: The wire dateline taken off the first paragraph, separator included:
    #: "WASHINGTON, Nov. 28 (Yonhap) --", "(서울=연합뉴스) 김효정 기자 =".
    dateline: str = ""
    slug: str = ""
    #: BCP 47 tag ("en", "ko", "pt-BR"), or "" when unknown.
    language: str = ""
    versioncreated: datetime | None = None
    #: Where the story was filed from ("WASHINGTON"; ninjs ``located``).
    located: str = ""
    #: The source's own address or identifier (a ninjs ``uri``, a feed item's link).
    source_uri: str = ""
    #: What the reader noticed and the translator should know ("Converted from cp949").
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def headline_plain(self) -> str:
        return parse_inline(self.headline).plain

    def paragraphs(self) -> list[str]:
        """Block texts, with the dateline put back in front of the first paragraph."""
        return [block.text for block in self.body_blocks()]

    def body_blocks(self) -> tuple[Block, ...]:
        """The blocks with the dateline restored into the first paragraph (for writers)."""
        if not self.dateline:
            return self.blocks
        blocks = list(self.blocks)
        first = next((i for i, b in enumerate(blocks) if b.kind is BlockKind.PARAGRAPH), None)
        if first is None:
            return (Block.paragraph(self.dateline), *blocks)
        blocks[first] = replace(blocks[first], text=f"{self.dateline} {blocks[first].text}")
        return tuple(blocks)

    def with_notes(self, *notes: str) -> Document:
        return replace(self, notes=(*self.notes, *notes))


# --- Content hash -------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split())


def content_hash(document: Document) -> str:
    """SHA-256 (hex) of the story's text, ignoring markup, case, spacing and quote styles.

    The body decides (headline edits do not make a new story); a document with no body is
    hashed by its headline.
    """
    parts = [parse_inline(text).plain for text in document.paragraphs()]
    if not any(p.strip() for p in parts):
        parts = [document.headline_plain]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(_normalised(part).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


# --- Wire conventions: dateline and byline ------------------------------------------------

#: "WASHINGTON, Nov. 28 (Yonhap) --", "GROSSETO, Italy (AP) —", "SEOUL, Nov 28 (Reuters) -"
_DATELINE_EN = re.compile(
    r"""^(?P<dateline>
        (?P<place>[A-Z][A-Z.'\-]+(?:\ [A-Z][A-Z.'\-]+){0,3})   # the place, in capitals
        (?:,\ [^,()\n]{2,30}?){0,2}                            # , Italy / , Nov. 28
        \ \([A-Z][^()\n]{0,30}\)                               # (Yonhap)
        \ ?(?:--|—|–|-)
    )\ +(?=\S)""",
    re.VERBOSE,
)
#: "(서울=연합뉴스) 김효정 기자 =", "(워싱턴=연합뉴스) 김동현 특파원 ="
_DATELINE_KO = re.compile(
    r"""^(?P<dateline>
        \((?P<place>[^()=\n]{1,20})=[^()=\n]{1,20}\)
        (?:\ [^=\n]{1,30}?\ (?:기자|특파원)\ ?=)?
    )\ *(?=\S)""",
    re.VERBOSE,
)
_BYLINE = re.compile(r"^(?:By|BY|Von|VON|Par|PAR|Por|POR|Di|Door|Av|Af)\s+\S")


def split_dateline(text: str) -> tuple[str, str, str]:
    """(dateline, place, rest) when ``text`` starts with a wire dateline, else ("", "", text)."""
    for pattern in (_DATELINE_EN, _DATELINE_KO):
        match = pattern.match(text)
        if match:
            rest = text[match.end() :]
            if rest:
                return match["dateline"], match["place"].strip(), rest
    return "", "", text


def looks_like_byline(text: str) -> bool:
    """A short line such as "By Kim Hyun" or "Von Christian Hollmann, dpa"."""
    plain = parse_inline(text).plain
    return (
        bool(_BYLINE.match(plain))
        and len(plain) <= 100
        and len(plain.split()) <= 12
        and "\n" not in plain
        and not plain.rstrip().endswith((".", "!", "?", ":"))
    )


def assemble(
    blocks: Iterable[Block],
    *,
    headline: str = "",
    byline: str = "",
    located: str = "",
    language: str = "",
    slug: str = "",
    versioncreated: datetime | None = None,
    source_uri: str = "",
    notes: Iterable[str] = (),
) -> Document:
    """A Document from a reader's blocks and metadata.

    * No headline given: the first block becomes it when it is a heading. A given headline
      repeated as the first heading (a page's ``<h1>``) is not kept twice.
    * A byline paragraph right after it ("By Kim Hyun") becomes the byline, unless another
      byline was given that it does not contain.
    * A wire dateline at the start of the first paragraph is split off.
    """
    items = list(blocks)
    if items and items[0].kind is BlockKind.HEADING:
        if not headline:
            headline = items.pop(0).text
        elif items[0].plain.strip() == parse_inline(headline).plain.strip():
            items.pop(0)
    if items and items[0].kind is BlockKind.PARAGRAPH and looks_like_byline(items[0].text):
        found = items[0].plain
        if not byline or byline.casefold() in found.casefold():
            byline = found
            items.pop(0)
    dateline, place = "", ""
    first = next((i for i, b in enumerate(items[:2]) if b.kind is BlockKind.PARAGRAPH), None)
    if first is not None:
        dateline, place, rest = split_dateline(items[first].text)
        if dateline:
            items[first] = replace(items[first], text=rest)
    return Document(
        headline=headline,
        blocks=tuple(items),
        byline=byline,
        dateline=dateline,
        slug=slug,
        language=language,
        versioncreated=versioncreated,
        located=located or place,
        source_uri=source_uri,
        notes=tuple(notes),
    )
