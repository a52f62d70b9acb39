"""The article workflow: draft → translating → in review → approved (and back to review).

``services.article_create`` starts an article as translating and ``services.article_settle``
moves it to review once no translation is running. Here editors approve it, or send an
approved article back to review so that its translations can change again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from newsapp.articles.models import Article, Translation
from newsapp.articles.selectors.editor import article_violations
from newsapp.articles.services.intake import translation_enqueue
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor

Status = Article.Status
OVERRIDE_REASON_MAX_CHARS = 2000


def article_approve(*, article: Article, user: Any, override_reason: str = "") -> Article:
    """Approve an article in review (editors only).

    Refused while any translation has unresolved glossary violations (flagged segments, or
    missed or forbidden terms in its compliance summary), unless the editor writes why it
    may be approved anyway; that reason is stored with who approved and when.
    """
    if not is_editor(user):
        raise PermissionDenied("Only editors can approve articles.")
    reason = (override_reason or "").strip()
    if len(reason) > OVERRIDE_REASON_MAX_CHARS:
        raise ServiceError(
            f"The reason is too long ({len(reason):,} characters; at most "
            f"{OVERRIDE_REASON_MAX_CHARS:,})."
        )
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.status != Status.IN_REVIEW:
            raise ServiceError(
                f"Only an article in review can be approved; this one is "
                f"{current.get_status_display().lower()}."
            )
        violations = article_violations(article=current)
        if violations.blocking and not reason:
            raise ServiceError(
                f"The translations still have unresolved glossary problems "
                f"({violations.summary}). Fix them, or write why the article may be approved "
                "anyway."
            )
        now = timezone.now()
        fields = {
            "status": Status.APPROVED,
            "approved_by": user,
            "approved_at": now,
            "approval_override_reason": reason if violations.blocking else "",
        }
        updated = Article.objects.filter(pk=article.pk, status=Status.IN_REVIEW).update(
            **fields, updated_at=now
        )
        if not updated:  # pragma: no cover - the row lock makes this unreachable
            raise ServiceError("The article changed meanwhile; reload the page.")
        events.emit("article.approved", article_id=article.pk, approved_by=user.get_username())
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def article_settle(*, article_id: int) -> bool:
    """Move a translating article to review once none of its translations is still active."""
    if Translation.objects.filter(article_id=article_id, status__in=Translation.ACTIVE).exists():
        return False
    return bool(
        Article.objects.filter(pk=article_id, status=Article.Status.TRANSLATING).update(
            status=Article.Status.IN_REVIEW
        )
    )


def article_send_back(*, article: Article, user: Any) -> Article:
    """Return an approved article to review (editors only), clearing the approval."""
    if not is_editor(user):
        raise PermissionDenied("Only editors can send an article back to review.")
    fields = {
        "status": Status.IN_REVIEW,
        "approved_by": None,
        "approved_at": None,
        "approval_override_reason": "",
    }
    updated = Article.objects.filter(pk=article.pk, status=Status.APPROVED).update(
        **fields, updated_at=timezone.now()
    )
    if not updated:
        raise ServiceError("Only an approved article can be sent back to review.")
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def translation_cancel(*, translation: Translation) -> bool:
    """Cancel a queued or running translation; the worker stops at its next batch."""
    return bool(
        Translation.objects.filter(pk=translation.pk, status__in=Translation.ACTIVE).update(
            status=Translation.Status.CANCELLED,
            lease_owner="",
            lease_expires_at=None,
            finished_at=timezone.now(),
            error="Cancelled by a translator.",
        )
    )


def translation_retry(*, translation: Translation) -> bool:
    """Put a failed or cancelled translation back in the queue, with fresh attempts."""
    with transaction.atomic():
        changed = Translation.objects.filter(
            pk=translation.pk, status__in=(Translation.Status.FAILED, Translation.Status.CANCELLED)
        ).update(
            status=Translation.Status.QUEUED,
            attempts=0,
            error="",
            finished_at=None,
            enqueued_at=None,
        )
        if changed:
            transaction.on_commit(partial(translation_enqueue, translation_id=translation.pk))
    return bool(changed)
