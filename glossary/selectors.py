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
            target_forms=(),              # (term_type, text, reading) of target short forms
        )

    A source short form, acronym or abbreviation ("Kirby", "UNSC") renders as the target
    term of the same TBX term type (커비, 안보리) when the concept has one, else as ``target``:
    ``rule.rendering_for(match.term_type)``.
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
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from glossary.candidates import candidate_key
from glossary.matching import IndexTerm, LanguageMatcher, LayeredMatcher, Matcher, TermMatch
from glossary.models import (
    CandidateOccurrence,
    CandidateScan,
    CandidateSuggestion,
    Concept,
    ConceptHistory,
    GlossaryChange,
    GlossaryVersion,
    IgnoredTerm,
    ImportBatch,
    ImportPlanRow,
    Term,
    TermCandidate,
    search_key,
    term_key,
)
from glossary.termdata import TermData

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


@dataclass(frozen=True)
class ChangeSet:
    """What changed in the glossary after some version: concepts and (language, text) of the
    terms involved; ``everything`` when that is unknown (then re-check everything)."""

    everything: bool
    concept_ids: frozenset[int]
    texts: frozenset[tuple[str, str]]


def glossary_changes_since(version: int, *, upto: int | None = None) -> ChangeSet:
    """Everything recorded after ``version`` up to ``upto`` (default: now; one query)."""
    current = glossary_version() if upto is None else upto
    rows = list(
        GlossaryChange.objects.filter(version__gt=version, version__lte=current).values_list(
            "version", "concept_ids", "texts", "everything"
        )
    )
    complete = len(rows) == current - version
    concept_ids = frozenset(pk for row in rows for pk in row[1])
    texts = frozenset((language, text) for row in rows for language, text in row[2])
    everything = not complete or any(row[3] for row in rows)
    return ChangeSet(everything=everything, concept_ids=concept_ids, texts=texts)


# --- For the matcher and for enforcement ---------------------------------------------------


def _approved_live() -> QuerySet[Term]:
    return Term.objects.filter(status=Status.APPROVED, revision_of__isnull=True)


def index_terms(*, language: str, concept_ids: Iterable[int] | None = None) -> list[IndexTerm]:
    """Every approved term of ``language`` (all usages), as the matcher needs them; only those
    of ``concept_ids`` when given (a delta)."""
    terms = _approved_live().filter(language=language)
    if concept_ids is not None:
        terms = terms.filter(concept_id__in=list(concept_ids))
    rows = terms.values_list(
        "id", "concept_id", "text", "case_sensitive", "usage", "term_type"
    ).order_by("id")
    return [
        IndexTerm(term_id=pk, concept_id=concept_id, language=language, text=text,
                  case_sensitive=case_sensitive, usage=usage, term_type=term_type)
        for pk, concept_id, text, case_sensitive, usage, term_type
        in rows.iterator(chunk_size=5000)
    ]  # fmt: skip


# --- The matcher cache: one matcher per language and process ----------------------------------
#
# A glossary change must cost nobody a wait: at 100,000 concepts a full automaton takes
# seconds to build. So a change is applied as a *delta*: a small automaton over the changed
# concepts' current terms, layered over the last full one (``matching.LayeredMatcher``), built
# in milliseconds by whoever first sees the new stamp; the full automaton is rebuilt in a
# background thread and swapped in. Unknown or very large changes (an import of thousands of
# concepts) keep the last matcher serving while the background rebuild runs.

#: Changed concepts a delta may hold; beyond it, wait for the background rebuild.
DELTA_LIMIT = 5000
#: Changed concepts after which the full automaton is rebuilt in the background.
REBUILD_AFTER = 50


@dataclass
class _MatcherState:
    stamp: str
    base: LanguageMatcher
    base_version: int
    matcher: Matcher
    rebuilding: bool = False


_matchers: dict[str, _MatcherState] = {}
_matchers_lock = threading.Lock()


def _version_of(stamp: str) -> int:
    head = stamp.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def _background() -> bool:
    return bool(getattr(settings, "GLOSSARY_BACKGROUND_REBUILD", True))


