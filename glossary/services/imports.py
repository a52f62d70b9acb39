"""Glossary imports: keep an upload for its preview, then apply the previewed plan once."""

from __future__ import annotations

import re
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from glossary import io, selectors
from glossary.models import (
    Concept,
    ConceptHistory,
    ImportBatch,
    ImportPlanRow,
    ImportStatus,
    Term,
)
from glossary.services.records import apply_data, describe, diff, refresh_label, require_editor
from glossary.services.version import glossary_version_bump
from glossary.termdata import (
    TermData,
    label_for,
)
from glossary.texts import Text, from_json
from newsapp import queue
from newsapp.core.errors import ServiceError
from newsapp.core.roles import is_editor
from newsapp.core.sanitize import text_clean
from newsapp.core.users import AccountUser, User, actor

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action


IMPORT_BATCH_TTL = timedelta(days=1)
#: Published by name: services never import tasks.
PLAN_TASK = "glossary.tasks.import_batch_plan_task"
APPLY_TASK = "glossary.tasks.import_batch_apply_task"
_ENTRY_RE = re.compile(r"<(?:[\w.-]+:)?(?:conceptEntry|termEntry)[\s/>]")


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
    if user is not None and not is_editor(user) and any(i.concept_changes for i in plan.updates):
        # The planner holds these back for non-editors (plan_import(concept_edits=False)).
        raise PermissionDenied("Only editors can change a concept's definition, subject or URL.")
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
            Text(
                gettext_noop(
                    "The glossary changed since the preview (a term became approved elsewhere). "
                    "Nothing was imported; preview the file again."
                )
            )
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


def import_rows_count(content: str, fmt: str) -> int:
    """Rows in an upload, counted without parsing it: CSV lines after the header (a quoted
    cell's line breaks count too, so this is an upper bound) or TBX concept entries."""
    if fmt == "tbx":
        return len(_ENTRY_RE.findall(content))
    breaks = max(content.count("\n"), content.count("\r"))
    lines = breaks + (0 if content.endswith(("\n", "\r")) else 1)
    return max(lines - 1, 0)


def import_batch_create(*, user: User, filename: str, data: bytes, approve: bool) -> ImportBatch:
    """Keep an uploaded file for its preview. Nothing is imported yet.

    The rows are counted first (``GLOSSARY_IMPORT_MAX_ROWS``); a file of at most
    ``GLOSSARY_IMPORT_INLINE_ROWS`` rows is planned here, a larger one by a background task
    (the preview shows its progress). The plan is stored: the preview pages it.
    """
    owner = actor(user)
    if owner is None:
        raise PermissionDenied("Log in to import a glossary file.")
    if approve:
        require_editor(user, "import approved terms")
    content = text_clean(io.decode_upload(data))
    fmt = io.detect_format(filename, content)
    rows = import_rows_count(content, fmt)
    cap = settings.GLOSSARY_IMPORT_MAX_ROWS
    if rows > cap:
        raise ServiceError(
            Text(
                gettext_noop(
                    "The file has %(rows)s rows; a glossary import takes at most %(cap)s. "
                    "Split it into smaller files and import them one after another."
                ),
                rows=f"{rows:,}",
                cap=f"{cap:,}",
            )
        )
    concept_edits = is_editor(user)
    inline = rows <= settings.GLOSSARY_IMPORT_INLINE_ROWS
    plan = None
    if inline:
        plan = io.plan_import(io.load(content, fmt), fmt=fmt, concept_edits=concept_edits)
        if not plan.items:
            raise ServiceError(Text(gettext_noop("The file holds no concepts.")))
    # Uploads older than a day were abandoned (or applied): drop them with this write.
    ImportBatch.objects.filter(created_at__lt=timezone.now() - IMPORT_BATCH_TTL).delete()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=owner, filename=filename[:255], format=fmt, content=content,
            approve=approve, rows=rows, concept_edits=concept_edits,
            status=ImportStatus.READY if inline else ImportStatus.PLANNING,
        )  # fmt: skip
        if plan is not None:
            _plan_store(batch, plan)
        else:
            batch_id = batch.pk
            transaction.on_commit(lambda: _publish(PLAN_TASK, batch_id))
    return batch


