"""Articles, translations, segments and exports through the API."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from lxml import etree
from rest_framework.test import APIClient

from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services import editing, intake, pipeline
from tests.factories import STORY, STORY_SENTENCES

#: _done gives the article a title: the headline is its own segment, before the body's.
SEGMENTS = STORY_SENTENCES + 1

pytestmark = pytest.mark.django_db

STORY_NINJS = {
    "uri": "urn:wire:1",
    "type": "text",
    "language": "en-US",
    "headlines": [{"role": "main", "value": "Pentagon urges restraint"}],
    "bodies": [{"role": "main", "contenttype": "text/html",
                "value": "<p>The Pentagon spoke.</p><p>Seoul listened.</p>"}],
}  # fmt: skip


def _done(author: User, text: str = STORY, targets: tuple[str, ...] = ("ko",)) -> Article:
    article = intake.article_create(
        author=author,
        title="Briefing",
        text=text,
        source_language="en",
        target_languages=list(targets),
    )
    for translation in article.translations.all():
        pipeline.translation_run(translation_id=translation.pk, worker="test")
    article.refresh_from_db()
    return article


def test_create_from_text_answers_201_with_its_translations(
    translator_api: APIClient, fake_engine: object
) -> None:
    response = translator_api.post(
        "/api/v1/articles/",
        {"title": "Briefing", "text": STORY, "source_language": "en",
         "target_languages": ["ko", "ja"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == f"/api/v1/articles/{body['id']}/"
    assert body["author"] == "tess"
    assert body["status"] == "translating"
    assert [(t["target_language"], t["status"]) for t in body["translations"]] == [
        ("ja", "queued"), ("ko", "queued")
    ]  # fmt: skip
    assert Article.objects.get(pk=body["id"]).source_text == STORY


def test_create_from_a_file(translator_api: APIClient, fake_engine: object) -> None:
    upload = SimpleUploadedFile("story.md", b"Seoul spoke.\n\nTokyo listened.")
    response = translator_api.post(
        "/api/v1/articles/",
        {"file": upload, "source_language": "en", "target_languages": ["ko"]},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert Article.objects.get().source_text == "Seoul spoke.\n\nTokyo listened."


def test_create_from_ninjs_takes_headline_text_and_language(
    translator_api: APIClient, fake_engine: object
) -> None:
    response = translator_api.post(
        "/api/v1/articles/", {"ninjs": STORY_NINJS, "target_languages": ["ko"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    article = Article.objects.get()
    assert (article.title, article.source_language) == ("Pentagon urges restraint", "en")
    assert article.source_text == "The Pentagon spoke.\n\nSeoul listened."


def test_create_from_ninjs_keeps_the_structure(
    translator_api: APIClient, fake_engine: object
) -> None:
    from tests.intake.samples import PENTAGON_HEADLINE, ninjs_item

    response = translator_api.post(
        "/api/v1/articles/", {"ninjs": ninjs_item(), "target_languages": ["ko"]}, format="json"
    )
    assert response.status_code == 201, response.json()
    article = Article.objects.get()
    assert (article.headline, article.slug, article.byline, article.source_format) == (
        PENTAGON_HEADLINE, "NK-missile-US", "By Kim Hyun", "ninjs"
    )  # fmt: skip
    assert [b["kind"] for b in article.blocks] == [
        "paragraph", "paragraph", "heading", "list_item", "list_item", "quote"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "   ", "source_language": "en"}, "detail", "The article is empty"),
        ({"text": "a", "ninjs": STORY_NINJS}, "detail", "exactly one of text, file or ninjs"),
        ({"ninjs": {"type": "text"}}, "ninjs", ""),
        ({"text": "Seoul.", "source_language": "xx"}, "source_language", "valid choice"),
        ({"text": "Seoul.", "source_language": "en", "target_languages": ["zz"]},
         "target_languages", "valid choice"),
    ],
)  # fmt: skip
def test_create_refuses_what_the_form_refuses(
    translator_api: APIClient, fake_engine: object, data: dict[str, Any], field: str,
    message: str,
) -> None:  # fmt: skip
    payload = {"target_languages": ["ko"], **data}
    response = translator_api.post("/api/v1/articles/", payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    found = body["detail"] if field == "detail" else " ".join(map(str, body["errors"][field]))
    assert message in found
    assert not Article.objects.exists()


def test_create_keeps_the_forms_size_limit(
    translator_api: APIClient, fake_engine: object, settings: Any
) -> None:
    settings.ARTICLE_MAX_CHARS = 20
    response = translator_api.post(
        "/api/v1/articles/",
        {"text": "x" * 21, "source_language": "en", "target_languages": ["ko"]},
        format="json",
    )
    assert response.status_code == 400
    assert "the limit is 20" in response.json()["detail"]
    upload = SimpleUploadedFile("story.pdf", b"%PDF-1.4")
    response = translator_api.post(
        "/api/v1/articles/", {"file": upload, "source_language": "en", "target_languages": ["ko"]},
        format="multipart",
    )  # fmt: skip
    assert response.status_code == 400
    assert "PDF files are not read here" in response.json()["detail"]


def test_list_filters(translator: User, editor: User, translator_api: APIClient,
                      fake_engine: object) -> None:  # fmt: skip
    first = _done(translator, text="Seoul condemned the launch.")
    second = _done(editor, text="Tokyo welcomed the talks.", targets=("ja",))
    Article.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=3))

    def ids(**query: str) -> list[int]:
        response = translator_api.get("/api/v1/articles/", query)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [second.pk, first.pk]
    assert ids(author="eddie") == [second.pk]
    assert ids(target_language="ko") == [first.pk]
    assert ids(status="in_review", source_language="en") == [second.pk, first.pk]
    assert ids(status="approved") == []
    assert ids(search="seoul launch") == [first.pk]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert ids(created_after=since) == [second.pk]
    assert ids(created_before=since) == [first.pk]
    bad = translator_api.get("/api/v1/articles/", {"status": "lost"})
    assert bad.status_code == 400
    assert "status" in bad.json()["errors"]


def test_list_is_paginated(translator: User, translator_api: APIClient,
                           fake_engine: object) -> None:  # fmt: skip
    for n in range(3):
        intake.article_create(author=translator, title=f"S{n}", text="Seoul.",
                              source_language="en", target_languages=["ko"])  # fmt: skip
    page = translator_api.get("/api/v1/articles/", {"page_size": 2}).json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"].endswith("page=2&page_size=2")
    assert translator_api.get("/api/v1/articles/", {"page": 9}).status_code == 404


def test_translation_detail_gives_status_progress_and_exports(
    translator: User, translator_api: APIClient, fake_engine: object
) -> None:
    article = _done(translator)
    translation = article.translations.get()
    body = translator_api.get(f"/api/v1/translations/{translation.pk}/").json()
    assert body["status"] == "done"
    assert (body["segments_done"], body["segments_total"]) == (SEGMENTS, SEGMENTS)
    assert body["progress"] == {"total": SEGMENTS, "confirmed": 0, "edited": 0,
                                "machine": SEGMENTS, "pending": 0, "flagged": 0,
                                "percent": 0}  # fmt: skip
    assert set(body["exports"]) == {"txt", "md", "html", "docx", "ninjs", "xliff"}
    assert body["article"]["status"] == "in_review"
    detail = translator_api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["translations"][0]["percent"] == 100


def test_segments_carry_versions_term_checks_and_no_invented_qa(
    translator: User, editor: User, translator_api: APIClient, fake_engine: object
) -> None:
    term_services.concept_propose(
        user=editor, terms=[TermData("en", "Pyongyang"), TermData("ko", "평양")], approve=True
    )
    translation = _done(translator).translations.get()
    rows = translator_api.get(f"/api/v1/translations/{translation.pk}/segments/").json()
    assert rows["count"] == SEGMENTS
    assert rows["results"][0]["source"] == "Briefing"
    second = rows["results"][2]  # the body's second sentence
    assert second["version"] == 1
    assert second["state"] == "machine"
    [check] = second["term_checks"]["checks"]
    assert (check["source"], check["expected"], check["rendered"]) == ("Pyongyang", "평양", True)
    assert second["qa_issues"] is None


def test_segment_update_and_the_409_on_a_stale_version(
    translator: User, translator_api: APIClient, editor_api: APIClient, fake_engine: object
) -> None:
    segment = _done(translator).translations.get().segments.get(order=0)
    url = f"/api/v1/segments/{segment.pk}/"
    saved = translator_api.put(url, {"text": "미국은 화요일.", "version": 1}, format="json")
    assert saved.status_code == 200, saved.json()
    assert (saved.json()["version"], saved.json()["state"]) == (2, "edited")
    stale = editor_api.put(
        url, {"text": "다른 번역.", "version": 1, "confirm": True}, format="json"
    )
    assert stale.status_code == 409
    body = stale.json()
    assert (body["status"], body["code"]) == (409, "conflict")
    assert body["current"]["version"] == 2
    assert body["current"]["target_text"] == "미국은 화요일."
    Segment.objects.get(pk=segment.pk)  # nothing lost:
    assert Segment.objects.get(pk=segment.pk).target_text == "미국은 화요일."
    confirmed = editor_api.put(url, {"text": "다른 번역.", "version": 2, "confirm": True},
                               format="json")  # fmt: skip
    assert confirmed.json()["state"] == "confirmed"
    history = translator_api.get(f"/api/v1/segments/{segment.pk}/revisions/").json()
    assert [(r["version"], r["kind"], r["author"]) for r in history["results"]] == [
        (3, "confirm", "eddie"), (2, "edit", "tess"), (1, "machine", None)
    ]  # fmt: skip
    empty = translator_api.put(url, {"text": " ", "version": 3}, format="json")
    assert empty.status_code == 400
    assert empty.json()["code"] in ("invalid", "refused")


def test_retranslate_as_of_a_version(
    translator: User, translator_api: APIClient, fake_engine: object
) -> None:
    segment = _done(translator).translations.get().segments.get(order=0)
    url = f"/api/v1/segments/{segment.pk}/retranslate/"
    assert translator_api.post(url, {"version": 5}, format="json").status_code == 409
    response = translator_api.post(url, {"version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_retranslate_over_a_confirmed_sentence_needs_overwrite(
    translator: User, translator_api: APIClient, fake_engine: object
) -> None:
    segment = _done(translator).translations.get().segments.get(order=0)
    editing.segment_confirm(segment_id=segment.pk, user=translator, version=1)
    url = f"/api/v1/segments/{segment.pk}/retranslate/"
    refused = translator_api.post(url, {"version": 2}, format="json")
    assert refused.status_code == 400
    assert "confirmed by a person" in refused.json()["detail"]
    done = translator_api.post(url, {"version": 2, "overwrite_confirmed": True}, format="json")
    assert done.status_code == 200
    assert (done.json()["version"], done.json()["state"]) == (3, "machine")


def test_cancel_retry_approve_and_send_back(
    translator: User, translator_api: APIClient, editor_api: APIClient, fake_engine: object
) -> None:
    queued = intake.article_create(author=translator, title="Q", text="Seoul.",
                                   source_language="en", target_languages=["ko"])  # fmt: skip
    translation = queued.translations.get()
    cancel = translator_api.post(f"/api/v1/translations/{translation.pk}/cancel/")
    assert cancel.json()["status"] == "cancelled"
    assert translator_api.post(f"/api/v1/translations/{translation.pk}/cancel/").status_code == 409
    retry = translator_api.post(f"/api/v1/translations/{translation.pk}/retry/")
    assert retry.json()["status"] == "queued"
    assert translator_api.post(f"/api/v1/translations/{translation.pk}/retry/").status_code == 409

    article = _done(translator)
    refused = translator_api.post(f"/api/v1/articles/{article.pk}/approve/")
    assert refused.status_code == 403
    approved = editor_api.post(f"/api/v1/articles/{article.pk}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["approved_by"]) == ("approved", "eddie")
    again = editor_api.post(f"/api/v1/articles/{article.pk}/approve/", {}, format="json")
    assert again.status_code == 400
    assert again.json()["code"] == "refused"
    assert "Only an article in review" in again.json()["detail"]
    back = editor_api.post(f"/api/v1/articles/{article.pk}/send-back/")
    assert back.json()["status"] == "in_review"


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("txt", "text/plain"), ("md", "text/markdown"), ("html", "text/html"),
     ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
     ("ninjs", "application/json"), ("xliff", "application/x-xliff+xml")],
)  # fmt: skip
def test_every_export_format(
    translator: User, translator_api: APIClient, fake_engine: object, fmt: str, content_type: str
) -> None:
    translation = _done(translator).translations.get()
    response = translator_api.get(f"/api/v1/translations/{translation.pk}/export/{fmt}/")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xliff":
        units = etree.fromstring(content).iter("{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
        assert len(list(units)) == SEGMENTS
    elif fmt == "ninjs":
        item = json.loads(content)
        assert item["language"] == "ko"
        assert item["bodies"][0]["value"].startswith("[ko] The United States")
    elif fmt == "docx":
        assert io.BytesIO(content).read(2) == b"PK"
    else:
        assert "The United States on Tuesday" in content.decode()
    missing = translator_api.get(f"/api/v1/translations/{translation.pk}/export/pdf/")
    assert missing.status_code == 404


def test_unknown_addresses_and_objects_answer_the_json_404(translator_api: APIClient) -> None:
    for path in ("/api/v1/articles/999/", "/api/v1/nothing/", "/api/v1/articles/-1/",
                 "/api/v1/articles/99999999999999999999999/"):  # fmt: skip
        response = translator_api.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"


def test_translations_of_other_statuses_are_listed_by_the_detail(
    translator: User, translator_api: APIClient, fake_engine: Any
) -> None:
    from newsapp.mt.base import MTPermanentError

    article = intake.article_create(author=translator, title="F", text="Seoul.",
                                    source_language="en", target_languages=["ko"])  # fmt: skip
    fake_engine.fail_with = MTPermanentError("broken model")
    pipeline.translation_run(translation_id=article.translations.get().pk, worker="t")
    [row] = translator_api.get(f"/api/v1/articles/{article.pk}/").json()["translations"]
    assert (row["status"], row["error"]) == (Translation.Status.FAILED, "broken model")