def matcher_for(language: str) -> Matcher:
    """The matcher for the approved terms of ``language``, current within the stamp interval."""
    stamp = glossary_stamp()  # read before the terms: a later write forces a new look
    state = _matchers.get(language)
    if state is not None and state.stamp == stamp:
        return state.matcher
    with _matchers_lock:
        state = _matchers.get(language)
        if state is not None and state.stamp == stamp:
            return state.matcher
        version = _version_of(stamp)
        if state is None or version <= state.base_version:
            # A cold start, or a database whose version is not ahead of the one we built from
            # (restored, or emptied and refilled): nothing true to serve meanwhile.
            return _rebuild_now(language, stamp)
        change = glossary_changes_since(state.base_version, upto=version)
        if change.everything or len(change.concept_ids) > DELTA_LIMIT:
            if not _background():
                return _rebuild_now(language, stamp)
            state.stamp = stamp  # serve the last matcher until the rebuild is done
            _rebuild_later(language, state)
            return state.matcher
        delta = LanguageMatcher(
            language, index_terms(language=language, concept_ids=change.concept_ids)
        )
        state.matcher = LayeredMatcher(state.base, delta, frozenset(change.concept_ids))
        state.stamp = stamp
        if len(change.concept_ids) > REBUILD_AFTER:
            if _background():
                _rebuild_later(language, state)
            else:
                return _rebuild_now(language, stamp)
        return state.matcher


def _rebuild_now(language: str, stamp: str) -> LanguageMatcher:
    base = LanguageMatcher(language, index_terms(language=language))
    _matchers[language] = _MatcherState(stamp, base, _version_of(stamp), base)
    return base


def _rebuild_later(language: str, state: _MatcherState) -> None:
    """Build the full automaton for the current glossary in a thread, then swap it in."""
    if state.rebuilding:
        return
    state.rebuilding = True

    def build() -> None:
        from django.db import connection

        try:
            glossary_stamp_expire()
            stamp = glossary_stamp()
            base = LanguageMatcher(language, index_terms(language=language))
            with _matchers_lock:
                current = _matchers.get(language)
                if current is state:
                    _matchers[language] = _MatcherState(stamp, base, _version_of(stamp), base)
        finally:
            state.rebuilding = False
            connection.close()

    threading.Thread(target=build, name=f"glossary-rebuild-{language}", daemon=True).start()


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
    #: Approved target short forms, acronyms and abbreviations as (term_type, text, reading),
    #: preferred before admitted: a source term of the same type renders as one of these.
    target_forms: tuple[tuple[str, str, str], ...] = ()

    def rendering_for(self, term_type: str) -> tuple[str, str] | None:
        """(text, reading) for a source term of ``term_type``: the target term of the same
        type (Kirby → 커비, UNSC → 안보리), else the main target term; None if there is none."""
        if term_type in SHORT_TERM_TYPES:
            for kind, text, reading in self.target_forms:
                if kind == term_type:
                    return text, reading
        if self.target is None:
            return None
        return self.target, self.target_reading


#: Term types that stand for a longer form and render as the target term of the same type.
SHORT_TERM_TYPES = frozenset(
    {Term.TermType.SHORT_FORM, Term.TermType.ACRONYM, Term.TermType.ABBREVIATION}
)


class _Overlay(Mapping[int, ApprovedConcept]):
    """The rules of a base version, with the concepts changed since then replaced (or gone)."""

    def __init__(
        self,
        base: Mapping[int, ApprovedConcept],
        patch: Mapping[int, ApprovedConcept],
        changed: frozenset[int],
    ) -> None:
        self._base, self._patch, self._changed = base, patch, changed

    def __getitem__(self, concept_id: int) -> ApprovedConcept:
        if concept_id in self._changed:
            return self._patch[concept_id]
        return self._base[concept_id]

    def __iter__(self) -> Iterator[int]:
        yield from (key for key in self._base if key not in self._changed)
        yield from self._patch

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass
class _ApprovedState:
    stamp: str
    base: Mapping[int, ApprovedConcept]
    base_version: int
    #: forbidden target term → how many base concepts forbid it
    base_forbidden: Counter[str]
    rules: Mapping[int, ApprovedConcept]
    forbidden: tuple[str, ...]


_approved_cache: dict[tuple[str, str], _ApprovedState] = {}
_approved_lock = threading.Lock()


def approved_terms(source: str, target: str) -> tuple[ApprovedConcept, ...]:
    """Per concept with an approved source term: the approved target terminology."""
    return tuple(approved_terms_by_concept(source, target).values())


