"""Glossary enforcement inside machine translation.

For a batch of source sentences:

1. **Mask.** Each approved term found in a sentence (``glossary.matching``) whose concept has a
   preferred term in the target language, or is marked "do not translate", is replaced by the
   engine's placeholder (``engine.placeholder_format``, e.g. ``⟦1⟧`` for Argos, ``[X1X]`` for
   Apertium: formats that engine copies through).
2. **Translate** the masked sentences in one engine call.
3. **Restore.** When every placeholder came back exactly once and nothing of a placeholder is
   left over, each is replaced by its approved rendering; for Korean targets
   :func:`glossary.korean.substitute` also makes the attached particle agree (평양은, 커비는).
4. **Fall back**, per sentence, when a placeholder was dropped, duplicated or mangled: the
   sentence is translated unmasked, each term alone is translated to learn the engine's own
   rendering, and that rendering is located in the output (Korean: as a word with particles
   after it) and replaced by the approved form, with its particle corrected. A term that is
   already rendered as approved counts as rendered.
5. **Check.** Every sentence gets a :class:`~glossary.checking.SegmentReport`: each expected
   term, whether it was rendered and how, forbidden target terms found, and whether the
   fallback ran. A term that could not be placed is reported as missed (the segment is
   flagged); the output never contains a placeholder. Finding terms and checking a text
   need no engine: that is :class:`glossary.checking.TermChecker`, which the enforcer uses.

This module does not import the MT adapters: it receives an engine object with the shape of
``Engine`` below (``newsapp.mt.base.MTEngine`` has it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from glossary import korean
from glossary.checking import (
    FALLBACK,
    MISSED,
    PLACEHOLDER,
    PRESENT,
    Expected,
    Find,
    SegmentReport,
    TermChecker,
    term_check,
)
from glossary.selectors import ApprovedConcept, find_terms


class Engine(Protocol):
    @property
    def placeholder_format(self) -> str: ...

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]: ...


@dataclass(frozen=True)
class Rendered:
    text: str
    report: SegmentReport
    #: "mt" for engine output, "tm" for an exact translation-memory match.
    origin: str = "mt"
    #: The engine's output reached its decoding limit: content may be missing.
    truncated: bool = False


#: Sentences longer than this are translated in parts (split at clause punctuation, then
#: between words), so that no engine has to decode past its limit; the parts are rejoined.
MAX_SENTENCE_CHARS = 400
_CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|\s[—–-]{1,2}\s|[.!?](?=\s)")


def split_for_engine(sentence: str, spans: Sequence[tuple[int, int]], limit: int) -> list[str]:
    """``sentence`` in parts of at most ``limit`` characters where possible: cut after clause
    punctuation first, else at a space, never inside a glossary term (``spans``). Joining the
    parts gives the sentence back exactly."""
    if len(sentence) <= limit:
        return [sentence]

    def allowed(cut: int) -> bool:
        return all(not (start < cut < end) for start, end in spans)

    parts: list[str] = []
    start = 0
    while len(sentence) - start > limit:
        window = sentence[start : start + limit]
        cuts = [start + m.end() for m in _CLAUSE_BREAK.finditer(window)]
        cuts = [c for c in cuts if c > start and allowed(c)]
        if not cuts:
            cuts = [start + i + 1 for i, char in enumerate(window) if char.isspace()]
            cuts = [c for c in cuts if c > start and allowed(c)]
        cut = cuts[-1] if cuts else start + limit  # no space at all: cut mid-word
        parts.append(sentence[start:cut])
        start = cut
    parts.append(sentence[start:])
    return [part for part in parts if part]


@dataclass(frozen=True)
class _Slot:
    placeholder: str
    item: Expected

    @property
    def expected(self) -> str:
        return self.item.rendering


@dataclass(frozen=True)
class _Plan:
    source: str
    masked: str
    slots: tuple[_Slot, ...]


class Enforcer:
    """Translate sentences with an engine while enforcing the approved glossary."""

    def __init__(
        self,
        engine: Engine,
        source: str,
        target: str,
        *,
        rules: Mapping[int, ApprovedConcept] | None = None,
        find: Find = find_terms,
        max_sentence_chars: int = MAX_SENTENCE_CHARS,
    ) -> None:
        self.engine, self.source, self.target = engine, source, target
        self.max_sentence_chars = max_sentence_chars
        self.checker = TermChecker(source, target, rules=rules, find=find)
        self.korean = self.checker.korean
        prefix, _, suffix = engine.placeholder_format.partition("{n}")
        self._marks = tuple(mark for mark in (prefix, suffix) if mark)
        self._term_renderings: dict[str, str] = {}
        #: Forbidden target terms, passed to engines that can steer away from them (Argos).
        self._avoid = self.checker.avoid

    def _engine(self, sentences: Sequence[str]) -> list[str]:
        return self.engine.translate_batch(sentences, self.source, self.target, avoid=self._avoid)

    # --- public ------------------------------------------------------------------------------

    def translate(self, sentences: Sequence[str]) -> list[Rendered]:
        """One result per sentence. Long sentences are translated in parts (see
        ``split_for_engine``) and their parts' results merged."""
        pieces: list[str] = []
        owners: list[int] = []
        for index, sentence in enumerate(sentences):
            spans = [(m.start, m.end) for m in self.checker.find(sentence, self.source)]
            for part in split_for_engine(sentence, spans, self.max_sentence_chars):
                pieces.append(part)
                owners.append(index)
        rendered = self._translate_parts(pieces)
        merged: list[list[Rendered]] = [[] for _ in sentences]
        for owner, result in zip(owners, rendered, strict=True):
            merged[owner].append(result)
        return [self._merge(parts) for parts in merged]

    def _translate_parts(self, sentences: Sequence[str]) -> list[Rendered]:
        plans = [self._plan(sentence) for sentence in sentences]
        outputs = self._engine([plan.masked for plan in plans])
        results: list[Rendered | None] = []
        retry: list[int] = []
        for index, (plan, output) in enumerate(zip(plans, outputs, strict=True)):
            restored = self._restore(plan, output)
            if restored is None:
                retry.append(index)
            results.append(restored)
        if retry:
            self._learn_renderings([slot for i in retry for slot in plans[i].slots])
            unmasked = self._engine([plans[i].source for i in retry])
            for i, output in zip(retry, unmasked, strict=True):
                results[i] = self._repair(plans[i], output)
        return [result for result in results if result is not None]

    def _merge(self, parts: list[Rendered]) -> Rendered:
        if len(parts) == 1:
            return parts[0]
        joiner = "" if self.checker.unspaced else " "
        text = joiner.join(part.text.strip() for part in parts)
        report = SegmentReport(
            checks=[check for part in parts for check in part.report.checks],
            forbidden=[term for part in parts for term in part.report.forbidden],
            fallback=any(part.report.fallback for part in parts),
        )
        return Rendered(text, report, truncated=any(part.truncated for part in parts))

    def expected(self, source: str) -> list[tuple[int, str]]:
        return self.checker.expected(source)

    def check(self, source: str, target_text: str) -> SegmentReport:
        return self.checker.check(source, target_text)

    # --- masking -------------------------------------------------------------------------------

    def _plan(self, sentence: str) -> _Plan:
        slots = tuple(
            _Slot(self.engine.placeholder_format.format(n=number), item)
            for number, item in enumerate(self.checker.expected_terms(sentence), start=1)
        )
        if not slots or any(mark in sentence for mark in self._marks):
            # A sentence that already contains placeholder marks cannot be masked safely.
            return _Plan(sentence, sentence, slots)
        pieces, last = [], 0
        for slot in slots:
            pieces += [sentence[last : slot.item.match.start], slot.placeholder]
            last = slot.item.match.end
        pieces.append(sentence[last:])
        return _Plan(sentence, "".join(pieces), slots)

    def _restore(self, plan: _Plan, output: str) -> Rendered | None:
        """Put the approved terms in place of the placeholders, or None if they were damaged."""
        truncated = bool(getattr(output, "truncated", False))
        if not plan.slots:
            report = SegmentReport(forbidden=self.checker.forbidden(output))
            return Rendered(str(output), report, truncated=truncated)
        if plan.masked == plan.source:
            return None  # not masked: go straight to the fallback
        if any(output.count(slot.placeholder) != 1 for slot in plan.slots):
            return None
        leftover = output
        for slot in plan.slots:
            leftover = leftover.replace(slot.placeholder, "")
        if any(mark in leftover for mark in self._marks):
            return None  # a placeholder the engine invented or mangled
        text = output
        for slot in plan.slots:
            text = self._substitute(text, slot.placeholder, slot.expected, slot.item.reading)
        checks = [term_check(slot.item, rendered=True, method=PLACEHOLDER) for slot in plan.slots]
        report = SegmentReport(checks=checks, forbidden=self.checker.forbidden(text))
        return Rendered(str(text), report, truncated=truncated)

    def _substitute(self, text: str, placeholder: str, term: str, reading: str) -> str:
        if self.korean:
            return korean.substitute(text, placeholder, term, reading=reading or None)
        return text.replace(placeholder, term)

    # --- fallback ------------------------------------------------------------------------------

    def _learn_renderings(self, slots: Sequence[_Slot]) -> None:
        """Translate each source term alone (once per term) to learn the engine's rendering."""
        missing = sorted({s.item.match.text for s in slots} - set(self._term_renderings))
        if missing:
            outputs = self.engine.translate_batch(missing, self.source, self.target)
            for term, output in zip(missing, outputs, strict=True):
                self._term_renderings[term] = output.strip().rstrip(".。!?")

    def _repair(self, plan: _Plan, output: str) -> Rendered:
        truncated = bool(getattr(output, "truncated", False))
        text = str(output)
        checks = []
        placed: dict[str, int] = {}
        for slot in plan.slots:
            expected = slot.expected
            if self.checker.count(text, expected, slot.item.reading) > placed.get(expected, 0):
                method = PRESENT
            else:
                replaced = self._replace_rendering(text, slot)
                method = MISSED if replaced is None else FALLBACK
                text = replaced if replaced is not None else text
            if method != MISSED:
                placed[expected] = placed.get(expected, 0) + 1
            checks.append(term_check(slot.item, rendered=method != MISSED, method=method))
        report = SegmentReport(checks=checks, forbidden=self.checker.forbidden(text), fallback=True)
        return Rendered(text, report, truncated=truncated)

    def _replace_rendering(self, text: str, slot: _Slot) -> str | None:
        """Replace the engine's rendering of the slot's term with the approved form."""
        source_term = slot.item.match.text
        candidates = [self._term_renderings.get(source_term, ""), source_term]
        for rendering in candidates:
            if not rendering or rendering == slot.expected:
                continue
            spans = self.checker.spans(text, rendering)
            if spans:
                start, end = spans[0]
                if self.korean:
                    particles = korean.particle_after(text, end)
                    fixed = korean.agree(
                        slot.expected, particles, reading=slot.item.reading or None
                    )
                    return text[:start] + slot.expected + fixed + text[end + len(particles) :]
                return text[:start] + slot.expected + text[end:]
        return None
