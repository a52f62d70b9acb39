"""Review: editors approve or reject proposed terms and pending changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

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
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.core.users import User, actor

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action


def _require_proposed(term: Term) -> None:
    if term.status != Status.PROPOSED:
        raise ServiceError(f"{describe(term)} is {term.get_status_display().lower()}, "
                           "not waiting for review.")  # fmt: skip


def term_approve(*, user: User, term: Term, comment: str = "") -> Term:
    """Approve a proposed term or a pending change (editors only). Returns the live term."""
    require_editor(user, "approve terms")
    _require_proposed(term)
    now = timezone.now()
    comment = comment.strip()
    old_text = (term.language, term.text)
    with transaction.atomic():
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
        glossary_version_bump(concepts=[live.concept_id], texts=gone)
        events.emit("term.approved", term_id=live.pk, concept_id=live.concept_id,
                    language=live.language, text=live.text,
                    reviewed_by=user.get_username(), comment=comment)  # fmt: skip
    return live


def term_reject(*, user: User, term: Term, comment: str = "") -> Term:
    """Reject a proposed term or a pending change (editors only)."""
    require_editor(user, "reject terms")
    _require_proposed(term)
    comment = comment.strip()
    with transaction.atomic():
        if term.revision_of_id:
            original = term.revision_of
            assert original is not None
            changes = diff(TermData.of(original), TermData.of(term))
            term.delete()
            summary = f"Change rejected for {describe(original)}"
            history(original.concept_id, Action.CHANGE_REJECTED, summary, user=user,
                     term=original, changes=changes, comment=comment)  # fmt: skip
            return original
        term.status = Status.REJECTED
        term.reviewed_by, term.reviewed_at = actor(user), timezone.now()
        term.review_comment = comment
        term.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
        history(term.concept_id, Action.REJECTED, f"Rejected {describe(term)}", user=user,
                 term=term, comment=comment)  # fmt: skip
        refresh_label(term.concept)
    return term
