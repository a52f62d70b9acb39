"""Reads for the translator workspace: the segment editor, history, suggestions, approval.

Every function here runs a fixed number of queries whatever the length of the article: the
editor page of a 500-sentence article costs the same queries as one of 5 sentences.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from glossary.selectors import concept_search, glossary_version
from newsapp.articles.models import (
    Article,
    Segment,
    SegmentComment,
    SegmentRevision,
    Translation,
)
from newsapp.memory import selectors as memory

logger = logging.getLogger(__name__)

State = Segment.State

#: Fuzzy suggestions below this score (0-100) are not shown.
SUGGESTION_THRESHOLD = 75.0
SUGGESTION_LIMIT = 3


# --- The editor page ---------------------------------------------------------------------


def editor_translation_get(*, pk: int) -> Translation:
    return get_object_or_404(Translation.objects.select_related("article"), pk=pk)


def with_comment_count(segments: QuerySet[Segment]) -> QuerySet[Segment]:
    """``comment_count`` on each segment, as a subquery (no extra query per row)."""
    count = (
        SegmentComment.objects.filter(segment=OuterRef("pk"))
        .order_by()
        .values("segment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return segments.annotate(comment_count=Coalesce(Subquery(count), 0))


def editor_segment_get(*, pk: int) -> Segment:
    segments = Segment.objects.select_related("translation__article")
    return get_object_or_404(with_comment_count(segments), pk=pk)


#: A sentence that needs a look: a term problem or a QA error (``flagged``), or any open QA
#: issue, warnings included. The "flagged" filter and "next flagged" use it.
ATTENTION = Q(flagged=True) | Q(qa_open__gt=0)


def _filters() -> dict[str, tuple[str | Promise, Q]]:
    return {
        "all": (gettext_lazy("All"), Q()),
        "unconfirmed": (gettext_lazy("Unconfirmed"), ~Q(state=State.CONFIRMED)),
        "flagged": (gettext_lazy("Flagged"), ATTENTION),
        "memory": (gettext_lazy("Memory-filled"), Q(origin="tm")),
        "changed": (
            gettext_lazy("Changed since machine"),
            Q(state__in=[State.EDITED, State.CONFIRMED]) & ~Q(target_text=F("machine_text")),
        ),
    }


#: The editor's filters, by the name the URL carries (``?filter=``), and their labels.
FILTERS = {name: label for name, (label, _q) in _filters().items()}


def filter_q(name: str) -> Q:
    """The condition of filter ``name`` ("all" for an unknown name)."""
    return _filters().get(name, _filters()["all"])[1]


@dataclass(frozen=True)
class Progress:
    total: int = 0
    confirmed: int = 0
    edited: int = 0
    machine: int = 0
    pending: int = 0
    flagged: int = 0
    #: Sentences per editor filter (``FILTERS``), over the whole translation.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        return round(100 * self.confirmed / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return bool(self.total) and self.confirmed == self.total


def translation_progress(*, translation_id: int) -> Progress:
    """Progress of a translation's segments, and the size of each editor filter (one
    aggregate query, whatever the length of the translation)."""
    counts = Segment.objects.filter(translation_id=translation_id).aggregate(
        n_total=Count("pk"),
        n_flagged=Count("pk", filter=Q(flagged=True)),
        **{f"n_{state}": Count("pk", filter=Q(state=state)) for state in State.values},
        **{f"filter_{name}": Count("pk", filter=q) for name, (_, q) in _filters().items()},
    )
    return Progress(
        flagged=counts["n_flagged"],
        total=counts["n_total"],
        confirmed=counts[f"n_{State.CONFIRMED}"],
        edited=counts[f"n_{State.EDITED}"],
        machine=counts[f"n_{State.MACHINE}"],
        pending=counts[f"n_{State.PENDING}"],
        counts={name: counts[f"filter_{name}"] for name in FILTERS},
    )


@dataclass(frozen=True)
class Window:
    """One page of the editor: the segments shown, and where they sit in the filter."""

    segments: list[Segment]
    filter: str
    page: int
    pages: int
    size: int
    #: Sentences in the filter, over the whole translation.
    matching: int

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        """The position (from 1) of the page's first sentence in the filter."""
        return (self.page - 1) * self.size + 1 if self.segments else 0

    @property
    def last_number(self) -> int:
        return (self.page - 1) * self.size + len(self.segments)


