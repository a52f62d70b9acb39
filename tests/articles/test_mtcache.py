"""The MT cache: a sentence is translated once per engine, pair and applicable glossary."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import MTCacheEntry
from newsapp.articles.services import pipeline
from newsapp.mt import registry
from tests.factories import ArticleFactory, TranslationFactory
from tests.fakes import FakeEngine

pytestmark = pytest.mark.django_db

STORY = (
    "Pyongyang fired a missile on Tuesday. Seoul said it was a threat.\n\n"
    "Seoul said it was a threat. Officials met on Friday."
)


@pytest.fixture(autouse=True)
def cache_on(settings: Any, fake_engine: object) -> None:
    settings.MT_CACHE = True


def _translate(text: str, target: str = "es") -> list[str]:
    translation = TranslationFactory(
        article=ArticleFactory(source_text=text), target_language=target
    )
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    return list(translation.segments.order_by("order").values_list("target_text", flat=True))


def _sent() -> list[str]:
    return [sentence for call in FakeEngine.calls for sentence in call[0]]


def test_repeats_within_and_across_articles_are_translated_once() -> None:
    first = _translate(STORY)
    # "Seoul said it was a threat." twice in the article: one engine sentence for both.
    assert _sent().count("Seoul said it was a threat.") == 1
    assert first[1] == first[2] == "[es] Seoul said it was a threat."
    calls = len(_sent())
    again = _translate(STORY)
    assert again == first
    assert len(_sent()) == calls  # the second article cost no engine call
    assert MTCacheEntry.objects.filter(hits__gte=1).count() == 3


def test_a_glossary_change_invalidates_exactly_the_sentences_it_affects(editor: User) -> None:
    _translate(STORY)
    FakeEngine.calls = []
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData(language="en", text="Pyongyang"), TermData(language="es", text="Pionyang")],
    )  # fmt: skip
    output = _translate(STORY)
    assert "Pionyang" in output[0]
    # Only the sentence with the new term went to the engine (masked); the rest hit the cache.
    assert _sent() == ["⟦1⟧ fired a missile on Tuesday."]


def test_another_package_or_setting_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    _translate(STORY)
    FakeEngine.calls = []
    monkeypatch.setattr(registry, "fingerprint", lambda engine, s, t: "fake:package-v2")
    _translate(STORY)
    assert len(_sent()) == 3  # the three distinct sentences, again


def test_off_means_off(settings: Any) -> None:
    settings.MT_CACHE = False
    _translate(STORY)
    _translate(STORY)
    assert not MTCacheEntry.objects.exists()
    assert _sent().count("Seoul said it was a threat.") == 2  # still once per article
