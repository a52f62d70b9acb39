"""The glossary's segment issues in the reader's language.

Enforcement and the term checker store a report on each segment
(``glossary.checking.SegmentReport.as_json``): its ``issues`` carry a code and parameters
besides the English message (``reasons``). :func:`issue_message` gives one issue's message in
the active language; reports stored before the codes existed are read from their English
text. ``glossary.korean`` stays pure: its particle errors are worded here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from glossary.checking import FORBIDDEN_TERM, MISSED_TERM, PARTICLE_ERROR, TERM_PROBLEM

__all__ = ["issue_message", "report_messages"]

_MISSED_RE = re.compile(r"^Missed term: (?P<expected>.*) \(for “(?P<source>.*)”\)$", re.S)
_FORBIDDEN_RE = re.compile(r"^Forbidden term present: (?P<term>.*)$", re.S)
_PARTICLE_RE = re.compile(r"^[Pp]article error: (?P<wrong>\S+) should be (?P<right>\S+)$")


def _missed(expected: str, source: str) -> str:
    return gettext("Missed term: %(expected)s (for “%(source)s”)") % {
        "expected": expected,
        "source": source,
    }


def _forbidden(term: str) -> str:
    return gettext("Forbidden term present: %(term)s") % {"term": term}


def _particle(wrong: str, right: str) -> str:
    return gettext("Particle error: %(wrong)s should be %(right)s") % {
        "wrong": wrong,
        "right": right,
    }


def _from_english(message: str) -> str | None:
    """A stored English reason (a report from before the codes), in the active language."""
    if match := _PARTICLE_RE.match(message):
        return _particle(match["wrong"], match["right"])
    if match := _MISSED_RE.match(message):
        return _missed(match["expected"], match["source"])
    if match := _FORBIDDEN_RE.match(message):
        return _forbidden(match["term"])
    return None


def issue_message(issue: Mapping[str, Any]) -> str | None:
    """The message of a stored glossary issue in the ACTIVE language, or None when ``issue``
    is not a glossary issue.

    Takes an entry of a report's ``issues`` ({"code": "glossary.…", "params", "message"}), a
    term check of its ``checks`` (a missed one: its problem, else "missed term"), or a
    reason as stored before the codes ({"message": "Missed term: …"})."""
    code = str(issue.get("code") or "")
    params: Mapping[str, Any] = issue.get("params") or {}
    if code == PARTICLE_ERROR:
        term = str(params.get("term", ""))
        return _particle(
            term + str(params.get("written", "")), term + str(params.get("expected", ""))
        )
    if code == MISSED_TERM:
        return _missed(str(params.get("expected", "")), str(params.get("source", "")))
    if code == FORBIDDEN_TERM:
        return _forbidden(str(params.get("term", "")))
    if code == TERM_PROBLEM:
        problem = str(params.get("problem", ""))
        return _from_english(problem) or problem
    if code:
        return None  # another kind of issue (QA)
    if "expected" in issue and "source" in issue and "method" in issue:  # a TermCheck
        problem_params = issue.get("problem_params") or {}
        if problem_params:
            return issue_message({"code": PARTICLE_ERROR, "params": problem_params})
        problem = str(issue.get("problem") or "")
        if problem:
            return _from_english(problem) or problem
        return _missed(str(issue["expected"]), str(issue["source"]))
    message = issue.get("message")
    if isinstance(message, str):
        return _from_english(message)
    return None


def report_messages(term_checks: Mapping[str, Any] | None) -> list[str]:
    """The reasons of a stored report (``Segment.term_checks``) in the active language."""
    if not term_checks:
        return []
    issues = term_checks.get("issues")
    if isinstance(issues, list):
        return [issue_message(issue) or str(issue.get("message", "")) for issue in issues]
    return [
        _from_english(reason) or reason for reason in term_checks.get("reasons") or [] if reason
    ]
