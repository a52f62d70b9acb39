"""The intake form: upload or paste, preview (editable headline, byline, dateline, slug;
dropped furniture), then translate; and the friction fixes of issue 16."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from newsapp.articles.models import Article
from newsapp.articles.services import intake
from tests.factories import STORY
from tests.intake.samples import (
    PENTAGON_HEADLINE,
    news_page,
    ninjs_item,
    pasted_page_text,
    word_story,
)

pytestmark = pytest.mark.django_db

URL = "/new/"


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake.queue, "publish", lambda task, *args: True)


def post(client: Client, **data: object) -> object:
    payload: dict[str, object] = {"source_language": "en", "target_languages": ["ko"]}
    payload.update(data)
    return client.post(reverse("articles:create"), payload)


def preview(client: Client, **data: object) -> tuple[str, dict[str, str]]:
    """The preview page and the hidden and editable values it carries to the submit."""
    response = post(client, action="preview", **data)
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    form = response.context["form"]  # type: ignore[attr-defined]
    carried = {
        name: str(form[name].value() or "")
        for name in ("title", "byline", "dateline", "slug", "document", "source_format")
    }
    return html, carried


def test_url_is_the_create_page() -> None:
    assert reverse("articles:create") == URL


def test_saved_page_preview_shows_the_story_without_the_furniture(
    translator_client: Client, fake_engine: object
) -> None:
    page = SimpleUploadedFile("story.html", news_page().encode("utf-8"), "text/html")
    html, carried = preview(translator_client, upload=page)
    assert 'id="intake-preview"' in html
    assert carried["title"] == PENTAGON_HEADLINE
    assert carried["source_format"] == "html"
    assert "urged North Korea" in html
    for furniture in ("MOST POPULAR", "Back To Top", "BTS member Jin", "We use cookies"):
        assert furniture not in html
    assert not Article.objects.exists()  # a preview saves nothing


def test_preview_then_translate_keeps_the_edits(
    translator_client: Client, fake_engine: object
) -> None:
    upload = SimpleUploadedFile("story.docx", word_story())
    _, carried = preview(translator_client, upload=upload)
    assert carried["byline"] == "By Jane Doe"
    assert carried["dateline"] == "SEOUL, Nov. 28 (Yonhap) --"
    response = post(
        translator_client,
        action="translate",
        **{**carried, "title": "Summit ends with a pledge", "slug": "summit-climate"},
    )
    assert response.status_code == 302  # type: ignore[attr-defined]
    article = Article.objects.get()
    assert (article.title, article.headline) == ("Summit ends with a pledge",) * 2
    assert (article.slug, article.byline, article.source_format) == (
        "summit-climate",
        "By Jane Doe",
        "docx",
    )
    assert any(b["kind"] == "list_item" for b in article.blocks)
    page = translator_client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    assert "By Jane Doe · SEOUL, Nov. 28 (Yonhap) -- · slug summit-climate" in page


def test_pasted_web_text_cleanup_lists_what_it_dropped(
    translator_client: Client, fake_engine: object
) -> None:
    html, carried = preview(translator_client, text=pasted_page_text(), clean_up="on")
    assert carried["title"] == PENTAGON_HEADLINE
    assert "left out" in html
    assert "list of other stories" in html
    assert "BTS member Jin completes military service" in html  # listed as dropped
    document = json.loads(carried["document"])
    texts = " ".join(b["text"] for b in document["blocks"])
    assert "BTS member" not in texts
    assert "Back To Top" not in texts
    assert "urged North Korea" in texts


def test_a_headline_typed_before_the_preview_is_kept(
    translator_client: Client, fake_engine: object
) -> None:
    _, carried = preview(translator_client, text=pasted_page_text(), title="My own headline")
    assert carried["title"] == "My own headline"


def test_ninjs_upload_is_read(translator_client: Client, fake_engine: object) -> None:
    upload = SimpleUploadedFile("item.json", json.dumps(ninjs_item()).encode())
    response = post(translator_client, upload=upload)
    assert response.status_code == 302  # type: ignore[attr-defined]
    article = Article.objects.get()
    assert (article.title, article.slug, article.source_format) == (
        PENTAGON_HEADLINE,
        "NK-missile-US",
        "ninjs",
    )


def test_latin1_text_is_converted_and_said(translator_client: Client, fake_engine: object) -> None:
    text = "Café in Seoul\n\nThe café on the corner served crème brûlée to the délégation."
    upload = SimpleUploadedFile("story.txt", text.encode("latin-1"))
    html, carried = preview(translator_client, upload=upload)
    assert carried["title"] == "Café in Seoul"
    assert "crème brûlée" in html
    assert "Check accented letters" in html


def test_the_same_story_asks_for_confirmation_and_links_the_first(
    translator_client: Client, fake_engine: object
) -> None:
    assert post(translator_client, text=STORY, title="First").status_code == 302  # type: ignore[attr-defined]
    first = Article.objects.get()
    response = post(translator_client, text=STORY, title="Second")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "The same story came in" in html
    assert f'href="{reverse("articles:detail", args=[first.pk])}"' in html
    assert 'name="confirm_duplicate" value="True"' in html
    assert Article.objects.count() == 1
    again = post(translator_client, text=STORY, title="Second", confirm_duplicate="True")
    assert again.status_code == 302  # type: ignore[attr-defined]
    assert Article.objects.count() == 2


def test_preview_warns_of_a_duplicate(translator_client: Client, fake_engine: object) -> None:
    post(translator_client, text=STORY, title="First")
    html, _ = preview(translator_client, text=STORY)
    assert 'id="duplicate-warning"' in html


def test_a_story_submitted_at_once_is_recognised_when_previewed_again(
    translator_client: Client, fake_engine: object
) -> None:
    """Direct submit keeps the first line in the body; the preview reads it as the headline:
    the content hash is the text reader's either way."""
    text = "Missile launch condemned\n\n" + STORY
    assert post(translator_client, text=text).status_code == 302  # type: ignore[attr-defined]
    html, _ = preview(translator_client, text=text)
    assert 'id="duplicate-warning"' in html


