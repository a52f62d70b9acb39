"""The editorial state machine: every status change of an article or a translation.

The states and transitions are drawn in ``docs/architecture.md`` ("The state machine").
Every transition is one function here. It runs in one transaction, locks the article row
first (``select_for_update``; SQLite serialises writers anyway), checks the current state and
changes it with a conditional UPDATE, so two transitions can never both win. Nothing else
sets a status field.

* After every final state of a translation (done, failed, cancelled) the article is settled:
  when no translation is active any more, a translating article moves to review.
* Approved means frozen: every writer (segment edits, confirmations, re-translation, XLIFF
  import, glossary re-run, retry, cancel, remove) calls ``article_lock_editable`` inside its
  own transaction, which refuses an approved article. Only ``article_send_back`` reopens it.
* Approval needs every translation done (and at least one), and no unresolved problem
  (see ``selectors.editor.article_violations``) unless the editor writes why.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from newsapp.articles.models import Article, Translation
from newsapp.articles.selectors.editor import article_violations
from newsapp.articles.services import freshness
from newsapp.articles.services.intake import translation_enqueue
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor

ArticleStatus = Article.Status
Status = Translation.Status
OVERRIDE_REASON_MAX_CHARS = 2000
FINAL = (Status.DONE, Status.FAILED, Status.CANCELLED)
APPROVED_MESSAGE = gettext_lazy(
    "This article is approved. An editor must send it back to review before its translations "
    "can change."
)
#: Stored in ``Translation.error`` in English; pages translate it when they show it
#: (``newsapp.articles.issue_text.stored_error``).
CANCELLED_ERROR = gettext_noop("Cancelled by a translator.")


# --- Locks and guards -----------------------------------------------------------------------------


def article_lock(article_id: int) -> Article:
    """The article row, locked until the end of the current transaction."""
    return Article.objects.select_for_update().get(pk=article_id)


def article_lock_editable(article_id: int) -> Article:
    """Lock the article and refuse (ServiceError) if it is approved. Call inside the writer's
    transaction, before its writes: an approval cannot slip in between."""
    article = article_lock(article_id)
    if article.status == ArticleStatus.APPROVED:
        raise ServiceError(str(APPROVED_MESSAGE))
    return article


# --- Translations: the worker's transitions -------------------------------------------------------


def translation_claim(*, translation_id: int, worker: str) -> Translation | None:
    """queued (or running with an expired lease) → running, leased to ``worker``.

    None if another worker holds it, it is final, or it used up its attempts (then it is
    failed). Each claim counts an attempt; a chunk handed back for fairness resets the count.
    """
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, lease_expires_at__lt=now)
    claimed = Translation.objects.filter(
        claimable, pk=translation_id, attempts__lt=settings.TRANSLATION_MAX_ATTEMPTS
    ).update(
        status=Status.RUNNING,
        lease_owner=worker,
        lease_expires_at=now + timedelta(seconds=settings.TRANSLATION_LEASE_SECONDS),
        attempts=F("attempts") + 1,
        started_at=Coalesce("started_at", now),
        retry_at=None,
        error="",
    )
    if not claimed:
        translations_fail_exhausted(scope=Q(pk=translation_id) & claimable)
        return None
    return Translation.objects.select_related("article").get(pk=translation_id)


def still_mine(translation: Translation, worker: str) -> Q:
    """The rows a worker may still write: its own running lease."""
    return Q(pk=translation.pk, status=Status.RUNNING, lease_owner=worker)


def translation_release(
    *, translation: Translation, worker: str, error: str = "", retry_in: float | None = None
) -> bool:
    """running (this worker's lease) → queued: a transient error, a time limit or a shutdown.

    ``retry_in``: seconds until the scheduled retry, recorded so the sweeper does not publish
    an earlier wake-up and skip the back-off. False if the lease was already lost.
    """
    retry_at = timezone.now() + timedelta(seconds=retry_in) if retry_in is not None else None
    return bool(
        Translation.objects.filter(still_mine(translation, worker)).update(
            status=Status.QUEUED,
            lease_owner="",
            lease_expires_at=None,
            error=error[:1000],
            retry_at=retry_at,
        )
    )


def translation_yield(*, translation: Translation, worker: str) -> bool:
    """running → queued after a chunk, so that other articles get a worker too (fairness).

    Progress was saved, so the attempt count starts again. The wake-up is published after
    commit; False if the lease was already lost.
    """
    with transaction.atomic():
        released = Translation.objects.filter(still_mine(translation, worker)).update(
            status=Status.QUEUED,
            lease_owner="",
            lease_expires_at=None,
            attempts=0,
            enqueued_at=None,
        )
        if released:
            transaction.on_commit(partial(translation_enqueue, translation_id=translation.pk))
    return bool(released)


def translation_finish(
    *,
    translation: Translation,
    worker: str,
    status: str,
    error: str = "",
    compliance: dict[str, Any] | None = None,
    glossary_version: int | None = None,
) -> bool:
    """running (this worker's lease) → done or failed; then settle the article."""
    if status not in (Status.DONE, Status.FAILED):
        raise ValueError(f"A run finishes done or failed, not {status}.")
    fields: dict[str, Any] = {
        "status": status,
        "error": error[:2000],
        "lease_owner": "",
        "lease_expires_at": None,
        "retry_at": None,
        "finished_at": timezone.now(),
    }
    if compliance is not None:
        fields["compliance"] = compliance
    if glossary_version is not None:
        fields["glossary_version"] = glossary_version
        fields["glossary_changed"] = False
    with transaction.atomic():
        article_lock(translation.article_id)
        finished = Translation.objects.filter(still_mine(translation, worker)).update(**fields)
        if finished:
            _announce(translation, status, error)
            article_settle(article_id=translation.article_id)
    return bool(finished)


def translations_fail_exhausted(*, scope: Q) -> int:
    """queued or running → failed, for translations in ``scope`` that used up their attempts.

    The message quotes the last attempt's error when it left one (a transient engine error);
    a worker that crashed leaves none.
    """
    cap = settings.TRANSLATION_MAX_ATTEMPTS
    rows = list(
        Translation.objects.filter(
            scope, status__in=Translation.ACTIVE, attempts__gte=cap
        ).values_list("pk", "article_id", "target_language")
    )
    failed = 0
    for pk, article_id, target in rows:
        with transaction.atomic():
            article_lock(article_id)
            done = Translation.objects.filter(
                scope, pk=pk, status__in=Translation.ACTIVE, attempts__gte=cap
            ).update(
                status=Status.FAILED,
                lease_owner="",
                lease_expires_at=None,
                retry_at=None,
                finished_at=timezone.now(),
                error=Case(
                    When(error="", then=Value(
                        f"Stopped after {cap} attempts: the worker translating this article "
                        "crashed or was stopped each time. Retry it, or shorten the article "
                        "if it keeps failing."
                    )),
                    default=Concat(
                        Value(f"Stopped after {cap} attempts. Last error: "), F("error"),
                        output_field=TextField(),
                    ),
                    output_field=TextField(),
                ),
            )  # fmt: skip
            if done:
                failed += 1
                error = Translation.objects.values_list("error", flat=True).get(pk=pk)
                events.emit(
                    "translation.failed", translation_id=pk, article_id=article_id,
                    target_language=target, error=error,
                )  # fmt: skip
                article_settle(article_id=article_id)
    return failed


def translations_requeue_expired(*, now: datetime) -> int:
    """running with an expired lease (its worker died) → queued, for the sweeper."""
    return Translation.objects.filter(status=Status.RUNNING, lease_expires_at__lt=now).update(
        status=Status.QUEUED, lease_owner="", lease_expires_at=None, enqueued_at=None
    )


# --- Translations: the translator's transitions ---------------------------------------------------


def translation_cancel(*, translation: Translation, user: Any = None) -> bool:
    """queued or running → cancelled (the worker stops at its next save); settle the article.

    False if it had already finished; ServiceError on an approved article.
    """
    with transaction.atomic():
        article_lock_editable(translation.article_id)
        cancelled = Translation.objects.filter(
            pk=translation.pk, status__in=Translation.ACTIVE
        ).update(
            status=Status.CANCELLED,
            lease_owner="",
            lease_expires_at=None,
            retry_at=None,
            finished_at=timezone.now(),
            error=CANCELLED_ERROR,
        )
        if cancelled:
            _announce(translation, Status.CANCELLED, "")
            article_settle(article_id=translation.article_id)
    return bool(cancelled)


def translation_retry(*, translation: Translation, user: Any = None) -> bool:
    """failed or cancelled → queued, with fresh attempts; the article goes back to translating.

    False if the translation is not failed or cancelled; ServiceError on an approved article.
    """
    with transaction.atomic():
        article_lock_editable(translation.article_id)
        changed = Translation.objects.filter(
            pk=translation.pk, status__in=(Status.FAILED, Status.CANCELLED)
        ).update(
            status=Status.QUEUED,
            attempts=0,
            error="",
            finished_at=None,
            enqueued_at=None,
            retry_at=None,
        )
        if changed:
            Article.objects.filter(
                pk=translation.article_id, status=ArticleStatus.IN_REVIEW
            ).update(status=ArticleStatus.TRANSLATING, updated_at=timezone.now())
            transaction.on_commit(partial(translation_enqueue, translation_id=translation.pk))
    return bool(changed)


def translation_remove(*, translation: Translation, user: Any = None) -> bool:
    """Delete a failed or cancelled translation from its article (so the article can be
    approved without that language); settle the article. False if it is not failed or
    cancelled; ServiceError on an approved article."""
    with transaction.atomic():
        article_lock_editable(translation.article_id)
        removed, _deleted = Translation.objects.filter(
            pk=translation.pk, status__in=(Status.FAILED, Status.CANCELLED)
        ).delete()
        if removed:
            article_settle(article_id=translation.article_id)
    return bool(removed)


# --- Articles -------------------------------------------------------------------------------------


def article_settle(*, article_id: int) -> bool:
    """translating → in review once no translation is active (call inside the transaction
    that finished one, after locking the article)."""
    if Translation.objects.filter(article_id=article_id, status__in=Translation.ACTIVE).exists():
        return False
    settled = Article.objects.filter(pk=article_id, status=ArticleStatus.TRANSLATING).update(
        status=ArticleStatus.IN_REVIEW, updated_at=timezone.now()
    )
    if settled:
        events.emit("article.in_review", article_id=article_id)
    return bool(settled)


def article_approve(*, article: Article, user: Any, override_reason: str = "") -> Article:
    """in review → approved (editors only).

    Refused unless every translation is done (and there is one). Translations checked against
    an older glossary are re-checked first. Refused while any translation has unresolved
    problems (flagged sentences, missed or forbidden terms, QA errors, a glossary change since
    translation that a re-run would apply), unless the editor writes why it may be approved
    anyway; the reason is stored with who and when.
    """
    if not is_editor(user):
        raise PermissionDenied(_("Only editors can approve articles."))
    reason = (override_reason or "").strip()
    if len(reason) > OVERRIDE_REASON_MAX_CHARS:
        raise ServiceError(
            _("The reason is too long (%(length)s characters; at most %(limit)s).")
            % {"length": f"{len(reason):,}", "limit": f"{OVERRIDE_REASON_MAX_CHARS:,}"}
        )
    with transaction.atomic():
        current = article_lock(article.pk)
        if current.status != ArticleStatus.IN_REVIEW:
            raise ServiceError(
                _("Only an article in review can be approved; this one is %(status)s.")
                % {"status": str(current.get_status_display()).lower()}
            )
        # Judge against the current glossary: re-check what a recent change made stale.
        freshness.article_recheck(article=current)
        violations = article_violations(article=current)
        if violations.unfinished:
            raise ServiceError(violations.unfinished)
        if violations.blocking and not reason:
            raise ServiceError(
                _(
                    "The translations still have unresolved problems (%(summary)s). "
                    "Fix them, or write why the article may be approved anyway."
                )
                % {"summary": violations.summary}
            )
        now = timezone.now()
        fields = {
            "status": ArticleStatus.APPROVED,
            "approved_by": user,
            "approved_at": now,
            "approval_override_reason": reason if violations.blocking else "",
        }
        Article.objects.filter(pk=article.pk, status=ArticleStatus.IN_REVIEW).update(
            **fields, updated_at=now
        )
        events.emit("article.approved", article_id=article.pk, approved_by=user.get_username())
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def article_send_back(*, article: Article, user: Any) -> Article:
    """approved → in review (editors only), clearing the approval."""
    if not is_editor(user):
        raise PermissionDenied(_("Only editors can send an article back to review."))
    fields = {
        "status": ArticleStatus.IN_REVIEW,
        "approved_by": None,
        "approved_at": None,
        "approval_override_reason": "",
    }
    with transaction.atomic():
        article_lock(article.pk)
        updated = Article.objects.filter(pk=article.pk, status=ArticleStatus.APPROVED).update(
            **fields, updated_at=timezone.now()
        )
        if not updated:
            raise ServiceError(_("Only an approved article can be sent back to review."))
        events.emit("article.sent_back", article_id=article.pk, by=user.get_username())
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def _announce(translation: Translation, status: str, error: str) -> None:
    name: str = {
        Status.DONE: "translation.done",
        Status.FAILED: "translation.failed",
        Status.CANCELLED: "translation.cancelled",
    }[Status(status)]
    payload: dict[str, Any] = {
        "translation_id": translation.pk,
        "article_id": translation.article_id,
        "target_language": translation.target_language,
    }
    if status == Status.FAILED:
        payload["error"] = error
    events.emit(name, **payload)
