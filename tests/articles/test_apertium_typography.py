"""The tidied Apertium text is what a translation stores as its machine text, glossary terms
restored into it (tests/mt/test_typography.py has the rules)."""

from __future__ import annotations

import os
import shutil

import pytest

from newsapp.articles.services import pipeline
from newsapp.mt import registry
from tests.factories import ArticleFactory, TranslationFactory
from tests.glossary_factories import concept_with_terms

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("apertium") is None and os.environ.get("CI") != "true",
        reason="apertium is not installed",
    ),
]


def test_machine_text_is_tidy_with_terms_restored(settings: object) -> None:
    settings.MT_ENGINES = ["apertium"]  # type: ignore[attr-defined]
    registry.reset()
    concept_with_terms(("en", "John Kirby"), ("es", "John Kirby"))
    article = ArticleFactory(
        source_text='John Kirby visited Seoul. "Hello," she said. The price rose ( a record ).'
    )
    translation = TranslationFactory(article=article, target_language="es", engine="apertium")
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.refresh_from_db()
    assert translation.status == "done", translation.error
    assert [s.machine_text for s in translation.segments.order_by("order")] == [
        "John Kirby visitó Seúl.",  # Apertium: "[X1X] Visitó Seúl."
        '"Hola," dijo.',  # Apertium: '"Hola,"  dijo.'
        "La rosa de precio (un récord).",  # Apertium: "( un récord )"
    ]
    registry.reset()
