"""New translations reuse exact translation-memory matches instead of calling the engine."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from newsapp.articles.models import SegmentRevision
from newsapp.articles.services import pipeline
from newsapp.memory.services import memory_record
from tests.factories import TranslationFactory
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.django_db

FIRST = "The United States on Tuesday urged North Korea to cease its provocations."


def test_exact_match_skips_the_engine_and_is_marked(fake_engine, translator: User) -> None:  # type: ignore[no-untyped-def]
    memory_record(
        source_text="The United States on Tuesday  urged North Korea to cease its provocations. ",
        target_text="미국은 화요일 북한에 도발 중단을 촉구했다.",
        source_language="en",
        target_language="ko",
        user=translator,
        article_id=None,
    )
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    sent = [sentence for call in fake_engine.calls for sentence in call[0]]
    assert FIRST not in sent
    assert len(sent) == 5
    first = translation.segments.get(order=0)
    assert first.target_text == "미국은 화요일 북한에 도발 중단을 촉구했다."
    assert first.origin == "tm"
    assert first.revisions.get().kind == SegmentRevision.Kind.MEMORY
    assert set(translation.segments.exclude(order=0).values_list("origin", flat=True)) == {"mt"}


def test_memory_text_is_still_checked_against_the_glossary(fake_engine, translator: User) -> None:  # type: ignore[no-untyped-def]
    concept_with_terms(("en", "North Korea"), ("ko", "북한"))
    memory_record(
        source_text=FIRST,
        target_text="미국은 화요일 조선에 도발 중단을 촉구했다.",
        source_language="en",
        target_language="ko",
        user=translator,
        article_id=None,
    )
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    first = translation.segments.get(order=0)
    assert first.flagged
    assert first.term_checks["reasons"] == ["Missed term: 북한 (for “North Korea”)"]
