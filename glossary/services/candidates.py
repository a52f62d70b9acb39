"""Term candidates: record what incoming copy proposes, and the editors' decisions on it.

The articles app extracts candidates (``glossary.candidates.extract``) and computes suggested
renderings, then calls ``candidates_record`` and ``candidate_suggestions_add`` here. Editors
accept (an approved concept), accept as a variant of an existing concept, dismiss (to the
ignore list) or bulk accept; a translator can propose a candidate from the article it came
from. Terms are created through the term services, which announce them (``term.proposed`` /
``term.approved`` events).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_noop

from glossary import candidates as extraction
from glossary import selectors
from glossary.candidates import candidate_key
from glossary.models import (
    CandidateOccurrence,
    CandidateScan,
    CandidateSuggestion,
    Concept,
    IgnoredTerm,
    Term,
    TermCandidate,
    term_key,
)
from glossary.services.records import require_editor
from glossary.services.review import term_approve
from glossary.services.terms import concept_propose, term_propose
from glossary.sources import SourceRef
from glossary.termdata import TermData, language_normalise, term_text_normalise
from glossary.texts import Text
from newsapp.core.errors import ServiceError
from newsapp.core.users import User, actor

CandidateStatus = TermCandidate.Status
TermType = Term.TermType
#: Sentences kept per occurrence (keyword in context).
SENTENCES_KEPT = 3


@dataclass(frozen=True)
class Suggestion:
    """A suggested rendering, as the articles app computed it."""

    language: str
    text: str
    origin: str
    detail: str = ""
    engine: str = ""


# --- Recording -------------------------------------------------------------------------------


def candidates_record(
    *,
    source: SourceRef,
    language: str,
    found: Sequence[extraction.Candidate],
    seen_at: datetime | None = None,
) -> list[TermCandidate]:
    """Record the candidates extracted from one source document; returns the open ones.

    Idempotent per source: a second run for the same document replaces its occurrences
    instead of adding to them. What the glossary has (any term, any status) and what is on
    the ignore list is left out here too, whatever the caller passed; an accepted or
    dismissed candidate stays closed. The scan is recorded even when nothing was found.
    """
    language = language_normalise(language)
    seen_at = seen_at or timezone.now()
    held = selectors.glossary_has(language=language, texts=[c.text for c in found])
    wanted: dict[str, extraction.Candidate] = {}
    for item in found:
        key = candidate_key(item.text)
        if key and key not in held and key not in wanted and len(item.text) <= 200:
            wanted[key] = item
    with transaction.atomic():
        rows = _candidate_rows(language, wanted, seen_at)
        open_rows = [rows[key] for key in wanted if rows[key].status == CandidateStatus.OPEN]
        CandidateOccurrence.objects.bulk_create(
            [
                CandidateOccurrence(
                    candidate=row,
                    source_id=source.id,
                    source_title=source.title[:300],
                    source_url=source.url[:500],
                    count=max(1, wanted[row.key].count),
                    sentences=[
                        s.strip()[:1000] for s in wanted[row.key].sentences[:SENTENCES_KEPT]
                    ],
                    seen_at=seen_at,
                )
                for row in open_rows
            ],
            update_conflicts=True,
            unique_fields=["candidate", "source_id"],
            update_fields=["source_title", "source_url", "count", "sentences", "seen_at"],
        )
        _refresh_counts(open_rows)
        CandidateScan.objects.update_or_create(
            source_id=source.id,
            defaults={"language": language, "scanned_at": seen_at, "found": len(open_rows)},
        )
    return open_rows


def _sentences(item: extraction.Candidate) -> list[str]:
    return [sentence.strip()[:1000] for sentence in item.sentences[:SENTENCES_KEPT]]


def _candidate_rows(
    language: str, wanted: dict[str, extraction.Candidate], seen_at: datetime
) -> dict[str, TermCandidate]:
    existing = TermCandidate.objects.select_for_update().filter(language=language,
                                                                 key__in=list(wanted))  # fmt: skip
    rows = {row.key: row for row in existing}
    TermCandidate.objects.bulk_create(
        [
            TermCandidate(
                language=language,
                text=item.text,
                key=key,
                kind=item.kind,
                first_seen=seen_at,
                last_seen=seen_at,
            )
            for key, item in wanted.items()
            if key not in rows
        ],
        ignore_conflicts=True,  # a concurrent scan of another article created it first
    )
    rows = {row.key: row for row in TermCandidate.objects.filter(language=language,
                                                                 key__in=list(wanted))}  # fmt: skip
    changed = []
    for key, row in rows.items():
        item = wanted[key]
        before = (row.status, row.expansion, row.acronym, row.short_forms, row.parts)
        if row.status == CandidateStatus.DISMISSED:
            row.status = CandidateStatus.OPEN  # off the ignore list again (glossary_has)
            row.decided_by, row.decided_at = None, None
        row.expansion = row.expansion or (item.expansion or "")[:200]
        row.acronym = row.acronym or (item.acronym or "")[:200]
        row.short_forms = list(dict.fromkeys([*row.short_forms, *item.short_forms]))[:10]
        row.parts = row.parts or list(item.parts)
        if (row.status, row.expansion, row.acronym, row.short_forms, row.parts) != before:
            changed.append(row)
    if changed:
        TermCandidate.objects.bulk_update(
            changed,
            ["status", "decided_by", "decided_at", "expansion", "acronym", "short_forms", "parts"],
        )
    return rows


def _refresh_counts(rows: Sequence[TermCandidate]) -> None:
    """Mentions, articles, first and last seen from the occurrences (one read, one write)."""
    if not rows:
        return
    totals = {
        pk: (total, sources, first, last)
        for pk, total, sources, first, last in TermCandidate.objects.filter(
            pk__in=[row.pk for row in rows]
        )
        .annotate(
            total=Sum("occurrences__count"),
            sources=Count("occurrences"),
            first=Min("occurrences__seen_at"),
            last=Max("occurrences__seen_at"),
        )
        .values_list("pk", "total", "sources", "first", "last")
    }
    for row in rows:
        total, sources, first, last = totals[row.pk]
        row.mentions, row.articles = total or 0, sources
        row.first_seen = min(row.first_seen, first or row.first_seen)
        row.last_seen = last or row.last_seen
    TermCandidate.objects.bulk_update(rows, ["mentions", "articles", "first_seen", "last_seen"])


def candidate_suggestions_add(*, candidate_id: int, suggestions: Iterable[Suggestion]) -> int:
    """Store suggested renderings for a candidate (a suggestion already there is kept)."""
    rows = [
        CandidateSuggestion(
            candidate_id=candidate_id,
            language=language_normalise(s.language),
            text=" ".join(s.text.split())[:200],
            origin=s.origin,
            detail=s.detail[:500],
            engine=s.engine[:32],
        )
        for s in suggestions
        if s.origin in CandidateSuggestion.Origin.values
    ]
    if not rows:
        return 0
    before = CandidateSuggestion.objects.filter(candidate_id=candidate_id).count()
    CandidateSuggestion.objects.bulk_create(rows, ignore_conflicts=True)
    return CandidateSuggestion.objects.filter(candidate_id=candidate_id).count() - before


# --- Decisions -------------------------------------------------------------------------------


def _lock_open(candidate: TermCandidate) -> TermCandidate:
    locked = TermCandidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.status != CandidateStatus.OPEN:
        if locked.status == CandidateStatus.ACCEPTED:
            raise ServiceError(
                Text(gettext_noop("“%(text)s” is already accepted."), text=locked.text)
            )
        raise ServiceError(Text(gettext_noop("“%(text)s” is already dismissed."), text=locked.text))
    return locked


def _source_of(candidate: TermCandidate) -> SourceRef | None:
    occurrence = (
        CandidateOccurrence.objects.filter(candidate=candidate).order_by("seen_at", "id").first()
    )
    if occurrence is None:
        return None
    return SourceRef(id=occurrence.source_id, title=occurrence.source_title,
                     url=occurrence.source_url, language=candidate.language)  # fmt: skip


def _close(candidate: TermCandidate, status: str, user: User, concept: Concept | None) -> None:
    candidate.status = status
    candidate.decided_by, candidate.decided_at = actor(user), timezone.now()
    if concept is not None:
        candidate.concept = concept
    candidate.save(update_fields=["status", "decided_by", "decided_at", "concept"])


def _close_covered(language: str, texts: Iterable[str], concept: Concept, user: User) -> int:
    """Accept the other open candidates that the new terms cover (the long form of an
    accepted acronym, a short form added with its name)."""
    keys = {candidate_key(text) for text in texts}
    return TermCandidate.objects.filter(
        language=language, key__in=keys, status=CandidateStatus.OPEN
    ).update(
        status=CandidateStatus.ACCEPTED, concept=concept, decided_by=actor(user),
        decided_at=timezone.now(),
    )  # fmt: skip


def _check_terms(candidate: TermCandidate, terms: Sequence[TermData]) -> list[TermData]:
    kept = [t for t in terms if t.text.strip()]
    if not any(language_normalise(t.language) == candidate.language for t in kept):
        raise ServiceError(
            Text(
                gettext_noop("Keep at least one %(language)s term (“%(text)s” or its correction)."),
                language=candidate.language,
                text=candidate.text,
            )
        )
    return kept


def candidate_accept(
    *,
    user: User,
    candidate: TermCandidate,
    terms: Sequence[TermData] | None = None,
    definition: str = "",
    subject: str = "",
) -> Concept:
    """Accept a candidate: an approved concept with ``terms`` (default: the candidate and its
    best suggestions, ``selectors.candidate_proposal``). Editors only.

    A candidate a translator already proposed from an article is accepted into that concept:
    its proposed terms that ``terms`` repeat are approved, the others added approved.
    """
    require_editor(user, "accept term candidates")
    if terms is None:
        terms = selectors.candidate_proposal(candidate=candidate)
    kept = _check_terms(candidate, terms)
    source = _source_of(candidate)
    with transaction.atomic():
        locked = _lock_open(candidate)
        if locked.concept_id is not None:
            concept = Concept.objects.get(pk=locked.concept_id)
            _approve_into(user, concept, kept, source)
        else:
            concept = concept_propose(user=user, terms=kept, definition=definition,
                                      subject=subject, source=source, approve=True)  # fmt: skip
        _close(locked, CandidateStatus.ACCEPTED, user, concept)
        _close_covered(locked.language, [t.text for t in kept if t.language == locked.language],
                       concept, user)  # fmt: skip
    candidate.refresh_from_db()
    return concept


def _approve_into(
    user: User, concept: Concept, terms: Sequence[TermData], source: SourceRef | None
) -> list[Term]:
    pending = {
        (t.language, t.key): t
        for t in concept.terms.filter(status=Term.Status.PROPOSED, revision_of__isnull=True)
    }
    present = set(
        concept.terms.filter(status=Term.Status.APPROVED, revision_of__isnull=True).values_list(
            "language", "key"
        )
    )
    done: list[Term] = []
    for data in terms:
        identity = (language_normalise(data.language), term_key(term_text_normalise(data.text)))
        if identity in present:
            continue
        if identity in pending:
            done.append(term_approve(user=user, term=pending[identity]))
        else:
            done.append(term_propose(user=user, concept=concept, data=data, source=source,
                                     approve=True))  # fmt: skip
    return done


def candidate_accept_variant(
    *,
    user: User,
    candidate: TermCandidate,
    concept: Concept,
    term_type: str = TermType.VARIANT,
    renderings: Sequence[TermData] = (),
) -> Term:
    """Add the candidate to an existing concept as a variant, short form, acronym or
    abbreviation ("N. Korea" for North Korea), approved; ``renderings`` (e.g. the Korean
    short form 커비) are added with it. A variant is an admitted term; the other types are
    preferred (they render as the target term of the same type). Editors only."""
    require_editor(user, "accept term candidates")
    if term_type not in TermType.values or term_type == TermType.FULL_FORM:
        raise ServiceError(
            Text(gettext_noop("Choose a variant, short form, acronym or abbreviation."))
        )
    usage = Term.Usage.ADMITTED if term_type == TermType.VARIANT else Term.Usage.PREFERRED
    pos = Term.PartOfSpeech.PROPER_NOUN if candidate.kind != "other" else ""
    data = TermData(language=candidate.language, text=candidate.text, usage=usage,
                    term_type=term_type, part_of_speech=pos)  # fmt: skip
    extra = [r for r in renderings if r.text.strip()]
    source = _source_of(candidate)
    with transaction.atomic():
        locked = _lock_open(candidate)
        term = term_propose(user=user, concept=concept, data=data, source=source, approve=True)
        created = [term]
        for rendering in extra:
            created.append(term_propose(user=user, concept=concept, data=rendering,
                                        source=source, approve=True))  # fmt: skip
        _close(locked, CandidateStatus.ACCEPTED, user, concept)
    candidate.refresh_from_db()
    return term


def candidate_dismiss(*, user: User, candidate: TermCandidate) -> IgnoredTerm:
    """Dismiss a candidate: it goes on the ignore list and never comes back. Editors only."""
    require_editor(user, "dismiss term candidates")
    with transaction.atomic():
        locked = _lock_open(candidate)
        ignored, _ = IgnoredTerm.objects.get_or_create(
            language=locked.language, key=locked.key,
            defaults={"text": locked.text, "created_by": actor(user)},
        )  # fmt: skip
        _close(locked, CandidateStatus.DISMISSED, user, None)
    candidate.refresh_from_db()
    return ignored


@dataclass
class BulkResult:
    accepted: list[TermCandidate] = field(default_factory=list)
    #: (candidate, why) for each one that could not be accepted.
    refused: list[tuple[TermCandidate, str]] = field(default_factory=list)


def candidates_bulk_accept(*, user: User, candidates: Sequence[TermCandidate]) -> BulkResult:
    """Accept each candidate with its default terms; one refusal does not stop the others."""
    require_editor(user, "accept term candidates")
    result = BulkResult()
    for candidate in candidates:
        try:
            candidate_accept(user=user, candidate=candidate)
        except ServiceError as exc:
            result.refused.append((candidate, exc.args[0] if len(exc.args) == 1 else str(exc)))
        else:
            result.accepted.append(candidate)
    return result


def candidate_propose(
    *,
    user: User,
    candidate: TermCandidate,
    terms: Sequence[TermData],
    definition: str = "",
    subject: str = "",
    external_url: str = "",
    source: SourceRef | None = None,
    approve: bool = False,
) -> Concept:
    """A desk member proposes a candidate (from the article it came from) as a concept. The
    candidate stays in the queue, linked to the proposal, until an editor accepts it (which
    approves the proposal) or dismisses it; an editor approving at once accepts it."""
    kept = _check_terms(candidate, terms)
    with transaction.atomic():
        locked = _lock_open(candidate)
        if locked.concept_id is not None:
            raise ServiceError(
                Text(
                    gettext_noop("“%(text)s” was already proposed: see “%(concept)s”."),
                    text=locked.text,
                    concept=str(locked.concept),
                )
            )
        concept = concept_propose(user=user, terms=kept, definition=definition, subject=subject,
                                  external_url=external_url, source=source or _source_of(locked),
                                  approve=approve)  # fmt: skip
        if approve:
            _close(locked, CandidateStatus.ACCEPTED, user, concept)
        else:
            locked.concept = concept
            locked.save(update_fields=["concept"])
    candidate.refresh_from_db()
    return concept


# --- The ignore list ---------------------------------------------------------------------------


def ignored_add(*, user: User, language: str, text: str) -> IgnoredTerm:
    """Put a text on the ignore list (an open candidate with it is dismissed). Editors only."""
    require_editor(user, "edit the ignore list")
    language = language_normalise(language)
    text = term_text_normalise(text)
    key = candidate_key(text)
    with transaction.atomic():
        ignored, created = IgnoredTerm.objects.get_or_create(
            language=language, key=key, defaults={"text": text, "created_by": actor(user)}
        )
        if not created:
            raise ServiceError(
                Text(
                    gettext_noop("“%(text)s” is already on the %(language)s ignore list."),
                    text=text,
                    language=language,
                )
            )
        TermCandidate.objects.filter(
            language=language, key=key, status=CandidateStatus.OPEN
        ).update(status=CandidateStatus.DISMISSED, decided_by=actor(user),
                 decided_at=timezone.now())  # fmt: skip
    return ignored


def ignored_remove(*, user: User, ignored: IgnoredTerm) -> int:
    """Take a text off the ignore list; its dismissed candidate returns to the queue.
    Returns the number of candidates reopened. Editors only."""
    require_editor(user, "edit the ignore list")
    with transaction.atomic():
        reopened = TermCandidate.objects.filter(
            Q(language=ignored.language, key=ignored.key), status=CandidateStatus.DISMISSED
        ).update(status=CandidateStatus.OPEN, decided_by=None, decided_at=None)
        ignored.delete()
    return reopened
