"""Stored issues and review reasons as people read them, in the active language.

What is stored stays language-neutral: a QA issue keeps its ``code`` and ``params`` (and the
English ``message``, ``newsapp.qa.issues``); a glossary term check keeps the term, the
expected rendering and the English ``problem``; a dropped intake line keeps its reason code.
These functions render them at display time, so an editor reading in Korean sees Korean.
``newsapp.qa`` and ``newsapp.intake`` are pure Python (no Django): their translated tables are
here, one gettext_lazy template per code with the same ``{param}`` names as the English.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from newsapp.core.stored_text import KnownTexts

logger = logging.getLogger(__name__)

GlossaryMessage = Callable[[Mapping[str, Any]], "str | None"]


def _glossary_function(name: str) -> Callable[..., Any] | None:
    """``glossary.issue_text.<name>`` when the glossary app provides it."""
    try:
        module = importlib.import_module("glossary.issue_text")
    except ImportError:
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None


_glossary_message: GlossaryMessage | None = _glossary_function("issue_message")
#: ``report_messages(term_checks) -> list[str]``: a stored report's reasons, from its codes.
_glossary_reasons = _glossary_function("report_messages")

#: ``newsapp.qa.issues.MESSAGES`` in the active language: the same codes and ``{param}`` names.
QA_MESSAGES: dict[str, Promise] = {
    "number-missing": _("source says {source_text} ({source_value}); the target does not have it"),
    "number-added": _("target says {target_text} ({target_value}); the source does not have it"),
    "number-changed": _(
        "source says {source_text} ({source_value}); target says {target_text} ({target_value})"
    ),
    "number-format": _(
        "target writes {target_text}, which reads as {target_value} in {target_language}; "
        "the source says {source_value}"
    ),
    "unit-mismatch": _(
        "source says {source_text} ({source_unit}); target says {target_text} ({target_unit})"
    ),
    "code-changed": _(
        "source says {source_text}; target says {target_text}: names and codes are kept exactly"
    ),
    "date-mismatch": _(
        "source says {source_text} ({source_date}); target says {target_text} ({target_date})"
    ),
    "date-missing": _("source says {source_text} ({source_date}); the target has no such date"),
    "date-added": _("target says {target_text} ({target_date}); the source has no such date"),
    "weekday-mismatch": _(
        "source says {source_text} ({source_weekday}); target says {target_text} ({target_weekday})"
    ),
    "weekday-missing": _(
        "source says {source_text} ({source_weekday}); the target names no weekday or date"
    ),
    "weekday-added": _(
        "target says {target_text} ({target_weekday}); the source names no weekday or date"
    ),
    "untranslated": _("the target looks untranslated: {target_excerpt}"),
    "empty": _("the target is empty"),
    "truncated": _(
        "the engine stopped at its length limit: the end of the sentence may be missing"
    ),
    "unbalanced-brackets": _(
        "the target has an unmatched {bracket}; the source's brackets are balanced"
    ),
    "unbalanced-quotes": _(
        "the target has an odd number of quotation marks ({count}); the source's are balanced"
    ),
    "doubled-word": _("“{word}” is written twice in a row"),
}

#: ``newsapp.intake.cleanup.REASONS`` in the active language (why a pasted line was dropped).
INTAKE_REASONS: dict[str, Promise] = {
    "navigation": _("page navigation"),
    "list": _("list of other stories"),
    "share": _("share buttons"),
    "account": _("subscription or account link"),
    "menu": _("menu"),
    "repeated": _("repeated line"),
    "notice": _("site notice"),
    "timestamp": _("time stamp"),
    "desk list": _("on the desk's list"),
}

_PARTICLE = re.compile(r"^particle error: (?P<written>\S+) should be (?P<expected>\S+)$")


def _format(template: Promise | str, params: Mapping[str, Any]) -> str | None:
    try:
        return str(template).format(**params)
    except (KeyError, IndexError, ValueError):
        return None


def qa_message(code: str, params: Mapping[str, Any] | None) -> str | None:
    """A QA code's message in the active language, or None for an unknown code (or params
    that do not fit its template)."""
    template = QA_MESSAGES.get(code)
    if template is None:
        return None
    return _format(template, params or {})


def particle_message(problem: str) -> str | None:
    """The glossary's English "particle error: 평양는 should be 평양은" in the active language."""
    found = _PARTICLE.match(problem.strip())
    if found is None:
        return None
    return gettext("Particle error: %(wrong)s should be %(right)s") % {
        "wrong": found["written"],
        "right": found["expected"],
    }


