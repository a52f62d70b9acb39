from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from newsapp.articles.models import Article, Translation
from newsapp.articles.services import intake, pipeline
from tests.factories import STORY, TranslationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake.queue, "publish", lambda task, *args: True)


def submit(client: Client, **data: object) -> object:
    payload = {"title": "Story", "source_language": "en", "target_languages": ["ko"]}
    payload.update(data)
    return client.post(reverse("articles:create"), payload)


@pytest.mark.parametrize("name", ["articles:list", "articles:create", "articles:langpacks"])
def test_anonymous_is_sent_to_login(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_outsider_is_refused_everywhere(outsider_client: Client, fake_engine: object) -> None:
    translation = TranslationFactory()
    urls = [
        reverse("articles:list"),
        reverse("articles:create"),
        reverse("articles:detail", args=[translation.article_id]),
        reverse("articles:progress", args=[translation.pk]),
        reverse("articles:text", args=[translation.pk]),
        reverse("articles:download", args=[translation.pk]),
        reverse("articles:langpacks"),
    ]
    for url in urls:
        assert outsider_client.get(url).status_code == 403, url
    assert (
        outsider_client.post(reverse("articles:cancel", args=[translation.pk])).status_code == 403
    )


def test_login_page_is_public(client: Client) -> None:
    assert client.get(reverse("login")).status_code == 200


def test_submit_pasted_text(translator_client: Client, fake_engine: object) -> None:
    response = submit(translator_client, text=STORY, target_languages=["ko", "ja"])
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("articles:detail", args=[article.pk])
    assert sorted(article.translations.values_list("target_language", flat=True)) == ["ja", "ko"]


def test_submit_uploaded_markdown(translator_client: Client, fake_engine: object) -> None:
    """Read through the Markdown reader: the plain text is kept, the markup is structure."""
    upload = SimpleUploadedFile("story.md", STORY.encode("utf-8"), content_type="text/markdown")
    submit(translator_client, upload=upload)
    article = Article.objects.get()
    assert article.source_text == STORY
    assert article.source_format == "markdown"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "The article is empty"),
        ({"upload": SimpleUploadedFile("a.pdf", b"%PDF")}, "PDF files are not read here"),
        ({"upload": SimpleUploadedFile("a.doc", b"\xd0\xcf\x11\xe0")}, "old Word .doc"),
        ({"text": "Hello.", "target_languages": ["de"]}, "Select a valid choice"),
        ({"text": "Hello.", "target_languages": []}, "This field is required"),
    ],
)
def test_bad_input_is_explained_and_kept(
    translator_client: Client, fake_engine: object, data: dict[str, object], message: str
) -> None:
    response = submit(translator_client, title="Keep me", **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Keep me"' in response.content.decode()
    assert not Article.objects.exists()


def test_too_long_is_refused(
    translator_client: Client, fake_engine: object, settings: object
) -> None:
    settings.ARTICLE_MAX_CHARS = 50  # type: ignore[attr-defined]
    response = submit(translator_client, text="word " * 20)
    assert "the limit is 50" in response.content.decode()


def test_unsupported_pair_names_what_to_install(
    translator_client: Client, fake_engine: object, settings: object
) -> None:
    response = submit(
        translator_client, text="안녕하세요.", source_language="ko", target_languages=["ja"]
    )
    assert "No installed engine translates ko→ja" in response.content.decode()


def test_progress_fragment_polls_while_active_and_stops_when_done(
    translator_client: Client, fake_engine: object
) -> None:
    translation = TranslationFactory(segments_total=6, segments_done=2, status="running")
    url = reverse("articles:progress", args=[translation.pk])
    body = translator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "data-poll" in body
    assert 'hx-trigger="poll"' in body
    assert "2 of 6 sentences translated" in body
    assert "<html" not in body
    Translation.objects.filter(pk=translation.pk).update(status="done", segments_done=6)
    body = translator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "data-poll" not in body
    assert "hx-trigger" not in body
    assert "Download .txt" in body


def test_queue_unavailable_is_said(translator_client: Client, fake_engine: object) -> None:
    translation = TranslationFactory(enqueued_at=None)
    body = translator_client.get(reverse("articles:detail", args=[translation.article_id])).content
    assert "the queue is unavailable right now" in body.decode()


def test_failed_translation_shows_reason_and_retry(
    translator_client: Client, fake_engine: object
) -> None:
    translation = TranslationFactory(status="failed", error="Stopped after 3 attempts: boom")
    body = translator_client.get(reverse("articles:detail", args=[translation.article_id])).content
    assert "Stopped after 3 attempts: boom" in body.decode()
    response = translator_client.post(reverse("articles:retry", args=[translation.pk]))
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.status == "queued"


def test_cancel_by_htmx_returns_the_card(translator_client: Client, fake_engine: object) -> None:
    translation = TranslationFactory(status="running")
    response = translator_client.post(
        reverse("articles:cancel", args=[translation.pk]), HTTP_HX_REQUEST="true"
    )
    assert "Cancelled" in response.content.decode()
    translation.refresh_from_db()
    assert translation.status == "cancelled"


def test_download_txt_keeps_paragraphs(translator_client: Client, fake_engine: object) -> None:
    translation = TranslationFactory()
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    response = translator_client.get(reverse("articles:download", args=[translation.pk]))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{translation.article.title}.ko.txt"'
    )
    assert response.content.decode().count("\n\n") == 2


def test_list_is_newest_first_with_constant_queries(
    translator_client: Client, fake_engine: object, django_assert_max_num_queries: object
) -> None:
    for _ in range(12):
        TranslationFactory()
    # The home page also carries the dashboard, filter choices and the bell: a fixed number
    # of queries more (tests/articles/test_desk.py pins it at 30 and 300 articles).
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        body = translator_client.get(reverse("articles:list")).content.decode()
    titles = [a.title for a in Article.objects.order_by("-created_at", "-id")]
    assert body.index(titles[0]) < body.index(titles[-1])


def test_langpacks_page_lists_pairs(translator_client: Client, fake_engine: object) -> None:
    body = translator_client.get(reverse("articles:langpacks")).content.decode()
    assert "English (en)" in body
    assert "Korean (ko)" in body


def test_list_paginates(translator_client: Client, fake_engine: object) -> None:
    for _ in range(27):
        TranslationFactory()
    first = translator_client.get(reverse("articles:list")).content.decode()
    assert "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    second = translator_client.get(reverse("articles:list"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert second.count("<tr>") == 1 + 2  # header row and the two oldest articles
