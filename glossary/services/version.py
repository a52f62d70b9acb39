"""The glossary version: bumped by every write that changes the approved glossary, so that
every process's matcher and caches rebuild."""

from __future__ import annotations

import uuid

from django.db.models import F
from django.utils import timezone

from glossary import selectors
from glossary.models import ConceptHistory, GlossaryVersion, Term

Status = Term.Status
Usage = Term.Usage
Action = ConceptHistory.Action


def glossary_version_bump() -> None:
    """Tell every process that the approved glossary changed (call inside the write)."""
    stamp = uuid.uuid4().hex
    bumped = GlossaryVersion.objects.filter(pk=1).update(
        version=F("version") + 1, stamp=stamp, updated_at=timezone.now()
    )
    if not bumped:
        GlossaryVersion.objects.update_or_create(pk=1, defaults={"version": 1, "stamp": stamp})
    selectors.glossary_stamp_expire()
