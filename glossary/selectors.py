"""Reads for the glossary, and the approved terminology other modules enforce.

For enforcement
---------------
``approved_terms(source, target) -> tuple[ApprovedConcept, ...]``
    One ``ApprovedConcept`` per concept that has an approved preferred or admitted term in
    the ``source`` language::

        ApprovedConcept(
            concept_id=12,
            source_terms=("Pyongyang",),  # approved source spellings, preferred first
            target="평양",                # the approved preferred target term, or None
            do_not_translate=False,       # True: keep the source form (brand names)
            forbidden=("평향",),          # approved *forbidden* target terms: never write them
            admitted=(),                  # approved admitted target alternatives
            target_case_sensitive=False,  # whether ``target`` must keep its case
        )

    ``do_not_translate`` is true when one of the approved source terms is marked "do not
    translate" (then ``target`` may be None: write the source term as it is).
    Find the concepts present in a text with ``find_terms(text, source)`` (below)
    and look them up in ``approved_terms_by_concept(source, target)`` (a dict by concept id).
    Both are cached per process and rebuilt when the glossary stamp changes (see
    ``glossary_stamp``), so calling them per segment is cheap.

``glossary_stamp() -> str``
    Changes whenever the approved glossary changes (``GlossaryVersion`` row, bumped by the
    services). Read from the database at most once per ``GLOSSARY_VERSION_CHECK_SECONDS``
    (default 1 s), and immediately after a write made by this process.

``find_terms(text, language)`` / ``find_terms_many(texts, language)``
    The approved terms of ``language`` in a text: one ``glossary.matching.LanguageMatcher``
    per language and process, tagged with the stamp, so other worker processes rebuild within
    that interval after any approving write, without a restart. ``matcher_cache_clear()``
    drops them (tests).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from glossary.matching import IndexTerm, LanguageMatcher, TermMatch
from glossary.models import (
    Concept,
    ConceptHistory,
    GlossaryVersion,
    ImportBatch,
    Term,
    search_key,
)

Status = Term.Status
Usage = Term.Usage


# --- The version stamp ------------------------------------------------------------------


@dataclass
class _StampState:
    value: str | None = None
    checked_at: float = 0.0
    dirty: bool = True


_stamp = _StampState()


def glossary_stamp() -> str:
    """The current glossary stamp (one cheap query, rate-limited; see module docstring)."""
    interval = float(getattr(settings, "GLOSSARY_VERSION_CHECK_SECONDS", 1.0))
    now = time.monotonic()
    if _stamp.dirty or _stamp.value is None or now - _stamp.checked_at >= interval:
        row = GlossaryVersion.objects.filter(pk=1).values_list("version", "stamp").first()
        _stamp.value = f"{row[0]}.{row[1]}" if row else "0."
        _stamp.checked_at = now
        _stamp.dirty = False
    return _stamp.value


def glossary_stamp_expire() -> None:
    """Make the next ``glossary_stamp()`` read the database (after a write in this process)."""
    _stamp.dirty = True


def glossary_version() -> int:
    return GlossaryVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0


# --- For the matcher and for enforcement ---------------------------------------------------


def _approved_live() -> QuerySet[Term]:
    return Term.objects.filter(status=Status.APPROVED, revision_of__isnull=True)


def index_terms(*, language: str) -> list[IndexTerm]:
    """Every approved term of ``language`` (all usages), as the matcher needs them."""
    rows = (
        _approved_live()
        .filter(language=language)
        .values_list("id", "concept_id", "text", "case_sensitive", "usage")
        .order_by("id")
    )
    return [
        IndexTerm(term_id=pk, concept_id=concept_id, language=language, text=text,
                  case_sensitive=case_sensitive, usage=usage)
        for pk, concept_id, text, case_sensitive, usage in rows.iterator(chunk_size=5000)
    ]  # fmt: skip


# --- The matcher cache: one LanguageMatcher per language and process -----------------------

_matchers: dict[str, tuple[str, LanguageMatcher]] = {}
_matchers_lock = threading.Lock()


def matcher_for(language: str) -> LanguageMatcher:
    """The matcher for the approved terms of ``language``, rebuilt when the glossary changed."""
    stamp = glossary_stamp()  # read before the terms: a later write forces a rebuild
    cached = _matchers.get(language)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _matchers_lock:
        cached = _matchers.get(language)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        matcher = LanguageMatcher(language, index_terms(language=language))
        _matchers[language] = (stamp, matcher)
        return matcher


def find_terms(text: str, language: str) -> list[TermMatch]:
    """Approved terms of ``language`` in ``text``: leftmost-longest, non-overlapping."""
    return matcher_for(language).find(text)


def find_terms_many(texts: Sequence[str], language: str) -> list[list[TermMatch]]:
    matcher = matcher_for(language)
    return [matcher.find(text) for text in texts]


def matcher_cache_clear() -> None:
    with _matchers_lock:
        _matchers.clear()


@dataclass(frozen=True, slots=True)
class ApprovedConcept:
    concept_id: int
    source_terms: tuple[str, ...]
    target: str | None
    do_not_translate: bool
    forbidden: tuple[str, ...]
    admitted: tuple[str, ...]
    target_case_sensitive: bool = False
    #: The Hangul reading of the target term (NATO 나토), for Korean particle agreement.
    target_reading: str = ""
    #: (text, reading) of source terms with a reading (used when the source form is kept: DNT).
    source_readings: tuple[tuple[str, str], ...] = ()


_approved_cache: dict[tuple[str, str], tuple[str, Mapping[int, ApprovedConcept]]] = {}
_approved_lock = threading.Lock()


def approved_terms(source: str, target: str) -> tuple[ApprovedConcept, ...]:
    """Per concept with an approved source term: the approved target terminology."""
    return tuple(approved_terms_by_concept(source, target).values())


def approved_terms_by_concept(source: str, target: str) -> Mapping[int, ApprovedConcept]:
    stamp = glossary_stamp()
    cached = _approved_cache.get((source, target))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _approved_lock:
        cached = _approved_cache.get((source, target))
        if cached is not None and cached[0] == stamp:  # another thread built it meanwhile
            return cached[1]
        result = _build_approved(source, target)
        _approved_cache[(source, target)] = (stamp, result)
    return result


def _build_approved(source: str, target: str) -> Mapping[int, ApprovedConcept]:
    rows = (
        _approved_live()
        .filter(language__in={source, target})
        .values_list(
            "concept_id",
            "language",
            "text",
            "usage",
            "do_not_translate",
            "case_sensitive",
            "reading",
        )
        .order_by("concept_id", "id")
    )
    per_concept: dict[int, list[tuple[str, str, str, bool, bool, str]]] = defaultdict(list)
    for concept_id, *rest in rows.iterator(chunk_size=5000):
        per_concept[concept_id].append(tuple(rest))  # type: ignore[arg-type]
    result: dict[int, ApprovedConcept] = {}
    usable = (Usage.PREFERRED, Usage.ADMITTED)
    for concept_id, terms in per_concept.items():
        sources = [t for t in terms if t[0] == source and t[2] in usable]
        if not sources:
            continue
        sources.sort(key=lambda t: t[2] != Usage.PREFERRED)
        targets = [t for t in terms if t[0] == target] if target != source else []
        preferred = next((t for t in targets if t[2] == Usage.PREFERRED), None)
        result[concept_id] = ApprovedConcept(
            concept_id=concept_id,
            source_terms=tuple(t[1] for t in sources),
            target=preferred[1] if preferred else None,
            do_not_translate=any(t[3] for t in sources),
            forbidden=tuple(t[1] for t in targets if t[2] == Usage.FORBIDDEN),
            admitted=tuple(t[1] for t in targets if t[2] == Usage.ADMITTED),
            target_case_sensitive=bool(preferred and preferred[4]),
            target_reading=preferred[5] if preferred else "",
            source_readings=tuple((t[1], t[5]) for t in sources if t[5]),
        )
    return MappingProxyType(result)


def approved_cache_clear() -> None:
    with _approved_lock:
        _approved_cache.clear()


def preferred_renderings(
    *, concept_ids: Sequence[int], languages: Sequence[str]
) -> dict[int, dict[str, str]]:
    """{concept_id: {language: preferred approved term}} for the highlight tooltips."""
    if not concept_ids or not languages:
        return {}
    rows = (
        _approved_live()
        .filter(concept_id__in=set(concept_ids), language__in=set(languages),
                usage=Usage.PREFERRED)
        .values_list("concept_id", "language", "text")
        .order_by("id")
    )  # fmt: skip
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for concept_id, language, text in rows:
        out[concept_id].setdefault(language, text)
    return dict(out)


# --- Pages ----------------------------------------------------------------------------------


def live_terms() -> QuerySet[Term]:
    return Term.objects.filter(revision_of__isnull=True)


def _concept_terms_prefetch() -> Prefetch:
    return Prefetch(
        "terms",
        queryset=live_terms().order_by("language", "usage", "id"),
        to_attr="live_terms",
    )


#: Filter values that pick few terms: the matching concept ids are collected first (IN).
_SELECTIVE: dict[str, set[str]] = {"status": {Status.PROPOSED, Status.REJECTED},
              "usage": {Usage.ADMITTED, Usage.FORBIDDEN}}  # fmt: skip


def concept_search(
    *,
    q: str = "",
    language: str = "",
    subject: str = "",
    status: str = "",
    usage: str = "",
) -> QuerySet[Concept]:
    """Concepts with a term matching every given term filter (on the same term), by label.

    ``q`` is an accent- and case-insensitive substring of any term (in ``language`` if
    given); ``status`` "proposed" also finds concepts with a pending change to a term.
    The terms come in one prefetch query, as ``concept.live_terms``.

    Query shape: a substring search, or a selective filter (proposed/rejected, admitted/
    forbidden), first collects the matching concept ids from a covering index
    (``concept IN (SELECT …)``); broad filters (a language, approved, preferred) probe each
    concept in label order with EXISTS and stop at the page's end.
    """
    concepts = Concept.objects.all()
    if subject:
        concepts = concepts.filter(subject=subject)
    term_filter = Q()
    key = search_key(q) if q else ""
    if key:
        term_filter &= Q(search_key__contains=key)
    if language:
        term_filter &= Q(language=language)
    if status:
        term_filter &= Q(status=status)
    if usage:
        term_filter &= Q(usage=usage)
    if term_filter:
        terms = Term.objects.filter(term_filter)
        selective = bool(key) or status in _SELECTIVE["status"] or usage in _SELECTIVE["usage"]
        if selective:
            concepts = concepts.filter(pk__in=terms.values("concept_id"))
        else:
            concepts = concepts.filter(Exists(terms.filter(concept_id=OuterRef("pk"))))
    return concepts.order_by("label", "id").prefetch_related(_concept_terms_prefetch())


@dataclass(frozen=True)
class ConceptPage:
    """One page of the list. ``total`` is counted only without filters (a filtered count
    would cost a pass over every matching concept); pages link by previous/next."""

    concepts: list[Concept]
    number: int
    has_next: bool
    total: int | None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def num_pages(self) -> int | None:
        return None if self.total is None else max(1, -(-self.total // PAGE_SIZE))

    @property
    def start_index(self) -> int:
        return 0 if not self.concepts else (self.number - 1) * PAGE_SIZE + 1

    @property
    def end_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.concepts)


PAGE_SIZE = 25
MAX_PAGE = 100_000


def concept_page(*, page: int = 1, **filters: str) -> ConceptPage:
    """A page of ``concept_search(**filters)``: a constant number of queries (count when
    unfiltered, the page with one row more to know if there is a next one, its terms)."""
    number = min(max(page, 1), MAX_PAGE)
    active = {name: value for name, value in filters.items() if value}
    offset = (number - 1) * PAGE_SIZE
    rows = list(concept_search(**active)[offset : offset + PAGE_SIZE + 1])
    total = None if active else Concept.objects.count()
    return ConceptPage(
        concepts=rows[:PAGE_SIZE], number=number, has_next=len(rows) > PAGE_SIZE, total=total
    )


def subjects() -> list[str]:
    return list(
        Concept.objects.exclude(subject="")
        .order_by("subject")
        .values_list("subject", flat=True)
        .distinct()
    )


def concept_get(*, pk: int) -> Concept:
    """A concept with its live terms (``live_terms``) and their pending changes."""
    terms = live_terms().order_by("language", "usage", "id").select_related(
        "proposed_by", "reviewed_by"
    ).prefetch_related(
        Prefetch(
            "revisions",
            queryset=Term.objects.filter(status=Status.PROPOSED).select_related("proposed_by"),
            to_attr="pending_revisions",
        )
    )  # fmt: skip
    return get_object_or_404(
        Concept.objects.select_related("created_by").prefetch_related(
            Prefetch("terms", queryset=terms, to_attr="live_terms")
        ),
        pk=pk,
    )


def concept_history(*, concept: Concept, limit: int = 200) -> list[ConceptHistory]:
    return list(
        concept.history.select_related("user", "term").order_by("-created_at", "-id")[:limit]
    )


def term_get(*, pk: int) -> Term:
    return get_object_or_404(
        Term.objects.select_related("concept", "revision_of", "proposed_by"), pk=pk
    )


def term_pending_revision(*, term: Term) -> Term | None:
    return term.revisions.filter(status=Status.PROPOSED).order_by("-id").first()


def review_queue() -> QuerySet[Term]:
    """Proposed terms and pending changes, oldest first, with what the reviewer needs."""
    return (
        Term.objects.filter(status=Status.PROPOSED)
        .select_related("concept", "proposed_by", "revision_of")
        .prefetch_related(
            Prefetch(
                "concept__terms",
                queryset=live_terms().order_by("language", "usage", "id"),
                to_attr="live_terms",
            )
        )
        .order_by("proposed_at", "id")
    )


def revision_changes(*, term: Term) -> dict[str, tuple[object, object]]:
    """{field: (approved value, proposed value)} for a pending change."""
    original = term.revision_of
    if original is None:
        return {}
    fields = ("text", "usage", "case_sensitive", "do_not_translate", "part_of_speech", "note")
    return {
        name: (getattr(original, name), getattr(term, name))
        for name in fields
        if getattr(original, name) != getattr(term, name)
    }


def review_pending_count() -> int:
    return Term.objects.filter(status=Status.PROPOSED).count()


def import_batch_get(*, batch_id: uuid.UUID, user: object) -> ImportBatch:
    """The user's own upload (404 for anyone else's)."""
    return get_object_or_404(ImportBatch, pk=batch_id, created_by=user)


def similar_concepts(*, text: str, limit: int = 8) -> list[Concept]:
    """Concepts with a term containing ``text`` (for "add to an existing concept")."""
    if not search_key(text):
        return []
    return list(concept_search(q=text)[:limit])


def concepts_for_export(
    *, languages: Sequence[str] = (), include_unapproved: bool = False, chunk: int = 2000
) -> Iterator[tuple[Concept, list[Term]]]:
    """(concept, its exported terms) in id order, in chunks: memory stays bounded."""
    terms = live_terms()
    if not include_unapproved:
        terms = terms.filter(status=Status.APPROVED)
    if languages:
        terms = terms.filter(language__in=list(languages))
    concepts = Concept.objects.filter(Exists(terms.filter(concept_id=OuterRef("pk"))))
    last = 0
    while True:
        page = list(
            concepts.filter(pk__gt=last)
            .order_by("pk")
            .prefetch_related(
                Prefetch("terms", queryset=terms.order_by("language", "usage", "id"),
                         to_attr="export_terms")
            )[:chunk]
        )  # fmt: skip
        if not page:
            return
        for concept in page:
            yield concept, concept.export_terms
        last = page[-1].pk


def exported_language_usages(*, languages: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(language, usage) pairs present among approved terms: the CSV export's columns."""
    rows = _approved_live()
    if languages:
        rows = rows.filter(language__in=list(languages))
    order: dict[str, int] = {Usage.PREFERRED: 0, Usage.ADMITTED: 1, Usage.FORBIDDEN: 2}
    pairs = set(rows.values_list("language", "usage").distinct())
    if languages:
        position = {code: i for i, code in enumerate(languages)}
        return sorted(pairs, key=lambda p: (position.get(p[0], 99), order.get(p[1], 3)))
    return sorted(pairs, key=lambda p: (p[0] != "en", p[0], order.get(p[1], 3)))


