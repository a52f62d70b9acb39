"""A word-level diff of two versions of a sentence, for the editor's history.

Words are runs of non-space characters, so Korean is compared eojeol by eojeol (its words are
space-separated, particles attached), and punctuation stays with its word. Pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class Piece:
    op: Op
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` as pieces: unchanged words, deleted words, inserted words, in reading
    order (a replacement is its deletion then its insertion). Runs of words are joined by one
    space; no piece is empty."""
    before, after = old.split(), new.split()
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("delete", " ".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("insert", " ".join(after[j1:j2])))
    return pieces
