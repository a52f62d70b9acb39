"""A hypothesis state machine that drives the services through random interleavings of intake,
runs, failures, cancels, retries, removals, sweeps, edits, confirmations, approvals, send-backs,
glossary changes, re-checks, glossary re-runs and XLIFF imports, and checks after every step:

* an approved article has only done translations, and none of its segments changes while it
  stays approved;
* no article is "translating" without an active translation, nor "in review" with one;
* every segment version has exactly one revision, and the current version's holds its text;
* every compliance figure equals a fresh check against the current glossary, unless the
  translation is marked as checked against an older glossary version (stale);
* no memory entry comes from an unconfirmed or flagged segment.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from translate.storage.xliff import xlifffile

from glossary import selectors as glossary_selectors
from glossary.checking import SegmentReport, TermChecker, summarize
from glossary.models import Concept, GlossaryChange, Term
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp import queue
from newsapp.articles import exports
from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
from newsapp.articles.services import (
    editing,
    freshness,
    intake,
    pipeline,
    reenforce,
    workflow,
    xliff,
)
from newsapp.core.errors import ServiceError
from newsapp.core.roles import EDITORS, TRANSLATORS
from newsapp.memory.models import TMEntry, TMEntryChange
from newsapp.mt import registry
from newsapp.mt.base import MTPermanentError, MTTransientError
from tests.fakes import FakeEngine

Status = Translation.Status
ArticleStatus = Article.Status
State = Segment.State

TEXTS = [
    "Pyongyang fired a missile. Seoul said it was a threat.",
    "The Security Council will meet on Friday.\n\nOfficials in Tokyo did not comment.",
    "North Korea said the test was a success. Pyongyang warned Washington.",
]
TERMS = [  # (en, es) pairs a glossary change may approve
    ("Pyongyang", "Pionyang"),
    ("Seoul", "Seúl"),
    ("Security Council", "Consejo de Seguridad"),
    ("Tokyo", "Tokio"),
]


#: What the runs reached, across examples (asserted at the end: the machine must get somewhere).
REACHED: Counter[str] = Counter()


class DeskMachine(RuleBasedStateMachine):
    articles = Bundle("articles")

    @initialize()
    def people(self) -> None:
        translators, _ = Group.objects.get_or_create(name=TRANSLATORS)
        editors, _ = Group.objects.get_or_create(name=EDITORS)
        self.translator, _ = User.objects.get_or_create(username="sm-translator")
        self.translator.groups.add(translators)
        self.editor, _ = User.objects.get_or_create(username="sm-editor")
        self.editor.groups.add(editors)
        #: article id → {segment id: (version, text)} recorded at approval
        self.frozen: dict[int, dict[int, tuple[int, str]]] = {}
        latest = TMEntryChange.objects.order_by("-id").values_list("id", flat=True)
        self.memory_watermark = next(iter(latest), 0)
        FakeEngine.fail_with = None
        # Every example starts from a translated article, so every rule has material.
        article = intake.article_create(
            author=self.translator, title="", text=TEXTS[0], source_language="en",
            target_languages=["es", "ko"],
        )  # fmt: skip
        for translation in article.translations.order_by("target_language"):
            # Korean fails (a broken package): retries and removals have something to act on.
            FakeEngine.fail_with = (
                MTPermanentError("broken package") if translation.target_language == "ko" else None
            )
            outcome = pipeline.translation_run(translation_id=translation.pk, worker="w-init")
            REACHED[f"run {outcome.status}"] += 1
        FakeEngine.fail_with = None

    def teardown(self) -> None:
        FakeEngine.fail_with = None
        Article.objects.all().delete()
        TMEntryChange.objects.all().delete()
        TMEntry.objects.all().delete()
        Term.objects.all().delete()
        Concept.objects.all().delete()
        GlossaryChange.objects.all().delete()
        # Deleting rows directly bumps nothing: drop this process's glossary caches, or the
        # next example would enforce the terms of this one.
        glossary_selectors.matcher_cache_clear()
        glossary_selectors.approved_cache_clear()
        glossary_selectors.glossary_stamp_expire()

    # --- intake and the worker ------------------------------------------------------------------

    @rule(target=articles, text=st.sampled_from(TEXTS),
          languages=st.sets(st.sampled_from(["es", "ja", "ko"]), min_size=1, max_size=2),
    )  # fmt: skip
    def submit(self, text: str, languages: set[str]) -> int:
        article = intake.article_create(
            author=self.translator, title="", text=text, source_language="en",
            target_languages=sorted(languages),
        )  # fmt: skip
        REACHED["submitted"] += 1
        return article.pk

    @staticmethod
    def _pick_translation(pick: int, **filters: Any) -> int | None:
        found = list(
            Translation.objects.filter(**filters).order_by("pk").values_list("pk", flat=True)
        )
        return found[pick % len(found)] if found else None

    @precondition(lambda self: Translation.objects.filter(status__in=Translation.ACTIVE).exists())
    @rule(pick=st.integers(0, 9), outcome=st.sampled_from(["ok"] * 6 + ["permanent", "transient"]))
    def run(self, pick: int, outcome: str) -> None:
        active = list(
            Translation.objects.filter(status__in=Translation.ACTIVE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        translation = active[pick % len(active)]
        FakeEngine.fail_with = {
            "permanent": MTPermanentError("broken package"),
            "transient": MTTransientError("busy"),
        }.get(outcome)
        try:
            result = pipeline.translation_run(translation_id=translation, worker=f"w-{outcome}")
        finally:
            FakeEngine.fail_with = None
        REACHED[f"run {result.status}"] += 1

    @rule()
    def sweep(self) -> None:
        pipeline.translations_sweep()

    @rule(pick=st.integers(0, 9), action=st.sampled_from(["cancel", "retry", "remove"]))
    def translator_action(self, pick: int, action: str) -> None:
        translation = self._pick_translation(pick)
        if translation is None:
            return
        found = Translation.objects.get(pk=translation)
        with contextlib.suppress(ServiceError):
            getattr(workflow, f"translation_{action}")(translation=found, user=self.translator)

    # --- people -----------------------------------------------------------------------------------

    def _segment(self, translation: int, pick: int) -> Segment | None:
        segments = list(
            Segment.objects.filter(translation_id=translation)
            .exclude(state=State.PENDING)
            .order_by("order")
        )
        return segments[pick % len(segments)] if segments else None

    @rule(which=st.integers(0, 9), pick=st.integers(0, 5), confirm=st.booleans(),
          text=st.sampled_from(["Texto nuevo.", "Pionyang dijo sí.", "Seúl habló."]))  # fmt: skip
    def edit(self, which: int, pick: int, confirm: bool, text: str) -> None:
        translation = self._pick_translation(which, status=Status.DONE)
        segment = self._segment(translation, pick) if translation else None
        if segment is None:
            return
        with contextlib.suppress(ServiceError, editing.SegmentConflict):
            saved = editing.segment_save(segment_id=segment.pk, user=self.translator, text=text,
                                         version=segment.version, confirm=confirm)  # fmt: skip
            REACHED["confirmed" if saved.state == State.CONFIRMED else "edited"] += 1

    @rule(which=st.integers(0, 9), pick=st.integers(0, 5))
    def confirm(self, which: int, pick: int) -> None:
        translation = self._pick_translation(which, status=Status.DONE)
        segment = self._segment(translation, pick) if translation else None
        if segment is None:
            return
        with contextlib.suppress(ServiceError, editing.SegmentConflict):
            editing.segment_confirm(segment_id=segment.pk, user=self.translator,
                                    version=segment.version)  # fmt: skip

    @precondition(lambda self: Article.objects.filter(status=ArticleStatus.IN_REVIEW).exists())
    @rule(pick=st.integers(0, 9), reason=st.sampled_from(["", "Checked by hand."]))
    def approve(self, pick: int, reason: str) -> None:
        waiting = list(Article.objects.filter(status=ArticleStatus.IN_REVIEW).order_by("pk"))
        found = waiting[pick % len(waiting)]
        article = found.pk
        try:
            workflow.article_approve(article=found, user=self.editor, override_reason=reason)
        except ServiceError:
            return
        REACHED["approved"] += 1
        self.frozen[article] = {
            pk: (version, text)
            for pk, version, text in Segment.objects.filter(
                translation__article_id=article
            ).values_list("pk", "version", "target_text")
        }

    @precondition(lambda self: Article.objects.filter(status=ArticleStatus.APPROVED).exists())
    @rule(pick=st.integers(0, 9))
    def send_back(self, pick: int) -> None:
        approved = list(Article.objects.filter(status=ArticleStatus.APPROVED).order_by("pk"))
        found = approved[pick % len(approved)]
        article = found.pk
        try:
            workflow.article_send_back(article=found, user=self.editor)
        except ServiceError:
            return
        REACHED["sent back"] += 1
        self.frozen.pop(article, None)

    @precondition(lambda self: Concept.objects.count() < 2)
    @rule(term=st.sampled_from(TERMS))
    def glossary_change(self, term: tuple[str, str]) -> None:
        en, es = term
        if Term.objects.filter(text=en).exists():
            return
        term_services.concept_propose(
            user=self.editor, approve=True,
            terms=[TermData(language="en", text=en), TermData(language="es", text=es)],
        )  # fmt: skip
        REACHED["glossary changed"] += 1

    @rule()
    def recheck(self) -> None:
        if freshness.translations_recheck().marked_changed:
            REACHED["marked glossary changed"] += 1

    @rule(which=st.integers(0, 9))
    def rerun_glossary(self, which: int) -> None:
        translation = self._pick_translation(which, status=Status.DONE)
        if translation is None:
            return
        with contextlib.suppress(ServiceError):
            reenforce.translation_reenforce(translation_id=translation)

    @rule(which=st.integers(0, 9), pick=st.integers(0, 5))
    def import_xliff(self, which: int, pick: int) -> None:
        translation = self._pick_translation(which, status=Status.DONE)
        if translation is None:
            return
        found = Translation.objects.get(pk=translation)
        segment = self._segment(translation, pick)
        if segment is None:
            return
        store = xlifffile.parsestring(exports.xliff_export(translation=found))
        for unit in store.getunits():
            if unit.xmlelement.get("id") == str(segment.order + 1):
                unit.settarget("Importado de un TAO.")
        with contextlib.suppress(ServiceError):
            result = xliff.xliff_import(translation=found, data=bytes(store), user=self.translator)
            REACHED["xliff applied" if result.applied else "xliff unchanged or refused"] += 1

    # --- invariants -----------------------------------------------------------------------------

    @invariant()
    def approved_articles_are_done_and_frozen(self) -> None:
        for article in Article.objects.filter(status=ArticleStatus.APPROVED):
            statuses = set(article.translations.values_list("status", flat=True))
            assert statuses == {Status.DONE}, (article.pk, statuses)
            now = {
                pk: (version, text)
                for pk, version, text in Segment.objects.filter(
                    translation__article=article
                ).values_list("pk", "version", "target_text")
            }
            assert now == self.frozen[article.pk]

    @invariant()
    def article_status_matches_its_translations(self) -> None:
        for article in Article.objects.all():
            active = article.translations.filter(status__in=Translation.ACTIVE).exists()
            if article.status == ArticleStatus.TRANSLATING:
                assert active, article.pk
            if article.status in (ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED):
                assert not active, article.pk

    @invariant()
    def every_version_has_exactly_one_revision_with_its_text(self) -> None:
        revisions: dict[int, list[tuple[int, str]]] = {}
        for segment_id, version, text in SegmentRevision.objects.values_list(
            "segment_id", "version", "text"
        ):
            revisions.setdefault(segment_id, []).append((version, text))
        for segment in Segment.objects.exclude(state=State.PENDING):
            found = sorted(revisions.get(segment.pk, []))
            assert [v for v, _ in found] == list(range(1, segment.version + 1)), segment.pk
            assert found[-1][1] == segment.target_text, segment.pk

    @invariant()
    def compliance_is_fresh_or_marked_stale(self) -> None:
        current = glossary_selectors.glossary_version()
        glossary_selectors.glossary_stamp_expire()
        for translation in Translation.objects.filter(status=Status.DONE).select_related("article"):
            if translation.glossary_version < current:
                continue  # marked stale: the pages say so and approval waits for a re-check
            checker = TermChecker(translation.article.source_language, translation.target_language)
            fresh = summarize(
                [checker.check(s.source, s.target_text) for s in translation.segments.all()]
            )
            stored = translation.compliance
            for key in ("expected", "missed", "forbidden"):
                assert stored[key] == fresh[key], (
                    translation.pk, key, stored, fresh,
                    [(s.source, s.target_text, s.state, s.term_checks.get("checks"))
                     for s in translation.segments.all()],
                )  # fmt: skip

    @invariant()
    def memory_holds_only_clean_confirmations(self) -> None:
        new = TMEntryChange.objects.filter(
            id__gt=self.memory_watermark, action=TMEntryChange.Action.CONFIRMED
        )
        for change in new:
            segment = (
                Segment.objects.filter(source=change.source_text, target_text=change.target_after)
                .order_by("-updated_at")
                .first()
            )
            assert segment is not None
            assert segment.state == State.CONFIRMED, change.pk
            assert not segment.flagged, change.pk
            report = SegmentReport.from_json(segment.term_checks)
            assert not report.flagged
            self.memory_watermark = max(self.memory_watermark, change.pk)


@pytest.mark.django_db
def test_editorial_state_machine(fake_engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    FakeEngine.pairs = {("en", "ko"), ("ko", "en"), ("en", "ja"), ("en", "es")}
    monkeypatch.setattr(queue, "publish", lambda task, *args: True)
    registry.reset()
    REACHED.clear()
    run_state_machine_as_test(
        DeskMachine,
        settings=settings(
            max_examples=40, stateful_step_count=40, deadline=None, derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )  # fmt: skip
    print("state machine reached:", dict(REACHED))
    for reached in ("approved", "sent back", "run done", "run failed", "confirmed",
                    "glossary changed", "xliff applied"):  # fmt: skip
        assert REACHED[reached], f"the machine never got to {reached!r}: {dict(REACHED)}"
