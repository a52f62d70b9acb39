"""Writes for the glossary. Views, imports and commands call these; nothing else writes.

Review rules
------------
* Anyone on the desk proposes concepts and terms; they enter as *proposed*.
* Only editors approve or reject (``PermissionDenied`` otherwise, whatever the caller), and
  only editors may pass ``approve=True`` to write an approved term directly.
* Editing an approved term stores the change as a pending revision (a proposed ``Term``
  with ``revision_of`` set); the approved term stays in force until an editor approves the
  change, which copies it onto the original. An editor may apply an edit at once with
  ``approve=True``. Editing a rejected term proposes it again.
* An approved preferred term's text is unique per language across concepts: approving a
  second one is refused with the concept that holds it.
* Every write is recorded in ``ConceptHistory``; every write that changes the approved
  glossary bumps ``GlossaryVersion`` so that every process's matcher and caches rebuild.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from glossary import selectors
from glossary.models import (
    Concept,
    ConceptHistory,
    GlossaryVersion,
    ImportBatch,
    Term,
    term_key,
)
from newsapp.permissions import is_editor

if TYPE_CHECKING:
    from glossary.io import ImportPlan
    from newsapp.articles.models import Article

User = AbstractBaseUser | AnonymousUser
Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action

LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
MAX_TERM_LENGTH = 200
IMPORT_BATCH_TTL = timedelta(days=1)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
#: Fields a term edit can change (the review "diff").
TERM_FIELDS = ("language", "text", "usage", "case_sensitive", "do_not_translate",
               "part_of_speech", "note")  # fmt: skip


class ServiceError(Exception):
    """A refusal a person can read and act on."""


@dataclass(frozen=True)
class TermData:
    """What a term says, as proposed, edited or imported."""

    language: str
    text: str
    usage: str = Usage.PREFERRED
    case_sensitive: bool = False
    do_not_translate: bool = False
    part_of_speech: str = ""
    note: str = ""

    @classmethod
    def of(cls, term: Term) -> TermData:
        return cls(**{name: getattr(term, name) for name in TERM_FIELDS})


# --- Validation ---------------------------------------------------------------------------


def language_normalise(code: str) -> str:
    code = code.strip().replace("_", "-")
    if "-" in code:
        base, rest = code.split("-", 1)
        code = f"{base.lower()}-{rest}"
    else:
        code = code.lower()
    if not LANGUAGE_RE.match(code):
        raise ServiceError(f"“{code}” is not a language code (use e.g. en, ko, pt-BR).")
    return code


def term_text_normalise(text: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not text:
        raise ServiceError("The term is empty.")
    if len(text) > MAX_TERM_LENGTH:
        raise ServiceError(f"The term is longer than {MAX_TERM_LENGTH} characters.")
    if "|" in text:
        raise ServiceError(f"“{text}”: a term cannot contain “|” (it separates terms in CSV).")
    if _CONTROL_RE.search(text):
        raise ServiceError(f"“{text}” contains control characters.")
    if not any(char.isalnum() for char in text):
        raise ServiceError(f"“{text}” has no letter or digit.")
    return text


def url_clean(url: str) -> str:
    """An http(s) URL or "" (other schemes, e.g. javascript:, would be unsafe as links)."""
    url = url.strip()
    if not url:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ServiceError(f"“{url[:100]}” is not an http(s) URL.") from None
    if len(url) > 500:
        raise ServiceError("The URL is longer than 500 characters.")
    return url


def term_data_clean(data: TermData) -> TermData:
    if data.usage not in Usage.values:
        raise ServiceError(f"Unknown usage status “{data.usage}”.")
    if data.part_of_speech not in Term.PartOfSpeech.values:
        raise ServiceError(f"Unknown part of speech “{data.part_of_speech}”.")
    return replace(
        data,
        language=language_normalise(data.language),
        text=term_text_normalise(data.text),
        note=data.note.strip(),
    )


def _require_editor(user: User, doing: str) -> None:
    if not is_editor(user):
        raise PermissionDenied(f"Only editors can {doing}.")


def _actor(user: User) -> Any:
    return user if user is not None and user.is_authenticated else None


# --- Version ----------------------------------------------------------------------------


def glossary_version_bump() -> None:
    """Tell every process that the approved glossary changed (call inside the write)."""
    stamp = uuid.uuid4().hex
    bumped = GlossaryVersion.objects.filter(pk=1).update(
        version=F("version") + 1, stamp=stamp, updated_at=timezone.now()
    )
    if not bumped:
        GlossaryVersion.objects.update_or_create(pk=1, defaults={"version": 1, "stamp": stamp})
    selectors.glossary_stamp_expire()


# --- Helpers ------------------------------------------------------------------------------


def _preferred_conflict(language: str, key: str, *, exclude_term: int | None) -> Term | None:
    """The approved preferred live term with this text and language, if any."""
    found = Term.objects.filter(
        language=language, key=key, status=Status.APPROVED, usage=Usage.PREFERRED,
        revision_of__isnull=True,
    ).select_related("concept")  # fmt: skip
    if exclude_term is not None:
        found = found.exclude(pk=exclude_term)
    return found.first()


def conflict_message(text: str, language: str, holder: Concept) -> str:
    return (
        f"“{text}” is already the approved preferred {language} term of concept "
        f"#{holder.pk} “{holder}”."
    )


def _check_unique(data: TermData, *, exclude_term: int | None) -> None:
    if data.usage != Usage.PREFERRED:
        return
    holder = _preferred_conflict(data.language, term_key(data.text), exclude_term=exclude_term)
    if holder is not None:
        raise ServiceError(conflict_message(data.text, data.language, holder.concept))


def _check_not_duplicate(concept: Concept, data: TermData, *, exclude_term: int | None) -> None:
    same = Term.objects.filter(
        concept=concept, language=data.language, key=term_key(data.text),
        revision_of__isnull=True, status__in=(Status.PROPOSED, Status.APPROVED),
    )  # fmt: skip
    if exclude_term is not None:
        same = same.exclude(pk=exclude_term)
    if same.exists():
        raise ServiceError(f"This concept already has the {data.language} term “{data.text}”.")


def _history(
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
        concept_id=concept_id, term=term, user=_actor(user) if user else None, action=action,
        summary=summary[:500], changes=changes or {}, comment=comment,
    )  # fmt: skip


def _describe(data: TermData | Term) -> str:
    return f"{data.language} “{data.text}” ({data.usage})"


def _diff(old: TermData, new: TermData) -> dict[str, list[Any]]:
    before, after = asdict(old), asdict(new)
    return {n: [before[n], after[n]] for n in TERM_FIELDS if before[n] != after[n]}


def label_for(terms: Sequence[Term | TermData], *, approved_only: bool = True) -> str:
    """Headword: approved preferred English term, else any approved preferred term, else any."""

    def rank(term: Term | TermData) -> tuple[int, int, int]:
        status = getattr(term, "status", Status.APPROVED)
        return (
            0 if status == Status.APPROVED else 1,
            0 if term.usage == Usage.PREFERRED else 1 if term.usage == Usage.ADMITTED else 2,
            0 if term.language == "en" else 1,
        )

    usable = [t for t in terms if getattr(t, "status", Status.APPROVED) != Status.REJECTED]
    if not usable:
        return ""
    return min(usable, key=rank).text[:300]


def _refresh_label(concept: Concept) -> None:
    terms = list(selectors.live_terms().filter(concept=concept).order_by("id"))
    label = label_for(terms)
    if label != concept.label:
        concept.label = label
        Concept.objects.filter(pk=concept.pk).update(label=label)


def _apply(term: Term, data: TermData) -> None:
    for name in TERM_FIELDS:
        setattr(term, name, getattr(data, name))


def _save_unique(term: Term) -> None:
    """Save, turning a lost race on the uniqueness constraint into a readable refusal."""
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:
        holder = _preferred_conflict(term.language, term_key(term.text), exclude_term=term.pk)
        if holder is None:
            raise
        raise ServiceError(conflict_message(term.text, term.language, holder.concept)) from None


# --- Proposals ------------------------------------------------------------------------------


def concept_propose(
    *,
    user: User,
    terms: Sequence[TermData],
    definition: str = "",
    subject: str = "",
    external_url: str = "",
    article: Article | None = None,
    approve: bool = False,
) -> Concept:
    """Create a concept with its first terms (proposed, or approved by an editor)."""
    if approve:
        _require_editor(user, "approve terms")
    cleaned = [term_data_clean(data) for data in terms]
    if not cleaned:
        raise ServiceError("Give at least one term.")
    seen: set[tuple[str, str]] = set()
    for data in cleaned:
        identity = (data.language, term_key(data.text))
        if identity in seen:
            raise ServiceError(f"The {data.language} term “{data.text}” is given twice.")
        seen.add(identity)
        if approve:
            _check_unique(data, exclude_term=None)
    with transaction.atomic():
        concept = Concept.objects.create(
            definition=definition.strip(), subject=subject.strip().lower(),
            external_url=url_clean(external_url), created_by=_actor(user),
        )  # fmt: skip
        _history(concept, Action.CONCEPT_PROPOSED, "Concept proposed", user=user)
        for data in cleaned:
            _term_create(concept, data, user=user, article=article, approve=approve)
        _refresh_label(concept)
        if approve:
            glossary_version_bump()
    return concept


def term_propose(
    *,
    user: User,
    concept: Concept,
    data: TermData,
    article: Article | None = None,
    approve: bool = False,
) -> Term:
    """Add a term to an existing concept."""
    if approve:
        _require_editor(user, "approve terms")
    data = term_data_clean(data)
    _check_not_duplicate(concept, data, exclude_term=None)
    if approve:
        _check_unique(data, exclude_term=None)
    with transaction.atomic():
        term = _term_create(concept, data, user=user, article=article, approve=approve)
        _refresh_label(concept)
        if approve:
            glossary_version_bump()
    return term


def _term_create(
    concept: Concept, data: TermData, *, user: User, article: Article | None, approve: bool
) -> Term:
    now = timezone.now()
    term = Term(
        concept=concept, proposed_by=_actor(user), proposed_at=now, source_article=article,
        status=Status.APPROVED if approve else Status.PROPOSED,
        reviewed_by=_actor(user) if approve else None, reviewed_at=now if approve else None,
    )  # fmt: skip
    _apply(term, data)
    _save_unique(term)
    verb = "Added and approved" if approve else "Proposed"
    where = f" from article #{article.pk}" if article is not None else ""
    summary = f"{verb} {_describe(data)}{where}"
    _history(concept, Action.TERM_PROPOSED, summary, user=user, term=term)
    return term


def concept_update(
    *, user: User, concept: Concept, definition: str, subject: str, external_url: str
) -> Concept:
    """Change a concept's description (editors; it does not affect enforcement)."""
    _require_editor(user, "edit concepts")
    new = {
        "definition": definition.strip(),
        "subject": subject.strip().lower(),
        "external_url": url_clean(external_url),
    }
    changes = {k: [getattr(concept, k), v] for k, v in new.items() if getattr(concept, k) != v}
    if not changes:
        raise ServiceError("Nothing changed.")
    with transaction.atomic():
        for name, value in new.items():
            setattr(concept, name, value)
        concept.save(update_fields=[*new, "updated_at"])
        _history(concept, Action.CONCEPT_UPDATED, "Concept edited", user=user, changes=changes)
    return concept


