"""Term candidates after intake: extraction, suggestions and their origins, the task, intake."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.contrib.auth.models import User

from glossary.candidates import extract as extract_english
from glossary.models import CandidateScan, CandidateSuggestion, TermCandidate
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services import candidates, intake
from newsapp.articles.services.candidates import align, article_candidates_extract, locate
from newsapp.articles.tasks import candidates_extract_task
from newsapp.mt import registry
from newsapp.mt.base import MTPermanentError, MTTransientError
from tests.factories import ArticleFactory, TranslationFactory
from tests.glossary_factories import concept_with_terms
from tests.memory.samples import record

#: The browser test's story (its sentences are in the phrasebook, tests/e2e/engines.py).
STORY = (
    "Lloyd Austin visited Camp Humphreys on Monday. Austin said the alliance was strong. "
    "Officials in Seoul welcomed the visit."
)

# --- Finding the rendering in a sentence (pure) ----------------------------------------------


@pytest.mark.parametrize(
    ("output", "masked", "placeholder", "alone", "target", "expected"),
    [
        # the alone rendering, as a word (Korean: with its particle)
        ("로이드 오스틴은 떠났다.", "⟦1⟧는 떠났다.", "⟦1⟧", "로이드 오스틴", "ko", "로이드 오스틴"),
        # not there: aligned with the masked output; the particle is stripped
        ("오스틴 장관은 떠났다.", "⟦1⟧는 떠났다.", "⟦1⟧", "로이드 오스틴", "ko", "오스틴 장관"),
        ("북한은 화요일에 발사했다.", "⟦1⟧는 화요일에 발사했다.", "⟦1⟧", "평양", "ko", "북한"),
        ("한국은행은 금리를 올렸다.", "⟦1⟧는 금리를 올렸다.", "⟦1⟧", "", "ko", "한국은행"),
        # Spanish through Apertium's placeholder
        ("El Consejo de Seguridad se reunió.", "El [X1X] se reunió.", "[X1X]",
         "Consejo De Seguridad", "es", "Consejo de Seguridad"),
        ("Lloyd Austin visitó Campamento Humphreys el lunes.",
         "Lloyd Austin visitó [X1X] el lunes.", "[X1X]", "", "es", "Campamento Humphreys"),
        # the placeholder was lost: the words closest to the alone rendering
        ("커어비 대변인은 말했다.", "대변인은 말했다.", "⟦1⟧", "커비", "ko", "커어비"),
        # nothing close enough: not found
        ("[ko] Kirby said.", "[ko] ⟦1⟧ ⟦1⟧ said.", "⟦1⟧", "커비", "ko", None),
    ],
)  # fmt: skip
def test_align_finds_the_rendering_in_the_sentence(
    output: str, masked: str, placeholder: str, alone: str, target: str, expected: str | None
) -> None:
    assert align(output, masked, placeholder, alone, target) == expected


def test_locate_prefers_the_written_form_then_the_closest_words() -> None:
    assert locate("존 커비는 말했다", "존 커비", "ko") == "존 커비"
    assert locate("존 커어비는 말했다", "존 커비", "ko") == "존 커어비"
    assert locate("대통령은 말했다", "존 커비", "ko") is None


# --- The orchestration, with the phrasebook engine (en→ko) -------------------------------------


@pytest.fixture
def phrasebook(settings: Any) -> Iterator[None]:
    settings.MT_ENGINES = ["phrasebook"]
    registry.reset()
    yield
    registry.reset()


def _article(
    text: str = STORY, *, engine: str = "phrasebook", targets: Sequence[str] = ("ko",)
) -> Article:
    article = ArticleFactory(source_text=text, title="Austin visits")
    for target in targets:
        TranslationFactory(article=article, target_language=target, engine=engine)
    return article


def _suggestions(text: str, language: str = "ko") -> list[tuple[str, str]]:
    rows = CandidateSuggestion.objects.filter(candidate__text=text, language=language)
    return sorted(rows.values_list("origin", "text"))


@pytest.mark.django_db
def test_extraction_records_candidates_with_engine_suggestions(phrasebook: None) -> None:
    concept_with_terms(("en", "Seoul"), ("ko", "서울"))
    article = _article()
    report = article_candidates_extract(article_id=article.pk)
    assert report is not None
    assert (report.found, report.recorded) == (2, 2)
    rows = {c.text: c for c in TermCandidate.objects.all()}
    assert set(rows) == {"Lloyd Austin", "Camp Humphreys"}  # Seoul is in the glossary
    assert rows["Lloyd Austin"].short_forms == ["Austin"]
    occurrence = rows["Lloyd Austin"].occurrences.get()
    assert (occurrence.source_id, occurrence.source_title) == (article.pk, "Austin visits")
    assert occurrence.source_url == f"/{article.pk}/"
    assert _suggestions("Lloyd Austin") == [
        ("engine", "로이드 오스틴"),
        ("sentence", "오스틴 장관"),  # found by aligning with the masked sentence
    ]
    assert _suggestions("Camp Humphreys") == [("engine", "캠프 험프리스"),
                                              ("sentence", "캠프 험프리스")]  # fmt: skip
    assert CandidateScan.objects.get(source_id=article.pk).found == 2


@pytest.mark.django_db
def test_a_second_run_adds_nothing(phrasebook: None) -> None:
    article = _article()
    first = article_candidates_extract(article_id=article.pk)
    again = article_candidates_extract(article_id=article.pk)
    assert first is not None
    assert again is not None
    assert first.suggestions > 0
    assert again.suggestions == 0
    assert TermCandidate.objects.get(text="Lloyd Austin").mentions == 2


class _Scripted:
    """An engine answering from a table (for outputs the phrasebook does not give)."""

    name = "scripted"
    placeholder_format = "⟦{n}⟧"

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def translate_batch(self, sentences: Sequence[str], *args: object, **kw: object) -> list[str]:
        return [self.table[sentence] for sentence in sentences]


@pytest.mark.django_db
def test_in_sentence_when_the_rendering_cannot_be_found(monkeypatch: pytest.MonkeyPatch) -> None:
    # The engine paraphrases the name away and drops the placeholder: nothing in the output
    # is the name, so the suggestion says so, with the whole output.
    table = {
        "Lloyd Austin": "로이드 오스틴",
        "Lloyd Austin visited Camp Humphreys on Monday.": "그는 월요일에 기지를 방문했다.",
        "⟦1⟧ visited Camp Humphreys on Monday.": "그는 월요일에 기지를 방문했다.",
    }
    monkeypatch.setattr(registry, "get_engine", lambda name: _Scripted(table))
    article = _article("Lloyd Austin visited Camp Humphreys on Monday.", engine="scripted")
    monkeypatch.setattr(candidates, "extract", lambda *a, **k: [
        c for c in extract_english(*a, **k) if c.text == "Lloyd Austin"
    ])  # fmt: skip
    article_candidates_extract(article_id=article.pk)
    assert _suggestions("Lloyd Austin") == [("engine", "로이드 오스틴"), ("sentence", "")]
    sentence = CandidateSuggestion.objects.get(candidate__text="Lloyd Austin", origin="sentence")
    assert sentence.detail == "in sentence: 그는 월요일에 기지를 방문했다."


@pytest.mark.django_db
def test_memory_and_confirmed_translations_are_suggested(
    phrasebook: None, translator: User
) -> None:
    record("Lloyd Austin", "로이드 J. 오스틴")  # a memory entry for the name itself
    record(
        "Camp Humphreys is the largest US base abroad.", "캠프 험프리스는 해외 최대 미군 기지다."
    )
    earlier = ArticleFactory(title="Earlier visit")
    translation = TranslationFactory(article=earlier, target_language="ko", engine="phrasebook")
    Segment.objects.create(
        translation=translation,
        order=0,
        paragraph_index=0,
        state=Segment.State.CONFIRMED,
        source="Lloyd Austin arrived in Tokyo.",
        target_text="로이드 오스틴 장관이 도쿄에 도착했다.",
    )
    article = _article()
    article_candidates_extract(article_id=article.pk)
    assert ("memory", "로이드 J. 오스틴") in _suggestions("Lloyd Austin")
    confirmed = CandidateSuggestion.objects.get(candidate__text="Lloyd Austin", origin="confirmed")
    assert confirmed.text == "로이드 오스틴"
    assert confirmed.detail == "used in 1 confirmed sentence (Earlier visit)"
    assert ("memory", "캠프 험프리스") in _suggestions("Camp Humphreys")
    # Camp Humphreys is no person or place by its kind: no look-up in confirmed translations.
    assert not CandidateSuggestion.objects.filter(candidate__text="Camp Humphreys",
                                                  origin="confirmed").exists()  # fmt: skip


class _Failing:
    name = "failing"
    placeholder_format = "⟦{n}⟧"

    def __init__(self, error: Exception) -> None:
        self.error = error

    def translate_batch(self, *args: object, **kwargs: object) -> list[str]:
        raise self.error


@pytest.mark.django_db
def test_a_transient_engine_error_propagates_for_the_task_to_retry(
    phrasebook: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "get_engine", lambda name: _Failing(MTTransientError("busy")))
    article = _article()
    with pytest.raises(MTTransientError):
        article_candidates_extract(article_id=article.pk)


@pytest.mark.django_db
def test_a_permanent_engine_error_skips_the_engine_only(
    phrasebook: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "get_engine", lambda name: _Failing(MTPermanentError("broken")))
    record("Lloyd Austin", "로이드 오스틴")
    article = _article()
    report = article_candidates_extract(article_id=article.pk)
    assert report is not None
    assert report.skipped == {"ko": "broken"}
    assert _suggestions("Lloyd Austin") == [("memory", "로이드 오스틴")]


@pytest.mark.django_db
def test_the_task_calls_the_service_and_tolerates_a_deleted_article(phrasebook: None) -> None:
    article = _article()
    concept_with_terms(("en", "Seoul"), ("ko", "서울"))
    assert candidates_extract_task.run(article.pk) == {"found": 2, "recorded": 2, "suggestions": 4}
    assert candidates_extract_task.run(987654) == {"found": 0, "recorded": 0, "suggestions": 0}


# --- Intake publishes the extraction after commit ----------------------------------------------


@pytest.mark.django_db
def test_intake_publishes_the_extraction_after_commit(
    translator: User, fake_engine: object, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    published: list[tuple[str, tuple[object, ...]]] = []

    def publish(name: str, *args: object) -> bool:
        published.append((name, args))
        return True

    monkeypatch.setattr(candidates.queue, "publish", publish)  # the one newsapp.queue module
    with django_capture_on_commit_callbacks(execute=True):
        article = intake.article_create(author=translator, title="", text=STORY,
                                        source_language="en", target_languages=["ko"])  # fmt: skip
        assert published == []  # nothing before the commit
    assert (candidates.EXTRACT_TASK, (article.pk,)) in published


@pytest.mark.django_db
def test_intake_succeeds_when_publishing_the_extraction_fails(
    translator: User, fake_engine: object, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    def publish(name: str, *args: object) -> bool:
        if name == candidates.EXTRACT_TASK:
            raise RuntimeError("broker exploded")
        return True

    monkeypatch.setattr(candidates.queue, "publish", publish)
    with django_capture_on_commit_callbacks(execute=True):
        article = intake.article_create(author=translator, title="", text=STORY,
                                        source_language="en", target_languages=["ko"])  # fmt: skip
    assert Article.objects.filter(pk=article.pk).exists()
    assert Translation.objects.get(article=article).enqueued_at is not None