def live_terms_by_key(*, keys: set[tuple[str, str]]) -> dict[tuple[str, str], list[Term]]:
    """Live terms whose (language, key) is in ``keys`` (import planning), in id order."""
    out: dict[tuple[str, str], list[Term]] = defaultdict(list)
    by_language: dict[str, set[str]] = defaultdict(set)
    for language, key in keys:
        by_language[language].add(key)
    for language, language_keys in by_language.items():
        ordered = sorted(language_keys)
        for start in range(0, len(ordered), 500):
            rows = (
                live_terms()
                .filter(language=language, key__in=ordered[start : start + 500])
                .select_related("concept")
            )
            for term in rows.order_by("id"):
                out[(term.language, term.key)].append(term)
    return dict(out)


def concepts_with_terms(*, ids: set[int]) -> dict[int, Concept]:
    """Concepts by id with ``live_terms`` prefetched (import planning)."""
    out: dict[int, Concept] = {}
    ordered = sorted(ids)
    for start in range(0, len(ordered), 500):
        rows = Concept.objects.filter(pk__in=ordered[start : start + 500]).prefetch_related(
            _concept_terms_prefetch()
        )
        out.update({concept.pk: concept for concept in rows})
    return out


# --- Lookup (API) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendering:
    """How an approved concept is to be written in one target language."""

    language: str
    #: The approved preferred term, or None when the glossary has none in that language.
    term: str | None
    do_not_translate: bool
    admitted: tuple[str, ...]
    forbidden: tuple[str, ...]


