"""Feed errors and entry notes in the reader's language.

A poll stores its error (``Feed.last_error``) and an item its note (``FeedEntry.note``) in
English, as ``newsapp.intake.feeds`` and intake write them. The pages show them translated
when they are one of the known texts (with their values put back in); anything else is
shown as stored.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_noop

#: (the English as stored, as a regular expression) → its msgid with the same named values.
KNOWN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.DOTALL), msgid)
    for p, msgid in [
        (
            r"The host “(?P<host>.*)” could not be found\.",
            gettext_noop("The host “%(host)s” could not be found."),
        ),
        (
            r"Refused: “(?P<host>.*)” is a private or local network address \((?P<ip>[^)]*)\), "
            r"which feeds may not point to\.",
            gettext_noop(
                "Refused: “%(host)s” is a private or local network address (%(ip)s), which feeds "
                "may not point to."
            ),
        ),
        (
            r"Only http:// and https:// addresses can be fetched\.",
            gettext_noop("Only http:// and https:// addresses can be fetched."),
        ),
        (
            r"The server answered (?P<status>\d+) (?P<reason>[^.]*)\.",
            gettext_noop("The server answered %(status)s %(reason)s."),
        ),
        (
            r"The response is (?P<size>\d+) bytes, over the (?P<cap>\d+)-byte cap\.",
            gettext_noop("The response is %(size)s bytes, over the %(cap)s-byte cap."),
        ),
        (
            r"The response is over the (?P<cap>\d+)-byte cap\.",
            gettext_noop("The response is over the %(cap)s-byte cap."),
        ),
        (
            r"The download took longer than (?P<seconds>[\d.]+) s\.",
            gettext_noop("The download took longer than %(seconds)s s."),
        ),
        (
            r"No answer within (?P<seconds>[\d.]+) s\.",
            gettext_noop("No answer within %(seconds)s s."),
        ),
        (r"Too many redirects\.", gettext_noop("Too many redirects.")),
        (r"The request failed: (?P<detail>.*)\.", gettext_noop("The request failed: %(detail)s.")),
        (
            r"The feed declares XML entities, which are refused\.",
            gettext_noop("The feed declares XML entities, which are refused."),
        ),
        (
            r"The address serves a web page, not an RSS or Atom feed\.",
            gettext_noop("The address serves a web page, not an RSS or Atom feed."),
        ),
        (r"This is not an RSS or Atom feed\.", gettext_noop("This is not an RSS or Atom feed.")),
        (
            r"This is not an RSS or Atom feed: (?P<detail>.*)\.",
            gettext_noop("This is not an RSS or Atom feed: %(detail)s."),
        ),
        (
            r"The feed has errors \((?P<detail>.*)\); (?P<count>\d+) items were read anyway\.",
            gettext_noop("The feed has errors (%(detail)s); %(count)s items were read anyway."),
        ),
        (
            r"The server answered 304 Not Modified to a plain request\.",
            gettext_noop("The server answered 304 Not Modified to a plain request."),
        ),
        (
            r"No story text was found at the item's link\.",
            gettext_noop("No story text was found at the item's link."),
        ),
        (r"Unexpected error: (?P<detail>.*)", gettext_noop("Unexpected error: %(detail)s")),
        (r"Same text as an earlier story\.", gettext_noop("Same text as an earlier story.")),
        (
            r"The same story came in (?P<time>\d\d:\d\d) as “(?P<title>.*)”\. Submit again to "
            r"translate it anyway\.",
            gettext_noop(
                "The same story came in %(time)s as “%(title)s”. Submit again to translate it "
                "anyway."
            ),
        ),
    ]
]

#: ``Feed.last_status`` as people read it.
STATUS_LABELS = {
    "ok": gettext_noop("OK"),
    "not_modified": gettext_noop("Not modified"),
    "error": gettext_noop("Error"),
}


def localised(text: str) -> str:
    """``text`` in the active language when it is a known one; else ``text`` itself (a
    text some catalogue knows as a whole, e.g. an intake error, is translated too)."""
    if not text:
        return text
    for pattern, msgid in KNOWN:
        found = pattern.fullmatch(text)
        if found:
            try:
                return gettext(msgid) % found.groupdict()
            except (KeyError, ValueError, TypeError):
                return text
    return gettext(text)


def status_label(status: str) -> str:
    return gettext(STATUS_LABELS[status]) if status in STATUS_LABELS else status
