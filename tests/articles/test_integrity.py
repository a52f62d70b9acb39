"""Editorial integrity (issue 11): one test per finding, each of which failed before the state
machine (``services/workflow.py``) and its guards."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import User
from django.db import close_old_connections, connection
from django.utils import timezone

from glossary.services import review
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article, Translation
from newsapp.articles.selectors import editor as editor_selectors
from newsapp.articles.services import editing, pipeline, reenforce, workflow
from newsapp.articles.tasks import translation_run_task
from newsapp.core.errors import ServiceError
from newsapp.memory.models import TMEntry, TMEntryChange
from newsapp.mt.base import MTPermanentError
from tests.factories import ArticleFactory, TranslationFactory

Status = Translation.Status
ArticleStatus = Article.Status


def _translate(translation: Translation) -> Translation:
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.refresh_from_db()
    return translation


def _article_with(*targets: str) -> tuple[Article, list[Translation]]:
    article = ArticleFactory(status=ArticleStatus.TRANSLATING)
    return article, [TranslationFactory(article=article, target_language=t) for t in targets]


# --- Finding 1: the article settles after every final state -----------------------------------


@pytest.mark.django_db
def test_cancelling_the_last_active_translation_settles_the_article(
    fake_engine: object, editor: User
) -> None:
    article, [only] = _article_with("ko")
    assert workflow.translation_cancel(translation=only)
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW  # no longer "translating" for good
    # … but a cancelled translation cannot be approved: retry it or remove it.
    with pytest.raises(ServiceError, match="cancelled: retry it, or remove it"):
        workflow.article_approve(article=article, user=editor)


@pytest.mark.django_db
def test_a_failed_translation_never_reaches_approval_whatever_the_order(
    fake_engine: Any, editor: User
) -> None:
    article, [ko, ja] = _article_with("ko", "ja")
    fake_engine.fail_with = MTPermanentError("The package is broken.")
    assert _translate(ko).status == Status.FAILED
    article.refresh_from_db()
    assert article.status == ArticleStatus.TRANSLATING  # ja is still queued
    fake_engine.fail_with = None
    assert _translate(ja).status == Status.DONE
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    with pytest.raises(ServiceError, match="ko translation is failed"):
        workflow.article_approve(article=article, user=editor, override_reason="ship it")
    # Removing the failed language makes the article approvable.
    assert workflow.translation_remove(translation=ko)
    workflow.article_approve(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED


@pytest.mark.django_db
def test_retry_reopens_the_article(fake_engine: object) -> None:
    article, [only] = _article_with("ko")
    workflow.translation_cancel(translation=only)
    assert workflow.translation_retry(translation=only)
    article.refresh_from_db()
    assert article.status == ArticleStatus.TRANSLATING
    assert _translate(only).status == Status.DONE
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW


# --- Findings 2 and 3: approved means frozen ---------------------------------------------------


@pytest.fixture
def approved(fake_engine: object, editor: User) -> Translation:
    article, [translation] = _article_with("ko")
    _translate(translation)
    article.refresh_from_db()
    workflow.article_approve(article=article, user=editor)
    return translation


@pytest.mark.django_db
def test_every_writer_refuses_an_approved_article(
    approved: Translation, translator: User, editor: User
) -> None:
    segment = approved.segments.order_by("order").first()
    assert segment is not None
    writers = [
        lambda: editing.segment_save(segment_id=segment.pk, user=translator, text="x", version=1),
        lambda: editing.segment_confirm(segment_id=segment.pk, user=translator, version=1),
        lambda: editing.segment_retranslate(segment_id=segment.pk, user=translator, version=1),
        lambda: workflow.translation_retry(translation=approved),
        lambda: workflow.translation_cancel(translation=approved),
        lambda: workflow.translation_remove(translation=approved),
        lambda: reenforce.translation_reenforce(translation_id=approved.pk),
        lambda: reenforce.translation_reenforce_request(translation=approved),
    ]
    for write in writers:
        with pytest.raises(ServiceError, match="approved"):
            write()
    segment.refresh_from_db()
    assert (segment.version, segment.target_text) == (1, segment.machine_text)


@pytest.mark.django_db
def test_retry_of_a_failed_translation_cannot_rewrite_an_approved_article(
    fake_engine: object, editor: User
) -> None:
    """Finding 3: the retry used to ignore the article's status."""
    article, [ko, ja] = _article_with("ko", "ja")
    _translate(ko)
    workflow.translation_cancel(translation=ja)
    workflow.translation_remove(translation=ja)
    article.refresh_from_db()
    workflow.article_approve(article=article, user=editor)
    Translation.objects.filter(pk=ko.pk).update(status=Status.FAILED)  # as an old bug left it
    with pytest.raises(ServiceError, match="approved"):
        workflow.translation_retry(translation=ko)
    assert Translation.objects.get(pk=ko.pk).status == Status.FAILED


