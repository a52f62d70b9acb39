"""Find glossary terms in a text: Aho-Corasick candidates, then per-language boundary rules.

Pure Python, no Django: ``GlossaryIndex(terms)`` and ``LanguageMatcher(language, terms)`` are
built from in-memory ``IndexTerm``s; ``index.find(text, language)``. The database-backed,
per-process cache of matchers (``find_terms``) lives in ``glossary.selectors``.

Results are leftmost-longest and non-overlapping: at the leftmost position where some term
matches, the longest valid term wins ("UN Security Council" over "UN" and "Security
Council"); the search then continues after it. Spans are offsets into the original text,
``text[m.start:m.end] == m.text``.

How a candidate is validated
----------------------------
One automaton per language (``ahocorasick_rs``, ``MATCHKIND_LEFTMOST_LONGEST``) runs over a
folded copy of the text: ``str.lower()`` character by character (never ``casefold()``,
which changes lengths: ß → ss), every whitespace character as a space, ’ as '. The folded
text has the same length as the original, so offsets map back one to one. Then:

* Word boundaries (every language but Korean and unspaced scripts): the character before
  the term and after it (or after its inflection) is not a letter or digit, so "UN" is not
  found in "UNESCO" or "run"; "North Korea's" matches "North Korea" (the span stops before
  the apostrophe).
* Case: a case-sensitive term must appear exactly as written (inflection tails aside);
  others match in any case.
* English noun inflection (language "en"): a plural tail is accepted and included in the
  span: sanction → sanctions (and "sanctions'"), tax → taxes; a term ending in
  consonant + y is searched by its stem, so policy matches "policy" and "policies".
* Korean ("ko"): ``glossary.korean`` rules, the term must not continue a longer word on the
  left, and what follows is a boundary or a valid particle/suffix chain (평양은, 평양에서,
  안보리가, 북한측은), never the rest of a longer word (북한 is not in 북한산) nor a
  derivational suffix (미국 is not in 미국인, 도발 not in 도발적). The span is the term
  without its particles (``korean.particle_after(text, m.end)`` gives them). Spaces inside a
  term match zero or more whitespace characters (유엔 안전보장이사회 in 유엔안전보장이사회는):
  each spacing of the term (every gap with or without its space; beyond
  ``_MAX_SPACING_GAPS`` gaps only all or none) is a pattern, and runs of whitespace in the
  text are searched as one space, the offsets mapped back.
* Unspaced scripts (ja, zh, th, lo, km, my, bo): plain substring matches.

When the automaton's candidate at a position fails validation (北한산, a case mismatch), the
shorter patterns starting in that region are looked up directly, so a valid shorter term
there is still found, and the result stays exactly leftmost-longest over valid matches.

"""

from __future__ import annotations

import bisect
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

import ahocorasick_rs

from glossary import korean

__all__ = [
    "GlossaryIndex",
    "IndexTerm",
    "LanguageMatcher",
    "LayeredMatcher",
    "Matcher",
    "TermMatch",
]

Kind = Literal["spaced", "korean", "unspaced"]

UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my", "bo"})
_USAGE_RANK = {"preferred": 0, "admitted": 1, "forbidden": 2}
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class IndexTerm:
    """A term as the matcher needs it."""

    term_id: int
    concept_id: int
    language: str
    text: str
    case_sensitive: bool = False
    usage: str = "preferred"
    #: TBX termType: fullForm, shortForm, acronym, abbreviation, variant.
    term_type: str = "fullForm"


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int
    end: int
    concept_id: int
    term_id: int
    #: The glossary's spelling of the term.
    term: str
    #: The text as written, ``text[start:end]`` (e.g. "sanctions" for the term "sanction").
    text: str
    usage: str
    #: The matched term's TBX termType ("shortForm" for "Kirby" in a John Kirby concept).
    term_type: str = "fullForm"


def language_kind(language: str) -> Kind:
    base = language.split("-", 1)[0].split("_", 1)[0].lower()
    if base == "ko":
        return "korean"
    return "unspaced" if base in UNSPACED_LANGUAGES else "spaced"


