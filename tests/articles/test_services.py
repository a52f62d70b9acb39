from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from glossary.checking import SegmentReport
from glossary.enforcement import Rendered
from newsapp.articles.models import Segment, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import intake, pipeline, translate_now, workflow
from newsapp.core import errors
from newsapp.mt.base import MTPermanentError, MTTransientError
from tests.factories import STORY, STORY_SENTENCES, TranslationFactory

pytestmark = pytest.mark.django_db
Status = Translation.Status


@pytest.fixture(autouse=True)
def published(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record wake-ups instead of publishing them (these tests call the service directly)."""
    published: list[int] = []

    def record(*, translation_id: int) -> bool:
        published.append(translation_id)
        return True

    for module in (intake, pipeline, workflow):  # every module that publishes wake-ups
        monkeypatch.setattr(module, "translation_enqueue", record)
    return published


def run(translation: Translation, worker: str = "w1") -> pipeline.RunOutcome:
    return pipeline.translation_run(translation_id=translation.pk, worker=worker)


def test_create_queues_one_translation_per_target(
    translator: User,
    fake_engine: object,
    django_capture_on_commit_callbacks: object,
    published: list[int],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        article = intake.article_create(
            author=translator, title="", text=STORY, source_language="en",
            target_languages=["ko", "ja", "ko"],
        )  # fmt: skip
    translations = list(article.translations.all())
    assert [t.target_language for t in translations] == ["ja", "ko"]
    assert {t.engine for t in translations} == {"fake"}
    assert sorted(published) == sorted(t.pk for t in translations)
    assert article.title.startswith("The United States on Tuesday")


@pytest.mark.parametrize(
    ("text", "source", "targets", "message"),
    [
        ("   ", "en", ["ko"], "empty"),
        ("x" * 101, "en", ["ko"], "limit is 100"),
        ("Hello.", "en", ["en"], "different from the source"),
        ("Hello.", "en", ["de"], "No installed engine translates en→de"),
    ],
)
def test_create_refusals(
    translator: User, fake_engine: object, settings: object, text: str, source: str,
    targets: list[str], message: str,
) -> None:  # fmt: skip
    settings.ARTICLE_MAX_CHARS = 100  # type: ignore[attr-defined]
    with pytest.raises(errors.ServiceError, match=message):
        intake.article_create(
            author=translator,
            title="t",
            text=text,
            source_language=source,
            target_languages=targets,
        )


def test_detects_source_language(translator: User, fake_engine: object) -> None:
    article = intake.article_create(
        author=translator, title="t", text=STORY, source_language="detect", target_languages=["ko"]
    )
    assert article.source_language == "en"


def test_run_translates_every_sentence_and_keeps_paragraphs(fake_engine: object) -> None:
    translation = TranslationFactory()
    outcome = run(translation)
    translation.refresh_from_db()
    assert outcome.status == Status.DONE
    assert (translation.status, translation.segments_done, translation.segments_total) == (
        Status.DONE, STORY_SENTENCES, STORY_SENTENCES)  # fmt: skip
    assert translation.attempts == 1
    assert translation.lease_owner == ""
    text = selectors.translation_text(translation=translation)
    assert text.count("\n\n") == 2
    assert text.startswith("[ko] The United States on Tuesday urged North Korea")


def test_rerun_does_not_duplicate_segments(fake_engine: object) -> None:
    translation = TranslationFactory()
    run(translation)
    first = list(translation.segments.values_list("order", "target_text"))
    Translation.objects.filter(pk=translation.pk).update(status=Status.QUEUED)
    run(translation)
    assert list(translation.segments.values_list("order", "target_text")) == first


def test_resume_after_crash_translates_only_pending(fake_engine: object, settings: object) -> None:
    settings.TRANSLATION_BATCH_SEGMENTS = 2  # type: ignore[attr-defined]
    translation = TranslationFactory()
    calls = 0

    def crash_after_first_batch(engine, tr, segments):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt  # the worker dies mid-run
        return [Rendered(f"T{s.order}", SegmentReport()) for s in segments]

    with pytest.raises(KeyboardInterrupt):
        pipeline.translation_run(
            translation_id=translation.pk, worker="w1", translate=crash_after_first_batch
        )
    translation.refresh_from_db()
    assert (translation.status, translation.segments_done) == (Status.QUEUED, 2)
    outcome = run(translation, "w2")
    assert outcome.translated == STORY_SENTENCES - 2
    assert translation.segments.count() == STORY_SENTENCES
    assert list(translation.segments.values_list("target_text", flat=True)[:2]) == ["T0", "T1"]


def test_two_workers_racing_only_one_claims(fake_engine: object) -> None:
    translation = TranslationFactory()
    first = workflow.translation_claim(translation_id=translation.pk, worker="a")
    second = workflow.translation_claim(translation_id=translation.pk, worker="b")
    assert first is not None
    assert second is None
    assert run(translation, "b").claimed is False
    translation.refresh_from_db()
    assert translation.lease_owner == "a"


def test_expired_lease_can_be_taken_over(fake_engine: object) -> None:
    translation = TranslationFactory()
    workflow.translation_claim(translation_id=translation.pk, worker="dead")
    Translation.objects.filter(pk=translation.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    taken = workflow.translation_claim(translation_id=translation.pk, worker="alive")
    assert taken is not None
    assert (taken.lease_owner, taken.attempts) == ("alive", 2)  # the takeover counts
    Translation.objects.filter(pk=translation.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert run(translation, "third").status == Status.DONE


def test_attempt_cap_fails_with_reason(fake_engine: object, settings: object) -> None:
    settings.TRANSLATION_MAX_ATTEMPTS = 2  # type: ignore[attr-defined]
    translation = TranslationFactory(attempts=2)
    assert run(translation).claimed is False
    translation.refresh_from_db()
    assert translation.status == Status.FAILED
    assert "Stopped after 2 attempts" in translation.error


def test_permanent_engine_error_fails_readably(fake_engine) -> None:  # type: ignore[no-untyped-def]
    fake_engine.fail_with = MTPermanentError("The package is broken.")
    translation = TranslationFactory()
    assert run(translation).status == Status.FAILED
    translation.refresh_from_db()
    assert translation.error == "The package is broken."


def test_transient_error_hands_work_back(fake_engine) -> None:  # type: ignore[no-untyped-def]
    fake_engine.fail_with = MTTransientError("busy")
    translation = TranslationFactory()
    outcome = run(translation)
    assert outcome.status == Status.QUEUED
    assert outcome.retry_in is not None
    assert isinstance(outcome.error, MTTransientError)
    translation.refresh_from_db()
    assert (translation.status, translation.lease_owner) == (Status.QUEUED, "")
    # The back-off is recorded, so the sweeper does not publish an earlier wake-up.
    assert translation.retry_at is not None
    assert translation.retry_at > timezone.now()


def test_repeated_transient_errors_fail_with_the_last_error(fake_engine, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSLATION_MAX_ATTEMPTS = 2
    fake_engine.fail_with = MTTransientError("The engine is busy.")
    translation = TranslationFactory()
    for _ in range(2):
        assert run(translation).retry_in is not None
    translation.refresh_from_db()
    assert (translation.status, translation.error) == (Status.QUEUED, "The engine is busy.")
    assert run(translation).claimed is False
    translation.refresh_from_db()
    assert translation.status == Status.FAILED
    assert translation.error == "Stopped after 2 attempts. Last error: The engine is busy."


def test_cancel_stops_at_next_batch(fake_engine: object, settings: object) -> None:
    settings.TRANSLATION_BATCH_SEGMENTS = 2  # type: ignore[attr-defined]
    translation = TranslationFactory()

    def cancel_during_first_batch(engine, tr, segments):  # type: ignore[no-untyped-def]
        workflow.translation_cancel(translation=tr)
        return [Rendered(s.source, SegmentReport()) for s in segments]

    outcome = pipeline.translation_run(
        translation_id=translation.pk, worker="w", translate=cancel_during_first_batch
    )
    translation.refresh_from_db()
    assert outcome.status == Status.CANCELLED
    assert translation.status == Status.CANCELLED
    assert translation.segments_done == 0
    assert not translation.segments.exclude(state=Segment.State.PENDING).exists()


def test_retry_requeues_failed(
    fake_engine: object, django_capture_on_commit_callbacks, published
) -> None:  # type: ignore[no-untyped-def]
    translation = TranslationFactory(status=Status.FAILED, attempts=3, error="x")
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow.translation_retry(translation=translation)
    translation.refresh_from_db()
    assert (translation.status, translation.attempts, translation.error) == (Status.QUEUED, 0, "")
    assert published == [translation.pk]
    assert not workflow.translation_retry(translation=translation)


def test_sweeper_recovers_lost_work(fake_engine: object, settings: object, published) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSLATION_MAX_ATTEMPTS = 3  # type: ignore[attr-defined]
    past = timezone.now() - timedelta(minutes=5)
    never_published = TranslationFactory(enqueued_at=None)
    fresh = TranslationFactory(enqueued_at=timezone.now())
    dead_worker = TranslationFactory(
        status=Status.RUNNING, lease_owner="x", lease_expires_at=past, attempts=1
    )
    exhausted = TranslationFactory(
        status=Status.RUNNING, lease_owner="x", lease_expires_at=past, attempts=3
    )
    report = pipeline.translations_sweep()
    assert (report.failed, report.requeued) == (1, 1)
    assert sorted(published) == sorted([never_published.pk, dead_worker.pk])
    assert fresh.pk not in published
    exhausted.refresh_from_db()
    assert exhausted.status == Status.FAILED


def test_translate_text_now_matches_pipeline(fake_engine: object) -> None:
    out = translate_now.translate_text_now(text=STORY, source="en", target="ko").text
    assert out.count("\n\n") == 2
    assert out.count("[ko]") == STORY_SENTENCES
