"""Clean up text pasted from a news web page: drop the page's furniture, keep the story.

Dropped: known furniture lines ("Back To Top", share and subscribe lines; the list is
``data/furniture.txt``, plus phrases the desk adds), menus and breadcrumbs, the short
headline lists under "MOST POPULAR"-style boxes, cookie and copyright notices, time stamp
lines and repeated lines. A line that reads as a sentence (eight words or more, ending in
sentence punctuation) is only ever dropped as an exact repeat or as a site notice. Every
dropped line is returned with its reason, so the translator sees it before submitting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LIST = "list"
SHARE = "share"
MENU = "menu"
REPEATED = "repeated"
NOTICE = "notice"
TIMESTAMP = "timestamp"
DESK = "desk list"

#: Shown to the translator next to each dropped line.
REASONS = {
    "navigation": "page navigation",
    LIST: "list of other stories",
    SHARE: "share buttons",
    "account": "subscription or account link",
    MENU: "menu",
    REPEATED: "repeated line",
    NOTICE: "site notice",
    TIMESTAMP: "time stamp",
    DESK: "on the desk's list",
}


@dataclass(frozen=True)
class DroppedLine:
    #: 1-based line number in the pasted text.
    number: int
    text: str
    reason: str

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(frozen=True)
class Cleaned:
    text: str
    dropped: tuple[DroppedLine, ...]


@dataclass(frozen=True)
class _Furniture:
    phrases: dict[str, str]  # normalised phrase → section
    share_words: frozenset[str]


def _key(line: str) -> str:
    """Case-folded, NFKC, single-spaced, without punctuation or symbols at the ends."""
    text = " ".join(unicodedata.normalize("NFKC", line).casefold().split())
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return text[start:end]


@lru_cache(maxsize=1)
def _furniture() -> _Furniture:
    source = resources.files("newsapp.intake").joinpath("data/furniture.txt").read_text("utf-8")
    phrases: dict[str, str] = {}
    section = "navigation"
    for raw in source.splitlines():
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        phrases[_key(line)] = section
    share = frozenset(p for p, s in phrases.items() if s == SHARE and " " not in p)
    return _Furniture(phrases, share)


_SENTENCE_END = re.compile(r"(?:[.!?。]|다\.?)[\"'”’)\]]*$")
_SEPARATORS = re.compile(r"\s*(?:\||·|•|›|»|>|/|\t|\s{3,})\s*")
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}[.)]?|[①-⑳])\s+\S")
_TIMESTAMP = re.compile(
    r"^(?:published|updated|posted|last updated|modified|입력|수정|등록|승인|송고)\s*[:：]?\s*"
    r"(?:\d|[A-Z][a-z]{2,8}\.? \d)",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^(?:(?:published|updated|posted|입력|수정|등록|송고)\s*[:：]?\s*)?"
    r"\d{4}[-./년]\s?\d{1,2}[-./월]\s?\d{1,2}일?\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s*(?:KST|UTC|GMT))?$",
    re.IGNORECASE,
)
_COOKIE = re.compile(
    r"^(?:we|this (?:web)?site|our (?:web)?site|by (?:continuing|using))\b.*\bcookies?\b"
    r"|^(?:accept|allow|reject|manage|decline)(?: all)? cookies?\b"
    r"|^cookies? (?:settings|policy|preferences)$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b)|all rights reserved|무단\s?전재|재배포\s?금지|저작권자",
    re.IGNORECASE,
)


def is_timestamp(line: str) -> bool:
    """A line that is only a date and time ("2023-11-28 09:15", "Updated: 2023.11.28")."""
    line = line.strip()
    if _DATE_ONLY.match(line):
        return True
    return bool(_TIMESTAMP.match(line)) and len(line.split()) <= 12 and not _is_sentence(line)


def _is_sentence(line: str) -> bool:
    return len(line.split()) >= 8 and bool(_SENTENCE_END.search(line.strip()))


def _is_menu(line: str) -> bool:
    parts = [p for p in _SEPARATORS.split(line.strip()) if p]
    return len(parts) >= 3 and all(
        len(p.split()) <= 3 and not _SENTENCE_END.search(p) for p in parts
    )


def _is_share_line(key: str, share_words: frozenset[str]) -> bool:
    words = [w for w in re.split(r"[\s|·•/,:]+", key) if w]
    return len(words) >= 2 and all(w in share_words for w in words)


def _furniture_parts(line: str, phrases: dict[str, str]) -> str | None:
    """The section of a line of several entries that are all furniture ("A | B")."""
    parts = [_key(p) for p in _SEPARATORS.split(line.strip()) if _key(p)]
    if len(parts) >= 2 and all(p in phrases for p in parts):
        return phrases[parts[0]]
    return None


def _is_notice(line: str) -> bool:
    if _COOKIE.search(line.strip()):
        return True
    return bool(_COPYRIGHT.search(line)) and len(line.split()) <= 25


_BULLET = re.compile(r"^[-*•·▪‣]\s")


def _short_menu_item(line: str) -> bool:
    """A line that could be one entry of a vertical menu (not a bulleted or numbered item)."""
    stripped = line.strip()
    return (
        0 < len(stripped) <= 25
        and len(stripped.split()) <= 3
        and not _SENTENCE_END.search(stripped)
        and not _BULLET.match(stripped)
        and not _NUMBERED.match(stripped)
    )


def clean_pasted_text(text: str, *, extra_phrases: Iterable[str] = ()) -> Cleaned:
    """Drop the lines a news web page adds around a story; return the rest and the dropped.

    ``extra_phrases`` are whole lines the desk also wants dropped (kept by editors).
    """
    furniture = _furniture()
    desk = {_key(p) for p in extra_phrases if _key(p)}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    drop: dict[int, str] = {}

    # Vertical menus: four or more consecutive one-to-three-word lines.
    vertical_menu: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):
        if index < len(lines) and _short_menu_item(line):
            run.append(index)
            continue
        if len(run) >= 4:
            vertical_menu.update(run)
        run = []

    seen: set[str] = set()
    in_list = numbered_list = needs_number = False
    items = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        key = _key(stripped)
        if not stripped:
            # A list of other stories ends at a blank line, unless it is numbered and the
            # next line carries the next number.
            in_list = in_list and (numbered_list or items == 0)
            needs_number = numbered_list
            continue
        section = furniture.phrases.get(key)
        reason: str | None = None
        if key and key in desk:
            reason = DESK
        elif section is not None:
            reason = section
        elif (
            in_list
            and len(stripped) <= 160
            and not _is_sentence(stripped)
            and (not needs_number or _NUMBERED.match(stripped))
        ):
            reason = LIST
            numbered_list = numbered_list or bool(_NUMBERED.match(stripped))
            needs_number = False
            items += 1
        else:
            in_list = False
            if _is_share_line(key, furniture.share_words):
                reason = SHARE
            elif parts_section := _furniture_parts(stripped, furniture.phrases):
                reason = parts_section
            elif _is_notice(stripped):
                reason = NOTICE
            elif is_timestamp(stripped):
                reason = TIMESTAMP
            elif not _is_sentence(stripped) and (index in vertical_menu or _is_menu(stripped)):
                reason = MENU
            elif key and key in seen:
                reason = REPEATED
        if section == LIST:
            in_list, numbered_list, needs_number, items = True, False, False, 0
        if reason is None:
            seen.add(key)
        else:
            drop[index] = reason

    kept: list[str] = []
    for index, line in enumerate(lines):
        if index in drop:
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue  # no leading or doubled blank lines
        kept.append(line.rstrip())
    while kept and not kept[-1].strip():
        kept.pop()
    dropped = tuple(
        DroppedLine(index + 1, lines[index].strip(), reason)
        for index, reason in sorted(drop.items())
    )
    return Cleaned("\n".join(kept), dropped)