_SPACES = {code: " " for code in range(0x3001) if chr(code).isspace()}  # up to U+3000
_FOLD_TABLE = str.maketrans({**_SPACES, 0x2019: "'", 0x02BC: "'"})


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. "İ".lower() is two characters: keep those as they are
        lowered = "".join(low if len(low := char.lower()) == 1 else char for char in text)
    return lowered.translate(_FOLD_TABLE)


def _fold_all(texts: list[str]) -> list[str]:
    """``fold`` of many texts in one pass (one C-level call instead of one per text)."""
    if any("\x00" in text for text in texts):
        return [fold(text) for text in texts]
    folded = fold("\x00".join(texts)).split("\x00")
    return folded if len(folded) == len(texts) else [fold(text) for text in texts]


class _Entry(NamedTuple):  # a tuple: 100k of them are built per automaton
    term: IndexTerm
    #: For case-sensitive terms: the original text the pattern part must equal.
    exact: str | None
    #: Accepted continuations after the pattern, longest first ("" = the pattern as is).
    tails: tuple[str, ...]
    needs_left: bool
    needs_right: bool
    #: A Korean spacing of the term other than its own (유엔안전보장이사회 for 유엔 안전보장이사회).
    respaced: bool = False


#: Korean terms with more gaps than this are searched with all or none of their spaces.
_MAX_SPACING_GAPS = 3


def _korean_spacings(text: str) -> list[str]:
    """``text`` (single-spaced), then the same with any of its spaces left out."""
    parts = text.split(" ")
    gaps = len(parts) - 1
    if gaps == 0:
        return [text]
    if gaps > _MAX_SPACING_GAPS:
        return [text, "".join(parts)]
    spacings = []
    for mask in range(2**gaps - 1, -1, -1):  # all spaces first
        pieces = [parts[0]]
        for gap, part in enumerate(parts[1:]):
            pieces += [" " if mask >> gap & 1 else "", part]
        spacings.append("".join(pieces))
    return spacings


_SPACE_RUN = re.compile(" {2,}")


class _Collapsed(NamedTuple):
    """A text whose whitespace runs are single characters, and the way back to offsets."""

    text: str
    hay: str
    #: Collapsed positions just after each run, and the characters removed up to there.
    after_run: list[int]
    removed: list[int]

    def original(self, pos: int) -> int:
        index = bisect.bisect_right(self.after_run, pos) - 1
        return pos if index < 0 else pos + self.removed[index]


def _collapse(text: str, hay: str) -> _Collapsed | None:
    """``text`` and ``hay`` with each whitespace run kept as its first character, if any."""
    runs = [match.span() for match in _SPACE_RUN.finditer(hay)]
    if not runs:
        return None
    text_parts: list[str] = []
    hay_parts: list[str] = []
    after_run: list[int] = []
    removed: list[int] = []
    cursor = dropped = 0
    for start, end in runs:
        text_parts.append(text[cursor : start + 1])
        hay_parts.append(hay[cursor : start + 1])
        dropped += end - start - 1
        after_run.append(end - dropped)
        removed.append(dropped)
        cursor = end
    text_parts.append(text[cursor:])
    hay_parts.append(hay[cursor:])
    return _Collapsed("".join(text_parts), "".join(hay_parts), after_run, removed)


def _english_pattern(text: str) -> tuple[str, tuple[str, ...]]:
    """(searched prefix, tails) for an English noun term."""
    last = text[-1]
    if not last.isalpha():
        return text, ("",)
    low = text.lower()
    if low.endswith("y") and len(low) >= 2 and low[-2].isalpha() and low[-2] not in _VOWELS:
        return text[:-1], ("ies", "y")  # policy/policies: search the stem
    if low.endswith(_SIBILANT_ENDINGS):
        return text, ("es", "")
    return text, ("s", "")


