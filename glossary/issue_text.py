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

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from glossary.checking import FORBIDDEN_TERM, MISSED_TERM, PARTICLE_ERROR, TERM_PROBLEM

__all__ = ["issue_message", "report_messages"]

_MISSED_RE = re.compile(r"^Missed term: (?P<expected>.*) \(for “(?P<source>.*)”\)$", re.S)
_FORBIDDEN_RE = re.compile(r"^Forbidden term present: (?P<term>.*)$", re.S)
_PARTICLE_RE = re.compile(r"^[Pp]article error: (?P<wrong>\S+) should be (?P<right>\S+)$")


def _as_html(message: str) -> SafeString:
    """A message for a page: the terms in it are data (``translate="no"``), the rest the
    reader's language."""
    return mark_safe(message)  # noqa: S308  (built by _fill from escaped parts)


def _fill(template: str, params: dict[str, str], html: bool) -> str:
    if not html or (get_language() or "en").split("-")[0] == "en":
        return template % params  # plain text (a page escapes it): English pages are unchanged
    data = {
        key: format_html('<span translate="no">{}</span>', value) for key, value in params.items()
    }
    return _as_html(str(escape(template)) % data)


def _missed(expected: str, source: str, html: bool = False) -> str:
    template = gettext("Missed term: %(expected)s (for “%(source)s”)")
    return _fill(template, {"expected": expected, "source": source}, html)


def _forbidden(term: str, html: bool = False) -> str:
    return _fill(gettext("Forbidden term present: %(term)s"), {"term": term}, html)


def _particle(wrong: str, right: str, html: bool = False) -> str:
    template = gettext("Particle error: %(wrong)s should be %(right)s")
    return _fill(template, {"wrong": wrong, "right": right}, html)


def _from_english(message: str, html: bool = False) -> str | None:
    """A stored English reason (a report from before the codes), in the active language."""
    if match := _PARTICLE_RE.match(message):
        return _particle(match["wrong"], match["right"], html)
    if match := _MISSED_RE.match(message):
        return _missed(match["expected"], match["source"], html)
    if match := _FORBIDDEN_RE.match(message):
        return _forbidden(match["term"], html)
    return None


def _plain(text: str, html: bool) -> str:
    return _as_html(str(escape(text))) if html else text


def issue_message(issue: Mapping[str, Any], *, html: bool = False) -> str | None:
    """The message of a stored glossary issue in the ACTIVE language, or None when ``issue``
    is not a glossary issue.

    Takes an entry of a report's ``issues`` ({"code": "glossary.…", "params", "message"}), a
    term check of its ``checks`` (a missed one: its problem, else "missed term"), or a
    reason as stored before the codes ({"message": "Missed term: …"}). ``html``: escaped,
    with the terms marked as data for a page."""
    code = str(issue.get("code") or "")
    params: Mapping[str, Any] = issue.get("params") or {}
    if code == PARTICLE_ERROR:
        term = str(params.get("term", ""))
        return _particle(
            term + str(params.get("written", "")), term + str(params.get("expected", "")), html
        )
    if code == MISSED_TERM:
        return _missed(str(params.get("expected", "")), str(params.get("source", "")), html)
    if code == FORBIDDEN_TERM:
        return _forbidden(str(params.get("term", "")), html)
    if code == TERM_PROBLEM:
        problem = str(params.get("problem", ""))
        return _from_english(problem, html) or _plain(problem, html)
    if code:
        return None  # another kind of issue (QA)
    if "expected" in issue and "source" in issue and "method" in issue:  # a TermCheck
        problem_params = issue.get("problem_params") or {}
        if problem_params:
            return issue_message({"code": PARTICLE_ERROR, "params": problem_params}, html=html)
        problem = str(issue.get("problem") or "")
        if problem:
            return _from_english(problem, html) or _plain(problem, html)
        return _missed(str(issue["expected"]), str(issue["source"]), html)
    message = issue.get("message")
    if isinstance(message, str):
        return _from_english(message, html)
    return None


def report_messages(term_checks: Mapping[str, Any] | None, *, html: bool = False) -> list[str]:
    """The reasons of a stored report (``Segment.term_checks``) in the active language
    (``html``: escaped, the terms marked as data)."""
    if not term_checks:
        return []
    issues = term_checks.get("issues")
    if isinstance(issues, list):
        return [
            issue_message(issue, html=html) or _plain(str(issue.get("message", "")), html)
            for issue in issues
        ]
    return [
        _from_english(reason, html) or _plain(reason, html)
        for reason in term_checks.get("reasons") or []
        if reason
    ]