# --- Edits ----------------------------------------------------------------------------------


def term_update(*, user: User, term: Term, data: TermData, approve: bool = False) -> Term:
    """Edit a term. Returns the row that now holds the change (a revision for approved terms).

    * proposed term (or pending revision): changed in place, still proposed;
    * rejected term: changed and proposed again;
    * approved term: the change becomes a pending revision, unless an editor passes
      ``approve=True`` (then it applies at once).
    """
    if approve:
        _require_editor(user, "approve terms")
    data = term_data_clean(data)
    original = term.revision_of if term.revision_of_id else term
    assert original is not None
    if original.status == Status.APPROVED:
        if approve:
            return _update_approved_now(user, original, data)
        pending = term if term.revision_of_id else selectors.term_pending_revision(term=original)
        return _propose_change(user, original, pending, data)
    changes = _diff(TermData.of(term), data)
    if not changes and term.status != Status.REJECTED:
        raise ServiceError("Nothing changed.")
    _check_not_duplicate(term.concept, data, exclude_term=term.pk)
    with transaction.atomic():
        was_rejected = term.status == Status.REJECTED
        _apply(term, data)
        if was_rejected:
            term.status = Status.PROPOSED
            term.proposed_by, term.proposed_at = _actor(user), timezone.now()
            term.reviewed_by, term.reviewed_at, term.review_comment = None, None, ""
        _save_unique(term)
        if was_rejected:
            summary = f"Proposed again: {_describe(data)}"
            _history(term.concept, Action.TERM_PROPOSED, summary, user=user, term=term,
                     changes=changes)  # fmt: skip
        else:
            summary = f"Edited proposed {_describe(data)}"
            _history(term.concept, Action.TERM_UPDATED, summary, user=user, term=term,
                     changes=changes)  # fmt: skip
        _refresh_label(term.concept)
    if approve and term.status == Status.PROPOSED:
        return term_approve(user=user, term=term)
    return term


