"""Notification texts: stored as an English msgid and its arguments, shown in the reader's
language.

A notification row keeps ``message`` (the English text, for old readers and logs) and
``params`` = ``{"msgid": …, "args": {…}}``. ``localised`` translates the msgid in the active
language when the row is shown (or e-mailed in the recipient's language); rows without
params (written before) show their stored English text. An argument named ``language`` is a
language code, named in the reader's language.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop

from newsapp.core import languages

TRANSLATION_DONE = gettext_noop(
    "The %(language)s translation of “%(title)s” is ready for post-editing."
)
TRANSLATION_FAILED = gettext_noop("The %(language)s translation of “%(title)s” failed: %(error)s")
TRANSLATION_FAILED_NO_REASON = gettext_noop(
    "The %(language)s translation of “%(title)s” failed: no reason given"
)
GLOSSARY_CHANGED = gettext_noop(
    "A glossary change affects the %(language)s translation of “%(title)s”: re-run the "
    "glossary (or say why not) before approval."
)
ARTICLE_APPROVED = gettext_noop("“%(title)s” was approved by %(user)s.")
ARTICLE_SENT_BACK = gettext_noop("“%(title)s” was sent back to review by %(user)s.")
TERM_APPROVED = gettext_noop("Your %(language)s term “%(text)s” was approved by %(user)s.")
TERM_APPROVED_SAID = gettext_noop(
    "Your %(language)s term “%(text)s” was approved by %(user)s: “%(comment)s”"
)
TERM_REJECTED = gettext_noop("Your %(language)s term “%(text)s” was rejected by %(user)s.")
TERM_REJECTED_SAID = gettext_noop(
    "Your %(language)s term “%(text)s” was rejected by %(user)s: “%(comment)s”"
)
MENTIONED = gettext_noop("%(user)s mentioned you in a comment on “%(title)s”.")
MENTIONED_SOMEONE = gettext_noop("Someone mentioned you in a comment on “%(title)s”.")


def params(msgid: str, **args: str) -> dict[str, Any]:
    """What a notification row stores to be shown in any language."""
    return {"msgid": msgid, "args": args}


def _values(args: dict[str, Any]) -> dict[str, Any]:
    values = dict(args)
    code = values.get("language")
    if isinstance(code, str) and code:
        values["language"] = languages.name(code)
    return values


def english(msgid: str, **args: str) -> str:
    """The English text (what ``Notification.message`` stores)."""
    return msgid % _values(args)


def localised(stored: dict[str, Any] | None, fallback: str) -> str:
    """The text in the active language; ``fallback`` (the stored English) when the row has
    no params or they do not fit the msgid."""
    if not stored or not isinstance(stored.get("msgid"), str):
        return fallback
    args = stored.get("args") or {}
    try:
        return translation.gettext(stored["msgid"]) % _values(args)
    except (KeyError, ValueError, TypeError):
        return fallback


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def localised_html(stored: dict[str, Any] | None, fallback: str) -> SafeString:
    """``localised`` for a page: the values (titles, user names, terms, quoted comments) are
    escaped and marked ``translate="no"``: they are data, not the interface's words."""
    if not stored or not isinstance(stored.get("msgid"), str):
        return escape(fallback)
    values = _values(stored.get("args") or {})
    marked = {
        name: escape(value) if name == "language" else _data(value)
        for name, value in values.items()
    }
    # The (escaped) translation as a format_html pattern: %(name)s → {name}.
    if not marked:
        return escape(translation.gettext(stored["msgid"]))
    pattern = str(escape(translation.gettext(stored["msgid"])))
    pattern = _PLACEHOLDER.sub(r"{\1}", pattern.replace("{", "{{").replace("}", "}}"))
    try:
        return format_html(pattern, **marked)
    except (KeyError, IndexError, ValueError):
        return escape(fallback)


def _data(value: Any) -> SafeString:
    return format_html('<span translate="no">{}</span>', value)
