"""Reads from the translation memory: exact and fuzzy matches, search, TMX export.

Fuzzy matching
--------------
The score is rapidfuzz's ``fuzz.ratio`` (normalised Indel similarity, 0–100) between the
*normalised* query and each candidate's normalised source (``models.normalise``, then case-folded:
whitespace collapsed). For strings of lengths n and m the ratio is
``200 · LCS / (n + m)``, and LCS ≤ min(n, m), so a candidate can only reach the threshold t
when its length lies in ``[n·t/(200−t), n·(200−t)/t]`` (``length_window``). The selector
asks the database only for that window, through the ``(source_language, target_language,
source_length)`` index: a prefilter that never drops a match reaching the threshold. In a
very large memory the window is further capped at ``FUZZY_MAX_CANDIDATES`` entries, the
lengths closest to the query's first, then scored in C by ``rapidfuzz.process.extract``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Abs
from django.shortcuts import get_object_or_404
from lxml import etree
from rapidfuzz import fuzz, process
from translate.storage.tmx import tmxfile

from newsapp.core import languages
from newsapp.core.sanitize import text_clean
from newsapp.memory.models import TMEntry, TMEntryChange, normalise, source_key

#: The most entries one fuzzy lookup scores (the closest lengths first).
FUZZY_MAX_CANDIDATES = 20_000


@dataclass(frozen=True)
class FuzzyMatch:
    source: str
    target: str
    #: fuzz.ratio of the normalised sources, 0–100.
    score: float


def exact_matches(
    *, sources: list[str], source_language: str, target_language: str
) -> dict[str, str]:
    """{source sentence: TM target} for each given sentence with an exact normalised match.

    One query for the whole list (none for an empty list). Sentences without a match are
    absent from the result; a sentence given twice appears once.
    """
    if not sources:
        return {}
    keys = {sentence: source_key(sentence) for sentence in sources}
    found = dict(
        TMEntry.objects.filter(
            source_language=languages.base(source_language),
            target_language=languages.base(target_language),
            source_key__in=set(keys.values()),
        ).values_list("source_key", "target_text")
    )
    return {sentence: found[key] for sentence, key in keys.items() if key in found}


def length_window(length: int, threshold: float) -> tuple[int, int | None]:
    """The candidate source lengths that can reach ``threshold`` (see the module docstring)."""
    if threshold <= 0:
        return 0, None
    t = min(threshold, 100.0)
    low = math.ceil(length * t / (200 - t) - 1e-9)
    high = math.floor(length * (200 - t) / t + 1e-9)
    return low, high


def fuzzy_matches(
    *,
    text: str,
    source_language: str,
    target_language: str,
    limit: int = 3,
    threshold: float = 75.0,
) -> list[FuzzyMatch]:
    """The ``limit`` best entries scoring at least ``threshold``, best first. One query.

    Equal scores: the source length closest to the query's first, then the newest entry.
    """
    query = normalise(text).casefold()  # suggestions ignore case; exact matches do not
    if not query or limit <= 0 or threshold > 100:
        return []
    low, high = length_window(len(query), threshold)
    window = Q(source_length__gte=low) & (Q(source_length__lte=high) if high is not None else Q())
    rows = list(
        TMEntry.objects.filter(
            window,
            source_language=languages.base(source_language),
            target_language=languages.base(target_language),
        )
        .annotate(distance=Abs(F("source_length") - len(query)))
        .order_by("distance", "-updated_at", "-id")
        .values_list("source_text", "target_text")[:FUZZY_MAX_CANDIDATES]
    )
    if not rows:
        return []
    hits = process.extract(
        query,
        [normalise(source).casefold() for source, _ in rows],
        scorer=fuzz.ratio,
        processor=None,
        limit=limit,
        score_cutoff=threshold,
    )
    hits.sort(key=lambda hit: (-hit[1], hit[2]))
    return [
        FuzzyMatch(source=rows[index][0], target=rows[index][1], score=round(score, 1))
        for _, score, index in hits
    ]


def entry_search(
    *, q: str = "", source_language: str = "", target_language: str = ""
) -> QuerySet[TMEntry]:
    """Entries for the memory page, newest first; ``q`` searches both texts."""
    entries = TMEntry.objects.select_related("updated_by", "article")
    if source_language:
        entries = entries.filter(source_language=languages.base(source_language))
    if target_language:
        entries = entries.filter(target_language=languages.base(target_language))
    for word in q.split():
        entries = entries.filter(Q(source_text__icontains=word) | Q(target_text__icontains=word))
    return entries.order_by("-updated_at", "-id")


def language_pairs() -> list[tuple[str, str, int]]:
    """(source, target, entry count) for every pair in the memory."""
    rows = (
        TMEntry.objects.values_list("source_language", "target_language")
        .annotate(entries=Count("id"))
        .order_by("source_language", "target_language")
    )
    return [(src, tgt, count) for src, tgt, count in rows]


def _tmx_date(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def tmx_export(*, source_language: str | None = None, target_language: str | None = None) -> bytes:
    """The memory (or one direction of it) as TMX 1.4, written by translate-toolkit.

    The header's ``srclang`` is the source filter, or ``*all*``; every ``<tu>`` names its
    own ``srclang`` and carries ``tuid``, creation and change dates, and the origin as a
    ``<prop type="x-origin">``.
    """
    entries = TMEntry.objects.select_related("created_by", "updated_by").order_by("pk")
    if source_language:
        entries = entries.filter(source_language=languages.base(source_language))
    if target_language:
        entries = entries.filter(target_language=languages.base(target_language))
    store = tmxfile(sourcelanguage=languages.base(source_language) if source_language else "*all*")
    for entry in entries.iterator(chunk_size=2000):
        # Stored text may predate the input rule (newsapp.core.sanitize): lxml refuses it.
        unit = store.addsourceunit(text_clean(entry.source_text), entry.source_language)
        unit.settarget(text_clean(entry.target_text), entry.target_language, append=True)
        element = unit.xmlelement
        element.set("tuid", f"tm{entry.pk}")
        element.set("creationdate", _tmx_date(entry.created_at))
        element.set("changedate", _tmx_date(entry.updated_at))
        if entry.created_by is not None:
            element.set("creationid", entry.created_by.get_username())
        if entry.updated_by is not None:
            element.set("changeid", entry.updated_by.get_username())
        origin = etree.Element("prop", type="x-origin")
        origin.text = entry.origin
        element.insert(0, origin)  # TMX order: note*, prop*, tuv+
    return bytes(store)


def entry_get(*, pk: int) -> TMEntry:
    return get_object_or_404(
        TMEntry.objects.select_related("created_by", "updated_by", "article"), pk=pk
    )


def entry_changes(*, entry: TMEntry, limit: int = 100) -> list[TMEntryChange]:
    """The entry's recorded changes, newest first, with who made them (one query)."""
    return list(
        TMEntryChange.objects.filter(entry=entry)
        .select_related("user")
        .order_by("-created_at", "-id")[:limit]
    )