def _propose_change(user: User, original: Term, pending: Term | None, data: TermData) -> Term:
    changes = _diff(TermData.of(original), data)
    if not changes:
        if pending is None:
            raise ServiceError("Nothing changed.")
        raise ServiceError("That is the approved version; reject the pending change instead.")
    if data.language != original.language:
        raise ServiceError("An approved term's language cannot change; propose a new term.")
    _check_not_duplicate(original.concept, data, exclude_term=original.pk)
    with transaction.atomic():
        revision = pending or Term(concept=original.concept, revision_of=original)
        _apply(revision, data)
        revision.status = Status.PROPOSED
        revision.proposed_by, revision.proposed_at = _actor(user), timezone.now()
        revision.save()
        summary = f"Change proposed to {_describe(original)}"
        _history(original.concept, Action.CHANGE_PROPOSED, summary, user=user, term=original,
                 changes=changes)  # fmt: skip
    return revision


def _update_approved_now(user: User, term: Term, data: TermData) -> Term:
    changes = _diff(TermData.of(term), data)
    if not changes:
        raise ServiceError("Nothing changed.")
    if data.language != term.language:
        raise ServiceError("An approved term's language cannot change; propose a new term.")
    _check_not_duplicate(term.concept, data, exclude_term=term.pk)
    _check_unique(data, exclude_term=term.pk)
    with transaction.atomic():
        _apply(term, data)
        term.reviewed_by, term.reviewed_at = _actor(user), timezone.now()
        _save_unique(term)
        term.revisions.filter(status=Status.PROPOSED).delete()  # superseded by this edit
        summary = f"Edited and approved {_describe(term)}"
        _history(term.concept, Action.TERM_UPDATED, summary, user=user, term=term,
                 changes=changes)  # fmt: skip
        _refresh_label(term.concept)
        glossary_version_bump()
    return term


