"""Notifications: who is told what, made from the domain events (``newsapp.core.events``).

Each handler runs after its event's transaction commits, finds the person concerned (the
article's author, the term's proposer) and writes one row, never to the person who acted.
With ``NOTIFICATIONS_EMAIL`` on, the row is also e-mailed through Django's mail settings
(console backend by default). Handlers are quick and never raise into the caller (the event
dispatcher logs any failure).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from glossary.models import ConceptHistory, Term
from newsapp.accounts.services import user_locale
from newsapp.articles.models import Article
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.notifications import texts
from newsapp.notifications.models import Notification

logger = logging.getLogger(__name__)
Kind = Notification.Kind
Action = ConceptHistory.Action
_REVIEWS = (Action.APPROVED, Action.REJECTED, Action.CHANGE_APPROVED, Action.CHANGE_REJECTED)

#: Longest engine error or review comment quoted in a notification.
QUOTE_MAX_CHARS = 300


def notification_create(
    *,
    recipient: Any,
    kind: str,
    message: str,
    link: str = "",
    actor: str = "",
    params: dict[str, Any] | None = None,
) -> Notification | None:
    """Tell ``recipient``; None when there is nobody to tell or the recipient is the
    ``actor`` (the user name of whoever caused it: nobody is told of their own action).

    ``message`` is the English text; ``params`` (``texts.params``) lets the list and the
    e-mail show it in the reader's language."""
    if recipient is None or not recipient.is_active:
        return None
    if actor and recipient.get_username() == actor:
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, message=message, link=link, params=params or {}
    )
    if settings.NOTIFICATIONS_EMAIL and recipient.email:
        transaction.on_commit(lambda: _email(notification, recipient))
    return notification


def _email(notification: Notification, recipient: Any) -> None:
    """In the recipient's language (and time zone)."""
    address = recipient.email
    try:
        with user_locale(recipient):
            subject = f"[{gettext('Newsdesk')}] {notification.get_kind_display()}"
            link = f"\n\n{notification.link}" if notification.link else ""
            body = notification.text + link
    except Exception:
        logger.exception("Could not write the e-mail of notification %s", notification.pk)
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except Exception:
        logger.exception("Could not e-mail notification %s", notification.pk)


def notification_mark_read(*, user: Any, notification_id: int) -> bool:
    """Mark one of the user's notifications read; False if it was already read.
    ServiceError if it is not theirs (or does not exist)."""
    mine = Notification.objects.filter(pk=notification_id, recipient_id=user.pk)
    if not mine.exists():
        raise ServiceError(gettext("That notification does not exist (or is someone else's)."))
    return bool(mine.filter(read_at__isnull=True).update(read_at=timezone.now()))


def notifications_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- From the domain events ---------------------------------------------------------------------


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_MAX_CHARS else text[: QUOTE_MAX_CHARS - 1] + "…"


def _article(article_id: int) -> Article | None:
    return Article.objects.select_related("author").filter(pk=article_id).first()


def _article_link(article_id: int) -> str:
    return reverse("articles:detail", args=[article_id])


def _tell_author(article_id: int, kind: str, msgid: str, *, actor: str = "", **args: str) -> None:
    """Tell the article's author (unless they caused it), linking to the article; the text
    is ``msgid`` with ``args`` and the article's title."""
    article = _article(article_id)
    if article is None:
        return
    args = {**args, "title": article.title}
    notification_create(
        recipient=article.author, kind=kind, actor=actor, message=texts.english(msgid, **args),
        params=texts.params(msgid, **args), link=_article_link(article_id),
    )  # fmt: skip


def on_translation_done(*, article_id: int, target_language: str, **_: Any) -> None:
    _tell_author(
        article_id, Kind.TRANSLATION_DONE, texts.TRANSLATION_DONE, language=target_language
    )


def on_translation_failed(*, article_id: int, target_language: str, error: str, **_: Any) -> None:
    quoted = _quote(error)
    if quoted:
        _tell_author(article_id, Kind.TRANSLATION_FAILED, texts.TRANSLATION_FAILED,
                     language=target_language, error=quoted)  # fmt: skip
    else:
        _tell_author(article_id, Kind.TRANSLATION_FAILED, texts.TRANSLATION_FAILED_NO_REASON,
                     language=target_language)  # fmt: skip