def approved_terms_by_concept(source: str, target: str) -> Mapping[int, ApprovedConcept]:
    return _approved_state(source, target).rules


def forbidden_targets(source: str, target: str) -> tuple[str, ...]:
    """The approved forbidden target terms of the pair, sorted (kept per glossary version)."""
    return _approved_state(source, target).forbidden


def _forbidden_counts(rules: Mapping[int, ApprovedConcept]) -> Counter[str]:
    return Counter(term for rule in rules.values() for term in set(rule.forbidden))


def _approved_state(source: str, target: str) -> _ApprovedState:
    """The pair's rules at the current stamp: the last full build, overlaid with the concepts
    changed since (a few rows), the way the matcher layers a delta. A cold start, an unknown or
    very large change, or many accumulated changes build the whole map again."""
    stamp = glossary_stamp()
    cached = _approved_cache.get((source, target))
    if cached is not None and cached.stamp == stamp:
        return cached
    with _approved_lock:
        cached = _approved_cache.get((source, target))
        if cached is not None and cached.stamp == stamp:  # another thread did it meanwhile
            return cached
        version = _version_of(stamp)
        change = glossary_changes_since(cached.base_version, upto=version) if cached else None
        if (
            cached is None or change is None or change.everything
            or version <= cached.base_version or len(change.concept_ids) > DELTA_LIMIT
        ):  # fmt: skip
            base = _build_approved(source, target)
            counts = _forbidden_counts(base)
            state = _ApprovedState(stamp, base, version, counts, base, tuple(sorted(counts)))
        else:
            changed = frozenset(change.concept_ids)
            patch = _build_approved(source, target, concept_ids=changed)
            counts = Counter(cached.base_forbidden)
            counts.subtract(_forbidden_counts({c: cached.base[c] for c in changed
                                               if c in cached.base}))  # fmt: skip
            counts.update(_forbidden_counts(patch))
            forbidden = tuple(sorted(term for term, n in counts.items() if n > 0))
            state = _ApprovedState(
                stamp, cached.base, cached.base_version, cached.base_forbidden,
                _Overlay(cached.base, patch, changed), forbidden,
            )  # fmt: skip
        _approved_cache[(source, target)] = state
    return state


def _build_approved(
    source: str, target: str, *, concept_ids: Iterable[int] | None = None
) -> Mapping[int, ApprovedConcept]:
    live = _approved_live().filter(language__in={source, target})
    if concept_ids is not None:
        live = live.filter(concept_id__in=list(concept_ids))
    rows = live.values_list(
        "concept_id",
        "language",
        "text",
        "usage",
        "do_not_translate",
        "case_sensitive",
        "reading",
        "term_type",
    ).order_by("concept_id", "id")
    per_concept: dict[int, list[tuple[str, str, str, bool, bool, str, str]]] = defaultdict(list)
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
        # The main rendering: a preferred full form (or variant), else any preferred term.
        preferred = min(
            (t for t in targets if t[2] == Usage.PREFERRED),
            key=lambda t: t[6] in SHORT_TERM_TYPES,
            default=None,
        )
        forms = sorted(
            (t for t in targets if t[6] in SHORT_TERM_TYPES and t[2] in usable),
            key=lambda t: t[2] != Usage.PREFERRED,
        )
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
            target_forms=tuple((t[6], t[1], t[5]) for t in forms),
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
class _LinkedPage:
    """A page that links to its neighbours by previous/next (the pager partial's interface)."""

    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


@dataclass(frozen=True, kw_only=True)
class ConceptPage(_LinkedPage):
    """One page of the list. ``total`` is counted only without filters (a filtered count
    would cost a pass over every matching concept); pages link by previous/next."""

    concepts: list[Concept]
    total: int | None

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


