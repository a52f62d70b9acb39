"""Messages that may be stored and shown later, in the reader's language.

A :class:`Text` is the English message (a ``str``: tests, logs, the API and the command line
see it as before) that also keeps its msgid and parameters, so that a page can show it in the
active language (:func:`localize`) and a row can store it as ``{"msgid", "params"}``
(:meth:`Text.as_json`, :func:`from_json`). Mark the msgid with ``gettext_noop`` (by that
name) so that ``makemessages`` finds it.

Shown in another language than English, a ``language`` parameter (a code: "ko") is written as
the language's name (한국어); on a page (``html=True``) the other parameters, which are data
(terms, file cells, numbers), are marked ``translate="no"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language, gettext

from newsapp.core import languages

__all__ = ["Text", "from_json", "html_message", "language_name", "localize"]


class Text(str):
    """An English message with its msgid and parameters."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, /, **params: Any) -> Text:
        english = {name: _join(value, str) for name, value in params.items()}
        obj = super().__new__(cls, msgid % english if params else msgid)
        obj.msgid = msgid
        obj.params = params
        return obj

    def localized(self, *, html: bool = False) -> str:
        """The message in the active language (``html``: escaped, data marked, safe)."""
        return _render(gettext(self.msgid), self.params, html=html)

    def as_json(self) -> dict[str, Any]:
        return {
            "msgid": self.msgid,
            "params": {name: _dump(value) for name, value in self.params.items()},
        }


def _english() -> bool:
    return (get_language() or "en").split("-")[0] == "en"


def language_name(code: str) -> str:
    """A language code as a reader of the active language reads it: the code itself in
    English ("ko"), the language's name elsewhere ("한국어")."""
    return languages.in_message(code)


def _param(name: str, value: Any, *, html: bool) -> Any:
    if isinstance(value, Text):
        return value.localized(html=html)
    if isinstance(value, list | tuple):
        return (SafeString if html else str)(
            ", ".join(str(_param(name, item, html=html)) for item in value)
        )
    if name == "language" and isinstance(value, str) and not _english():
        return language_name(value)
    if html:
        if isinstance(value, SafeData):  # already ours, rendered (a translated message)
            return value
        if isinstance(value, str) and not _english():  # English pages are as they were
            return format_html('<span translate="no">{}</span>', value)
        return conditional_escape(value)
    return value


def _render(template: str, params: Mapping[str, Any], *, html: bool) -> str:
    values = {name: _param(name, value, html=html) for name, value in params.items()}
    if html:
        escaped = str(conditional_escape(template))
        return mark_safe(escaped % values if values else escaped)  # noqa: S308
    return template % values if values else template


def html_message(template: str, /, **params: Any) -> str:
    """A message of the page's own (already translated ``template``) with data ``params``,
    for ``django.contrib.messages`` and form errors: escaped, the data marked."""
    return _render(template, params, html=True)


def _join(value: Any, each: Any) -> Any:
    """A list parameter (field names) is shown joined with commas."""
    if isinstance(value, list | tuple):
        return ", ".join(str(each(item)) for item in value)
    return each(value)


def _dump(value: Any) -> Any:
    if isinstance(value, Text):
        return value.as_json()
    if isinstance(value, list | tuple):
        return [_dump(item) for item in value]
    return value


def _load(value: Any) -> Any:
    if isinstance(value, Mapping) and "msgid" in value:
        return from_json(value)
    if isinstance(value, list):
        return [_load(item) for item in value]
    return value


def from_json(data: Mapping[str, Any]) -> Text:
    params = {name: _load(value) for name, value in (data.get("params") or {}).items()}
    return Text(str(data["msgid"]), **params)


def localize(value: object, *, html: bool = False) -> Any:
    """``value`` for a reader: a :class:`Text` (or an exception raised with one) in the active
    language; a plain string translated when it is a msgid of ours (an English message stored
    as is); anything else unchanged."""
    if isinstance(value, BaseException):
        value = value.args[0] if len(value.args) == 1 else str(value)
    if isinstance(value, Text):
        return value.localized(html=html)
    if isinstance(value, str):
        return gettext(value) if value.strip() else value
    return value
