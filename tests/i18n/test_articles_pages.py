"""The articles app's pages in Korean: the desk's list and dashboard, the new-article form with
its errors, an article with its translation cards, the segment editor with flagged sentences,
the approval page and the language packs, as a translator and as an editor. Each page speaks
Korean and leaves no English outside data (``tests.i18n.english``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from tests.factories import ArticleFactory, TranslationFactory
from tests.i18n.english import english_left
from tests.qa.pentagon import SENTENCES as PENTAGON

pytestmark = [pytest.mark.django_db, pytest.mark.backend_independent]

State = Segment.State


def _korean(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(user)
    return client


def _left(page: str, *data: str) -> list[str]:
    """``english_left``, less the words of ``data`` (an article's title, a language code) in the
    page's ``<title>``, which cannot mark them with ``lang``."""
    words = set(re.findall(r"[A-Za-z][A-Za-z'’]+", " ".join(data)))
    return [
        left for left in english_left(page)
        if not (left.endswith("(<title>)") and left.split(" ")[0] in words)
    ]  # fmt: skip


def _page(client: Client, url: str, data: dict[str, object] | None = None) -> str:
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)
    assert response.headers["Content-Language"] == "ko"
    return response.content.decode()


@pytest.fixture
def pentagon(translator: User) -> Translation:
    """An article in review whose Korean translation gets the Pentagon's figures wrong: its
    sentences are flagged by the fact checks (numbers, weekdays)."""
    article = ArticleFactory(
        title="Pentagon: four ICBM launches", status=Article.Status.IN_REVIEW, author=translator
    )
    translation = TranslationFactory(
        article=article, status=Translation.Status.DONE, segments_total=4, segments_done=4
    )
    rows = []
    for i, sentence in enumerate(PENTAGON[:4]):
        checks = sentence_checks(
            source=sentence.english, target=sentence.korean_wrong, source_language="en",
            target_language="ko",
        )  # fmt: skip
        rows.append(
            Segment(
                translation=translation, order=i, paragraph_index=0, source=sentence.english,
                machine_text=sentence.korean_wrong, target_text=sentence.korean_wrong,
                state=State.MACHINE, **checks.fields(),
            )
        )  # fmt: skip
    Segment.objects.bulk_create(rows)
    summary = translation_compliance(translation=translation)
    Translation.objects.filter(pk=translation.pk).update(compliance=summary)
    Article.objects.filter(pk=article.pk).update(
        created_at=timezone.make_aware(dt.datetime(2026, 12, 2, 16, 34))
    )
    translation.refresh_from_db()
    return translation


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_the_article_list_and_dashboard(
    role: str, pentagon: Translation, request: pytest.FixtureRequest
) -> None:
    client = _korean(request.getfixturevalue(role))
    page = _page(client, reverse("articles:list"))
    assert "새 기사" in page
    assert "내 기사" in page
    assert "제출 시각" in page
    assert "2026. 12. 2. 오후 4:34" in page  # the short Korean date and time
    if role == "editor":
        assert "편집자를 기다리는 항목" in page
        assert "승인 대기 기사 <strong>1</strong>개" in page
    assert english_left(page) == []
    # The filters, with a form error and an empty result.
    page = _page(client, reverse("articles:list") + "?after=2026-12-03&before=2026-12-01")
    assert "‘시작일’이 ‘종료일’보다 늦습니다. 날짜를 바꾸십시오." in page
    assert "일치하는 기사가 없습니다." in page
    assert english_left(page) == []


