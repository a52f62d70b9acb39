"""Glossary imports: keep an upload for its preview, then apply the previewed plan once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from glossary import io, selectors
from glossary.models import Concept, ConceptHistory, ImportBatch, Term
from glossary.services.records import apply_data, describe, diff, refresh_label, require_editor
from glossary.services.version import glossary_version_bump
from glossary.termdata import (
    TermData,
    label_for,
)
from newsapp.core.errors import ServiceError
from newsapp.core.users import User, actor

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action


IMPORT_BATCH_TTL = timedelta(days=1)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    refused: int
    terms_added: int
    terms_changed: int


def glossary_import_apply(
    *, plan: io.ImportPlan, user: User | None, approve: bool, source_name: str = ""
) -> ImportResult:
    """Apply a previewed import plan in one transaction (see ``glossary.io``).

    ``user`` None means the command line (an operator with shell access, trusted).
    """
    if approve and user is not None:
        require_editor(user, "import approved terms")
    author = actor(user) if user is not None else None
    now = timezone.now()
    status = Status.APPROVED if approve else Status.PROPOSED
    reviewer = author if approve else None
    reviewed_at = now if approve else None
    origin = f" from {source_name}" if source_name else ""

    def new_term(concept_id: int, data: TermData) -> Term:
        term = Term(
            concept_id=concept_id, status=status, proposed_by=author, proposed_at=now,
            reviewed_by=reviewer, reviewed_at=reviewed_at,
        )  # fmt: skip
        apply_data(term, data)
        return term.fill_keys()

    added = changed = 0
    history: list[ConceptHistory] = []
    try:
        with transaction.atomic():
            creates = plan.creates
            concepts = Concept.objects.bulk_create(
                [
                    Concept(definition=item.definition, subject=item.subject,
                            external_url=item.external_url, created_by=author,
                            label=label_for(item.new_terms))
                    for item in creates
                ],
                batch_size=500,
            )  # fmt: skip
            terms: list[Term] = []
            for concept, item in zip(concepts, creates, strict=True):
                terms += [new_term(concept.pk, data) for data in item.new_terms]
                history.append(ConceptHistory(
                    concept=concept, user=author, action=Action.IMPORTED,
                    summary=f"Imported{origin} (row {item.row}) with {len(item.new_terms)} "
                            f"terms, {status}",
                ))  # fmt: skip
            touched: list[int] = []
            for item in plan.updates:
                assert item.concept_id is not None
                if item.concept_changes:
                    Concept.objects.filter(pk=item.concept_id).update(
                        **{name: new for name, (_old, new) in item.concept_changes.items()},
                        updated_at=now,
                    )
                terms += [new_term(item.concept_id, data) for data in item.new_terms]
                for term_id, data in item.changed_terms:
                    changed += 1
                    _import_change(term_id, data, actor=author, approve=approve)
                touched.append(item.concept_id)
                history.append(ConceptHistory(
                    concept_id=item.concept_id, user=author, action=Action.IMPORTED,
                    summary=f"Updated by import{origin} (row {item.row}): "
                            f"{len(item.new_terms)} new terms, {len(item.changed_terms)} "
                            f"changed, status {status}",
                    changes={k: list(v) for k, v in item.concept_changes.items()},
                ))  # fmt: skip
            added = len(terms)
            Term.objects.bulk_create(terms, batch_size=500)
            ConceptHistory.objects.bulk_create(history, batch_size=500)
            for concept in Concept.objects.filter(pk__in=touched):
                refresh_label(concept)
            if approve and (terms or changed):
                glossary_version_bump(concepts=[c.pk for c in concepts] + touched)
    except IntegrityError:
        raise ServiceError(
            "The glossary changed since the preview (a term became approved elsewhere). "
            "Nothing was imported; preview the file again."
        ) from None
    return ImportResult(
        created=len(plan.creates), updated=len(plan.updates), refused=len(plan.refused),
        terms_added=added, terms_changed=changed,
    )  # fmt: skip


def _import_change(term_id: int, data: TermData, *, actor: Any, approve: bool) -> None:
    term = Term.objects.select_related("concept").get(pk=term_id)
    before = TermData.of(term)
    now = timezone.now()
    if term.status == Status.APPROVED and not approve:
        revision = selectors.term_pending_revision(term=term) or Term(
            concept=term.concept, revision_of=term
        )
        apply_data(revision, data)
        revision.status, revision.proposed_by, revision.proposed_at = Status.PROPOSED, actor, now
        revision.save()
        return
    apply_data(term, data)
    if approve:
        term.status, term.reviewed_by, term.reviewed_at = Status.APPROVED, actor, now
    term.save()
    ConceptHistory.objects.create(
        concept=term.concept, term=term, user=actor, action=Action.TERM_UPDATED,
        summary=f"Changed by import: {describe(term)}", changes=diff(before, data),
    )  # fmt: skip


def import_batch_create(*, user: User, filename: str, data: bytes, approve: bool) -> ImportBatch:
    """Keep an uploaded file for its preview. Nothing is imported yet."""
    owner = actor(user)
    if owner is None:
        raise PermissionDenied("Log in to import a glossary file.")
    if approve:
        require_editor(user, "import approved terms")
    content = io.decode_upload(data)
    fmt = io.detect_format(filename, content)
    plan = io.plan_import(io.load(content, fmt), fmt=fmt)
    if not plan.items:
        raise ServiceError("The file holds no concepts.")
    # Uploads older than a day were abandoned (or applied): drop them with this write.
    ImportBatch.objects.filter(created_at__lt=timezone.now() - IMPORT_BATCH_TTL).delete()
    return ImportBatch.objects.create(
        created_by=owner, filename=filename[:255], format=fmt, content=content,
        approve=approve, plan_digest=plan.digest(),
    )  # fmt: skip


def import_batch_apply(*, user: User, batch: ImportBatch, digest: str) -> ImportResult:
    """Apply a previewed upload, only if the plan is still the one the user saw."""
    if batch.approve:
        require_editor(user, "import approved terms")
    if batch.applied_at is not None:
        raise ServiceError("This file was already imported.")
    plan = io.plan_import(io.load(batch.content, batch.format), fmt=batch.format)
    if plan.digest() != digest:
        raise ServiceError(
            "The glossary changed since this preview was shown. Nothing was imported; "
            "check the updated preview and confirm again."
        )
    if not plan.has_changes:
        raise ServiceError("Nothing to import: every row is unchanged or refused.")
    with transaction.atomic():
        result = glossary_import_apply(
            plan=plan, user=user, approve=batch.approve, source_name=batch.filename
        )
        batch.applied_at = timezone.now()
        batch.content = ""
        batch.save(update_fields=["applied_at", "content"])
    return result
