"""A real Celery worker process and a real Redis: submit through the web form, wait for done."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from newsapp.articles.models import Article, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.mt import registry
from tests.factories import STORY, STORY_PARAGRAPHS, STORY_SENTENCES
from tests.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_form_to_done_through_a_real_worker(
    redis_server: object,
    make_worker,
    argos_engine: None,
    translator_client: Client,  # type: ignore[no-untyped-def]
) -> None:
    worker = make_worker("integration", MT_ENGINES="argos")
    response = translator_client.post(
        reverse("articles:create"),
        {"title": "Pentagon briefing", "text": STORY, "source_language": "en",
         "target_languages": ["ko", "ja"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    started = time.monotonic()

    def finished() -> bool:
        statuses = set(article.translations.values_list("status", flat=True))
        return statuses <= {Translation.Status.DONE, Translation.Status.FAILED}

    try:
        wait_for(finished, timeout=90, interval=0.3, what="translations to finish")
    except TimeoutError:
        pytest.fail(f"worker log:\n{worker.log.read_text()[-3000:]}")
    for translation in article.translations.all():
        assert translation.status == Translation.Status.DONE, translation.error
        assert translation.engine == "argos"
        # The title is the headline, its own segment and paragraph before the body's.
        assert translation.segments.count() == STORY_SENTENCES + 1
        assert translation.segments_done == STORY_SENTENCES + 1
        text = selectors.translation_text(translation=translation)
        assert len([p for p in text.split("\n\n") if p.strip()]) == STORY_PARAGRAPHS + 1
    print(
        f"\n2 translations x {STORY_SENTENCES} sentences done in {time.monotonic() - started:.1f}s"
    )
    registry.reset()