def _term_message(issue: Mapping[str, Any]) -> str | None:
    """A stored glossary term check (``glossary.checking.TermCheck`` as JSON) that failed, or a
    forbidden term (``{"forbidden": term}``), when the glossary app does not render it."""
    if "forbidden" in issue and isinstance(issue["forbidden"], str):
        return gettext("Forbidden term present: %(term)s") % {"term": issue["forbidden"]}
    if "expected" in issue and "source" in issue and not issue.get("rendered", False):
        problem = str(issue.get("problem") or "")
        if problem:
            return particle_message(problem) or problem[:1].upper() + problem[1:]
        return gettext("Missed term: %(expected)s (for “%(source)s”)") % {
            "expected": issue["expected"],
            "source": issue["source"],
        }
    return None


def _glossary(issue: Mapping[str, Any]) -> str | None:
    if _glossary_message is None:
        return None
    try:
        return _glossary_message(issue)
    except Exception:  # a rendering bug must never hide the issue itself
        logger.exception("glossary.issue_text could not render %r", issue)
        return None


def issue_message(issue: Mapping[str, Any]) -> str:
    """The message of a stored segment issue in the active language: a QA issue
    (``newsapp.qa.QAIssue.to_dict``), a glossary term check or forbidden term; the stored
    English ``message`` for anything unknown."""
    code = str(issue.get("code") or "")
    if code in QA_MESSAGES:
        rendered = qa_message(code, issue.get("params"))
        if rendered is not None:
            return rendered
    else:
        rendered = _glossary(issue) or _term_message(issue)
        if rendered is not None:
            return rendered
    return str(issue.get("message") or "")


#: QA parameters written in the source sentence's language, and in the target's; the others
#: (values, units, dates) are codes and figures, marked ``translate="no"``.
_SOURCE_PARAMS = frozenset({"source_text"})
_TARGET_PARAMS = frozenset({"target_text", "target_excerpt", "word", "bracket"})
_WEEKDAY_PARAMS = frozenset({"source_weekday", "target_weekday"})
_WEEKDAYS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)


def _param_html(name: str, value: Any, source_language: str, target_language: str) -> str:
    text = str(value)
    if name in _WEEKDAY_PARAMS and text in _WEEKDAYS:
        return escape(gettext(text))  # Django's catalogue names the days
    if name in _SOURCE_PARAMS:
        return format_html('<span lang="{}">{}</span>', source_language, text)
    if name in _TARGET_PARAMS:
        return format_html('<span lang="{}">{}</span>', target_language, text)
    return format_html('<span translate="no">{}</span>', text)


def issue_html(issue: Mapping[str, Any], *, source_language: str, target_language: str) -> str:
    """``issue_message`` for a page: the text escaped, and what the sentence says marked as
    data (``lang`` of the source or the target; figures and codes ``translate="no"``), so a
    Korean page does not read the quoted English as untranslated. Weekday names are
    translated. In English the message is the plain (escaped) text, as it always was."""
    code = str(issue.get("code") or "")
    template = QA_MESSAGES.get(code)
    if (get_language() or "en").split("-")[0] == "en":
        template = None
    params = issue.get("params") or {}
    if template is not None:
        values = {
            name: _param_html(name, value, source_language, target_language)
            for name, value in params.items()
        }
        try:
            return mark_safe(str(escape(str(template))).format(**values))  # noqa: S308
        except (KeyError, IndexError, ValueError):
            pass
    return str(escape(issue_message(issue)))