def on_glossary_affects(*, article_id: int, target_language: str, **_: Any) -> None:
    _tell_author(
        article_id, Kind.GLOSSARY_CHANGED, texts.GLOSSARY_CHANGED, language=target_language
    )


def on_article_approved(*, article_id: int, approved_by: str, **_: Any) -> None:
    _tell_author(article_id, Kind.ARTICLE_APPROVED, texts.ARTICLE_APPROVED, actor=approved_by,
                 user=approved_by)  # fmt: skip


def on_article_sent_back(*, article_id: int, by: str, **_: Any) -> None:
    _tell_author(article_id, Kind.ARTICLE_SENT_BACK, texts.ARTICLE_SENT_BACK, actor=by, user=by)


def _proposer_id(term_id: int) -> int | None:
    """Who proposed what was just reviewed: for a change to an approved term (the event
    names the live term), whoever proposed the change (its history row); else the term's
    proposer."""
    reviewed = (
        ConceptHistory.objects.filter(term_id=term_id, action__in=_REVIEWS)
        .order_by("-created_at", "-id")
        .values_list("action", flat=True)
        .first()
    )
    if reviewed in (Action.CHANGE_APPROVED, Action.CHANGE_REJECTED):
        return (
            ConceptHistory.objects.filter(term_id=term_id, action=Action.CHANGE_PROPOSED)
            .order_by("-created_at", "-id")
            .values_list("user_id", flat=True)
            .first()
        )
    proposer: int | None = (
        Term.objects.filter(pk=term_id).values_list("proposed_by", flat=True).first()
    )
    return proposer


def _on_term(kind: str, verb: str, plain: str, said: str) -> Any:
    def handler(
        *, term_id: int, concept_id: int, language: str, text: str, reviewed_by: str,
        comment: str, **_: Any,
    ) -> None:  # fmt: skip
        proposer_id = _proposer_id(term_id)
        if proposer_id is None:
            return
        recipient = get_user_model().objects.filter(pk=proposer_id).first()
        args = {"language": language, "text": text, "user": reviewed_by}
        msgid = plain
        if comment.strip():
            msgid, args["comment"] = said, _quote(comment)
        notification_create(
            recipient=recipient, kind=kind, actor=reviewed_by,
            message=texts.english(msgid, **args), params=texts.params(msgid, **args),
            link=reverse("glossary:concept", args=[concept_id]),
        )  # fmt: skip

    handler.__name__ = f"on_term_{verb}"
    return handler


on_term_approved = _on_term(
    Kind.TERM_APPROVED, "approved", texts.TERM_APPROVED, texts.TERM_APPROVED_SAID
)
on_term_rejected = _on_term(
    Kind.TERM_REJECTED, "rejected", texts.TERM_REJECTED, texts.TERM_REJECTED_SAID
)


def on_mentioned(
    *, segment_id: int, translation_id: int, article_id: int, user_id: int, by: str, **_: Any
) -> None:
    """Someone @mentioned the user in a sentence's comment thread."""
    article = _article(article_id)
    recipient = get_user_model().objects.filter(pk=user_id).first()
    if article is None:
        return
    link = reverse("editor:translation", args=[translation_id]) + f"?at={segment_id}"
    msgid = texts.MENTIONED if by else texts.MENTIONED_SOMEONE
    args = {"user": by, "title": article.title} if by else {"title": article.title}
    notification_create(
        recipient=recipient, kind=Kind.MENTIONED, actor=by,
        message=texts.english(msgid, **args), params=texts.params(msgid, **args),
        link=f"{link}#seg-{segment_id}",
    )  # fmt: skip


SUBSCRIPTIONS = {
    "translation.done": on_translation_done,
    "translation.failed": on_translation_failed,
    "translation.glossary_changed": on_glossary_affects,
    "article.approved": on_article_approved,
    "article.sent_back": on_article_sent_back,
    "term.approved": on_term_approved,
    "term.rejected": on_term_rejected,
    "segment.mentioned": on_mentioned,
}


def subscribe_all() -> None:
    for name, handler in SUBSCRIPTIONS.items():
        events.subscribe(name, handler)
