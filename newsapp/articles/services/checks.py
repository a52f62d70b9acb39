"""What is checked on every sentence, and the summary badges and approval read.

Two kinds of checks, both without an engine, on every machine output and every save:
glossary term checks (``glossary.checking.TermChecker``) and fact checks
(``newsapp.qa.check_segment``: numbers, dates, weekdays, empty, untranslated, truncated …).
A sentence is *flagged* when a term is missed, wrongly inflected or forbidden, or a QA issue
of severity "error" is open (not dismissed by a translator with a reason).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from glossary.checking import SegmentReport, TermChecker, summarize
from newsapp import qa
from newsapp.articles.models import Translation


@dataclass(frozen=True)
class SentenceChecks:
    term_checks: dict[str, Any]
    qa_issues: list[dict[str, Any]]
    flagged: bool
    #: Open (not dismissed) QA issues, errors and warnings.
    qa_open: int = 0

    def fields(self) -> dict[str, Any]:
        """The Segment columns these checks set."""
        return {
            "term_checks": self.term_checks,
            "qa_issues": self.qa_issues,
            "flagged": self.flagged,
            "qa_open": self.qa_open,
        }


def dismissal_key(issue: dict[str, Any]) -> str:
    """What a dismissal matches: the code and the values (not the wording or the spans)."""
    return json.dumps([issue.get("code"), issue.get("params") or {}], sort_keys=True)


def open_qa_issues(
    issues: Iterable[dict[str, Any]], dismissed: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The issues no person dismissed (errors and warnings), in order."""
    gone = {dismissal_key(d) for d in dismissed}
    return [issue for issue in issues if dismissal_key(issue) not in gone]


def open_qa_errors(issues: Iterable[dict[str, Any]], dismissed: Iterable[dict[str, Any]]) -> int:
    gone = {dismissal_key(d) for d in dismissed}
    return sum(1 for i in issues if i.get("severity") == "error" and dismissal_key(i) not in gone)


def sentence_checks(
    *,
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    terms: SegmentReport | None = None,
    checker: TermChecker | None = None,
    truncated: bool = False,
    dismissed: Sequence[dict[str, Any]] = (),
) -> SentenceChecks:
    """Term checks (``terms`` when the enforcer already made them, else ``checker``'s) and
    QA issues for one sentence."""
    if terms is None:
        checker = checker or TermChecker(source_language, target_language)
        terms = checker.check(source, target)
    issues = [
        issue.to_dict()
        for issue in qa.check_segment(
            source, target, source_lang=source_language, target_lang=target_language,
            truncated=truncated,
        )
    ]  # fmt: skip
    still_open = open_qa_issues(issues, dismissed)
    flagged = terms.flagged or any(issue.get("severity") == "error" for issue in still_open)
    return SentenceChecks(
        term_checks=terms.as_json(), qa_issues=issues, flagged=flagged, qa_open=len(still_open)
    )


def translation_compliance(*, translation: Translation) -> dict[str, Any]:
    """The summary over a translation's sentences: glossary terms and open QA issues."""
    rows = translation.segments.values_list("term_checks", "qa_issues", "qa_dismissed")
    reports, qa_errors, qa_warnings = [], 0, 0
    for term_checks, issues, dismissed in rows:
        reports.append(SegmentReport.from_json(term_checks))
        gone = {dismissal_key(d) for d in dismissed or ()}
        for issue in issues or ():
            if dismissal_key(issue) in gone:
                continue
            if issue.get("severity") == "error":
                qa_errors += 1
            else:
                qa_warnings += 1
    summary = summarize(reports)
    summary["qa_errors"] = qa_errors
    summary["qa_warnings"] = qa_warnings
    return summary