def term_reasons(term_checks: Mapping[str, Any] | None, *, html: bool = False) -> list[str]:
    """Why a sentence is flagged for its terms (``Segment.term_checks``), in the active
    language: the translated counterpart of the stored English ``reasons`` (``html``: for a
    page, escaped, with the terms marked as data)."""
    if not term_checks:
        return []
    if _glossary_reasons is not None:
        try:
            return list(_glossary_reasons(term_checks, html=html))
        except Exception:  # a rendering bug must never hide the reasons themselves
            logger.exception("glossary.issue_text could not render %r", term_checks)
    checks = [c for c in term_checks.get("checks") or [] if not c.get("rendered", False)]
    forbidden = list(term_checks.get("forbidden") or [])
    stored = list(term_checks.get("reasons") or [])
    reasons = []
    for index, check in enumerate(checks):
        english = stored[index] if index < len(stored) else ""
        reasons.append(issue_message({**check, "message": english}))
    for index, term in enumerate(forbidden, start=len(checks)):
        english = stored[index] if index < len(stored) else ""
        reasons.append(issue_message({"forbidden": term, "message": english}))
    return reasons


def intake_reason(code_or_text: str, params: Mapping[str, Any] | None = None) -> str:
    """Why the pasted-text clean-up dropped a line (``DroppedLine.reason``), in the active
    language; a reason that is not a known code (a section heading's text) is shown as is."""
    template = INTAKE_REASONS.get(code_or_text)
    if template is None:
        return code_or_text
    return _format(template, params or {}) or str(template)


#: English messages stored with rows (``Translation.error``, ``LanguagePackUpload.message``),
#: written by workers in English: each is matched as a pattern (a placeholder matches any
#: text) and shown from the catalogue in the reader's language. The engine messages are
#: ``newsapp.mt``'s (root catalogue); a message matching none is shown as stored.
STORED_MESSAGES = (
    # newsapp.articles.services.workflow
    gettext_noop(
        "Stopped after %(count)s attempts: the worker translating this article crashed "
        "or was stopped each time. Retry it, or shorten the article if it keeps failing."
    ),
    gettext_noop("Stopped after %(count)s attempts. Last error: %(error)s"),
    # newsapp.articles.services.pipeline (its gettext call carries the msgid)
    "The engine returned %(returned)s sentences for %(sent)s.",
    # newsapp.articles.services.langpacks
    gettext_noop("Installed %(pair)s (version %(version)s)."),
    gettext_noop("Installed %(pair)s."),
    gettext_noop("%(name)s could not be installed: %(error)s. Try again."),
    gettext_noop(
        "The uploaded file %(name)s is not on this machine (%(folder)s): the web server "
        "and the worker that took the job do not share ARGOS_PACKAGES_DIR. Upload it "
        "again, or install it on each worker with `python manage.py langpacks install "
        "--file`."
    ),
    # newsapp.mt (their msgids are in the root catalogue)
    "No installed engine translates %(source)s→%(target)s. %(hints)s",
    "The engine %(name)s is not enabled (MT_ENGINES).",
    "The engine %(name)s is not enabled.",
    "No engine is enabled.",
    "No Argos package for %(source)s→%(target)s. %(hint)s",
    "Install it with: python manage.py langpacks install %(source)s %(target)s "
    "(or langpacks install --file PATH.argosmodel offline).",
    "The Argos package %(source)s→%(target)s cannot be loaded: %(error)s",
    "CTranslate2 failed (%(detail)s); it will be retried.",
    "The Argos engine cannot translate this input (%(detail)s).",
    "The Argos engine failed unexpectedly (%(detail)s).",
    "Install the Debian package %(package)s (apt-get install apertium %(package)s).",
    "No Debian package of Apertium is known for %(source)s→%(target)s; look for one "
    "named like %(guess)s with apt-cache search apertium.",
    "Apertium cannot translate %(source)s→%(target)s on this server. Only the "
    "opposite direction (%(target)s→%(source)s) is installed. %(hint)s",
    "Apertium cannot translate %(source)s→%(target)s on this server. %(hint)s",
    "Apertium did not answer within %(timeout)s seconds (APERTIUM_TIMEOUT_SECONDS); the "
    "server may be busy. Try again later.",
    "The Apertium program %(program)s is not installed on this server (APERTIUM_BINARY). "
    "Install it with: %(hint)s",
    "The Apertium program %(program)s could not be started (%(error)s). Check "
    "APERTIUM_BINARY, or reinstall it with: %(hint)s",
    "Apertium has no %(mode)s mode any more. %(hint)s",
    "Apertium failed on %(mode)s (exit status %(status)s): %(detail)s",
    "%(name)s is not an Argos package (not a zip archive).",
    "%(name)s is a damaged zip archive (%(error)s).",
)