class LanguageMatcher:
    """The automaton and rules for one language."""

    def __init__(
        self,
        language: str,
        terms: Iterable[IndexTerm],
        *,
        implementation: ahocorasick_rs.Implementation | None = None,
    ) -> None:
        self.language = language
        self.kind: Kind = language_kind(language)
        english = language.split("-", 1)[0].lower() == "en"
        korean_kind = self.kind == "korean"
        pattern_ids: dict[str, int] = {}
        entries: list[list[_Entry]] = []
        plain = ("",)
        prepared: list[tuple[IndexTerm, str, str, tuple[str, ...], bool]] = []
        self._respaced = False
        for term in terms:
            text = term.text
            if "  " in text or text != text.strip() or "\n" in text or "\t" in text:
                text = " ".join(text.split())
            if not text:
                continue
            if korean_kind and " " in text:
                for index, spacing in enumerate(_korean_spacings(text)):
                    prepared.append((term, text, spacing, plain, index > 0))
                self._respaced = True
                continue
            searched, tails = _english_pattern(text) if english else (text, plain)
            prepared.append((term, text, searched, tails, False))
        for (term, text, searched, tails, respaced), pattern in zip(
            prepared, _fold_all([p[2] for p in prepared]), strict=True
        ):
            entry = _Entry(
                term,
                searched if term.case_sensitive else None,
                tails,
                text[0].isalnum(),
                text[-1].isalnum(),
                respaced,
            )
            pid = pattern_ids.setdefault(pattern, len(pattern_ids))
            if pid == len(entries):
                entries.append([entry])
            else:
                entries[pid].append(entry)
        self._entries: list[list[_Entry]] = [
            sorted(group, key=_entry_rank) if len(group) > 1 else group for group in entries
        ]
        self._pattern_ids = pattern_ids
        self._lengths = sorted({len(p) for p in pattern_ids})  # ascending, for bisect
        self.size = sum(len(group) for group in self._entries)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(
                list(pattern_ids),
                matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
                implementation=implementation,
            )
            if pattern_ids
            else None
        )

    def find(self, text: str) -> list[TermMatch]:
        if self._automaton is None or not text:
            return []
        hay = fold(text)
        collapsed = _collapse(text, hay) if self._respaced else None
        if collapsed is None:
            return self._find(text, hay)
        back = collapsed.original
        return [
            replace(match, start=start, end=end, text=text[start:end])
            for match in self._find(collapsed.text, collapsed.hay)
            for start, end in [(back(match.start), back(match.end))]
        ]

    def _find(self, text: str, hay: str) -> list[TermMatch]:
        found: list[TermMatch] = []
        pos = 0  # end of the last accepted match
        automaton = self._automaton
        if automaton is None:
            return found
        for pid, start, end in automaton.find_matches_as_indexes(hay):
            if end <= pos:
                continue
            if start >= pos:
                match = self._accept(pid, start, end, text, hay)
                if match is not None:
                    found.append(match)
                    pos = match.end
                    continue
            # The candidate is invalid (or overlaps an accepted match): the automaton hid
            # every shorter pattern starting inside it, so look those up directly. At the
            # candidate's own start nothing longer matches (it was the longest there).
            limit = end - start if start >= pos else None
            pos = self._scan_region(max(start, pos), end, text, hay, found, pos, limit)
        return found

    # -- internals -------------------------------------------------------------------

    def _scan_region(
        self,
        begin: int,
        stop: int,
        text: str,
        hay: str,
        found: list[TermMatch],
        pos: int,
        first_limit: int | None,
    ) -> int:
        size = len(hay)
        any_start = self.kind == "unspaced"
        for q in range(begin, stop):
            if q < pos:
                continue
            if not (any_start or q == 0 or not hay[q - 1].isalnum() or not hay[q].isalnum()):
                continue
            longest = size - q
            if q == begin and first_limit is not None:
                longest = min(longest, first_limit - 1)
            lengths = self._lengths
            for index in range(bisect.bisect_right(lengths, longest) - 1, -1, -1):
                length = lengths[index]
                pid = self._pattern_ids.get(hay[q : q + length])
                if pid is None:
                    continue
                match = self._accept(pid, q, q + length, text, hay)
                if match is not None:
                    found.append(match)
                    pos = match.end
                    break
        return pos

    def _accept(self, pid: int, start: int, end: int, text: str, hay: str) -> TermMatch | None:
        for entry in self._entries[pid]:
            stop = self._validate(entry, start, end, text, hay)
            if stop is not None:
                term = entry.term
                return TermMatch(
                    start=start, end=stop, concept_id=term.concept_id, term_id=term.term_id,
                    term=term.text, text=text[start:stop], usage=term.usage,
                    term_type=term.term_type,
                )  # fmt: skip
        return None

    def _validate(self, entry: _Entry, start: int, end: int, text: str, hay: str) -> int | None:
        if entry.exact is not None and text[start:end] != entry.exact:
            return None
        if self.kind == "unspaced":
            return end
        if entry.needs_left and start > 0 and hay[start - 1].isalnum():
            return None
        size = len(hay)
        if self.kind == "korean":
            if not entry.needs_right or end == size or not hay[end].isalnum():
                return end
            return end if korean.particle_after(text, end) else None
        for tail in entry.tails:
            stop = end + len(tail)
            if tail and not hay.startswith(tail, end):
                continue
            if not entry.needs_right or stop == size or not hay[stop].isalnum():
                return stop
        return None


