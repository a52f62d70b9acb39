"""Proposals and edits of concepts and terms (review rules in ``glossary.services``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from glossary import selectors
from glossary.models import Concept, ConceptHistory, Term, term_key
from glossary.services.records import (
    apply_data,
    check_not_duplicate,
    check_unique,
    describe,
    diff,
    history,
    refresh_label,
    require_editor,
    save_unique,
)
from glossary.services.review import term_approve
from glossary.services.version import glossary_version_bump
from glossary.sources import SourceRef
from glossary.termdata import (
    TermData,
    term_data_clean,
    url_clean,
)
from glossary.texts import Text
from newsapp.core import events
from newsapp.core.errors import ServiceError
from newsapp.core.users import User, actor

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action


def concept_propose(
    *,
    user: User,
    terms: Sequence[TermData],
    definition: str = "",
    subject: str = "",
    external_url: str = "",
    source: SourceRef | None = None,
    approve: bool = False,
) -> Concept:
    """Create a concept with its first terms (proposed, or approved by an editor)."""
    if approve:
        require_editor(user, "approve terms")
    cleaned = [term_data_clean(data) for data in terms]
    if not cleaned:
        raise ServiceError(Text(gettext_noop("Give at least one term.")))
    seen: set[tuple[str, str]] = set()
    for data in cleaned:
        identity = (data.language, term_key(data.text))
        if identity in seen:
            raise ServiceError(
                Text(
                    gettext_noop("The %(language)s term “%(text)s” is given twice."),
                    language=data.language,
                    text=data.text,
                )
            )
        seen.add(identity)
        if approve:
            check_unique(data, exclude_term=None)
    with transaction.atomic():
        concept = Concept.objects.create(
            definition=definition.strip(), subject=subject.strip().lower(),
            external_url=url_clean(external_url), created_by=actor(user),
        )  # fmt: skip
        history(concept, Action.CONCEPT_PROPOSED, "Concept proposed", user=user)
        for data in cleaned:
            _term_create(concept, data, user=user, source=source, approve=approve)
        refresh_label(concept)
        if approve:
            glossary_version_bump(concepts=[concept.pk])
    return concept


def term_propose(
    *,
    user: User,
    concept: Concept,
    data: TermData,
    source: SourceRef | None = None,
    approve: bool = False,
) -> Term:
    """Add a term to an existing concept."""
    if approve:
        require_editor(user, "approve terms")
    data = term_data_clean(data)
    check_not_duplicate(concept, data, exclude_term=None)
    if approve:
        check_unique(data, exclude_term=None)
    with transaction.atomic():
        term = _term_create(concept, data, user=user, source=source, approve=approve)
        refresh_label(concept)
        if approve:
            glossary_version_bump(concepts=[concept.pk])
    return term


def source_fields(source: SourceRef | None) -> dict[str, object]:
    """The term columns that record where a proposal came from."""
    if source is None:
        return {"source_id": None, "source_title": "", "source_url": ""}
    return {"source_id": source.id, "source_title": source.title[:300],
            "source_url": source.url[:500]}  # fmt: skip


def _term_create(
    concept: Concept, data: TermData, *, user: User, source: SourceRef | None, approve: bool
) -> Term:
    now = timezone.now()
    term = Term(
        concept=concept, proposed_by=actor(user), proposed_at=now, **source_fields(source),
        status=Status.APPROVED if approve else Status.PROPOSED,
        reviewed_by=actor(user) if approve else None, reviewed_at=now if approve else None,
    )  # fmt: skip
    apply_data(term, data)
    save_unique(term)
    verb = "Added and approved" if approve else "Proposed"
    where = f" from “{source.title}”" if source is not None else ""
    summary = f"{verb} {describe(data)}{where}"
    history(concept, Action.TERM_PROPOSED, summary, user=user, term=term)
    who = user.get_username() if user.is_authenticated else ""
    about = {"term_id": term.pk, "concept_id": concept.pk, "language": term.language,
             "text": term.text}  # fmt: skip
    if approve:
        events.emit("term.approved", **about, reviewed_by=who, comment="")
    else:
        events.emit("term.proposed", **about, proposed_by=who)
    return term


def concept_update(
    *, user: User, concept: Concept, definition: str, subject: str, external_url: str
) -> Concept:
    """Change a concept's description (editors; it does not affect enforcement)."""
    require_editor(user, "edit concepts")
    new = {
        "definition": definition.strip(),
        "subject": subject.strip().lower(),
        "external_url": url_clean(external_url),
    }
    changes = {k: [getattr(concept, k), v] for k, v in new.items() if getattr(concept, k) != v}
    if not changes:
        raise ServiceError(Text(gettext_noop("Nothing changed.")))
    with transaction.atomic():
        for name, value in new.items():
            setattr(concept, name, value)
        concept.save(update_fields=[*new, "updated_at"])
        history(concept, Action.CONCEPT_UPDATED, "Concept edited", user=user, changes=changes)
    return concept