#: Parameters that hold a message of their own (shown in the reader's language too).
_STORED = KnownTexts(STORED_MESSAGES, nested=("error", "hint", "hints"))


def stored_error(text: str) -> str:
    """An English message stored with a row (``Translation.error``: "Cancelled by a
    translator.", "Stopped after 3 attempts…"; ``LanguagePackUpload.message``: "Installed
    en→ko (version 1.9).") in the active language when the catalogue knows it; anything else
    (an engine's own words) as stored."""
    return _STORED.localised(text)


#: The fixed messages of ``newsapp.intake.IntakeError`` (pure Python, no catalogue of its own),
#: so ``intake_error`` can show them in the active language.
INTAKE_ERRORS = (
    gettext_noop("The text is empty."),
    gettext_noop("The file is empty."),
    gettext_noop("The Markdown file has no text."),
    gettext_noop("The web page is empty."),
    gettext_noop("This file could not be read as a web page (HTML)."),
    gettext_noop("No text was found in this web page."),
    gettext_noop("This .mhtml file holds no web page (no HTML part)."),
    gettext_noop("This JSON file is nested too deeply to be a news item."),
    gettext_noop("This JSON file is not a ninjs news item (it is not an object)."),
    gettext_noop(
        "This JSON file is not a ninjs news item: it has no headline and no body "
        "(ninjs 2: “headlines”, “bodies”; ninjs 1: “headline”, “body_text”, “body_html”)."
    ),
    gettext_noop("This file is not a Word .docx document."),
    gettext_noop(
        "This is an old Word .doc file. Open it in Word or LibreOffice, save it as "
        ".docx, and upload that."
    ),
    gettext_noop("This .docx file unpacks to an unreasonable size; it was refused."),
    gettext_noop("The Word document has no text."),
    gettext_noop(
        "The file's text encoding could not be recognised (it may not be a text file). "
        "Save it as UTF-8 and upload it again."
    ),
    gettext_noop(
        "This file type is not supported. Upload .docx, .html, .mhtml, .md, .json (ninjs) or .txt."
    ),
    gettext_noop(
        "This is an old Word .doc file. Save it as .docx in Word or LibreOffice, then upload."
    ),
    gettext_noop("OpenDocument text is not read here. Save it as .docx and upload that."),
    gettext_noop("RTF is not read here. Save it as .docx (or plain text) and upload that."),
    gettext_noop("PDF files are not read here. Copy the story's text and paste it instead."),
    gettext_noop("Pages documents are not read here. Export it as .docx and upload that."),
)


def intake_error(message: str) -> str:
    """An ``IntakeError``'s message in the active language (its own words when it carries
    figures the catalogue cannot know)."""
    return gettext(message) if message else message