def review_queue(
    *, language: str = "", subject: str = "", proposer: str = "", source_id: int | None = None
) -> QuerySet[Term]:
    """Proposed terms and pending changes, oldest first, with what the reviewer needs;
    narrowed by language, the concept's subject, the proposer's user name ("import" for
    imported rows, which have none) and the article the proposal came from."""
    terms = Term.objects.filter(status=Status.PROPOSED)
    if language:
        terms = terms.filter(language=language)
    if subject:
        terms = terms.filter(concept__subject=subject)
    if proposer == "import":
        terms = terms.filter(proposed_by__isnull=True)
    elif proposer:
        terms = terms.filter(proposed_by__username=proposer)
    if source_id is not None:
        terms = terms.filter(source_id=source_id)
    return (
        terms.select_related("concept", "proposed_by", "revision_of")
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


@dataclass(frozen=True)
class ReviewFacets:
    """What the review queue's filters offer: the values the waiting proposals have."""

    languages: list[str]
    subjects: list[str]
    proposers: list[str]
    #: (source id, title) of the articles proposals came from.
    sources: list[tuple[int, str]]


def review_queue_facets() -> ReviewFacets:
    """One query over the waiting proposals."""
    rows = (
        Term.objects.filter(status=Status.PROPOSED)
        .order_by()
        .values_list(
            "language", "concept__subject", "proposed_by__username", "source_id", "source_title"
        )
        .distinct()
    )
    languages, subjects, proposers, sources = set(), set(), set(), {}
    for language, subject, proposer, source_id, source_title in rows:
        languages.add(language)
        if subject:
            subjects.add(subject)
        proposers.add(proposer or "import")
        if source_id is not None:
            sources[source_id] = source_title or f"Article #{source_id}"
    return ReviewFacets(
        languages=sorted(languages),
        subjects=sorted(subjects),
        proposers=sorted(proposers),
        sources=sorted(sources.items(), key=lambda item: item[1].casefold()),
    )


def review_concept_proposals(*, concept_id: int) -> list[int]:
    """Ids of the concept's proposals waiting for review ("approve the whole concept")."""
    return list(
        Term.objects.filter(status=Status.PROPOSED, concept_id=concept_id).values_list(
            "pk", flat=True
        )
    )


def review_pending_count() -> int:
    return Term.objects.filter(status=Status.PROPOSED).count()


_REVIEW_COUNT_KEY = "glossary:review-pending-count"


def review_pending_count_cached() -> int:
    """``review_pending_count`` for the navigation's badge: one query, then cached for
    ``DESK_COUNTS_CACHE_SECONDS`` (reviews expire it at once in this process)."""
    seconds = settings.DESK_COUNTS_CACHE_SECONDS
    count = cache.get_or_set(_REVIEW_COUNT_KEY, review_pending_count, seconds)
    return count if isinstance(count, int) else review_pending_count()


def review_pending_count_expire() -> None:
    cache.delete(_REVIEW_COUNT_KEY)


def import_batch_get(*, batch_id: uuid.UUID, user: object) -> ImportBatch:
    """The user's own upload (404 for anyone else's)."""
    return get_object_or_404(ImportBatch.objects.defer("content"), pk=batch_id, created_by=user)


IMPORT_PAGE_SIZE = 100


def import_plan_page(
    *, batch: ImportBatch, action: str = "", page: str | int = 1
) -> Page[ImportPlanRow]:
    """One page (100 rows) of a batch's stored plan, in file order; ``action`` filters
    ("create", "update", "unchanged", "refuse"). Never plans anything."""
    rows = ImportPlanRow.objects.filter(batch=batch).order_by("position")
    if action:
        rows = rows.filter(action=action)
    return Paginator(rows, IMPORT_PAGE_SIZE).get_page(page)


def import_plan_reasons(*, batch: ImportBatch, action: str) -> list[str]:
    """ "where: why" per refused row (``action`` "refuse"), or per concept change held back
    from a non-editor (``action`` "held_back")."""
    if action == "refuse":
        rows = ImportPlanRow.objects.filter(batch=batch, action="refuse").order_by("position")
        return [f"{where}: {detail.get('reason', '')}"
                for where, detail in rows.values_list("where", "detail")]  # fmt: skip
    rows = ImportPlanRow.objects.filter(batch=batch, action="update").order_by("position")
    return [
        f"{where}: {name} not changed (only editors can change it)"
        for where, detail in rows.values_list("where", "detail")
        for name in detail.get("held_back", {})
    ]


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


# --- Term candidates ------------------------------------------------------------------------

CandidateStatus = TermCandidate.Status
Origin = CandidateSuggestion.Origin
CANDIDATE_PAGE_SIZE = 25
#: Occurrences shown per candidate in the queue (keyword in context), newest first.
CONTEXTS_SHOWN = 3
#: "Recent" in the queue's counts: the last this many days (the default filter too).
RECENT_DAYS = 30
_PROPER = {"person", "organisation", "place", "acronym"}


def glossary_texts(*, language: str) -> list[str]:
    """Every term text of ``language`` in the glossary: any status, usage or type, pending
    changes included (what candidate extraction must leave out)."""
    return list(Term.objects.filter(language=language).values_list("text", flat=True).distinct())


def ignored_texts(*, language: str) -> list[str]:
    return list(IgnoredTerm.objects.filter(language=language).values_list("text", flat=True))


def glossary_has(*, language: str, texts: Sequence[str]) -> set[str]:
    """The candidate keys among ``texts`` that the glossary (any term) or the ignore list
    already holds. Two queries, whatever the number of texts."""
    keys = {candidate_key(text) for text in texts}
    if not keys:
        return set()
    # Term.key is NFKC + casefold; candidate keys drop dots (U.N. = UN): ask for each form.
    term_keys = {term_key(text) for text in texts} | keys
    term_keys |= {".".join(key) + "." for key in keys if key.isalpha() and len(key) <= 6}
    held = {
        candidate_key(text)
        for text in Term.objects.filter(language=language, key__in=term_keys).values_list(
            "text", flat=True
        )
    }
    held |= set(
        IgnoredTerm.objects.filter(language=language, key__in=keys).values_list("key", flat=True)
    )
    return keys & held


def _recent_cutoff(days: int) -> object:
    return timezone.now() - timedelta(days=days)


def candidate_search(
    *,
    status: str = CandidateStatus.OPEN,
    q: str = "",
    kind: str = "",
    language: str = "",
    days: int | None = None,
    source_id: int | None = None,
) -> QuerySet[TermCandidate]:
    """Candidates for the queue, most mentioned in the last ``days`` first (all time without
    ``days``), with ``recent_mentions`` annotated."""
    rows = TermCandidate.objects.all()
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if language:
        rows = rows.filter(language=language)
    if q:
        rows = rows.filter(key__contains=candidate_key(q))
    if source_id is not None:
        rows = rows.filter(
            Exists(
                CandidateOccurrence.objects.filter(candidate=OuterRef("pk"), source_id=source_id)
            )
        )
    if days:
        recent = Q(occurrences__seen_at__gte=_recent_cutoff(days))
        rows = rows.filter(last_seen__gte=_recent_cutoff(days)).annotate(
            recent_mentions=Coalesce(Sum("occurrences__count", filter=recent), 0)
        )
    else:
        rows = rows.annotate(recent_mentions=Coalesce(Sum("occurrences__count"), 0))
    return rows.order_by("-recent_mentions", "-last_seen", "id")


def _candidate_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "occurrences",
            queryset=CandidateOccurrence.objects.order_by("-seen_at", "-id")[:CONTEXTS_SHOWN],
            to_attr="recent_occurrences",
        ),
        Prefetch(
            "suggestions",
            queryset=CandidateSuggestion.objects.order_by("language", "id"),
            to_attr="all_suggestions",
        ),
    ]


