"""English texts stored with rows, shown in the reader's language.

Workers and services write some messages into the database in English (a translation's error,
a feed's last error, a webhook delivery's failure): they run with no reader. ``KnownTexts``
holds the msgids such a text can come from; ``localised`` finds the one a stored text was
made from, takes its values back out, and gives the msgid's translation with them. A text
that matches none is shown as stored (or from the catalogue, if it knows the whole text).

Each ``%(name)s`` of a msgid matches any text; a name used twice must match the same text.
List a msgid that another one could swallow (``"…answered %(code)s (a redirect…)."`` before
``"…answered %(code)s."``) first: the first that matches wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(msgid: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    last = 0
    for found in _PLACEHOLDER.finditer(msgid):
        parts.append(re.escape(msgid[last : found.start()]))
        name = found[1]
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        last = found.end()
    parts.append(re.escape(msgid[last:]))
    return re.compile("".join(parts), re.DOTALL)


class KnownTexts:
    """The msgids a stored English text may come from.

    ``nested``: names whose value is itself a stored message (an error inside an error),
    shown in the reader's language too.
    """

    def __init__(self, msgids: Iterable[str], *, nested: Iterable[str] = ()) -> None:
        self.msgids = tuple(msgids)
        self.nested = frozenset(nested)
        self._patterns = [(msgid, _pattern(msgid)) for msgid in self.msgids]

    def match(self, text: str) -> tuple[str, dict[str, str]] | None:
        """The msgid ``text`` was made from and its values, or None."""
        for msgid, pattern in self._patterns:
            found = pattern.fullmatch(text)
            if found is not None:
                return msgid, found.groupdict()
        return None

    def localised(self, text: str) -> str:
        """``text`` in the active language when it is one of the known texts; else as stored
        (translated whole when a catalogue happens to know it)."""
        if not text:
            return text
        matched = self.match(text)
        if matched is None:
            return gettext(text)
        msgid, found = matched
        values = {
            name: self.localised(value) if name in self.nested else value
            for name, value in found.items()
        }
        try:
            return gettext(msgid) % values
        except (KeyError, ValueError, TypeError):  # a translation that lost a value
            return text
