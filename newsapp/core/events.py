"""Domain events: services announce what happened, other apps subscribe.

A service calls ``emit("translation.done", translation_id=12, article_id=3)`` inside its
transaction; each subscriber runs after that transaction commits (``on_commit``), so nobody
acts on a change that was rolled back. Subscribers must be quick (they enqueue a task or write
a row) and must not raise: a failing subscriber is logged and the others still run.

Apps subscribe in their ``AppConfig.ready()``: ``events.subscribe("term.approved", handler)``.
The glossary announces its changes this way without importing the apps that care.
Payloads are JSON-serialisable keyword arguments (ids and short strings), documented in
``EVENTS``; webhooks send them as they are.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., object]

#: Every event, with the keys of its payload.
EVENTS: dict[str, tuple[str, ...]] = {
    "translation.done": ("translation_id", "article_id", "target_language"),
    "translation.failed": ("translation_id", "article_id", "target_language", "error"),
    "translation.cancelled": ("translation_id", "article_id", "target_language"),
    "article.in_review": ("article_id",),
    "article.approved": ("article_id", "approved_by"),
    "article.sent_back": ("article_id", "by"),
    "term.proposed": ("term_id", "concept_id", "language", "text", "proposed_by"),
    "term.approved": ("term_id", "concept_id", "language", "text", "reviewed_by", "comment"),
    "term.rejected": ("term_id", "concept_id", "language", "text", "reviewed_by", "comment"),
    "glossary.changed": ("concept_ids", "version"),
    # A glossary change would change this translation's machine output (services.freshness).
    "translation.glossary_changed": ("translation_id", "article_id", "target_language", "version"),
    # One per desk user @mentioned in a sentence's comment (newsapp.articles.services.comments).
    "segment.mentioned": (
        "comment_id",
        "segment_id",
        "translation_id",
        "article_id",
        "user_id",
        "by",
    ),
}

_handlers: dict[str, list[Handler]] = defaultdict(list)


class UnknownEvent(ValueError):
    pass


def subscribe(name: str, handler: Handler) -> None:
    """Call ``handler(**payload)`` after each committed ``name`` event (once per handler)."""
    if name not in EVENTS:
        raise UnknownEvent(f"No event named {name!r}.")
    if handler not in _handlers[name]:
        _handlers[name].append(handler)


def unsubscribe(name: str, handler: Handler) -> None:
    if handler in _handlers[name]:
        _handlers[name].remove(handler)


def emit(name: str, **payload: Any) -> None:
    """Announce ``name`` with ``payload``; subscribers run after the transaction commits."""
    expected = EVENTS.get(name)
    if expected is None:
        raise UnknownEvent(f"No event named {name!r}.")
    missing = set(expected) - set(payload)
    if missing:
        raise ValueError(f"Event {name!r} needs {', '.join(sorted(missing))}.")
    transaction.on_commit(lambda: _dispatch(name, payload))


def _dispatch(name: str, payload: dict[str, Any]) -> None:
    for handler in list(_handlers.get(name, ())):
        try:
            handler(**payload)
        except Exception:
            logger.exception("Event %s: subscriber %r failed.", name, handler)