class _SavingEngine:
    """An engine that, while "translating", lets a translator save another sentence: the
    re-run must not overwrite the term checks that save wrote."""

    name: ClassVar[str] = "fake"
    placeholder_format: ClassVar[str] = "⟦{n}⟧"
    during: ClassVar[Any] = None

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        if type(self).during is not None:
            type(self).during()
            type(self).during = None
        return [f"[{target}] {s}" for s in sentences]


@pytest.mark.django_db
def test_a_re_run_keeps_a_save_made_during_its_engine_call(
    fake_engine: object, translator: User, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finding 2: the re-run wrote human segments' checks with no version condition."""
    from newsapp.mt import registry

    _article, [translation] = _article_with("es")
    _translate(translation)
    first, second, *_ = translation.segments.order_by("order")
    editing.segment_save(segment_id=second.pk, user=translator, text="Hola.", version=1)
    concept = term_services.concept_propose(
        user=editor, terms=[TermData(language="en", text="North Korea"),
                            TermData(language="es", text="Corea del Norte")],
    )  # fmt: skip
    for term in concept.terms.all():
        review.term_approve(user=editor, term=term)

    def translator_saves() -> None:
        editing.segment_save(
            segment_id=second.pk, user=translator, text="Corea del Norte dijo.", version=2
        )

    _SavingEngine.during = translator_saves
    monkeypatch.setattr(registry, "get_engine", lambda name: _SavingEngine())
    reenforce.translation_reenforce(translation_id=translation.pk)
    second.refresh_from_db()
    assert second.version == 3
    assert second.target_text == "Corea del Norte dijo."
    assert second.term_checks == editing._checks(second, second.target_text).term_checks
    first.refresh_from_db()
    # The machine sentence was re-translated as a new version with its revision.
    assert first.version == 2
    assert list(first.revisions.values_list("version", "kind")) == [
        (2, "enforcement"), (1, "machine"),
    ]  # fmt: skip


# --- Finding 5: an edit cannot commit just after an approval (real threads) -----------------------


@pytest.mark.django_db(transaction=True)
def test_an_edit_racing_an_approval_is_refused(
    fake_engine: object, translator: User, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    article, [translation] = _article_with("ko")
    _translate(translation)
    article.refresh_from_db()
    segment = translation.segments.order_by("order").first()
    assert segment is not None
    approving = threading.Event()
    real_violations = workflow.article_violations

    def slow_violations(*, article: Article) -> Any:
        approving.set()  # the approval holds the article lock now
        time.sleep(0.5)
        return real_violations(article=article)

    monkeypatch.setattr(workflow, "article_violations", slow_violations)
    outcome: dict[str, Any] = {}

    def approve() -> None:
        try:
            workflow.article_approve(article=article, user=editor)
            outcome["approved"] = timezone.now()
        finally:
            connection.close()

    def edit() -> None:
        approving.wait(5)
        try:
            editing.segment_save(segment_id=segment.pk, user=translator, text="늦은 편집.",
                                 version=1)  # fmt: skip
            outcome["edit"] = "saved"
        except ServiceError as exc:
            outcome["edit"] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve), threading.Thread(target=edit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    close_old_connections()
    assert "approved" in outcome
    assert "approved" in outcome["edit"]  # refused, not saved after the approval
    segment.refresh_from_db()
    assert segment.version == 1


# --- Finding 7: one retry budget; the sweeper waits for a scheduled retry ------------------------


def test_task_retries_derive_from_the_attempt_cap(settings: Any) -> None:
    assert translation_run_task.max_retries == settings.TRANSLATION_MAX_ATTEMPTS - 1


@pytest.mark.django_db
def test_the_sweeper_does_not_publish_a_scheduled_retry_early(
    fake_engine: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from newsapp.mt.base import MTTransientError

    settings.TRANSLATION_QUEUED_GRACE_SECONDS = 60
    published: list[int] = []

    def record(*, translation_id: int) -> bool:
        published.append(translation_id)
        return True

    monkeypatch.setattr(pipeline, "translation_enqueue", record)
    translation = TranslationFactory(enqueued_at=timezone.now() - timedelta(hours=1))
    fake_engine.fail_with = MTTransientError("busy")
    outcome = pipeline.translation_run(translation_id=translation.pk, worker="w")
    assert outcome.retry_in is not None
    pipeline.translations_sweep()
    assert published == []  # the worker holds the retry (its countdown); do not skip it
    Translation.objects.filter(pk=translation.pk).update(
        retry_at=timezone.now() - timedelta(minutes=5)
    )
    pipeline.translations_sweep()
    assert published == [translation.pk]  # the retry was lost (its worker died): recover


# --- Finding 9: a clean memory ----------------------------------------------------------------


@pytest.mark.django_db
def test_only_clean_confirmations_enter_memory_with_provenance(
    fake_engine: object, translator: User, editor: User
) -> None:
    article, [translation] = _article_with("es")
    _translate(translation)
    first, second, *_ = translation.segments.order_by("order")
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData(language="en", text="North Korea"),
               TermData(language="es", text="Corea del Norte")],
    )  # fmt: skip
    # A confirmation that misses an approved term stays out of memory.
    flagged = editing.segment_save(
        segment_id=first.pk, user=translator, text="Estados Unidos instó a Pyongyang.",
        version=1, confirm=True,
    )  # fmt: skip
    assert flagged.flagged
    assert not TMEntry.objects.exists()
    clean = editing.segment_save(
        segment_id=second.pk, user=translator, text="Dijo Kirby.", version=1, confirm=True
    )
    assert not clean.flagged
    entry = TMEntry.objects.get()
    assert (entry.source_text, entry.target_text) == (second.source, "Dijo Kirby.")
    assert (entry.article_id, entry.created_by, entry.origin) == (
        article.pk, translator, TMEntry.Origin.CONFIRMED
    )  # fmt: skip
    change = TMEntryChange.objects.get()
    assert (change.action, change.user, change.target_after) == ("confirmed", translator,
                                                                 "Dijo Kirby.")  # fmt: skip


@pytest.mark.django_db
def test_memory_filled_sentences_say_memory(fake_engine: object, translator: User) -> None:
    from newsapp.memory.services import memory_record

    article, [translation] = _article_with("ko")
    memory_record(source_text=article.source_text.split("\n\n")[0].split(". ")[0] + ".",
                  target_text="미국은 촉구했다.", source_language="en", target_language="ko",
                  user=translator, article_id=None)  # fmt: skip
    _translate(translation)
    first = translation.segments.get(order=0)
    assert (first.origin, first.state_label) == ("tm", "Memory")
    assert translation.segments.get(order=1).state_label == "Machine"


@pytest.mark.django_db
def test_editors_edit_and_delete_memory_entries_and_every_change_is_recorded(
    translator: User, editor: User, translator_client: Any, editor_client: Any
) -> None:
    from django.urls import reverse

    from newsapp.memory.services import memory_record

    entry = memory_record(source_text="It should use it.", target_text="써야 한다.",
                          source_language="en", target_language="ko", user=translator,
                          article_id=None)  # fmt: skip
    url = reverse("memory:entry", args=[entry.pk])
    assert translator_client.post(url, {"target_text": "x"}).status_code == 403
    assert editor_client.post(url, {"target_text": "그것을 써야 한다."}).status_code == 302
    entry.refresh_from_db()
    assert entry.target_text == "그것을 써야 한다."
    page = editor_client.get(url).content.decode()
    assert "Edited on the memory page" in page
    delete = reverse("memory:entry-delete", args=[entry.pk])
    assert translator_client.post(delete).status_code == 403
    assert editor_client.post(delete).status_code == 302
    assert not TMEntry.objects.exists()
    actions = list(TMEntryChange.objects.order_by("id").values_list("action", "user__username"))
    assert actions == [
        ("confirmed", translator.username), ("edited", editor.username),
        ("deleted", editor.username),
    ]  # fmt: skip


def test_violations_name_the_unfinished_translation() -> None:
    row = editor_selectors.TranslationViolations(
        translation=Translation(target_language="ja", status=Status.RUNNING),
        flagged_segments=0, missed=0, forbidden=0,
    )  # fmt: skip
    assert editor_selectors.Violations([row]).unfinished == (
        "The ja translation is still running; wait for it to finish."
    )
    assert (
        editor_selectors.Violations([]).unfinished == "The article has no translation to approve."
    )