@dataclass(frozen=True, kw_only=True)
class CandidatePage(_LinkedPage):
    candidates: list[TermCandidate]


def candidate_page(*, page: int = 1, **filters: str | int | None) -> CandidatePage:
    """A page of ``candidate_search(**filters)`` with their latest contexts, suggestions and
    concept: three queries, whatever the page holds."""
    number = min(max(page, 1), MAX_PAGE)
    offset = (number - 1) * CANDIDATE_PAGE_SIZE
    rows = list(
        candidate_search(**filters)  # type: ignore[arg-type]
        .select_related("concept")
        .prefetch_related(*_candidate_prefetches())[offset : offset + CANDIDATE_PAGE_SIZE + 1]
    )
    for candidate in rows:
        _attach_suggestions(candidate)
    return CandidatePage(
        candidates=rows[:CANDIDATE_PAGE_SIZE], number=number,
        has_next=len(rows) > CANDIDATE_PAGE_SIZE,
    )  # fmt: skip


def _attach_suggestions(candidate: TermCandidate) -> None:
    """``candidate.suggestions_by_language``: {language: suggestions, best first}."""
    if not hasattr(candidate, "all_suggestions"):  # not prefetched: one query
        candidate.all_suggestions = list(candidate.suggestions.order_by("language", "id"))  # type: ignore[attr-defined]
    by_language: dict[str, list[CandidateSuggestion]] = defaultdict(list)
    for suggestion in candidate.all_suggestions:  # type: ignore[attr-defined]
        by_language[suggestion.language].append(suggestion)
    for items in by_language.values():
        items.sort(key=lambda s: (s.rank, not s.text, s.id))
    candidate.suggestions_by_language = dict(sorted(by_language.items()))  # type: ignore[attr-defined]


