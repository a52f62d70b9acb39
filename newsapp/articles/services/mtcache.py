"""The machine-translation cache: translate a sentence once per engine, pair and glossary.

The key is a sha256 over: the engine's fingerprint for the pair (``registry.fingerprint``:
Argos packages and versions and the decoding settings; the Apertium mode and its data), the
pair, the sentence, the glossary entries that apply to it (each expected term's concept,
rendering and reading) and, for engines that steer away from forbidden terms, the pair's
forbidden list. So a glossary change invalidates exactly the sentences it affects, and a new
package version misses everything it translated. ``MT_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from glossary.checking import SegmentReport
from glossary.enforcement import Enforcer, Rendered
from newsapp.articles.models import MTCacheEntry
from newsapp.mt import registry
from newsapp.mt.base import MTEngine


def cache_key(*, fingerprint: str, source: str, target: str, sentence: str, glossary: str) -> str:
    payload = json.dumps([fingerprint, source, target, sentence, glossary], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def translate_cached(
    enforcer: Enforcer, engine: MTEngine, sentences: Sequence[str]
) -> list[Rendered]:
    """``enforcer.translate(sentences)``, with each distinct sentence translated at most once
    and looked up in (then stored into) the cache. One engine call for all the misses."""
    if not sentences:
        return []
    unique = list(dict.fromkeys(sentences))
    if not settings.MT_CACHE:
        fresh = dict(zip(unique, enforcer.translate(unique), strict=True))
        return [fresh[sentence] for sentence in sentences]
    source, target = enforcer.source, enforcer.target
    fingerprint = registry.fingerprint(engine, source, target)
    avoid = json.dumps(enforcer.checker.avoid, ensure_ascii=False)
    keys = {}
    for sentence in unique:
        applies = [
            [item.match.concept_id, item.rendering, item.reading]
            for item in enforcer.checker.expected_terms(sentence)
        ]
        glossary = json.dumps([applies, avoid], ensure_ascii=False)
        keys[sentence] = cache_key(
            fingerprint=fingerprint, source=source, target=target, sentence=sentence,
            glossary=glossary,
        )  # fmt: skip
    found = {entry.key: entry for entry in MTCacheEntry.objects.filter(key__in=set(keys.values()))}
    misses = [sentence for sentence in unique if keys[sentence] not in found]
    fresh = dict(zip(misses, enforcer.translate(misses), strict=True)) if misses else {}
    _store(engine.name, source, target, ((keys[s], r) for s, r in fresh.items()))
    if found:
        MTCacheEntry.objects.filter(pk__in=[e.pk for e in found.values()]).update(
            hits=F("hits") + 1, used_at=timezone.now()
        )
    out = []
    for sentence in sentences:
        if sentence in fresh:
            out.append(fresh[sentence])
            continue
        entry = found[keys[sentence]]
        report = SegmentReport.from_json(entry.report)
        out.append(Rendered(entry.text, report, origin="mt", truncated=entry.truncated))
    return out


def _store(engine: str, source: str, target: str, rows: Iterable[tuple[str, Rendered]]) -> None:
    MTCacheEntry.objects.bulk_create(
        [
            MTCacheEntry(
                key=key, engine=engine, source_language=source, target_language=target,
                text=rendered.text, report=rendered.report.as_json(),
                truncated=rendered.truncated,
            )
            for key, rendered in rows
        ],
        ignore_conflicts=True,  # another worker stored the same sentence meanwhile
    )  # fmt: skip


def mt_cache_prune(*, days: int) -> int:
    """Forget entries nobody used for ``days`` days; returns how many."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = MTCacheEntry.objects.filter(used_at__lt=cutoff).delete()
    return deleted
