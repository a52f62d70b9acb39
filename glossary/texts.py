"""Messages that may be stored and shown later, in the reader's language.

A :class:`Text` is the English message (a ``str``: tests, logs, the API and the command line
see it as before) that also keeps its msgid and parameters, so that a page can show it in the
active language (:func:`localize`) and a row can store it as ``{"msgid", "params"}``
(:meth:`Text.as_json`, :func:`from_json`). Mark the msgid with ``gettext_noop`` (by that
name) so that ``makemessages`` finds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

__all__ = ["Text", "from_json", "localize"]


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

    def localized(self) -> str:
        """The message in the active language."""
        params = {name: _join(value, _localized) for name, value in self.params.items()}
        translated = gettext(self.msgid)
        return translated % params if params else translated

    def as_json(self) -> dict[str, Any]:
        return {
            "msgid": self.msgid,
            "params": {name: _dump(value) for name, value in self.params.items()},
        }


def _localized(value: Any) -> Any:
    return value.localized() if isinstance(value, Text) else value


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


def localize(value: object) -> Any:
    """``value`` for a reader: a :class:`Text` (or an exception raised with one) in the active
    language; a plain string translated when it is a msgid of ours (an English message stored
    as is); anything else unchanged."""
    if isinstance(value, BaseException):
        value = value.args[0] if len(value.args) == 1 else str(value)
    if isinstance(value, Text):
        return value.localized()
    if isinstance(value, str):
        return gettext(value) if value.strip() else value
    return value