def candidate_get(*, pk: int) -> TermCandidate:
    """A candidate with its latest contexts and suggestions (``suggestions_by_language``)."""
    candidate = get_object_or_404(
        TermCandidate.objects.select_related("concept")
        .annotate(recent_mentions=F("mentions"))
        .prefetch_related(*_candidate_prefetches()),
        pk=pk,
    )
    _attach_suggestions(candidate)
    return candidate


def candidate_open(*, pk: int) -> TermCandidate | None:
    """An open candidate, or None (decided, or no such candidate)."""
    return TermCandidate.objects.filter(pk=pk, status=CandidateStatus.OPEN).first()


def candidates_by_ids(*, ids: Sequence[int]) -> list[TermCandidate]:
    """Candidates (for bulk actions) with their suggestions, in the order given."""
    rows = {
        c.pk: c
        for c in TermCandidate.objects.filter(pk__in=set(ids))
        .annotate(recent_mentions=F("mentions"))
        .prefetch_related(*_candidate_prefetches())
    }
    found: list[TermCandidate] = [rows[pk] for pk in dict.fromkeys(ids) if pk in rows]
    for candidate in found:
        _attach_suggestions(candidate)
    return found


def candidate_open_count() -> int:
    return TermCandidate.objects.filter(status=CandidateStatus.OPEN).count()


@dataclass(frozen=True)
class SourceCandidates:
    """The candidates of one source document (the article panel)."""

    scanned: CandidateScan | None
    #: Open candidates, and those proposed from it, with ``occurrence`` (this source's).
    candidates: Sequence[TermCandidate]


def candidates_for_source(*, source_id: int) -> SourceCandidates:
    """What the panel on an article shows: four queries (the scan, the candidates, their
    occurrences in this source, their suggestions)."""
    scan = CandidateScan.objects.filter(source_id=source_id).first()
    rows = list(
        TermCandidate.objects.filter(occurrences__source_id=source_id, status=CandidateStatus.OPEN)
        .select_related("concept")
        .prefetch_related(
            Prefetch(
                "occurrences",
                queryset=CandidateOccurrence.objects.filter(source_id=source_id),
                to_attr="source_occurrences",
            ),
            Prefetch(
                "suggestions",
                queryset=CandidateSuggestion.objects.order_by("language", "id"),
                to_attr="all_suggestions",
            ),
        )
        .order_by("concept_id", "-mentions", "id")
    )
    counts: dict[int, int] = {}
    for candidate in rows:
        _attach_suggestions(candidate)
        occurrences = candidate.source_occurrences
        candidate.occurrence = occurrences[0] if occurrences else None  # type: ignore[attr-defined]
        counts[candidate.pk] = occurrences[0].count if occurrences else 0
    # Not yet proposed first, then the most mentioned in this article.
    rows.sort(key=lambda c: (c.concept_id is not None, -counts[c.pk], c.pk))
    return SourceCandidates(scanned=scan, candidates=list(rows))


def candidate_suggested_languages(*, ids: Sequence[int]) -> dict[int, set[str]]:
    """{candidate id: target languages it already has suggestions for}."""
    out: dict[int, set[str]] = defaultdict(set)
    rows = CandidateSuggestion.objects.filter(candidate_id__in=set(ids)).values_list(
        "candidate_id", "language"
    )
    for candidate_id, language in rows.distinct():
        out[candidate_id].add(language)
    return dict(out)


def candidate_best(candidate: TermCandidate, language: str) -> CandidateSuggestion | None:
    """The best usable suggestion in ``language`` (people's first, then memory, engine)."""
    by_language = getattr(candidate, "suggestions_by_language", None)
    if by_language is None:
        _attach_suggestions(candidate)
        by_language = candidate.suggestions_by_language  # type: ignore[attr-defined]
    return next((s for s in by_language.get(language, []) if s.text), None)


