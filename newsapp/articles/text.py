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


def assemble(parts: Iterable[tuple[int, str, str]]) -> str:
    """Join (paragraph_index, text, separator) triples back into paragraphs."""
    grouped: dict[int, list[str]] = {}
    for paragraph_index, text, separator in parts:
        grouped.setdefault(paragraph_index, []).append(text + separator)
    return "\n\n".join("".join(chunks).strip() for _, chunks in sorted(grouped.items()))
