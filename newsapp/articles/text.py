"""Text handling: paragraphs, sentence segmentation (sentencex) and re-assembly."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import sentencex

from newsapp.core.sanitize import text_clean

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class SourceSegment:
    paragraph_index: int
    source: str
    #: Whitespace after the sentence inside its paragraph: " ", "\n", or "" for the last one.
    separator: str
    #: The block kind (``Segment.Kind``): "headline", "heading", "paragraph", "list_item"…
    kind: str = "paragraph"


def normalise(text: str) -> str:
    """Unix line ends, no BOM, none of the characters XML cannot hold (every article and
    every typed sentence passes here)."""
    return text_clean(text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", ""))


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(normalise(text).strip()) if p.strip()]


def segment(text: str, language: str) -> list[SourceSegment]:
    """Split ``text`` into sentences, paragraph by paragraph."""
    out: list[SourceSegment] = []
    for index, paragraph in enumerate(paragraphs(text)):
        sentences = [s for s in sentencex.segment(language, paragraph) if s.strip()]
        for position, sentence in enumerate(sentences):
            last = position == len(sentences) - 1
            trailing = sentence[len(sentence.rstrip()) :]
            separator = "" if last else ("\n" if "\n" in trailing else " ")
            out.append(SourceSegment(index, sentence.strip(), separator))
    return out


def block_kinds(blocks: list[dict[str, object]], count: int) -> list[str]:
    """The kind of each of ``count`` body paragraphs; "paragraph" where ``blocks`` says
    nothing (articles from before kinds were kept)."""
    kinds = [str(b.get("kind") or "paragraph") for b in blocks[:count]]
    return kinds + ["paragraph"] * (count - len(kinds))


def segment_article(
    *, headline: str, text: str, blocks: list[dict[str, object]], language: str
) -> list[SourceSegment]:
    """The segments of an article: the headline first (its own paragraph 0, one segment),
    then the body's sentences with their block's kind. Without a headline this is exactly
    :func:`segment` (articles from before the headline was separate)."""
    body = segment(text, language)
    kinds = block_kinds(blocks, len(paragraphs(text)))
    headline = " ".join(headline.split())
    offset = 1 if headline else 0
    out = [SourceSegment(0, headline, "", "headline")] if headline else []
    out.extend(
        SourceSegment(s.paragraph_index + offset, s.source, s.separator, kinds[s.paragraph_index])
        for s in body
    )
    return out


def assemble(parts: Iterable[tuple[int, str, str]]) -> str:
    """Join (paragraph_index, text, separator) triples back into paragraphs."""
    grouped: dict[int, list[str]] = {}
    for paragraph_index, text, separator in parts:
        grouped.setdefault(paragraph_index, []).append(text + separator)
    return "\n\n".join("".join(chunks).strip() for _, chunks in sorted(grouped.items()))


#: A word: a run of letters or digits, or one Chinese character or kana (Chinese and Japanese
#: write no spaces; each character counts, as translation vendors count them).
_WORD = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:['’.-][^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*"
)


def word_count(text: str) -> int:
    """Words in ``text`` (Korean counts its space-separated words, as the desk does)."""
    return len(_WORD.findall(text))
