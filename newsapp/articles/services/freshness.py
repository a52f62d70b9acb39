"""Freshness: after every glossary change, bring open translations up to date, without an engine.

Every open finished translation checked against an older glossary version is re-checked: the
sentences whose source or target contains a term of the changed concepts (found with the
matcher over the ``GlossaryChange`` records) get fresh term and fact checks; where the change
would alter machine output, the translation is marked ``glossary_changed`` ("Re-run glossary",
or a written reason, before approval). It runs in the background after each change
(``translations_recheck_task``) and, for one article, right before its approval, so an
approval is always judged against the current glossary. Approved articles are frozen: their
figures stay, and the pages say which glossary version they were checked against.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from glossary import selectors as glossary_selectors
from glossary.checking import SegmentReport, TermChecker
from glossary.matching import GlossaryIndex, IndexTerm
from newsapp import queue
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from newsapp.core import events

Status = Translation.Status
State = Segment.State

RECHECK_TASK = "newsapp.articles.tasks.translations_recheck_task"


def _expected(report: SegmentReport) -> list[tuple[int, str]]:
    return [(check.concept_id, check.expected) for check in report.checks]


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
        article = Article.objects.select_for_update().get(pk=translation.article_id)
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
        updated = Translation.objects.filter(
            pk=translation.pk, glossary_version=translation.glossary_version
        ).update(**fields)
        if updated and machine_would_change and not translation.glossary_changed:
            # Newly out of date: tell whoever cares (the author, by notification).
            events.emit(
                "translation.glossary_changed", translation_id=translation.pk,
                article_id=translation.article_id, target_language=target, version=upto,
            )  # fmt: skip
    return rechecked, machine_would_change


def article_recheck(*, article: Article) -> int:
    """Re-check the article's stale finished translations now (inside the caller's
    transaction, before an approval). Returns how many were re-checked."""
    glossary_selectors.glossary_stamp_expire()
    current = glossary_selectors.glossary_version()
    stale = Translation.objects.filter(
        article=article, status=Status.DONE, glossary_version__lt=current
    ).select_related("article")
    count = 0
    for translation in stale:
        translation_recheck(translation=translation, upto=current)
        count += 1
    return count
