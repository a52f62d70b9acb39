"""Feed errors and entry notes in the reader's language.

A poll stores its error (``Feed.last_error``) and an item its note (``FeedEntry.note``) in
English, as ``newsapp.intake.feeds`` and intake write them. The pages show them translated
when they are one of the known texts (with their values put back in); anything else is
shown as stored.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from newsapp.core.stored_text import KnownTexts

#: What a feed's error or an item's note is made from (the first that matches wins).
KNOWN = KnownTexts(
    [
        gettext_noop("The host “%(host)s” could not be found."),
        gettext_noop(
            "Refused: “%(host)s” is a private or local network address (%(ip)s), which feeds "
            "may not point to."
        ),
        gettext_noop("Only http:// and https:// addresses can be fetched."),
        gettext_noop("The server answered 304 Not Modified to a plain request."),
        gettext_noop("The server answered %(status)s %(reason)s."),
        gettext_noop("The response is %(size)s bytes, over the %(cap)s-byte cap."),
        gettext_noop("The response is over the %(cap)s-byte cap."),
        gettext_noop("The download took longer than %(seconds)s s."),
        gettext_noop("No answer within %(seconds)s s."),
        gettext_noop("Too many redirects."),
        gettext_noop("The request failed: %(detail)s."),
        gettext_noop("The feed declares XML entities, which are refused."),
        gettext_noop("The address serves a web page, not an RSS or Atom feed."),
        gettext_noop("This is not an RSS or Atom feed."),
        gettext_noop("This is not an RSS or Atom feed: %(detail)s."),
        gettext_noop("The feed has errors (%(detail)s); %(count)s items were read anyway."),
        gettext_noop("No story text was found at the item's link."),
        gettext_noop("Unexpected error: %(detail)s"),
        gettext_noop("Same text as an earlier story."),
        gettext_noop(
            "The same story came in %(time)s as “%(title)s”. Submit again to translate it anyway."
        ),
    ]
)

#: ``Feed.last_status`` as people read it.
STATUS_LABELS = {
    "ok": gettext_noop("OK"),
    "not_modified": gettext_noop("Not modified"),
    "error": gettext_noop("Error"),
}


def localised(text: str) -> str:
    """``text`` in the active language when it is a known one; else ``text`` itself (a
    text some catalogue knows as a whole, e.g. an intake error, is translated too)."""
    return KNOWN.localised(text)


def status_label(status: str) -> str:
    return gettext(STATUS_LABELS[status]) if status in STATUS_LABELS else status
