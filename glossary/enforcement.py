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
5. **Check.** Every sentence gets a :class:`SegmentReport`: each expected term, whether it was
   rendered and how, forbidden target terms found, and whether the fallback ran. A term that
   could not be placed is reported as missed (the segment is flagged); the output never
   contains a placeholder.

This module does not import the MT adapters: it receives an engine object implementing
``newsapp.mt.base.MTEngine``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from glossary import korean
from glossary.matching import TermMatch, language_kind
from glossary.selectors import ApprovedConcept, approved_terms_by_concept, find_terms

Find = Callable[[str, str], list[TermMatch]]

PLACEHOLDER = "placeholder"  # restored from a placeholder the engine copied
FALLBACK = "fallback"  # the engine's own rendering was found and replaced
PRESENT = "present"  # the approved rendering was already there
MISSED = "missed"  # could not be placed: the segment is flagged


class Engine(Protocol):
    placeholder_format: str

    def translate_batch(self, sentences: Sequence[str], source: str, target: str) -> list[str]: ...


@dataclass
class TermCheck:
    concept_id: int
    #: The term as written in the source sentence.
    source: str
    #: The approved rendering the target must contain.
    expected: str
    rendered: bool
    method: str


@dataclass
class SegmentReport:
    checks: list[TermCheck] = field(default_factory=list)
    #: Forbidden target terms found in the output.
    forbidden: list[str] = field(default_factory=list)
    fallback: bool = False

    @property
    def missed(self) -> list[TermCheck]:
        return [check for check in self.checks if not check.rendered]

    @property
    def flagged(self) -> bool:
        return bool(self.missed or self.forbidden)

    @property
    def reasons(self) -> list[str]:
        reasons = [f"Missed term: {c.expected} (for “{c.source}”)" for c in self.missed]
        reasons += [f"Forbidden term present: {term}" for term in self.forbidden]
        return reasons

    def as_json(self) -> dict[str, Any]:
        return {
            "checks": [asdict(check) for check in self.checks],
            "forbidden": list(self.forbidden),
            "fallback": self.fallback,
            "flagged": self.flagged,
            "reasons": self.reasons,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> SegmentReport:
        if not data:
            return cls()
        return cls(
            checks=[TermCheck(**check) for check in data.get("checks", [])],
            forbidden=list(data.get("forbidden", [])),
            fallback=bool(data.get("fallback", False)),
        )


@dataclass(frozen=True)
class Rendered:
    text: str
    report: SegmentReport
    #: "mt" for engine output, "tm" for an exact translation-memory match.
    origin: str = "mt"


@dataclass(frozen=True)
class _Slot:
    placeholder: str
    match: TermMatch
    expected: str


@dataclass(frozen=True)
class _Plan:
    source: str
    masked: str
    slots: tuple[_Slot, ...]


def summarize(reports: Sequence[SegmentReport]) -> dict[str, Any]:
    """The translation-level compliance summary."""
    expected = sum(len(r.checks) for r in reports)
    rendered = sum(1 for r in reports for c in r.checks if c.rendered)
    forbidden = sum(len(r.forbidden) for r in reports)
    return {
        "expected": expected,
        "rendered": rendered,
        "missed": expected - rendered,
        "forbidden": forbidden,
        "fallbacks": sum(1 for r in reports if r.fallback),
        "flagged_segments": sum(1 for r in reports if r.flagged),
        "success_rate": round(rendered / expected, 4) if expected else 1.0,
    }


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
    ) -> None:
        self.engine, self.source, self.target = engine, source, target
        self.rules = approved_terms_by_concept(source, target) if rules is None else rules
        self.find = find
        self.korean = language_kind(target) == "korean"
        prefix, _, suffix = engine.placeholder_format.partition("{n}")
        self._marks = tuple(mark for mark in (prefix, suffix) if mark)
        self._term_renderings: dict[str, str] = {}
        #: Forbidden target terms, passed to engines that can steer away from them (Argos).
        self._avoid = sorted({term for rule in self.rules.values() for term in rule.forbidden})

    def _engine(self, sentences: Sequence[str]) -> list[str]:
        if self._avoid and getattr(self.engine, "accepts_avoid", False):
            return self.engine.translate_batch(  # type: ignore[call-arg]
                sentences, self.source, self.target, avoid=self._avoid
            )
        return self.engine.translate_batch(sentences, self.source, self.target)

    # --- public ------------------------------------------------------------------------------

    def translate(self, sentences: Sequence[str]) -> list[Rendered]:
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

    def expected(self, source: str) -> list[tuple[int, str]]:
        """(concept id, approved rendering) for each term the glossary expects in ``source``."""
        return [(slot.match.concept_id, slot.expected) for slot in self._plan(source).slots]

    def check(self, source: str, target_text: str) -> SegmentReport:
        """Term checks for a target text written by a person (nothing is changed)."""
        plan = self._plan(source)
        checks = []
        used: dict[str, int] = {}
        for slot in plan.slots:
            found = self._count(target_text, slot.expected) > used.get(slot.expected, 0)
            used[slot.expected] = used.get(slot.expected, 0) + found
            checks.append(self._check(slot, rendered=found, method=PRESENT if found else MISSED))
        return SegmentReport(checks=checks, forbidden=self._forbidden(target_text))

    # --- masking -------------------------------------------------------------------------------

    def _plan(self, sentence: str) -> _Plan:
        slots: list[_Slot] = []
        for match in self.find(sentence, self.source):
            rule = self.rules.get(match.concept_id)
            if match.usage == "forbidden" or rule is None:
                continue
            if rule.do_not_translate:
                expected = match.text
            elif rule.target:
                expected = rule.target
            else:
                continue
            placeholder = self.engine.placeholder_format.format(n=len(slots) + 1)
            slots.append(_Slot(placeholder, match, expected))
        if not slots or any(mark in sentence for mark in self._marks):
            # A sentence that already contains placeholder marks cannot be masked safely.
            return _Plan(sentence, sentence, tuple(slots) if slots else ())
        pieces, last = [], 0
        for slot in slots:
            pieces += [sentence[last : slot.match.start], slot.placeholder]
            last = slot.match.end
        pieces.append(sentence[last:])
        return _Plan(sentence, "".join(pieces), tuple(slots))

    def _restore(self, plan: _Plan, output: str) -> Rendered | None:
        """Put the approved terms in place of the placeholders, or None if they were damaged."""
        if not plan.slots:
            return Rendered(output, SegmentReport(forbidden=self._forbidden(output)))
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
            text = self._substitute(text, slot.placeholder, slot.expected)
        checks = [self._check(slot, rendered=True, method=PLACEHOLDER) for slot in plan.slots]
        return Rendered(text, SegmentReport(checks=checks, forbidden=self._forbidden(text)))

    def _substitute(self, text: str, placeholder: str, term: str) -> str:
        if self.korean:
            return korean.substitute(text, placeholder, term)
        return text.replace(placeholder, term)

    # --- fallback ------------------------------------------------------------------------------

    def _learn_renderings(self, slots: Sequence[_Slot]) -> None:
        """Translate each source term alone (once per term) to learn the engine's rendering."""
        missing = sorted({s.match.text for s in slots} - set(self._term_renderings))
        if missing:
            outputs = self.engine.translate_batch(missing, self.source, self.target)
            for term, output in zip(missing, outputs, strict=True):
                self._term_renderings[term] = output.strip().rstrip(".。!?")

    def _repair(self, plan: _Plan, output: str) -> Rendered:
        text = output
        checks = []
        placed: dict[str, int] = {}
        for slot in plan.slots:
            expected = slot.expected
            if self._count(text, expected) > placed.get(expected, 0):
                method = PRESENT
            else:
                replaced = self._replace_rendering(text, slot)
                method = MISSED if replaced is None else FALLBACK
                text = replaced if replaced is not None else text
            if method != MISSED:
                placed[expected] = placed.get(expected, 0) + 1
            checks.append(self._check(slot, rendered=method != MISSED, method=method))
        report = SegmentReport(checks=checks, forbidden=self._forbidden(text), fallback=True)
        return Rendered(text, report)

    def _replace_rendering(self, text: str, slot: _Slot) -> str | None:
        """Replace the engine's rendering of the slot's term with the approved form."""
        candidates = [self._term_renderings.get(slot.match.text, ""), slot.match.text]
        for rendering in candidates:
            if not rendering or rendering == slot.expected:
                continue
            spans = self._spans(text, rendering)
            if spans:
                start, end = spans[0]
                if self.korean:
                    particles = korean.particle_after(text, end)
                    fixed = korean.agree(slot.expected, particles)
                    return text[:start] + slot.expected + fixed + text[end + len(particles) :]
                return text[:start] + slot.expected + text[end:]
        return None

    # --- checks ----------------------------------------------------------------------------------

    def _spans(self, text: str, term: str) -> list[tuple[int, int]]:
        """Where the engine's rendering ``term`` stands in ``text`` (any case, as a word)."""
        if self.korean:
            return korean.find_term(text, term)
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]

    def _count(self, text: str, term: str) -> int:
        """How often the approved form ``term`` stands in ``text``, exactly, as a word."""
        if self.korean:
            return len(korean.find_term(text, term))
        return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", text))

    def _forbidden(self, text: str) -> list[str]:
        return [m.text for m in self.find(text, self.target) if m.usage == "forbidden"]

    @staticmethod
    def _check(slot: _Slot, *, rendered: bool, method: str) -> TermCheck:
        return TermCheck(
            concept_id=slot.match.concept_id,
            source=slot.match.text,
            expected=slot.expected,
            rendered=rendered,
            method=method,
        )
