"""The glossary and finished translations: the editors' "Re-run glossary", and the background
re-check after every glossary change.

* **Re-run** (``translation_reenforce``): machine sentences whose expected terms changed, or
  that are flagged, are translated again with enforcement; each rewrite is a new version with
  a revision (kind "enforcement"), written only if the sentence is still at the version read
  before the (slow) engine call. Sentences a person edited or confirmed are never rewritten;
  their checks are refreshed, again only at the version read. Refused on an approved article,
  checked inside the write transaction.
* **Re-check** (``translations_recheck``): after a glossary change, every open translation
  checked against an older glossary version is brought up to date without an engine: the
  sentences whose source or target contains a term of the changed concepts (found with the
  matcher) get fresh term checks; where the change would alter machine output, the
  translation is marked ``glossary_changed`` ("Re-run glossary" needed before approval).
  Approved articles are frozen: their figures stay, and the pages say which glossary version
  they were checked against.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from glossary import selectors as glossary_selectors
from glossary.checking import SegmentReport, TermChecker
from glossary.enforcement import Enforcer
from glossary.matching import GlossaryIndex, IndexTerm
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
RECHECK_TASK = "newsapp.articles.tasks.translations_recheck_task"


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
        raise ServiceError(workflow.APPROVED_MESSAGE)
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
        raise ServiceError(workflow.APPROVED_MESSAGE)
    if translation.status != Status.DONE:
        raise ServiceError("Only finished translations can be re-checked against the glossary.")
    return queue.publish(REENFORCE_TASK, translation.pk)


# --- Freshness after glossary changes -------------------------------------------------------------


def translations_recheck_request(*, concept_ids: list[int], version: int) -> bool:
    """After a glossary change (the ``glossary.changed`` event): re-check in the background."""
    return queue.publish(RECHECK_TASK)


@dataclass
class RecheckReport:
    translations: int
    segments_rechecked: int
    marked_changed: int


def translations_recheck() -> RecheckReport:
    """Bring every open finished translation up to the current glossary version (idempotent;
    safe to run twice at once: every write is conditional on what was read)."""
    glossary_selectors.glossary_stamp_expire()  # see translation_reenforce
    current = glossary_selectors.glossary_version()
    stale = list(
        Translation.objects.filter(status=Status.DONE, glossary_version__lt=current)
        .exclude(article__status=Article.Status.APPROVED)
        .select_related("article")
        .order_by("pk")
    )
    report = RecheckReport(len(stale), 0, 0)
    for translation in stale:
        rechecked, changed = translation_recheck(translation=translation, upto=current)
        report.segments_rechecked += rechecked
        report.marked_changed += int(changed)
    return report


def translation_recheck(*, translation: Translation, upto: int) -> tuple[int, bool]:
    """Re-check one translation's affected sentences against the glossary (no engine).

    Returns (sentences re-checked, whether machine output would now change).
    """
    change = glossary_selectors.glossary_changes_since(translation.glossary_version)
    source, target = translation.article.source_language, translation.target_language
    segments = list(translation.segments.order_by("order"))
    if change.everything:
        affected = segments
    else:
        index = GlossaryIndex(
            IndexTerm(term_id=i, concept_id=0, language=language, text=text)
            for i, (language, text) in enumerate(sorted(change.texts))
            if language in (source, target)
        )
        affected = [
            s for s in segments if index.find(s.source, source) or index.find(s.target_text, target)
        ]
    checker = TermChecker(source, target)
    machine_would_change = False
    rechecked = 0
    with transaction.atomic():
        article = workflow.article_lock(translation.article_id)
        if article.status == Article.Status.APPROVED:
            return 0, False  # frozen meanwhile
        for segment in affected:
            stored = SegmentReport.from_json(segment.term_checks)
            is_machine = segment.state == State.MACHINE and segment.origin == "mt"
            if is_machine and _expected(stored) != checker.expected(segment.source):
                machine_would_change = True
            checks = sentence_checks(
                source=segment.source, target=segment.target_text, source_language=source,
                target_language=target, checker=checker, dismissed=segment.qa_dismissed,
            )  # fmt: skip
            rechecked += Segment.objects.filter(pk=segment.pk, version=segment.version).update(
                **checks.fields()
            )
        fields = {
            "compliance": translation_compliance(translation=translation),
            "glossary_version": upto,
        }
        if machine_would_change:
            fields["glossary_changed"] = True
        Translation.objects.filter(
            pk=translation.pk, glossary_version=translation.glossary_version
        ).update(**fields)
    return rechecked, machine_would_change
