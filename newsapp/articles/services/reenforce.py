"""Apply the current glossary to finished translations (the editors' "Re-run glossary")."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from glossary.checking import SegmentReport
from glossary.enforcement import Enforcer
from newsapp import queue
from newsapp.articles.models import Segment, Translation
from newsapp.articles.services.compliance import translation_compliance
from newsapp.core.errors import ServiceError
from newsapp.mt import registry

logger = logging.getLogger(__name__)

Status = Translation.Status

REENFORCE_TASK = "newsapp.articles.tasks.translation_reenforce_task"


@dataclass
class ReenforceReport:
    retranslated: int
    flagged_human: int
    unchanged: int


def translation_reenforce(*, translation_id: int) -> ReenforceReport:
    """Apply the current glossary to a finished translation.

    Only segments whose expected terms changed, or that were flagged, are touched. Machine
    segments are translated again with enforcement; segments a person edited or confirmed are
    never rewritten: their term checks are recomputed, which flags them if they now miss a
    term.
    """
    translation = Translation.objects.select_related("article").get(pk=translation_id)
    engine = registry.get_engine(translation.engine)
    enforcer = Enforcer(engine, translation.article.source_language, translation.target_language)
    machine, human, unchanged = [], [], 0
    for segment in translation.segments.order_by("order"):
        stored = SegmentReport.from_json(segment.term_checks)
        before = [(c.concept_id, c.expected) for c in stored.checks]
        if before == enforcer.expected(segment.source) and not stored.flagged:
            unchanged += 1
        elif segment.is_human:
            human.append(segment)
        else:
            machine.append(segment)
    rendered = enforcer.translate([s.source for s in machine]) if machine else []
    retranslated = 0
    with transaction.atomic():
        for segment, result in zip(machine, rendered, strict=True):
            # Conditional on the segment still being machine output: a person's edit wins.
            retranslated += Segment.objects.filter(
                pk=segment.pk, state=Segment.State.MACHINE, version=segment.version
            ).update(
                machine_text=result.text,
                target_text=result.text,
                term_checks=result.report.as_json(),
                flagged=result.report.flagged,
                version=F("version") + 1,
            )
        for segment in human:
            report = enforcer.check(segment.source, segment.target_text)
            Segment.objects.filter(pk=segment.pk).update(
                term_checks=report.as_json(), flagged=report.flagged
            )
        Translation.objects.filter(pk=translation.pk).update(
            compliance=translation_compliance(translation=translation)
        )
    return ReenforceReport(retranslated, len(human), unchanged)


def translation_reenforce_request(*, translation: Translation) -> bool:
    """Queue a glossary re-run for a finished translation (editors, after a term changed)."""
    if translation.status != Status.DONE:
        raise ServiceError("Only finished translations can be re-checked against the glossary.")
    return queue.publish(REENFORCE_TASK, translation.pk)
