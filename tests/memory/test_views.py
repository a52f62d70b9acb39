from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from translate.storage.tmx import tmxfile

from newsapp.memory import services, views
from newsapp.memory.models import TMEntry
from tests.factories import ArticleFactory
from tests.memory.samples import BILLION_LAUGHS, SAMPLE_TMX, record

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "vendor.tmx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/x-tmx+xml")


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    for url in (reverse("memory:list"), reverse("memory:export")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_outsiders_are_refused(outsider_client: Client) -> None:
    assert outsider_client.get(reverse("memory:list")).status_code == 403
    assert outsider_client.get(reverse("memory:export")).status_code == 403
    response = outsider_client.post(reverse("memory:import"), {"file": upload(SAMPLE_TMX)})
    assert response.status_code == 403
    assert not TMEntry.objects.exists()


def test_translators_browse_and_export_but_cannot_import(translator_client: Client) -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    page = translator_client.get(reverse("memory:list"))
    assert page.status_code == 200
    assert "그 영향력을 써야 한다." in page.content.decode()
    assert "Import a TMX file" not in page.content.decode()
    assert translator_client.get(reverse("memory:export")).status_code == 200
    response = translator_client.post(reverse("memory:import"), {"file": upload(SAMPLE_TMX)})
    assert response.status_code == 403
    assert TMEntry.objects.count() == 1


def test_editor_imports_and_sees_the_result(editor_client: Client, editor: User) -> None:
    page = editor_client.get(reverse("memory:list"))
    assert "Import a TMX file" in page.content.decode()
    response = editor_client.post(
        reverse("memory:import"), {"file": upload(SAMPLE_TMX)}, follow=True
    )
    assert response.redirect_chain == [(reverse("memory:list"), 302)]
    body = response.content.decode()
    assert "Imported vendor.tmx: 3 created, 0 updated, 0 skipped." in body
    assert "유엔 안보리는 수요일에 회의를 열 예정이다." in body
    assert TMEntry.objects.filter(created_by=editor).count() == 3


def test_import_errors_are_listed(editor_client: Client) -> None:
    data = (
        b'<tmx version="1.4"><header srclang="*all*"/><body>'
        + b'<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ko"><seg>b</seg></tuv></tu>'
        * 12
        + b"</body></tmx>"
    )
    response = editor_client.post(reverse("memory:import"), {"file": upload(data)}, follow=True)
    body = response.content.decode()
    assert "0 created, 0 updated, 0 skipped, 12 with errors." in body
    assert body.count("no source language") == views.SHOWN_ERRORS
    assert "… and 2 more." in body


def test_unsafe_import_is_refused_with_a_message(editor_client: Client) -> None:
    response = editor_client.post(reverse("memory:import"), {"file": upload(BILLION_LAUGHS)})
    assert response.status_code == 400
    assert "Entity declarations are refused" in response.content.decode()
    assert not TMEntry.objects.exists()


def test_search_and_pagination(translator_client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for i in range(5):
        record(f"Kirby said {i}.", f"커비 {i}")
    record("Seoul agreed.", "서울은 동의했다.", tgt="ja")
    page = translator_client.get(reverse("memory:list"), {"q": "kirby", "page": 3})
    body = page.content.decode()
    assert page.context["page"].paginator.count == 5
    assert "Page 3 of 3" in body
    assert "Kirby said 0." in body  # oldest last
    page = translator_client.get(reverse("memory:list"), {"target": "ja"})
    assert [e.source_text for e in page.context["page"]] == ["Seoul agreed."]
    page = translator_client.get(reverse("memory:list"), {"target": "xx-invalid"})
    assert page.context["page"].paginator.count == 6  # an invalid filter is ignored


def test_export_download(translator_client: Client) -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    record("It should use it.", "それを使うべきだ。", tgt="ja")
    response = translator_client.get(reverse("memory:export"), {"source": "en", "target": "ko"})
    assert response["Content-Type"] == "application/x-tmx+xml; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="translation-memory-en-ko-')
    assert disposition.endswith('.tmx"')
    [unit] = tmxfile.parsestring(response.content).units
    assert unit.gettarget("ko") == "그 영향력을 써야 한다."


def test_export_refuses_bad_languages(translator_client: Client) -> None:
    response = translator_client.get(reverse("memory:export"), {"source": 'x"; evil'})
    assert response.status_code == 302
    assert "Content-Disposition" not in response


def test_the_list_costs_the_same_queries_for_more_entries(
    translator_client: Client, editor: User, django_assert_num_queries: Any
) -> None:
    article = ArticleFactory()

    def add(count: int) -> None:
        for i in range(count):
            services.memory_record(
                source_text=f"Sentence {i} {TMEntry.objects.count()}.", target_text="문장.",
                source_language="en", target_language="ko", user=editor, article_id=article.pk,
            )  # fmt: skip

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert translator_client.get(reverse("memory:list")).status_code == 200
    add(10)
    with django_assert_num_queries(len(few.captured_queries)):
        body = translator_client.get(reverse("memory:list")).content.decode()
    assert body.count(article.title) == 12