def test_the_new_article_form_and_its_errors(fake_engine: object, translator: User) -> None:
    client = _korean(translator)
    url = reverse("articles:create")
    page = _page(client, url)
    assert "번역 언어" in page
    assert "미리 보기" in page
    assert english_left(page) == []
    page = _page(client, url, {"text": "", "source_language": "en", "target_languages": ["ko"]})
    assert "기사가 비어 있습니다. 본문을 붙여 넣거나 파일을 올리십시오." in page
    assert english_left(page) == []
    # The preview of a pasted story: the story's text is marked as English.
    story = "Summit ends with a pledge\n\nLeaders met in Seoul on Tuesday."
    page = _page(
        client,
        url,
        {"text": story, "source_language": "en", "target_languages": ["ko"], "action": "preview"},
    )
    assert "처음부터 다시 하십시오" in page
    assert english_left(page) == []


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_an_article_with_its_translation_card(
    role: str, pentagon: Translation, request: pytest.FixtureRequest
) -> None:
    client = _korean(request.getfixturevalue(role))
    page = _page(client, reverse("articles:detail", args=[pentagon.article_id]))
    assert "2026년 12월 2일 오후 4시 34분에 제출" in page
    assert "사실 오류 5개" in page
    assert "문제 표시된 문장" in page
    assert ("용어집 다시 적용" in page) == (role == "editor")
    assert _left(page, pentagon.article.title) == []


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_the_editor_with_flagged_sentences(
    role: str, pentagon: Translation, request: pytest.FixtureRequest
) -> None:
    client = _korean(request.getfixturevalue(role))
    page = _page(client, reverse("editor:translation", args=[pentagon.pk]))
    assert "4개 중 0개 확정" in page
    assert "사실 오류" in page
    assert "<kbd>Esc</kbd>: 취소(텍스트를 바꿨으면 먼저 묻습니다)" in page
    assert 'lang="en">North Korea has fired four rounds' in page
    assert _left(page, pentagon.article.title, "ko") == []
    segment = pentagon.segments.get(order=0)
    page = _page(client, reverse("editor:edit", args=[segment.pk]))
    assert "다시 번역" in page
    assert _left(page, pentagon.article.title, "ko") == []
    # A comment, then the sentence's discussion and history.
    client.post(reverse("editor:comments", args=[segment.pk]), {"text": "숫자를 확인해 주세요."})
    page = _page(client, reverse("editor:comments", args=[segment.pk]))
    assert "토론 · 문장 1" in page
    assert _left(page, pentagon.article.title, "ko") == []
    page = _page(client, reverse("editor:history", args=[segment.pk]))
    assert "기록 · 최신순" in page
    assert _left(page, pentagon.article.title, "ko") == []
    # A save without a version's message, and a save that succeeds.
    response = client.post(
        reverse("editor:save", args=[segment.pk]),
        {"text": PENTAGON[0].korean_right, "version": 1, "action": "confirm"},
        follow=True,
    )
    page = response.content.decode()
    assert "4개 중 1개 확정" in page
    assert _left(page, pentagon.article.title, "ko") == []


def test_the_editor_tools_and_the_exports(pentagon: Translation, translator: User) -> None:
    """Concordance, find and replace (the preview), the export page with an import error and
    the plain text, for a translator."""
    client = _korean(translator)
    title = pentagon.article.title
    page = _page(client, reverse("editor:concordance", args=[pentagon.pk]) + "?q=Pentagon")
    assert "용례 검색" in page
    assert "들어간 번역 메모리 항목이 없습니다." in page
    assert _left(page, "Pentagon") == []
    page = _page(client, reverse("editor:replace", args=[pentagon.pk]) + "?find=차례&replace=번")
    assert "문장 2개에서 3곳." in page
    assert "체크한 문장에서 바꾸기" in page
    assert _left(page, title, "ko") == []
    url = reverse("exports:exchange", args=[pentagon.pk])
    page = _page(client, url)
    assert "번역 내려받기" in page
    assert "일반 텍스트(.txt)" in page
    assert _left(page, title, "ko") == []
    response = client.post(url, {})
    assert response.status_code == 400
    assert _left(response.content.decode(), title, "ko") == []
    page = _page(client, reverse("articles:text", args=[pentagon.pk]))
    assert ".txt 내려받기" in page
    assert _left(page, title, "ko") == []


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_the_approval_page(
    role: str, pentagon: Translation, request: pytest.FixtureRequest
) -> None:
    client = _korean(request.getfixturevalue(role))
    url = reverse("editor:approval", args=[pentagon.article_id])
    page = _page(client, url)
    assert "검토 및 승인" in page
    assert "해결되지 않은 문제:" in page
    assert ("그래도 승인" in page) == (role == "editor")
    assert _left(page, pentagon.article.title, "ko") == []
    if role == "editor":
        response = client.post(
            reverse("editor:approve", args=[pentagon.article_id]),
            {"override_reason": "국방부 발표문과 대조했습니다."},
            follow=True,
        )
        page = response.content.decode()
        assert "을(를) 승인했습니다." in page
        assert _left(page, pentagon.article.title, "ko") == []
        page = _page(client, url)
        assert '<span translate="no">eddie</span> 님이' in page
        assert _left(page, pentagon.article.title, "ko") == []


@pytest.mark.parametrize("role", ["translator", "editor"])
def test_the_language_packs_page(
    role: str, fake_engine: object, request: pytest.FixtureRequest
) -> None:
    client = _korean(request.getfixturevalue(role))
    page = _page(client, reverse("articles:langpacks"))
    assert "언어 팩" in page
    assert "번역 엔진(우선순위순)" in page
    assert english_left(page) == []
