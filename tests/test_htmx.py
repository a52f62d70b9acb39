"""htmx correctness: a URL that answers a page or a fragment says so with Vary: HX-Request."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from newsapp.articles.models import Translation
from newsapp.articles.services import pipeline
from tests.factories import TranslationFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def done(fake_engine: object) -> Translation:
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    return translation


def _vary(response: object) -> set[str]:
    header = response.get("Vary", "")  # type: ignore[attr-defined]
    return {part.strip() for part in header.split(",") if part.strip()}


@pytest.mark.parametrize("htmx", [False, True])
def test_fragment_urls_vary_on_hx_request(
    done: Translation, translator_client: Client, htmx: bool
) -> None:
    segment = done.segments.first()
    assert segment is not None
    headers = HTMX if htmx else {}
    for url in (
        reverse("editor:row", args=[segment.pk]),
        reverse("editor:edit", args=[segment.pk]),
        reverse("editor:history", args=[segment.pk]),
        reverse("editor:approval", args=[done.article_id]),
    ):
        response = translator_client.get(url, **headers)
        assert "HX-Request" in _vary(response), url


def test_a_page_that_never_branches_does_not_vary(translator_client: Client) -> None:
    response = translator_client.get(reverse("articles:list"))
    assert response.status_code == 200
    assert "HX-Request" not in _vary(response)


def test_an_active_card_polls_without_eval_and_a_finished_one_stops(
    fake_engine: object, translator_client: Client
) -> None:
    queued = TranslationFactory()
    body = translator_client.get(reverse("articles:detail", args=[queued.article_id])).content
    assert b'data-poll hx-get="' in body
    assert b'hx-trigger="poll"' in body
    assert b"every 1s" not in body  # the interval lives in poll.js, which backs off when hidden
    pipeline.translation_run(translation_id=queued.pk, worker="w")
    card = translator_client.get(reverse("articles:progress", args=[queued.pk]), **HTMX).content
    assert b"data-poll" not in card
