"""Review: editors approve or reject proposed terms and pending changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from glossary import selectors
from glossary.models import ConceptHistory, Term
from glossary.services.records import (
    apply_data,
    check_unique,
    describe,
    diff,
    history,
    refresh_label,
    require_editor,
    save_unique,
)
from glossary.services.version import glossary_version_bump
from glossary.termdata import TermData
from glossary.texts import Text
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.core.users import User, actor

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action
TermText = tuple[str, str]


def _require_proposed(term: Term) -> None:
    if term.status != Status.PROPOSED:
        message = (
            gettext_noop("%(term)s is approved, not waiting for review.")
            if term.status == Term.Status.APPROVED
            else gettext_noop("%(term)s is rejected, not waiting for review.")
        )
        raise ServiceError(Text(message, term=describe(term)))


def term_approve(*, user: User, term: Term, comment: str = "") -> Term:
    """Approve a proposed term or a pending change (editors only). Returns the live term."""
    require_editor(user, "approve terms")
    _require_proposed(term)
    comment = comment.strip()
    with transaction.atomic():
        live, gone = _approve(user, term, comment, timezone.now())
        glossary_version_bump(concepts=[live.concept_id], texts=gone)
        _announce_approved(live, user, comment)
    selectors.review_pending_count_expire()
    return live


def _approve(user: User, term: Term, comment: str, now: datetime) -> tuple[Term, list[TermText]]:
    """The approval rules for one proposal (inside the caller's transaction, which bumps the
    glossary version). Returns the live term and the (language, text) it no longer has."""
    old_text = (term.language, term.text)
    if term.revision_of_id:
        original = Term.objects.select_for_update().get(pk=term.revision_of_id)
        old_text = (original.language, original.text)
        new = TermData.of(term)
        changes = diff(TermData.of(original), new)
        check_unique(new, exclude_term=original.pk)
        apply_data(original, new)
        original.reviewed_by, original.reviewed_at = actor(user), now
        original.review_comment = comment
        term.delete()
        save_unique(original)
        summary = f"Change approved: {describe(original)}"
        history(original.concept_id, Action.CHANGE_APPROVED, summary, user=user,
                 term=original, changes=changes, comment=comment)  # fmt: skip
        live = original
    else:
        check_unique(TermData.of(term), exclude_term=term.pk)
        term.status = Status.APPROVED
        term.reviewed_by, term.reviewed_at, term.review_comment = actor(user), now, comment
        save_unique(term)
        history(term.concept_id, Action.APPROVED, f"Approved {describe(term)}", user=user,
                 term=term, comment=comment)  # fmt: skip
        live = term
    refresh_label(live.concept)
    gone = [old_text] if term.revision_of_id and old_text[1] != live.text else []
    return live, gone


def _announce_approved(live: Term, user: User, comment: str) -> None:
    events.emit("term.approved", term_id=live.pk, concept_id=live.concept_id,
                language=live.language, text=live.text,
                reviewed_by=user.get_username(), comment=comment)  # fmt: skip


def term_reject(*, user: User, term: Term, comment: str = "") -> Term:
    """Reject a proposed term or a pending change (editors only)."""
    require_editor(user, "reject terms")
    _require_proposed(term)
    with transaction.atomic():
        rejected = _reject(user, term, comment.strip())
    selectors.review_pending_count_expire()
    return rejected


def _reject(user: User, term: Term, comment: str) -> Term:
    if term.revision_of_id:
        original = term.revision_of
        assert original is not None
        changes = diff(TermData.of(original), TermData.of(term))
        term.delete()
        summary = f"Change rejected for {describe(original)}"
        history(original.concept_id, Action.CHANGE_REJECTED, summary, user=user,
                 term=original, changes=changes, comment=comment)  # fmt: skip
        _announce_rejected(term, user, comment, term_id=original.pk)
        return original
    term.status = Status.REJECTED
    term.reviewed_by, term.reviewed_at = actor(user), timezone.now()
    term.review_comment = comment
    term.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    history(term.concept_id, Action.REJECTED, f"Rejected {describe(term)}", user=user,
             term=term, comment=comment)  # fmt: skip
    refresh_label(term.concept)
    _announce_rejected(term, user, comment, term_id=term.pk)
    return term


def terms_review_bulk(*, user: User, term_ids: Sequence[int], decision: str,
                      comment: str = "") -> int:  # fmt: skip
    """Approve or reject several proposals (a whole concept, or a selection) with one
    comment, by the same rules as one at a time, in one transaction with one glossary
    version bump: all of them, or (with a ServiceError naming the first refusal) none.
    Returns how many were reviewed."""
    if decision not in ("approve", "reject"):
        raise ServiceError(Text(gettext_noop("Choose approve or reject.")))
    require_editor(user, f"{decision} terms")
    ids = sorted(set(term_ids))
    if not ids:
        raise ServiceError(Text(gettext_noop("Select at least one proposal first.")))
    comment = comment.strip()
    now = timezone.now()
    with transaction.atomic():
        terms = list(
            Term.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("concept", "revision_of")
            .order_by("proposed_at", "id")
        )
        if len(terms) != len(ids):
            raise ServiceError(Text(gettext_noop(
                "Some of the selected proposals are gone (reviewed meanwhile); reload the "
                "queue and select again."
            )))  # fmt: skip
        try:
            for term in terms:
                _require_proposed(term)
            if decision == "reject":
                for term in terms:
                    _reject(user, term, comment)
            else:
                approved = [_approve(user, term, comment, now) for term in terms]
                glossary_version_bump(
                    concepts=[live.concept_id for live, _ in approved],
                    texts=[text for _, gone in approved for text in gone],
                )
                for live, _ in approved:
                    _announce_approved(live, user, comment)
        except ServiceError as exc:
            message = (
                gettext_noop("Nothing was approved: %(why)s")
                if decision == "approve"
                else gettext_noop("Nothing was rejected: %(why)s")
            )
            why = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Text) else str(exc)
            raise ServiceError(Text(message, why=why)) from exc
    selectors.review_pending_count_expire()
    return len(terms)


def _announce_rejected(term: Term, user: User, comment: str, *, term_id: int) -> None:
    """The rejected proposal's text; ``term_id`` is the live term for a rejected change."""
    events.emit("term.rejected", term_id=term_id, concept_id=term.concept_id,
                language=term.language, text=term.text,
                reviewed_by=user.get_username(), comment=comment)  # fmt: skip
