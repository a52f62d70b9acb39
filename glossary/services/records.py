"""What every glossary write shares: permission, uniqueness, history, labels."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from glossary import selectors
from glossary.models import Concept, ConceptHistory, Term, term_key
from glossary.termdata import (
    TERM_FIELDS,
    TermData,
    conflict_message,
    label_for,
)
from glossary.texts import Text
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor
from newsapp.core.users import User, actor

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action


def require_editor(user: User, doing: str) -> None:
    if not is_editor(user):
        raise PermissionDenied(f"Only editors can {doing}.")


def preferred_conflict(language: str, key: str, *, exclude_term: int | None) -> Term | None:
    """The approved preferred live term with this text and language, if any."""
    found = Term.objects.filter(
        language=language, key=key, status=Status.APPROVED, usage=Usage.PREFERRED,
        revision_of__isnull=True,
    ).select_related("concept")  # fmt: skip
    if exclude_term is not None:
        found = found.exclude(pk=exclude_term)
    return found.first()


def check_unique(data: TermData, *, exclude_term: int | None) -> None:
    if data.usage != Usage.PREFERRED:
        return
    holder = preferred_conflict(data.language, term_key(data.text), exclude_term=exclude_term)
    if holder is not None:
        raise ServiceError(conflict_message(data.text, data.language, holder.concept))


def check_not_duplicate(concept: Concept, data: TermData, *, exclude_term: int | None) -> None:
    same = Term.objects.filter(
        concept=concept, language=data.language, key=term_key(data.text),
        revision_of__isnull=True, status__in=(Status.PROPOSED, Status.APPROVED),
    )  # fmt: skip
    if exclude_term is not None:
        same = same.exclude(pk=exclude_term)
    if same.exists():
        raise ServiceError(
            Text(
                gettext_noop("This concept already has the %(language)s term “%(text)s”."),
                language=data.language,
                text=data.text,
            )
        )


def history(
    concept: Concept | int,
    action: str,
    summary: str,
    *,
    user: User | None,
    term: Term | None = None,
    changes: dict[str, list[Any]] | None = None,
    comment: str = "",
) -> ConceptHistory:
    concept_id = concept if isinstance(concept, int) else concept.pk
    return ConceptHistory.objects.create(
        concept_id=concept_id, term=term, user=actor(user) if user else None, action=action,
        summary=summary[:500], changes=changes or {}, comment=comment,
    )  # fmt: skip


def describe(data: TermData | Term) -> str:
    return f"{data.language} “{data.text}” ({data.usage})"


def diff(old: TermData, new: TermData) -> dict[str, list[Any]]:
    before, after = asdict(old), asdict(new)
    return {n: [before[n], after[n]] for n in TERM_FIELDS if before[n] != after[n]}


def refresh_label(concept: Concept) -> None:
    terms = list(selectors.live_terms().filter(concept=concept).order_by("id"))
    label = label_for(terms)
    if label != concept.label:
        concept.label = label
        Concept.objects.filter(pk=concept.pk).update(label=label)


def apply_data(term: Term, data: TermData) -> None:
    for name in TERM_FIELDS:
        setattr(term, name, getattr(data, name))


def save_unique(term: Term) -> None:
    """Save, turning a lost race on the uniqueness constraint into a readable refusal."""
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        holder = preferred_conflict(term.language, term_key(term.text), exclude_term=term.pk)
        if holder is None:
            raise
        raise ServiceError(conflict_message(term.text, term.language, holder.concept)) from None