def editor_window(
    *,
    translation: Translation,
    size: int,
    matching: int,
    page: int = 1,
    filter_name: str = "all",
    at_segment: int | None = None,
) -> Window:
    """The ``page``-th run of ``size`` segments in filter ``filter_name``, in order; with
    ``at_segment``, the page that holds that segment (where it is, or would be, in the
    filter). ``matching`` is the filter's size (``translation_progress``'s counts). One
    query, two with ``at_segment``; a page past the end is the last page."""
    if filter_name not in FILTERS:
        filter_name = "all"
    size = max(1, size)
    pages = max(1, -(-matching // size))
    rows = Segment.objects.filter(translation=translation).filter(filter_q(filter_name))
    if at_segment is not None:
        order = Segment.objects.filter(translation=translation, pk=at_segment).values("order")
        before = rows.filter(order__lt=Subquery(order)).count()
        page = before // size + 1
    page = min(max(1, page), pages)
    start = (page - 1) * size
    rows = with_comment_count(rows.defer("machine_text"))
    segments = list(rows.order_by("order")[start : start + size])
    return Window(
        segments=segments, filter=filter_name, page=page, pages=pages, size=size,
        matching=matching,
    )  # fmt: skip


def editor_next_flagged(
    *, translation: Translation, after_order: int, filter_name: str = "all"
) -> Segment | None:
    """The first sentence needing attention (``ATTENTION``) in the filter after position
    ``after_order``, wrapping round to the first one; None when there is none."""
    rows = (
        Segment.objects.filter(translation=translation)
        .filter(filter_q(filter_name) & ATTENTION)
        .order_by("order")
        .only("pk", "order", "translation_id")
    )
    return rows.filter(order__gt=after_order).first() or rows.first()


@dataclass(frozen=True)
class Paragraph:
    index: int
    segments: list[Segment] = field(default_factory=list)


def paragraphs_of(segments: Iterable[Segment]) -> list[Paragraph]:
    """Group ordered segments by their paragraph (no query)."""
    out: list[Paragraph] = []
    for segment in segments:
        if not out or out[-1].index != segment.paragraph_index:
            out.append(Paragraph(segment.paragraph_index))
        out[-1].segments.append(segment)
    return out


# --- History ----------------------------------------------------------------------------------


def segment_history(*, segment_id: int) -> QuerySet[SegmentRevision]:
    """A segment's revisions, newest first, with their authors."""
    return (
        SegmentRevision.objects.filter(segment_id=segment_id)
        .select_related("author")
        .order_by("-version", "-id")
    )


def segment_copies(*, segment: Segment) -> list[Segment]:
    """The other sentences of the same translation with the same source that do not yet hold
    ``segment``'s text confirmed: what confirming ``segment`` offers to propagate to."""
    copies = Segment.objects.filter(translation_id=segment.translation_id, source=segment.source)
    return [
        copy
        for copy in copies.exclude(pk=segment.pk).order_by("order")
        if not (copy.state == State.CONFIRMED and copy.target_text == segment.target_text)
    ]


def segment_latest_revision(*, segment_id: int) -> SegmentRevision | None:
    """The revision that wrote the segment's current text: who saved it, and when."""
    return segment_history(segment_id=segment_id).first()


# --- Translation-memory suggestions -------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    source: str
    target: str
    score: float


def segment_suggestions(
    *, source: str, source_language: str, target_language: str
) -> list[Suggestion]:
    """Fuzzy translation-memory matches (score ≥ 75) for a source sentence, best first.

    Suggestions are a help, never a blocker: if the memory lookup fails, the editor opens
    without them (and the failure is logged).
    """
    try:
        matches: list[Any] = memory.fuzzy_matches(
            text=source,
            source_language=source_language,
            target_language=target_language,
            limit=SUGGESTION_LIMIT,
            threshold=SUGGESTION_THRESHOLD,
        )
    except Exception:
        logger.exception("Translation-memory lookup failed; showing no suggestions.")
        return []
    found = [
        Suggestion(source=m.source, target=m.target, score=float(m.score))
        for m in matches
        if float(m.score) >= SUGGESTION_THRESHOLD
    ]
    return sorted(found, key=lambda s: -s.score)


# --- Approval -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TranslationViolations:
    translation: Translation
    flagged_segments: int
    missed: int
    forbidden: int
    qa_errors: int = 0
    #: The glossary changed since the machine translation in a way that would change it.
    glossary_changed: bool = False
    #: The checks were computed against an older glossary and not re-checked yet.
    stale: bool = False

    @property
    def blocking(self) -> bool:
        return bool(
            self.flagged_segments or self.missed or self.forbidden or self.qa_errors
            or self.glossary_changed or self.stale
        )  # fmt: skip


@dataclass(frozen=True)
class Violations:
    """Unresolved problems across an article's translations, for the approval gate."""

    translations: list[TranslationViolations]

    @property
    def flagged_segments(self) -> int:
        return sum(t.flagged_segments for t in self.translations)

    @property
    def term_problems(self) -> int:
        return sum(t.missed + t.forbidden for t in self.translations)

    @property
    def qa_errors(self) -> int:
        return sum(t.qa_errors for t in self.translations)

    @property
    def glossary_changed(self) -> list[str]:
        return [t.translation.target_language for t in self.translations if t.glossary_changed]

    @property
    def stale(self) -> list[str]:
        return [t.translation.target_language for t in self.translations if t.stale]

    @property
    def blocking(self) -> bool:
        return any(t.blocking for t in self.translations)

    @property
    def unfinished(self) -> str:
        """Why the article cannot be approved at all, whatever the editor writes ("" if it
        can): a translation that is not done, or no translation."""
        if not self.translations:
            return _("The article has no translation to approve.")
        for row in self.translations:
            status = row.translation.status
            if status == Translation.Status.DONE:
                continue
            values = {
                "language": row.translation.target_language,
                "status": str(row.translation.get_status_display()).lower(),
            }
            if status in Translation.ACTIVE:
                return (
                    _("The %(language)s translation is still %(status)s; wait for it to finish.")
                    % values
                )
            return (
                _(
                    "The %(language)s translation is %(status)s: retry it, or remove it from "
                    "the article, before approving."
                )
                % values
            )
        return ""

    @property
    def summary(self) -> str:
        """E.g. "2 flagged sentences, 3 missed or forbidden terms"; "" when none."""
        parts = []
        if count := self.flagged_segments:
            parts.append(
                ngettext("%(count)s flagged sentence", "%(count)s flagged sentences", count)
                % {"count": count}
            )
        if count := self.term_problems:
            parts.append(
                ngettext(
                    "%(count)s missed or forbidden term",
                    "%(count)s missed or forbidden terms",
                    count,
                )
                % {"count": count}
            )
        if count := self.qa_errors:
            parts.append(
                ngettext("%(count)s fact-check error", "%(count)s fact-check errors", count)
                % {"count": count}
            )
        if self.glossary_changed:
            parts.append(
                _("the glossary changed since translation (%(languages)s): re-run the glossary")
                % {"languages": ", ".join(self.glossary_changed)}
            )
        if self.stale:
            parts.append(
                _("checks against an older glossary (%(languages)s)")
                % {"languages": ", ".join(self.stale)}
            )
        return ", ".join(parts)


def article_violations(*, article: Article) -> Violations:
    """Flagged segments, compliance and freshness per translation (two queries)."""
    current = glossary_version()
    translations = Translation.objects.filter(article=article).annotate(
        flagged_count=Count("segments", filter=Q(segments__flagged=True))
    )
    rows = []
    for translation in translations.order_by("target_language"):
        compliance = translation.compliance or {}
        rows.append(
            TranslationViolations(
                translation=translation,
                flagged_segments=translation.flagged_count,
                missed=int(compliance.get("missed") or 0),
                forbidden=int(compliance.get("forbidden") or 0),
                qa_errors=int(compliance.get("qa_errors") or 0),
                glossary_changed=translation.glossary_changed,
                stale=translation.status == Translation.Status.DONE
                and translation.glossary_version < current,
            )
        )
    return Violations(rows)


def article_approval_get(*, pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("approved_by"), pk=pk)


# --- Find and replace, concordance ---------------------------------------------------------------

#: Longest text searched for (find and replace, concordance).
SEARCH_MAX_CHARS = 200
CONCORDANCE_LIMIT = 20


def find_pattern(find: str, *, ignore_case: bool) -> re.Pattern[str]:
    """The literal ``find`` as a pattern (no regular-expression syntax is offered)."""
    return re.compile(re.escape(find), re.IGNORECASE if ignore_case else 0)


@dataclass
class Replacement:
    """One sentence a replacement changes: its text before and after, and the pieces of the
    before text (``(matched, text)``) for the preview."""

    segment: Segment
    before: str
    after: str
    pieces: list[tuple[bool, str]]
    count: int

    @property
    def after_pieces(self) -> list[tuple[bool, str]]:
        """The after text the same way: ``(True, replacement)`` where each match was."""
        replacement = self.after_replacement
        return [(True, replacement) if matched else (False, text) for matched, text in self.pieces]

    after_replacement: str = ""


def replace_preview(
    *, translation: Translation, find: str, replace: str, ignore_case: bool = False
) -> list[Replacement]:
    """Every sentence of ``translation`` whose text contains ``find``, with the text that
    replacing every occurrence by ``replace`` gives, in sentence order (one query)."""
    if not find:
        return []
    pattern = find_pattern(find, ignore_case=ignore_case)
    rows = translation.segments.order_by("order")
    if not ignore_case:
        # A prefilter only (SQLite's LIKE ignores ASCII case); the pattern decides. Ignoring
        # case is left to Python entirely: the databases fold non-ASCII case differently.
        rows = rows.filter(target_text__contains=find)
    found = []
    for segment in rows:
        matches = list(pattern.finditer(segment.target_text))
        if not matches:
            continue
        pieces, cursor = [], 0
        for match in matches:
            pieces += [(False, segment.target_text[cursor : match.start()]), (True, match[0])]
            cursor = match.end()
        pieces.append((False, segment.target_text[cursor:]))
        after = pattern.sub(lambda _m: replace, segment.target_text)
        found.append(
            Replacement(segment, segment.target_text, after, pieces, len(matches), replace)
        )
    return found


@dataclass
class Concordance:
    memory: list[Any]
    concepts: list[Any]


def concordance(*, q: str, source_language: str, target_language: str) -> Concordance:
    """Translation-memory entries of the pair and glossary concepts whose text contains
    ``q`` (in either language), at most ``CONCORDANCE_LIMIT`` of each."""
    q = " ".join(q.split())[:SEARCH_MAX_CHARS]
    if not q:
        return Concordance([], [])
    entries = memory.entry_search(
        q=q, source_language=source_language, target_language=target_language
    )
    wanted = {source_language.split("-")[0], target_language.split("-")[0]}
    concepts = list(concept_search(q=q)[:CONCORDANCE_LIMIT])
    for concept in concepts:
        concept.pair_terms = [  # type: ignore[attr-defined]
            term
            for term in concept.live_terms  # type: ignore[attr-defined]
            if term.language.split("-")[0] in wanted
        ]
    return Concordance(list(entries[:CONCORDANCE_LIMIT]), concepts)