# --- Review ---------------------------------------------------------------------------------


def _require_proposed(term: Term) -> None:
    if term.status != Status.PROPOSED:
        raise ServiceError(f"{_describe(term)} is {term.get_status_display().lower()}, "
                           "not waiting for review.")  # fmt: skip


def term_approve(*, user: User, term: Term, comment: str = "") -> Term:
    """Approve a proposed term or a pending change (editors only). Returns the live term."""
    _require_editor(user, "approve terms")
    _require_proposed(term)
    now = timezone.now()
    comment = comment.strip()
    with transaction.atomic():
        if term.revision_of_id:
            original = Term.objects.select_for_update().get(pk=term.revision_of_id)
            new = TermData.of(term)
            changes = _diff(TermData.of(original), new)
            _check_unique(new, exclude_term=original.pk)
            _apply(original, new)
            original.reviewed_by, original.reviewed_at = _actor(user), now
            original.review_comment = comment
            term.delete()
            _save_unique(original)
            summary = f"Change approved: {_describe(original)}"
            _history(original.concept_id, Action.CHANGE_APPROVED, summary, user=user,
                     term=original, changes=changes, comment=comment)  # fmt: skip
            live = original
        else:
            _check_unique(TermData.of(term), exclude_term=term.pk)
            term.status = Status.APPROVED
            term.reviewed_by, term.reviewed_at, term.review_comment = _actor(user), now, comment
            _save_unique(term)
            _history(term.concept_id, Action.APPROVED, f"Approved {_describe(term)}", user=user,
                     term=term, comment=comment)  # fmt: skip
            live = term
        _refresh_label(live.concept)
        glossary_version_bump()
    return live


def term_reject(*, user: User, term: Term, comment: str = "") -> Term:
    """Reject a proposed term or a pending change (editors only)."""
    _require_editor(user, "reject terms")
    _require_proposed(term)
    comment = comment.strip()
    with transaction.atomic():
        if term.revision_of_id:
            original = term.revision_of
            assert original is not None
            changes = _diff(TermData.of(original), TermData.of(term))
            term.delete()
            summary = f"Change rejected for {_describe(original)}"
            _history(original.concept_id, Action.CHANGE_REJECTED, summary, user=user,
                     term=original, changes=changes, comment=comment)  # fmt: skip
            return original
        term.status = Status.REJECTED
        term.reviewed_by, term.reviewed_at = _actor(user), timezone.now()
        term.review_comment = comment
        term.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
        _history(term.concept_id, Action.REJECTED, f"Rejected {_describe(term)}", user=user,
                 term=term, comment=comment)  # fmt: skip
        _refresh_label(term.concept)
    return term


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    refused: int
    terms_added: int
    terms_changed: int


