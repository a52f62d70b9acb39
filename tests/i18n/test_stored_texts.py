"""English texts stored with rows are found again and shown in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from newsapp.api.views.pages import _KNOWN_TEXTS as API_TEXTS
from newsapp.articles.issue_text import _STORED as ARTICLE_TEXTS
from newsapp.core.stored_text import KnownTexts
from newsapp.feeds.texts import KNOWN as FEED_TEXTS

TABLES = {"articles": ARTICLE_TEXTS, "api": API_TEXTS, "feeds": FEED_TEXTS}


def _filled(msgid: str) -> tuple[str, dict[str, str]]:
    names = dict.fromkeys(re.findall(r"%\((\w+)\)s", msgid))
    values = {name: f"<{name}-{i}>" for i, name in enumerate(names)}
    return msgid % values, values


@pytest.mark.parametrize("table", TABLES)
def test_every_known_text_is_found_as_itself_and_not_as_an_earlier_one(table: str) -> None:
    known = TABLES[table]
    for msgid in known.msgids:
        text, values = _filled(msgid)
        assert known.match(text) == (msgid, values), msgid


@pytest.mark.parametrize("table", TABLES)
def test_every_known_text_has_a_korean_translation(table: str) -> None:
    known = TABLES[table]
    with translation.override("ko"):
        for msgid in known.msgids:
            assert translation.gettext(msgid) != msgid, msgid


def test_a_stored_text_comes_back_in_korean_with_its_values() -> None:
    with translation.override("ko"):
        shown = FEED_TEXTS.localised("The server answered 404 Not Found.")
        assert "404 Not Found" in shown
        assert "The server answered" not in shown
        assert API_TEXTS.localised("The receiver answered 302 (a redirect, not followed); "
                                   "register its final address.") != API_TEXTS.localised(
            "The receiver answered 302.")  # fmt: skip


def test_an_unknown_text_is_shown_as_stored_and_a_value_inside_is_nested() -> None:
    known = KnownTexts(["Failed: %(error)s", "Engine on fire."], nested=["error"])
    assert known.localised("Something else entirely.") == "Something else entirely."
    assert known.localised("") == ""
    assert known.match("Failed: Engine on fire.") == (
        "Failed: %(error)s",
        {"error": "Engine on fire."},
    )
    with translation.override("ko"):
        # The real table: a stored error inside "Stopped after…" is shown in Korean too.
        shown = ARTICLE_TEXTS.localised(
            "Stopped after 3 attempts. Last error: The engine nope is not enabled."
        )
    assert "Stopped after" not in shown
    assert "The engine" not in shown
    assert "nope" in shown