def short_rendering(full_source: str, short_source: str, full_target: str) -> str:
    """The target short form of a name, when the source short form is its last word and the
    target has several words: John Kirby / Kirby / 존 커비 → 커비. Otherwise "" (the full
    rendering stays: Korean names are not shortened to a surname, 윤석열 → 윤)."""
    words = full_source.split()
    target = full_target.split()
    if len(words) > 1 and len(target) > 1 and words[-1] == short_source:
        return target[-1]
    return ""


def candidate_proposal(
    *, candidate: TermCandidate, languages: Sequence[str] = ()
) -> list[TermData]:
    """The terms accepting ``candidate`` would create, before an editor edits them: the text
    (an acronym typed as one, with its long form as the full form), a person's short form,
    and the best suggestion in each target language (and its short form)."""
    pos = Term.PartOfSpeech.PROPER_NOUN if candidate.kind in _PROPER else ""
    main_type = Term.TermType.ACRONYM if candidate.kind == "acronym" else Term.TermType.FULL_FORM
    source = candidate.language
    terms: list[TermData] = []
    if main_type == Term.TermType.ACRONYM and candidate.expansion:
        terms.append(TermData(language=source, text=candidate.expansion, part_of_speech=pos))
    terms.append(TermData(language=source, text=candidate.text, term_type=main_type,
                          part_of_speech=pos))  # fmt: skip
    if candidate.acronym and main_type != Term.TermType.ACRONYM:
        terms.append(TermData(language=source, text=candidate.acronym, part_of_speech=pos,
                              term_type=Term.TermType.ACRONYM))  # fmt: skip
    short = candidate.short_forms[0] if candidate.kind == "person" and candidate.short_forms else ""
    if short:
        terms.append(TermData(language=source, text=short, part_of_speech=pos,
                              term_type=Term.TermType.SHORT_FORM))  # fmt: skip
    if not hasattr(candidate, "suggestions_by_language"):
        _attach_suggestions(candidate)
    by_language = candidate.suggestions_by_language  # type: ignore[attr-defined]
    targets = [code for code in dict.fromkeys([*languages, *by_language]) if code != source]
    for language in targets:
        best = candidate_best(candidate, language)
        if best is None:
            continue
        terms.append(TermData(language=language, text=best.text, term_type=main_type,
                              part_of_speech=pos))  # fmt: skip
        target_short = short_rendering(candidate.text, short, best.text) if short else ""
        if target_short:
            terms.append(TermData(language=language, text=target_short, part_of_speech=pos,
                                  term_type=Term.TermType.SHORT_FORM))  # fmt: skip
    return terms


def variant_concepts(*, candidate: TermCandidate, limit: int = 8) -> list[Concept]:
    """Concepts a candidate may be a variant of: those with a term sharing its longest word
    ("N. Korea" → North Korea), or written like its long form or acronym."""
    words = sorted((w.strip(".,'’") for w in candidate.text.split()), key=len, reverse=True)
    probes = [p for p in (candidate.expansion, candidate.acronym, *words[:1]) if p and len(p) > 1]
    found: dict[int, Concept] = {}
    for probe in probes:
        for concept in similar_concepts(text=probe, limit=limit):
            found.setdefault(concept.pk, concept)
    return list(found.values())[:limit]


def ignored_list(*, language: str = "", q: str = "") -> QuerySet[IgnoredTerm]:
    rows = IgnoredTerm.objects.select_related("created_by")
    if language:
        rows = rows.filter(language=language)
    if q:
        rows = rows.filter(key__contains=candidate_key(q))
    return rows.order_by("language", "key")


def ignored_get(*, pk: int) -> IgnoredTerm:
    return get_object_or_404(IgnoredTerm, pk=pk)


def concepts_by_reference(*, reference: str, limit: int = 5) -> list[Concept]:
    """Concepts a person means by ``reference``: a concept number ("12", "#12"), or a term
    written exactly (any language, case aside)."""
    reference = reference.strip().lstrip("#")
    if reference.isdigit():
        return list(Concept.objects.filter(pk=int(reference)))
    key = term_key(reference)
    if not key:
        return []
    ids = live_terms().filter(key=key).values("concept_id")
    return list(Concept.objects.filter(pk__in=ids).order_by("label", "id")[:limit])


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