def _publish(task: str, batch_id: uuid.UUID, *args: Any) -> None:
    if not queue.publish(task, str(batch_id), *args):
        message = Text(gettext_noop(
            "The background workers cannot be reached, so this large file was not "
            "processed. Nothing was imported; upload it again later."
        ))  # fmt: skip
        ImportBatch.objects.filter(pk=batch_id, applied_at__isnull=True).update(
            status=ImportStatus.FAILED, progress=0, **_error_fields(message)
        )


def _error_fields(error: object) -> dict[str, Any]:
    """``error`` and ``error_text`` of a batch: the English message, and its msgid and
    parameters when it has them (shown in the reader's language)."""
    if isinstance(error, BaseException):
        error = io.message_of(error)
    text = error.as_json() if isinstance(error, Text) else {}
    return {"error": str(error), "error_text": text}


def _plan_store(batch: ImportBatch, plan: io.ImportPlan, *, error: str = "") -> None:
    """Replace the batch's stored plan (inside the caller's transaction)."""
    ImportPlanRow.objects.filter(batch=batch).delete()
    rows = [
        ImportPlanRow(
            batch=batch, position=number, where=item.where[:120], action=item.action,
            label=item.label[:300], concept_id=item.concept_id, detail=_detail(item),
        )
        for number, item in enumerate(plan.items)
    ]  # fmt: skip
    ImportPlanRow.objects.bulk_create(rows, batch_size=1000)
    batch.counts = {
        action: sum(1 for item in plan.items if item.action == action)
        for action in ("create", "update", "unchanged", "refuse")
    }
    batch.plan_digest, batch.status, batch.progress = plan.digest(), ImportStatus.READY, 100
    fields = _error_fields(error)
    batch.error, batch.error_text = fields["error"], fields["error_text"]
    batch.save(update_fields=["counts", "plan_digest", "status", "progress", "error", "error_text"])


def _detail(item: io.PlanItem) -> dict[str, Any]:
    return {
        "subject": item.subject,
        "new_terms": [asdict(t) for t in item.new_terms],
        "changed_terms": [asdict(t) for _pk, t in item.changed_terms],
        "concept_changes": {k: list(v) for k, v in item.concept_changes.items()},
        "held_back": {k: list(v) for k, v in item.held_back.items()},
        "reason": item.reason,
        # The same, to be shown in the reader's language (glossary.texts).
        **({"reason_text": item.reason.as_json()} if isinstance(item.reason, Text) else {}),
        **({"where_text": item.where.as_json()} if isinstance(item.where, Text) else {}),
    }