def _entry_rank(entry: _Entry) -> tuple[int, int, int, int]:
    return (
        0 if entry.exact is not None else 1,
        1 if entry.respaced else 0,  # a term as spelled beats another term's spacing
        _USAGE_RANK.get(entry.term.usage, 3),
        entry.term.term_id,
    )


class GlossaryIndex:
    """Matchers for many languages, built lazily from an in-memory list of terms."""

    def __init__(
        self,
        terms: Iterable[IndexTerm],
        *,
        implementation: ahocorasick_rs.Implementation | None = None,
    ) -> None:
        self._terms: dict[str, list[IndexTerm]] = defaultdict(list)
        for term in terms:
            self._terms[term.language].append(term)
        self._implementation = implementation
        self._matchers: dict[str, LanguageMatcher] = {}
        self._lock = threading.Lock()

    @property
    def languages(self) -> list[str]:
        return sorted(self._terms)

    def matcher(self, language: str) -> LanguageMatcher:
        matcher = self._matchers.get(language)
        if matcher is None:
            with self._lock:
                matcher = self._matchers.get(language)
                if matcher is None:
                    matcher = LanguageMatcher(
                        language, self._terms.get(language, ()),
                        implementation=self._implementation,
                    )  # fmt: skip
                    self._matchers[language] = matcher
        return matcher

    def find(self, text: str, language: str) -> list[TermMatch]:
        return self.matcher(language).find(text)


class LayeredMatcher:
    """A base matcher plus a small delta for the concepts changed since the base was built.

    Matches of ``replaced`` concepts are dropped from the base; the delta (built from those
    concepts' current terms only) adds theirs; the two lists are merged leftmost-longest,
    non-overlapping. A glossary change is in force at the cost of a tiny automaton, while the
    full one is rebuilt in the background. (One approximation until then: a base match of a
    replaced concept no longer hides anything, but a shorter base match it had hidden is not
    recovered.)
    """

    def __init__(
        self, base: LanguageMatcher, delta: LanguageMatcher, replaced: frozenset[int]
    ) -> None:
        self.base, self.delta, self.replaced = base, delta, replaced
        self.language = base.language
        self.size = base.size + delta.size

    def find(self, text: str) -> list[TermMatch]:
        found = [m for m in self.base.find(text) if m.concept_id not in self.replaced]
        extra = self.delta.find(text)
        if not extra:
            return found
        merged: list[TermMatch] = []
        pos = 0
        for match in sorted([*found, *extra], key=lambda m: (m.start, m.start - m.end)):
            if match.start >= pos:
                merged.append(match)
                pos = match.end
        return merged


Matcher = LanguageMatcher | LayeredMatcher
