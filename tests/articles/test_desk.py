"""The desk's home page: search, filters, sorting, word counts, dashboards, the nav count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from glossary.models import Term
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.selectors import desk
from newsapp.articles.selectors.articles import article_search, desk_articles
from newsapp.articles.text import word_count
from tests.factories import ArticleFactory, TranslationFactory, UserFactory
from tests.glossary_factories import TermFactory

pytestmark = pytest.mark.django_db
LIST = reverse("articles:list")


def _titles(articles: Any) -> set[str]:
    return {a.title for a in articles}


def test_word_count_counts_words_and_cjk_characters() -> None:
    assert word_count("Pyongyang fired a missile on Tuesday.") == 6
    assert word_count("평양은 화요일에 미사일을 발사했다.") == 4
    assert word_count("U.S. officials said it's 3.5% — maybe.") == 6
    assert word_count("東京は晴れ") == 5
    assert word_count("") == 0


def test_articles_store_their_word_count_on_save() -> None:
    article = ArticleFactory(source_text="One two three.")
    assert Article.objects.get(pk=article.pk).word_count == 3
    article.source_text = "One two three four five."
    article.save(update_fields=["source_text"])
    assert Article.objects.get(pk=article.pk).word_count == 5


def test_search_finds_headline_and_text_words(translator: User) -> None:
    ArticleFactory(title="Missile launch", source_text="Pyongyang fired.")
    ArticleFactory(title="Budget", source_text="The missile budget grew.")
    ArticleFactory(title="Weather", source_text="Sunny.")
    assert _titles(desk_articles(q="missile")) == {"Missile launch", "Budget"}
    assert _titles(desk_articles(q="missile pyongyang")) == {"Missile launch"}


def test_filters_status_language_engine_author_date_and_problems(translator: User) -> None:
    mine = ArticleFactory(title="Mine", author=translator, status="in_review")
    TranslationFactory(article=mine, target_language="es", engine="apertium", status="done")
    failed = ArticleFactory(title="Failed", status="in_review")
    TranslationFactory(article=failed, target_language="ko", engine="argos", status="failed")
    flagged = ArticleFactory(title="Flagged", status="in_review")
    t = TranslationFactory(article=flagged, target_language="ko", engine="argos", status="done")
    Segment.objects.create(translation=t, order=0, paragraph_index=0, source="x", flagged=True)
    stale = ArticleFactory(title="Stale", status="in_review")
    TranslationFactory(article=stale, status="done", glossary_changed=True)
    approved = ArticleFactory(title="Approved", status="approved")
    TranslationFactory(article=approved, status="failed")
    old = ArticleFactory(title="Old")
    Article.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))

    assert _titles(desk_articles(status="approved")) == {"Approved"}
    assert _titles(desk_articles(target_language="es")) == {"Mine"}
    assert _titles(desk_articles(engine="argos")) == {"Failed", "Flagged"}
    assert _titles(desk_articles(author_id=translator.pk)) == {"Mine"}
    assert _titles(desk_articles(problems=True)) == {"Failed", "Flagged", "Stale"}
    week_ago = timezone.now() - timedelta(days=7)
    assert "Old" not in _titles(desk_articles(created_after=week_ago))
    assert _titles(desk_articles(created_before=week_ago)) == {"Old"}
    # The API's search accepts the same new filters.
    assert _titles(article_search(problems=True, engine="argos")) == {"Failed", "Flagged"}


def test_sorts(translator: User) -> None:
    for title in ("b", "c", "a"):
        ArticleFactory(title=title)
    assert [a.title for a in desk_articles(sort="title")] == ["a", "b", "c"]
    assert [a.title for a in desk_articles(sort="oldest")] == ["b", "c", "a"]
    assert [a.title for a in desk_articles(sort="newest")] == ["a", "c", "b"]


def test_the_list_page_filters_by_query_string(translator_client: Client, translator: User) -> None:
    mine = ArticleFactory(title="My missile story", author=translator)
    TranslationFactory(article=mine, target_language="ko", status="running", segments_total=4,
                       segments_done=1)  # fmt: skip
    ArticleFactory(title="Someone else's missile story")
    body = translator_client.get(LIST, {"q": "missile", "mine": "on"}).content.decode()
    assert "My missile story" in body
    assert "Someone else" not in body
    assert "1 article matches" in body
    assert "ko · Running 25%" in body  # each translation's state at a glance
    assert 'id="my-board"' not in body  # the dashboard shows on the unfiltered home page only
    assert f'<td class="num">{mine.word_count}</td>' in body


def test_bad_filters_say_why_and_list_nothing(translator_client: Client) -> None:
    ArticleFactory(title="Anything")
    body = translator_client.get(LIST, {"after": "2026-05-02", "before": "2026-05-01"})
    text = body.content.decode()
    assert "“From” is after “To”: swap the dates." in text
    assert "No article matches" in text
    text = translator_client.get(LIST, {"status": "bogus"}).content.decode()
    assert "Select a valid choice" in text


def test_translator_dashboard_shows_their_articles_and_what_waits(
    translator_client: Client, translator: User
) -> None:
    waiting = ArticleFactory(title="To post-edit", author=translator, status="in_review")
    translation = TranslationFactory(article=waiting, status="done")
    Segment.objects.create(translation=translation, order=0, paragraph_index=0, source="a",
                           state=Segment.State.MACHINE)  # fmt: skip
    edited = ArticleFactory(title="All post-edited", author=translator, status="in_review")
    translation = TranslationFactory(article=edited, status="done")
    Segment.objects.create(translation=translation, order=0, paragraph_index=0, source="a",
                           state=Segment.State.CONFIRMED)  # fmt: skip
    ArticleFactory(title="Approved one", author=translator, status="approved")
    other = ArticleFactory(title="Not mine", status="in_review")
    TranslationFactory(article=other, status="failed")
    board = desk.translator_dashboard(user=translator)
    assert (board.translating, board.in_review, board.approved) == (0, 2, 1)
    assert [a.title for a in board.waiting] == ["To post-edit"]
    body = translator_client.get(LIST).content.decode()
    assert 'id="my-board"' in body
    assert 'id="editor-board"' not in body
    assert "Waiting for you" in body


def test_editor_dashboard_counts_queue_candidates_approvals_and_failures(
    editor_client: Client, editor: User
) -> None:
    TermFactory(status=Term.Status.PROPOSED, text="Kirby")
    ArticleFactory(title="Ready", status="in_review")
    broken = ArticleFactory(title="Broken", status="in_review")
    TranslationFactory(article=broken, status="failed")
    board = desk.editor_dashboard()
    assert (board.review_queue, board.in_review, board.failed) == (1, 2, 1)
    assert [a.title for a in board.failures] == ["Broken"]
    assert {a.title for a in board.awaiting_approval} == {"Ready", "Broken"}
    body = editor_client.get(LIST).content.decode()
    assert 'id="editor-board"' in body
    assert "1</strong> term to review" in body
    assert 'id="nav-review"' in body
    assert 'title="1 proposed term waiting">1</span>' in body


def _many(count: int, translator: User) -> None:
    authors = [translator] + [UserFactory() for _ in range(3)]
    statuses = ["translating", "in_review", "approved"]
    for i in range(count):
        article = ArticleFactory(author=authors[i % 4], status=statuses[i % 3])
        TranslationFactory(
            article=article, target_language="ko", status="failed" if i % 5 == 0 else "done"
        )
        TranslationFactory(article=article, target_language="es", engine="apertium")


def _queries(client: Client, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("params", [{}, {"q": "Pyongyang", "problems": "on", "sort": "title"}])
def test_list_and_dashboard_queries_stay_constant_from_30_to_300_articles(
    editor_client: Client, translator: User, params: dict[str, str]
) -> None:
    _many(30, translator)
    few = _queries(editor_client, params)
    _many(270, translator)
    assert Article.objects.count() == 300
    assert _queries(editor_client, params) == few


def test_nav_count_is_cached_briefly(settings: Any, editor_client: Client) -> None:
    settings.DESK_COUNTS_CACHE_SECONDS = 30
    cache.clear()
    try:
        TermFactory(status=Term.Status.PROPOSED, text="Kirby")
        with CaptureQueriesContext(connection) as first:
            editor_client.get(reverse("notifications:list"))
        with CaptureQueriesContext(connection) as second:
            editor_client.get(reverse("notifications:list"))
        counted = [q for q in first.captured_queries if "glossary_term" in q["sql"]]
        assert len(counted) == 1
        assert not [q for q in second.captured_queries if "glossary_term" in q["sql"]]
    finally:
        cache.clear()


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_list_needs_a_desk_member(who: str, client: Client, outsider: User) -> None:
    if who == "outsider":
        client.force_login(outsider)
    response = client.get(LIST)
    assert response.status_code == (302 if who == "anonymous" else 403)


def test_the_list_is_read_only(translator_client: Client) -> None:
    assert translator_client.post(LIST).status_code == 405


def test_translations_model_has_flag_counts(translator: User) -> None:
    article = ArticleFactory()
    translation = TranslationFactory(article=article, status="done")
    for order in range(3):
        Segment.objects.create(translation=translation, order=order, paragraph_index=0,
                               source="s", flagged=order < 2)  # fmt: skip
    listed = desk_articles().get(pk=article.pk)
    assert [t.flagged_count for t in listed.translations.all()] == [2]
    assert Translation.objects.count() == 1