def test_declared_language_the_text_is_not_warns_in_the_preview(
    translator_client: Client, fake_engine: object
) -> None:
    korean = "북한 미사일\n\n북한이 화요일 대륙간탄도미사일을 발사했다고 합동참모본부가 밝혔다."
    html, _ = preview(translator_client, text=korean, source_language="en")
    assert "set to English, but the text looks like Korean" in html


def test_detect_names_the_missing_engine(translator_client: Client, fake_engine: object) -> None:
    german = (
        "Die Bundesregierung hat am Dienstag neue Regeln für den Klimaschutz beschlossen, "
        "die ab dem kommenden Jahr gelten sollen."
    )
    response = post(translator_client, text=german, source_language="detect")
    assert "German detected; no engine translates from German" in response.content.decode()  # type: ignore[attr-defined]


def test_preview_says_what_detect_found_or_why_it_cannot(
    translator_client: Client, fake_engine: object
) -> None:
    html, _ = preview(translator_client, text=STORY, source_language="detect")
    assert "Detected source language: English." in html
    german = (
        "Klimaschutz\n\nDie Bundesregierung hat am Dienstag neue Regeln für den Klimaschutz "
        "beschlossen, die ab dem kommenden Jahr gelten sollen."
    )
    html, _ = preview(translator_client, text=german, source_language="detect")
    assert "German detected; no engine translates from German" in html


def test_targets_default_to_the_last_choice(translator_client: Client, fake_engine: object) -> None:
    post(translator_client, text=STORY, target_languages=["ja", "es"])
    form = translator_client.get(URL).context["form"]
    assert form["target_languages"].value() == ["es", "ja"]


def test_source_language_is_dropped_from_targets_and_hidden_by_script(
    translator_client: Client, fake_engine: object
) -> None:
    page = translator_client.get(URL).content.decode()
    assert 'data-lang="en"' in page
    assert "js/intake.js" in page
    post(translator_client, text=STORY, target_languages=["en", "ko"])
    assert list(Article.objects.get().translations.values_list("target_language", flat=True)) == [
        "ko"
    ]


def test_a_tampered_preview_is_refused_clearly(
    translator_client: Client, fake_engine: object
) -> None:
    response = post(translator_client, document="{not json", title="Kept")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "could not be read back" in html
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("who", "get", "post_status"),
    [("client", 302, 302), ("outsider_client", 403, 403), ("editor_client", 200, 200)],
)
def test_permissions(
    who: str, get: int, post_status: int, request: pytest.FixtureRequest, fake_engine: object
) -> None:
    client = request.getfixturevalue(who)
    assert client.get(URL).status_code == get
    response = client.post(URL, {"action": "preview", "text": STORY, "source_language": "en",
                                 "target_languages": ["ko"]})  # fmt: skip
    assert response.status_code == post_status