def term_update(*, user: User, term: Term, data: TermData, approve: bool = False) -> Term:
    """Edit a term. Returns the row that now holds the change (a revision for approved terms).

    * proposed term (or pending revision): changed in place, still proposed;
    * rejected term: changed and proposed again;
    * approved term: the change becomes a pending revision, unless an editor passes
      ``approve=True`` (then it applies at once).
    """
    if approve:
        require_editor(user, "approve terms")
    data = term_data_clean(data)
    original = term.revision_of if term.revision_of_id else term
    assert original is not None
    if original.status == Status.APPROVED:
        if approve:
            return _update_approved_now(user, original, data)
        pending = term if term.revision_of_id else selectors.term_pending_revision(term=original)
        return _propose_change(user, original, pending, data)
    changes = diff(TermData.of(term), data)
    if not changes and term.status != Status.REJECTED:
        raise ServiceError(Text(gettext_noop("Nothing changed.")))
    check_not_duplicate(term.concept, data, exclude_term=term.pk)
    with transaction.atomic():
        was_rejected = term.status == Status.REJECTED
        apply_data(term, data)
        if was_rejected:
            term.status = Status.PROPOSED
            term.proposed_by, term.proposed_at = actor(user), timezone.now()
            term.reviewed_by, term.reviewed_at, term.review_comment = None, None, ""
        save_unique(term)
        if was_rejected:
            summary = f"Proposed again: {describe(data)}"
            history(term.concept, Action.TERM_PROPOSED, summary, user=user, term=term,
                     changes=changes)  # fmt: skip
        else:
            summary = f"Edited proposed {describe(data)}"
            history(term.concept, Action.TERM_UPDATED, summary, user=user, term=term,
                     changes=changes)  # fmt: skip
        refresh_label(term.concept)
    if approve and term.status == Status.PROPOSED:
        return term_approve(user=user, term=term)
    return term


def _propose_change(user: User, original: Term, pending: Term | None, data: TermData) -> Term:
    changes = diff(TermData.of(original), data)
    if not changes:
        if pending is None:
            raise ServiceError(Text(gettext_noop("Nothing changed.")))
        raise ServiceError(
            Text(gettext_noop("That is the approved version; reject the pending change instead."))
        )
    if data.language != original.language:
        raise ServiceError(
            Text(gettext_noop("An approved term's language cannot change; propose a new term."))
        )
    check_not_duplicate(original.concept, data, exclude_term=original.pk)
    with transaction.atomic():
        revision = pending or Term(concept=original.concept, revision_of=original)
        apply_data(revision, data)
        revision.status = Status.PROPOSED
        revision.proposed_by, revision.proposed_at = actor(user), timezone.now()
        revision.save()
        summary = f"Change proposed to {describe(original)}"
        history(original.concept, Action.CHANGE_PROPOSED, summary, user=user, term=original,
                 changes=changes)  # fmt: skip
    return revision


def _update_approved_now(user: User, term: Term, data: TermData) -> Term:
    changes = diff(TermData.of(term), data)
    if not changes:
        raise ServiceError(Text(gettext_noop("Nothing changed.")))
    if data.language != term.language:
        raise ServiceError(
            Text(gettext_noop("An approved term's language cannot change; propose a new term."))
        )
    check_not_duplicate(term.concept, data, exclude_term=term.pk)
    check_unique(data, exclude_term=term.pk)
    old_text = (term.language, term.text)
    with transaction.atomic():
        apply_data(term, data)
        term.reviewed_by, term.reviewed_at = actor(user), timezone.now()
        save_unique(term)
        term.revisions.filter(status=Status.PROPOSED).delete()  # superseded by this edit
        summary = f"Edited and approved {describe(term)}"
        history(term.concept, Action.TERM_UPDATED, summary, user=user, term=term,
                 changes=changes)  # fmt: skip
        refresh_label(term.concept)
        glossary_version_bump(concepts=[term.concept_id], texts=[old_text])
    return term
