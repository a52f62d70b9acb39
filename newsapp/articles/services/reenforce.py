"""The glossary and finished translations: the editors' "Re-run glossary", and the background
re-check after every glossary change.

* **Re-run** (``translation_reenforce``): machine sentences whose expected terms changed, or
  that are flagged, are translated again with enforcement; each rewrite is a new version with
  a revision (kind "enforcement"), written only if the sentence is still at the version read
  before the (slow) engine call. Sentences a person edited or confirmed are never rewritten;
  their checks are refreshed, again only at the version read. Refused on an approved article,
  checked inside the write transaction.
* **Re-check**: see ``services.freshness``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from glossary import selectors as glossary_selectors
from glossary.checking import SegmentReport
from glossary.enforcement import Enforcer
from newsapp import queue
from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
from newsapp.articles.services import workflow
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from newsapp.core.errors import ServiceError
from newsapp.mt import registry

logger = logging.getLogger(__name__)

Status = Translation.Status
State = Segment.State

REENFORCE_TASK = "newsapp.articles.tasks.translation_reenforce_task"


@dataclass
class ReenforceReport:
    retranslated: int
    flagged_human: int
    unchanged: int


def _expected(report: SegmentReport) -> list[tuple[int, str]]:
    return [(check.concept_id, check.expected) for check in report.checks]


def translation_reenforce(*, translation_id: int) -> ReenforceReport:
    """Apply the current glossary to a finished translation (see the module docstring)."""
    translation = Translation.objects.select_related("article").get(pk=translation_id)
    if translation.article.status == Article.Status.APPROVED:
        raise ServiceError(str(workflow.APPROVED_MESSAGE))
    # Read the glossary now, not this process's copy from up to a second ago: the change
    # that prompted the re-run may have just been committed.
    glossary_selectors.glossary_stamp_expire()
    version = glossary_selectors.glossary_version()
    engine = registry.get_engine(translation.engine)
    source, target = translation.article.source_language, translation.target_language
    enforcer = Enforcer(engine, source, target)
    machine, human, unchanged = [], [], 0
    for segment in translation.segments.order_by("order"):
        stored = SegmentReport.from_json(segment.term_checks)
        if _expected(stored) == enforcer.expected(segment.source) and not stored.flagged:
            unchanged += 1
        elif segment.is_human:
            human.append(segment)
        elif segment.state == State.MACHINE:
            machine.append(segment)
    rendered = enforcer.translate([s.source for s in machine]) if machine else []
    retranslated = flagged_human = 0
    with transaction.atomic():
        workflow.article_lock_editable(translation.article_id)
        revisions = []
        for segment, result in zip(machine, rendered, strict=True):
            checks = sentence_checks(
                source=segment.source, target=result.text, source_language=source,
                target_language=target, terms=result.report, truncated=result.truncated,
                dismissed=segment.qa_dismissed,
            )  # fmt: skip
            # Conditional on the segment still being the machine output we read: a person's
            # edit (or a concurrent re-run) wins.
            won = Segment.objects.filter(
                pk=segment.pk, state=State.MACHINE, version=segment.version
            ).update(
                machine_text=result.text,
                target_text=result.text,
                origin="mt",
                version=F("version") + 1,
                **checks.fields(),
            )
            if won:
                retranslated += 1
                revisions.append(
                    SegmentRevision(
                        segment_id=segment.pk,
                        version=segment.version + 1,
                        text=result.text,
                        state=State.MACHINE,
                        kind=SegmentRevision.Kind.ENFORCEMENT,
                    )
                )
        SegmentRevision.objects.bulk_create(revisions)
        for segment in human:
            checks = sentence_checks(
                source=segment.source, target=segment.target_text, source_language=source,
                target_language=target, checker=enforcer.checker,
                dismissed=segment.qa_dismissed,
            )  # fmt: skip
            flagged_human += Segment.objects.filter(pk=segment.pk, version=segment.version).update(
                **checks.fields()
            )
        Translation.objects.filter(pk=translation.pk).update(
            compliance=translation_compliance(translation=translation),
            glossary_version=version,
            glossary_changed=False,
        )
    return ReenforceReport(retranslated, flagged_human, unchanged)


def translation_reenforce_request(*, translation: Translation) -> bool:
    """Queue a glossary re-run for a finished translation (editors, after a term changed)."""
    if translation.article.status == Article.Status.APPROVED:
        raise ServiceError(str(workflow.APPROVED_MESSAGE))
    if translation.status != Status.DONE:
        raise ServiceError(_("Only finished translations can be re-checked against the glossary."))
    return queue.publish(REENFORCE_TASK, translation.pk)
