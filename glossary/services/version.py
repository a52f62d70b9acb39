"""The glossary version: bumped by every write that changes the approved glossary, so that
every process's matcher and caches rebuild, and recorded with what changed
(``GlossaryChange``) and announced (``glossary.changed``), so that translations re-check
their term compliance against the new glossary.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import F
from django.utils import timezone

from glossary import selectors
from glossary.models import ConceptHistory, GlossaryChange, GlossaryVersion, Term
from newsapp.core import events

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action


def glossary_version_bump(
    *, concepts: Iterable[int] | None = None, texts: Iterable[tuple[str, str]] = ()
) -> int:
    """Tell every process that the approved glossary changed (call inside the write).

    ``concepts``: the concepts whose approved terms changed (None: unknown, e.g. the admin);
    ``texts``: (language, text) of terms that are gone or were renamed, which the database no
    longer holds; the concepts' current terms are added here. Returns the new version.
    """
    stamp = uuid.uuid4().hex
    bumped = GlossaryVersion.objects.filter(pk=1).update(
        version=F("version") + 1, stamp=stamp, updated_at=timezone.now()
    )
    if not bumped:
        GlossaryVersion.objects.update_or_create(pk=1, defaults={"version": 1, "stamp": stamp})
    version = GlossaryVersion.objects.values_list("version", flat=True).get(pk=1)
    concept_ids = sorted(set(concepts)) if concepts is not None else []
    involved = set(texts)
    if concept_ids:
        involved |= set(
            Term.objects.filter(concept_id__in=concept_ids).values_list("language", "text")
        )
    GlossaryChange.objects.create(
        version=version,
        concept_ids=concept_ids,
        texts=sorted([language, text] for language, text in involved),
        everything=concepts is None,
    )
    selectors.glossary_stamp_expire()
    events.emit("glossary.changed", concept_ids=concept_ids, version=version)
    return int(version)