def glossary_import_apply(
    *, plan: ImportPlan, user: User | None, approve: bool, source_name: str = ""
) -> ImportResult:
    """Apply a previewed import plan in one transaction (see ``glossary.io``).

    ``user`` None means the command line (an operator with shell access, trusted).
    """
    if approve and user is not None:
        _require_editor(user, "import approved terms")
    actor = _actor(user) if user is not None else None
    now = timezone.now()
    status = Status.APPROVED if approve else Status.PROPOSED
    reviewer = actor if approve else None
    reviewed_at = now if approve else None
    origin = f" from {source_name}" if source_name else ""

    def new_term(concept_id: int, data: TermData) -> Term:
        term = Term(
            concept_id=concept_id, status=status, proposed_by=actor, proposed_at=now,
            reviewed_by=reviewer, reviewed_at=reviewed_at,
        )  # fmt: skip
        _apply(term, data)
        return term.fill_keys()

    added = changed = 0
    history: list[ConceptHistory] = []
    try:
        with transaction.atomic():
            creates = plan.creates
            concepts = Concept.objects.bulk_create(
                [
                    Concept(definition=item.definition, subject=item.subject,
                            external_url=item.external_url, created_by=actor,
                            label=label_for(item.new_terms))
                    for item in creates
                ],
                batch_size=500,
            )  # fmt: skip
            terms: list[Term] = []
            for concept, item in zip(concepts, creates, strict=True):
                terms += [new_term(concept.pk, data) for data in item.new_terms]
                history.append(ConceptHistory(
                    concept=concept, user=actor, action=Action.IMPORTED,
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
                    _import_change(term_id, data, actor=actor, approve=approve)
                touched.append(item.concept_id)
                history.append(ConceptHistory(
                    concept_id=item.concept_id, user=actor, action=Action.IMPORTED,
                    summary=f"Updated by import{origin} (row {item.row}): "
                            f"{len(item.new_terms)} new terms, {len(item.changed_terms)} "
                            f"changed, status {status}",
                    changes={k: list(v) for k, v in item.concept_changes.items()},
                ))  # fmt: skip
            added = len(terms)
            Term.objects.bulk_create(terms, batch_size=500)
            ConceptHistory.objects.bulk_create(history, batch_size=500)
            for concept in Concept.objects.filter(pk__in=touched):
                _refresh_label(concept)
            if approve and (terms or changed):
                glossary_version_bump()
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
        _apply(revision, data)
        revision.status, revision.proposed_by, revision.proposed_at = Status.PROPOSED, actor, now
        revision.save()
        return
    _apply(term, data)
    if approve:
        term.status, term.reviewed_by, term.reviewed_at = Status.APPROVED, actor, now
    term.save()
    ConceptHistory.objects.create(
        concept=term.concept, term=term, user=actor, action=Action.TERM_UPDATED,
        summary=f"Changed by import: {_describe(term)}", changes=_diff(before, data),
    )  # fmt: skip


def import_batch_create(*, user: User, filename: str, data: bytes, approve: bool) -> ImportBatch:
    """Keep an uploaded file for its preview. Nothing is imported yet."""
    from glossary import io

    if approve:
        _require_editor(user, "import approved terms")
    content = io.decode_upload(data)
    fmt = io.detect_format(filename, content)
    plan = io.plan_import(io.load(content, fmt), fmt=fmt)
    if not plan.items:
        raise ServiceError("The file holds no concepts.")
    # Uploads older than a day were abandoned (or applied): drop them with this write.
    ImportBatch.objects.filter(created_at__lt=timezone.now() - IMPORT_BATCH_TTL).delete()
    return ImportBatch.objects.create(
        created_by=user, filename=filename[:255], format=fmt, content=content,
        approve=approve, plan_digest=plan.digest(),
    )  # fmt: skip


def import_batch_apply(*, user: User, batch: ImportBatch, digest: str) -> ImportResult:
    """Apply a previewed upload, only if the plan is still the one the user saw."""
    from glossary import io

    if batch.approve:
        _require_editor(user, "import approved terms")
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
