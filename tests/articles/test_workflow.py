"""The article workflow: translating → in review → approved, the glossary gate and its override."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services import editing, pipeline, workflow
from newsapp.core.errors import ServiceError
from tests.factories import ArticleFactory, TranslationFactory
from tests.glossary_factories import concept_with_terms

# The editor URLs (namespace "editor"), added by test_editing until the root URLconf has them.
pytestmark = pytest.mark.django_db

Status = Article.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def article(fake_engine: object) -> Article:
    """An article whose one translation has finished: in review, no glossary problems."""
    translation = TranslationFactory(article=ArticleFactory(status=Status.TRANSLATING))
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.article.refresh_from_db()
    assert translation.article.status == Status.IN_REVIEW
    return translation.article


@pytest.fixture
def flagged_article(fake_engine: object, translator: User) -> Article:
    """In review, with a sentence that misses the approved rendering of "Pyongyang"."""
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"))
    translation = TranslationFactory(article=ArticleFactory(status=Status.TRANSLATING))
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    segment = translation.segments.get(order=1)
    editing.segment_save(segment_id=segment.pk, user=translator, text="북한의 발사.", version=1)
    translation.article.refresh_from_db()
    return translation.article


def test_a_finished_translation_moves_the_article_to_review(fake_engine: object) -> None:
    translation = TranslationFactory(article=ArticleFactory(status=Status.TRANSLATING))
    second = TranslationFactory(article=translation.article, target_language="ja")
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.article.refresh_from_db()
    assert translation.article.status == Status.TRANSLATING  # ja is still queued
    pipeline.translation_run(translation_id=second.pk, worker="w")
    translation.article.refresh_from_db()
    assert translation.article.status == Status.IN_REVIEW


def test_editor_approves_a_clean_article(article: Article, editor: User) -> None:
    workflow.article_approve(article=article, user=editor, override_reason="   ")
    article.refresh_from_db()
    assert (article.status, article.approved_by, article.approval_override_reason) == (
        Status.APPROVED,
        editor,
        "",
    )
    assert article.approved_at is not None


def test_translators_cannot_approve(article: Article, translator: User) -> None:
    with pytest.raises(PermissionDenied):
        workflow.article_approve(article=article, user=translator, override_reason="please")
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_translator_gets_403_from_the_approve_url(
    article: Article, translator_client: Client
) -> None:
    response = translator_client.post(reverse("editor:approve", args=[article.pk]))
    assert response.status_code == 403
    response = translator_client.post(reverse("editor:send-back", args=[article.pk]))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_violations_refuse_approval_without_a_reason(
    flagged_article: Article, editor: User
) -> None:
    with pytest.raises(ServiceError, match=r"unresolved problems \(1 flagged sentence"):
        workflow.article_approve(article=flagged_article, user=editor, override_reason="  ")
    flagged_article.refresh_from_db()
    assert flagged_article.status == Status.IN_REVIEW
    assert flagged_article.approved_by is None


def test_override_with_a_reason_is_recorded(flagged_article: Article, editor: User) -> None:
    workflow.article_approve(
        article=flagged_article,
        user=editor,
        override_reason="  The source misspells the city; the desk chief agreed.  ",
    )
    flagged_article.refresh_from_db()
    assert flagged_article.status == Status.APPROVED
    assert flagged_article.approved_by == editor
    assert flagged_article.approved_at is not None
    assert flagged_article.approval_override_reason == (
        "The source misspells the city; the desk chief agreed."
    )


def test_compliance_misses_block_even_without_flagged_segments(
    article: Article, editor: User
) -> None:
    Translation.objects.filter(article=article).update(
        compliance={"expected": 2, "rendered": 1, "missed": 1, "forbidden": 0}
    )
    assert not Segment.objects.filter(translation__article=article, flagged=True).exists()
    with pytest.raises(ServiceError, match="1 missed or forbidden term"):
        workflow.article_approve(article=article, user=editor)


def test_fixing_the_violation_unblocks_approval(
    flagged_article: Article, editor: User, translator: User
) -> None:
    segment = Segment.objects.get(translation__article=flagged_article, flagged=True)
    editing.segment_save(
        segment_id=segment.pk, user=translator, text="평양의 발사.", version=segment.version
    )
    workflow.article_approve(article=flagged_article, user=editor)
    flagged_article.refresh_from_db()
    assert flagged_article.status == Status.APPROVED
    assert flagged_article.approval_override_reason == ""


@pytest.mark.parametrize("status", [Status.DRAFT, Status.TRANSLATING, Status.APPROVED])
def test_only_articles_in_review_can_be_approved(
    article: Article, editor: User, status: str
) -> None:
    Article.objects.filter(pk=article.pk).update(status=status)
    with pytest.raises(ServiceError, match="Only an article in review can be approved"):
        workflow.article_approve(article=article, user=editor)


def test_send_back_reopens_an_approved_article(
    flagged_article: Article, editor: User, translator: User
) -> None:
    workflow.article_approve(article=flagged_article, user=editor, override_reason="ok")
    with pytest.raises(PermissionDenied):
        workflow.article_send_back(article=flagged_article, user=translator)
    workflow.article_send_back(article=flagged_article, user=editor)
    flagged_article.refresh_from_db()
    assert (flagged_article.status, flagged_article.approved_by) == (Status.IN_REVIEW, None)
    assert (flagged_article.approved_at, flagged_article.approval_override_reason) == (None, "")
    with pytest.raises(ServiceError, match="Only an approved article"):
        workflow.article_send_back(article=flagged_article, user=editor)


# --- Views ---------------------------------------------------------------------------------------


def test_approval_panel_for_translators_has_no_form(
    flagged_article: Article, translator_client: Client
) -> None:
    response = translator_client.get(reverse("editor:approval", args=[flagged_article.pk]), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "1 flagged sentence" in body
    assert "An editor approves the article" in body
    assert 'name="override_reason"' not in body


def test_approval_panel_for_editors_asks_for_a_reason(
    flagged_article: Article, editor_client: Client
) -> None:
    url = reverse("editor:approval", args=[flagged_article.pk])
    body = editor_client.get(url).content.decode()
    assert "<html" in body  # the page, without htmx
    assert 'name="override_reason"' in body
    assert "Approve anyway" in body


def test_approve_through_the_view(flagged_article: Article, editor_client: Client) -> None:
    url = reverse("editor:approve", args=[flagged_article.pk])
    refused = editor_client.post(url, {"override_reason": ""}, **HTMX)
    assert refused.status_code == 200
    assert "unresolved problems" in refused.content.decode()
    flagged_article.refresh_from_db()
    assert flagged_article.status == Status.IN_REVIEW

    approved = editor_client.post(url, {"override_reason": "Agreed with the desk."}, **HTMX)
    body = approved.content.decode()
    assert "Approved by eddie" in body
    assert "Agreed with the desk." in body
    assert "Send back to review" in body
    flagged_article.refresh_from_db()
    assert flagged_article.status == Status.APPROVED

    back = editor_client.post(reverse("editor:send-back", args=[flagged_article.pk]))
    assert back.status_code == 302
    assert back["Location"] == reverse("articles:detail", args=[flagged_article.pk])
    flagged_article.refresh_from_db()
    assert flagged_article.status == Status.IN_REVIEW


def test_approve_without_htmx_redirects(article: Article, editor_client: Client) -> None:
    response = editor_client.post(reverse("editor:approve", args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:detail", args=[article.pk])
    article.refresh_from_db()
    assert article.status == Status.APPROVED


def test_approve_fragment_loads_the_panel(article: Article) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("articles/_approve.html", {"article": article})
    url = reverse("editor:approval", args=[article.pk])
    assert f'hx-get="{url}"' in html
    assert 'hx-trigger="load"' in html
    assert f'href="{url}"' in html
