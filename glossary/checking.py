"""Term checks without an engine: which approved terms a source sentence expects, and whether a
target text renders them.

Used by the segment editor (every save), by the glossary freshness re-check (after every
glossary change) and by the enforcer (``glossary.enforcement``), which adds masking and the
fallback on top. Reports are plain data, stored as JSON on each segment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from glossary import korean
from glossary.matching import TermMatch, language_kind
from glossary.selectors import (
    ApprovedConcept,
    approved_terms_by_concept,
    find_terms,
    forbidden_targets,
)

Find = Callable[[str, str], list[TermMatch]]

#: Codes of the issues a report gives (``SegmentReport.issues``; ``glossary.issue_text``).
MISSED_TERM = "glossary.missed_term"
PARTICLE_ERROR = "glossary.particle_error"
FORBIDDEN_TERM = "glossary.forbidden_term"
TERM_PROBLEM = "glossary.term_problem"

PLACEHOLDER = "placeholder"  # restored from a placeholder the engine copied
FALLBACK = "fallback"  # the engine's own rendering was found and replaced
PRESENT = "present"  # the approved rendering was already there
MISSED = "missed"  # could not be placed: the segment is flagged


@dataclass
class TermCheck:
    concept_id: int
    #: The term as written in the source sentence.
    source: str
    #: The approved rendering the target must contain.
    expected: str
    rendered: bool
    method: str
    #: Why a missed term was missed, when that is known better than "missed" (a particle
    #: error: "particle error: 평양는 should be 평양은").
    problem: str = ""
    #: The problem's parameters, to show it in the reader's language (``glossary.issue_text``):
    #: a particle error's {"term", "written", "expected"} (평양, 는, 은).
    problem_params: dict[str, str] = field(default_factory=dict)


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
        reasons = [
            c.problem[:1].upper() + c.problem[1:]
            if c.problem
            else f"Missed term: {c.expected} (for “{c.source}”)"
            for c in self.missed
        ]
        reasons += [f"Forbidden term present: {term}" for term in self.forbidden]
        return reasons

    @property
    def issues(self) -> list[dict[str, Any]]:
        """The reasons as issues: a code, its parameters and the English message (the same as
        ``reasons``); ``glossary.issue_text.issue_message`` shows one in the active language."""
        issues: list[dict[str, Any]] = []
        for check, message in zip(self.missed, self.reasons, strict=False):
            if check.problem and check.problem_params:
                issues.append({"code": PARTICLE_ERROR, "params": dict(check.problem_params),
                               "message": message})  # fmt: skip
            elif check.problem:
                issues.append({"code": TERM_PROBLEM, "params": {"problem": check.problem},
                               "message": message})  # fmt: skip
            else:
                issues.append({"code": MISSED_TERM,
                               "params": {"expected": check.expected, "source": check.source},
                               "message": message})  # fmt: skip
        issues += [
            {"code": FORBIDDEN_TERM, "params": {"term": term}, "message": message}
            for term, message in zip(self.forbidden, self.reasons[len(self.missed) :], strict=False)
        ]
        return issues

    def as_json(self) -> dict[str, Any]:
        return {
            "checks": [asdict(check) for check in self.checks],
            "forbidden": list(self.forbidden),
            "fallback": self.fallback,
            "flagged": self.flagged,
            "reasons": self.reasons,
            "issues": self.issues,
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


@dataclass(frozen=True)
class Expected:
    """One approved term found in a source sentence, and the rendering the target needs."""

    match: TermMatch
    rendering: str
    #: How the rendering is read in Korean, when it is Latin or digits (NATO: 나토).
    reading: str = ""


class TermChecker:
    """The approved glossary for one language pair, applied to sentences (no engine)."""

    def __init__(
        self,
        source: str,
        target: str,
        *,
        rules: Mapping[int, ApprovedConcept] | None = None,
        find: Find = find_terms,
    ) -> None:
        self.source, self.target = source, target
        self._shared_rules = rules is None
        self.rules = approved_terms_by_concept(source, target) if rules is None else rules
        self.find = find
        self.korean = language_kind(target) == "korean"
        self.unspaced = language_kind(target) == "unspaced"

    @property
    def avoid(self) -> list[str]:
        """Approved forbidden target terms (engines that can steer away from them get these)."""
        if self._shared_rules:  # computed once per glossary version, not per batch
            return list(forbidden_targets(self.source, self.target))
        return sorted({term for rule in self.rules.values() for term in rule.forbidden})

    def expected_terms(self, sentence: str) -> list[Expected]:
        """Each approved term in ``sentence`` that has a rendering the target must contain.

        A short form, acronym or abbreviation ("Kirby", "UNSC") expects the target term of the
        same type (커비, 안보리) when the concept has one, with or without its full form in
        the text; otherwise the concept's main target term."""
        found: list[Expected] = []
        for match in self.find(sentence, self.source):
            rule = self.rules.get(match.concept_id)
            if match.usage == "forbidden" or rule is None:
                continue
            if rule.do_not_translate:
                found.append(
                    Expected(match, match.text, dict(rule.source_readings).get(match.text, ""))
                )
            elif (rendering := rule.rendering_for(match.term_type)) is not None:
                found.append(Expected(match, *rendering))
        return found

    def expected(self, source: str) -> list[tuple[int, str]]:
        """(concept id, approved rendering) for each term the glossary expects in ``source``."""
        return [(item.match.concept_id, item.rendering) for item in self.expected_terms(source)]

    def check(self, source: str, target_text: str) -> SegmentReport:
        """Term checks for a target text (nothing is changed): each expected rendering is
        counted once per occurrence in the source; forbidden target terms are listed."""
        checks = []
        used: dict[str, int] = {}
        for item in self.expected_terms(source):
            seen = self.count(target_text, item.rendering, item.reading)
            found = seen > used.get(item.rendering, 0)
            used[item.rendering] = used.get(item.rendering, 0) + found
            check = term_check(item, rendered=found, method=PRESENT if found else MISSED)
            if not found and self.korean:
                errors = korean.particle_errors(
                    target_text, item.rendering, reading=item.reading or None
                )
                if errors:
                    check.problem = errors[0].message
                    check.problem_params = {"term": errors[0].term,
                                            "written": errors[0].written,
                                            "expected": errors[0].expected}  # fmt: skip
            checks.append(check)
        return SegmentReport(checks=checks, forbidden=self.forbidden(target_text))

    def spans(self, text: str, term: str, reading: str = "") -> list[tuple[int, int]]:
        """Where ``term`` stands in ``text`` (any case, as a word; Korean with particles)."""
        if self.korean:
            return korean.find_term(text, term, reading=reading or None)
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]

    def count(self, text: str, term: str, reading: str = "") -> int:
        """How often the approved form ``term`` stands in ``text``, exactly, as a word."""
        if self.korean:
            return len(korean.find_term(text, term, reading=reading or None))
        return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", text))

    def forbidden(self, text: str) -> list[str]:
        return [m.text for m in self.find(text, self.target) if m.usage == "forbidden"]


def term_check(item: Expected, *, rendered: bool, method: str) -> TermCheck:
    return TermCheck(
        concept_id=item.match.concept_id,
        source=item.match.text,
        expected=item.rendering,
        rendered=rendered,
        method=method,
    )