@dataclass(frozen=True)
class LookupMatch:
    start: int
    end: int
    #: The text as written (``text[start:end]``) and the glossary's spelling of the term.
    text: str
    term: str
    concept_id: int
    term_id: int
    usage: str
    renderings: dict[str, Rendering]


def term_lookup(*, text: str, language: str, targets: Sequence[str]) -> list[LookupMatch]:
    """The approved ``language`` terms in ``text`` (leftmost-longest, as enforcement finds
    them), each with its approved renderings in every target language the glossary has
    (targets the concept lacks are absent; a forbidden source term has none)."""
    wanted = [code for code in dict.fromkeys(targets) if code != language]
    found: list[LookupMatch] = []
    for match in find_terms(text, language) if text else []:
        renderings: dict[str, Rendering] = {}
        for target in wanted:
            info = approved_terms_by_concept(language, target).get(match.concept_id)
            if info is None or not (
                info.target or info.do_not_translate or info.admitted or info.forbidden
            ):
                continue
            renderings[target] = Rendering(
                language=target, term=info.target, do_not_translate=info.do_not_translate,
                admitted=info.admitted, forbidden=info.forbidden,
            )  # fmt: skip
        found.append(
            LookupMatch(
                start=match.start,
                end=match.end,
                text=match.text,
                term=match.term,
                concept_id=match.concept_id,
                term_id=match.term_id,
                usage=match.usage,
                renderings=renderings,
            )
        )
    return found