def import_batch_plan(*, batch_id: uuid.UUID | str) -> str:
    """Plan a large upload in the background and store the plan (the task's service).
    Idempotent: a batch no longer being planned is left alone."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.PLANNING).first()
    if batch is None:
        return "skipped"
    waiting = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PLANNING)
    try:
        waiting.update(progress=10)
        parsed = io.load(batch.content, batch.format)
        waiting.update(progress=40)
        plan = io.plan_import(parsed, fmt=batch.format, concept_edits=batch.concept_edits)
        waiting.update(progress=80)
        if not plan.items:
            raise ServiceError(Text(gettext_noop("The file holds no concepts.")))
    except ServiceError as exc:
        waiting.update(status=ImportStatus.FAILED, progress=100, **_error_fields(exc))
        return "failed"
    with transaction.atomic():
        if not ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PLANNING).exists():
            return "skipped"
        _plan_store(batch, plan)
    return "ready"


def import_batch_apply(*, user: User, batch: ImportBatch, digest: str) -> ImportResult | None:
    """Apply a previewed upload, only if the plan is still the one the user saw, and once.

    A large file is applied by a background task: this claims it and returns None.
    """
    if batch.approve:
        require_editor(user, "import approved terms")
    if batch.applied_at is not None or batch.status == ImportStatus.APPLIED:
        raise ServiceError(Text(gettext_noop("This file was already imported.")))
    if batch.status == ImportStatus.PLANNING:
        raise ServiceError(
            Text(gettext_noop("This file is still being checked; wait for the preview."))
        )
    if batch.status == ImportStatus.APPLYING:
        raise ServiceError(Text(gettext_noop("This file is being imported now.")))
    if batch.status == ImportStatus.FAILED:
        if batch.error_text:
            raise ServiceError(from_json(batch.error_text))
        raise ServiceError(
            batch.error or Text(gettext_noop("This file could not be processed; upload it again."))
        )
    if digest != batch.plan_digest:
        raise ServiceError(Text(gettext_noop(
            "The glossary changed since this preview was shown. Nothing was imported; "
            "check the updated preview and confirm again."
        )))  # fmt: skip
    if not (batch.counts.get("create") or batch.counts.get("update")):
        raise ServiceError(
            Text(gettext_noop("Nothing to import: every row is unchanged or refused."))
        )
    if batch.rows > settings.GLOSSARY_IMPORT_INLINE_ROWS:
        with transaction.atomic():
            claimed = ImportBatch.objects.filter(
                pk=batch.pk, status=ImportStatus.READY, applied_at__isnull=True,
                plan_digest=digest,
            ).update(status=ImportStatus.APPLYING, progress=0, error="",
                     error_text={})  # fmt: skip
            if not claimed:
                raise ServiceError(
                    Text(gettext_noop("This file is already being imported, or was imported."))
                )
            batch_id, user_id = batch.pk, user.pk
            transaction.on_commit(lambda: _publish(APPLY_TASK, batch_id, user_id))
        return None
    return _batch_apply(batch_id=batch.pk, user=user, digest=digest, claim=ImportStatus.READY)


def import_batch_apply_background(*, batch_id: uuid.UUID | str, user_id: int) -> str:
    """The apply task's service: apply a claimed large batch; on refusal, say why on it."""
    user = AccountUser.objects.filter(pk=user_id).first()
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.APPLYING).first()
    if batch is None or user is None:
        return "skipped"
    try:
        _batch_apply(batch_id=batch.pk, user=user, digest=batch.plan_digest,
                     claim=ImportStatus.APPLYING)  # fmt: skip
    except (ServiceError, PermissionDenied) as exc:
        ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.APPLYING).update(
            status=ImportStatus.READY, **_error_fields(exc)
        )
        return "refused"
    return "applied"


def _batch_apply(*, batch_id: uuid.UUID, user: User, digest: str, claim: str) -> ImportResult:
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.applied_at is not None:
        raise ServiceError(Text(gettext_noop("This file was already imported.")))
    plan = io.plan_import(io.load(batch.content, batch.format), fmt=batch.format,
                          concept_edits=is_editor(user))  # fmt: skip
    if plan.digest() != digest:
        message = Text(gettext_noop(
            "The glossary changed since this preview was shown. Nothing was imported; "
            "check the updated preview and confirm again."
        ))  # fmt: skip
        with transaction.atomic():
            if ImportBatch.objects.filter(pk=batch_id, applied_at__isnull=True).exists():
                _plan_store(batch, plan, error=message)
        raise ServiceError(message)
    with transaction.atomic():
        # The claim: one conditional UPDATE in the applying transaction. A second submit
        # (another request or thread) waits for this row, then finds it taken: 0 rows.
        claimed = ImportBatch.objects.filter(
            pk=batch_id, applied_at__isnull=True, status=claim
        ).update(applied_at=timezone.now(), status=ImportStatus.APPLIED, content="",
                 progress=100, error="", error_text={})  # fmt: skip
        if not claimed:
            raise ServiceError(Text(gettext_noop("This file was already imported.")))
        return glossary_import_apply(
            plan=plan, user=user, approve=batch.approve, source_name=batch.filename
        )
