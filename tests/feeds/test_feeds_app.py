"""The feeds app against a local HTTP server the test starts: polls that make articles,
conditional GETs, duplicates across feeds and articles, errors that stay on their feed, the
poll claim, and the pages' permissions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsapp.articles.models import Article
from newsapp.articles.services import intake
from newsapp.feeds import selectors, services
from newsapp.feeds.models import Feed, FeedEntry
from newsapp.intake import read_upload
from tests.intake.samples import PENTAGON_HEADLINE, news_page, pentagon_paragraphs
from tests.intake.test_feeds import ETAG, FeedServer, Route, atom_full_text, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def server() -> Iterator[FeedServer]:
    feeds = FeedServer()
    feeds.thread.start()
    yield feeds
    feeds.stop.set()
    feeds.httpd.shutdown()
    feeds.httpd.server_close()
    feeds.thread.join(timeout=5)


@pytest.fixture(autouse=True)
def published(
    settings: object, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, tuple[object, ...]]]:
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = True  # type: ignore[attr-defined]
    settings.FEEDS_TIMEOUT_SECONDS = 1  # type: ignore[attr-defined]
    published: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(
        intake.queue, "publish", lambda task, *a: published.append((task, a)) or True
    )
    return published


def subscribe(editor: User, url: str, **options: object) -> Feed:
    defaults: dict[str, object] = {"source_language": "en", "target_languages": ["ko"]}
    defaults.update(options)
    return services.feed_create(user=editor, url=url, **defaults)  # type: ignore[arg-type]


SUMMARY_ITEM = (
    "urn:yna:1",
    PENTAGON_HEADLINE,
    "/view/1",
    "The United States urged North Korea to cease its provocations.",
)


def test_a_poll_makes_articles_with_the_full_text_then_asks_conditionally(
    server: FeedServer, editor: User, fake_engine: object
) -> None:
    server.routes["/rss"] = Route(
        body=rss([(SUMMARY_ITEM[0], SUMMARY_ITEM[1], server.url("/view/1"), SUMMARY_ITEM[3])]),
        headers={"etag": ETAG},
    )
    server.routes["/view/1"] = Route(body=news_page().encode(), content_type="text/html")
    feed = subscribe(editor, server.url("/rss"))
    report = services.feed_poll(feed_id=feed.pk)
    assert (report.status, report.created, report.failed) == ("ok", 1, 0)
    [entry] = FeedEntry.objects.all()
    article = entry.article
    assert article is not None
    assert article.title == PENTAGON_HEADLINE
    assert article.source_format == "feed"
    assert article.source_uri == server.url("/view/1")
    assert "Back To Top" not in article.source_text  # the page's furniture left out
    assert pentagon_paragraphs()[1][:40] in article.source_text  # the full text, not summary
    assert list(article.translations.values_list("target_language", flat=True)) == ["ko"]
    feed.refresh_from_db()
    assert (feed.etag, feed.title, feed.last_error, feed.claimed_until) == (
        ETAG, "Yonhap North Korea", "", None
    )  # fmt: skip
    again = services.feed_poll(feed_id=feed.pk)
    assert again.status == "not_modified"
    assert server.requests[-1][1]["if-none-match"] == ETAG
    assert FeedEntry.objects.count() == 1


def test_atom_full_text_and_a_duplicate_across_feeds_and_articles(
    server: FeedServer, editor: User, fake_engine: object
) -> None:
    server.routes["/atom"] = Route(body=atom_full_text(), content_type="application/atom+xml")
    server.routes["/mirror"] = Route(body=atom_full_text().replace(b"urn:wire:AEN", b"urn:x:AEN"))
    first = subscribe(editor, server.url("/atom"))
    assert services.feed_poll(feed_id=first.pk).created == 1
    mirror = subscribe(editor, server.url("/mirror"))
    report = services.feed_poll(feed_id=mirror.pk)
    assert (report.created, report.duplicates) == (0, 1)
    assert mirror.entries.get().status == FeedEntry.Status.DUPLICATE
    assert Article.objects.count() == 1
    # The same item again in the same feed is seen by id: nothing new, nothing listed twice.
    Feed.objects.filter(pk=first.pk).update(etag="", last_modified="")
    assert services.feed_poll(feed_id=first.pk).created == 0
    assert first.entries.count() == 1


def test_an_item_already_uploaded_as_an_article_is_a_duplicate(
    server: FeedServer, editor: User, fake_engine: object
) -> None:
    intake.article_create(
        author=editor,
        document=read_upload("p.html", news_page().encode()),
        source_language="en",
        target_languages=["ko"],
    )
    # The feed carries the same story (in its Atom content) under another id and headline.
    server.routes["/atom"] = Route(body=atom_full_text(), content_type="application/atom+xml")
    report = services.feed_poll(feed_id=subscribe(editor, server.url("/atom")).pk)
    assert (report.created, report.duplicates) == (0, 1)


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(404, b"gone", "text/plain"), "404"),
        (Route(body=b"<rss><channel><item><title>x", content_type="text/xml"), ""),
        (Route(body=rss([]), delay=3), "No answer within"),
    ],
)
def test_a_failing_feed_records_its_error_and_never_stops_the_others(
    server: FeedServer, editor: User, fake_engine: object, route: Route, message: str
) -> None:
    server.routes["/bad"] = route
    server.routes["/good"] = Route(body=atom_full_text(), content_type="application/atom+xml")
    bad = subscribe(editor, server.url("/bad"))
    good = subscribe(editor, server.url("/good"))
    due = selectors.feeds_due(now=bad.created_at.replace(year=2100))
    assert set(due) == {bad.pk, good.pk}
    reports = {pk: services.feed_poll(feed_id=pk) for pk in due}
    bad.refresh_from_db()
    assert bad.last_status in {"error", "ok"}
    if bad.last_status == "error":
        assert message in bad.last_error
        assert bad.last_error_at is not None
    else:  # a malformed feed with nothing readable still counts as an answer with a warning
        assert reports[bad.pk].created == 0
    assert bad.claimed_until is None
    assert reports[good.pk].created == 1


def test_private_addresses_are_refused_unless_allowed(
    server: FeedServer, editor: User, fake_engine: object, settings: object
) -> None:
    settings.FEEDS_ALLOW_PRIVATE_NETWORKS = False  # type: ignore[attr-defined]
    server.routes["/atom"] = Route(body=atom_full_text())
    feed = subscribe(editor, server.url("/atom"))
    assert services.feed_poll(feed_id=feed.pk).status == "error"
    feed.refresh_from_db()
    assert "private" in feed.last_error.lower() or "loopback" in feed.last_error.lower()
    assert server.requests == []


def test_a_claimed_feed_is_not_polled_twice(editor: User, fake_engine: object) -> None:
    feed = subscribe(editor, "http://127.0.0.1:9/feed")
    assert services.feed_claim(feed_id=feed.pk) is not None
    assert services.feed_claim(feed_id=feed.pk) is None
    assert services.feed_poll(feed_id=feed.pk).claimed is False
    assert selectors.feeds_due(now=timezone.now()) == []


def test_paused_feeds_are_not_due_and_beat_publishes_the_rest(
    editor: User, fake_engine: object, published: list[tuple[str, tuple[object, ...]]]
) -> None:
    first = subscribe(editor, "http://127.0.0.1:9/a")
    second = subscribe(editor, "http://127.0.0.1:9/b")
    services.feed_set_paused(user=editor, feed=second, paused=True)
    assert services.feeds_publish_due() == 1
    assert published == [(services.POLL_TASK, (first.pk,))]


def test_waiting_items_become_articles_on_request(
    server: FeedServer, editor: User, translator_client: Client, fake_engine: object
) -> None:
    server.routes["/atom"] = Route(body=atom_full_text(), content_type="application/atom+xml")
    feed = subscribe(editor, server.url("/atom"), auto_translate=False)
    assert services.feed_poll(feed_id=feed.pk).waiting == 1
    entry = feed.entries.get()
    assert (entry.status, Article.objects.count()) == ("new", 0)
    page = translator_client.get(reverse("feeds:detail", args=[feed.pk])).content.decode()
    assert reverse("feeds:entry-translate", args=[entry.pk]) in page
    assert reverse("feeds:poll", args=[feed.pk]) not in page  # editors only
    response = translator_client.post(reverse("feeds:entry-translate", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "article"
    assert entry.article is not None
    assert entry.article.title == PENTAGON_HEADLINE


def test_only_editors_manage_feeds(editor: User, translator: User, fake_engine: object) -> None:
    with pytest.raises(services.ServiceError, match="Only editors"):
        subscribe(translator, "https://example.com/rss")
    subscribe(editor, "https://example.com/rss")
    with pytest.raises(services.ServiceError, match="already subscribes"):
        subscribe(editor, "https://example.com/rss")
    with pytest.raises(services.ServiceError, match="different from the source"):
        subscribe(editor, "https://example.com/other", target_languages=["en"])


def test_the_last_error_shows_on_the_feed_page(
    server: FeedServer, editor: User, editor_client: Client, fake_engine: object
) -> None:
    server.routes["/gone"] = Route(404, b"gone", "text/plain")
    feed = subscribe(editor, server.url("/gone"))
    services.feed_poll(feed_id=feed.pk)
    page = editor_client.get(reverse("feeds:detail", args=[feed.pk])).content.decode()
    assert 'id="feed-error"' in page
    assert "404" in page
    listing = editor_client.get(reverse("feeds:list")).content.decode()
    assert "Error" in listing


PAGES = [
    ("get", "feeds:list", False, {"anon": 302, "outsider": 403, "translator": 200, "editor": 200}),
    ("get", "feeds:detail", True, {"anon": 302, "outsider": 403, "translator": 200, "editor": 200}),
    (
        "get",
        "feeds:create",
        False,
        {"anon": 302, "outsider": 403, "translator": 403, "editor": 200},
    ),
    ("get", "feeds:edit", True, {"anon": 302, "outsider": 403, "translator": 403, "editor": 200}),
    ("post", "feeds:pause", True, {"anon": 302, "outsider": 403, "translator": 403, "editor": 302}),
    (
        "post",
        "feeds:resume",
        True,
        {"anon": 302, "outsider": 403, "translator": 403, "editor": 302},
    ),
    ("post", "feeds:poll", True, {"anon": 302, "outsider": 403, "translator": 403, "editor": 302}),
]


@pytest.mark.parametrize(("method", "name", "with_pk", "expected"), PAGES)
def test_page_permissions(
    method: str, name: str, with_pk: bool, expected: dict[str, int], editor: User,
    client: Client, outsider_client: Client, translator_client: Client, editor_client: Client,
    fake_engine: object,
) -> None:  # fmt: skip
    feed = subscribe(editor, "https://example.com/rss")
    url = reverse(name, args=[feed.pk] if with_pk else [])
    clients = {"anon": client, "outsider": outsider_client, "translator": translator_client,
               "editor": editor_client}  # fmt: skip
    for who, status in expected.items():
        response = getattr(clients[who], method)(url)
        assert response.status_code == status, (who, response.status_code)


def test_wrong_methods_are_refused(
    editor: User, editor_client: Client, fake_engine: object
) -> None:
    feed = subscribe(editor, "https://example.com/rss")
    assert editor_client.post(reverse("feeds:list")).status_code == 405
    assert editor_client.post(reverse("feeds:detail", args=[feed.pk])).status_code == 405
    assert editor_client.get(reverse("feeds:poll", args=[feed.pk])).status_code == 405
    assert editor_client.get(reverse("feeds:pause", args=[feed.pk])).status_code == 405


def test_editors_add_and_edit_a_feed_through_the_form(
    editor_client: Client, fake_engine: object, published: list[tuple[str, tuple[object, ...]]]
) -> None:
    response = editor_client.post(
        reverse("feeds:create"),
        {"url": "https://wire.example/rss", "source_language": "en", "target_languages": ["ko"],
         "auto_translate": "on", "interval_minutes": 10},
    )  # fmt: skip
    feed = Feed.objects.get()
    assert response.status_code == 302
    assert (feed.interval_minutes, feed.auto_translate) == (10, True)
    assert published == [(services.POLL_TASK, (feed.pk,))]
    bad = editor_client.post(
        reverse("feeds:edit", args=[feed.pk]),
        {"url": "not a url", "source_language": "en", "target_languages": ["ko"],
         "interval_minutes": 10},
    )  # fmt: skip
    assert "Enter a valid URL" in bad.content.decode()
    editor_client.post(
        reverse("feeds:edit", args=[feed.pk]),
        {"url": "https://wire.example/rss2", "source_language": "en", "target_languages": ["ja"],
         "interval_minutes": 5},
    )  # fmt: skip
    feed.refresh_from_db()
    assert (feed.url, feed.target_languages, feed.auto_translate) == (
        "https://wire.example/rss2", ["ja"], False
    )  # fmt: skip


def test_beat_schedules_the_feed_poll(settings: object) -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE["poll-feeds"]  # type: ignore[attr-defined]
    assert schedule["task"] == "newsapp.feeds.tasks.feeds_poll_due_task"


def test_item_links_other_than_http_are_not_kept() -> None:
    assert services._safe_link("javascript:alert(1)") == ""
    assert services._safe_link(" https://en.yna.co.kr/view/1 ") == "https://en.yna.co.kr/view/1"


def test_feed_pages_use_constant_queries(
    server: FeedServer, editor: User, editor_client: Client, fake_engine: object,
    django_assert_max_num_queries: object,
) -> None:  # fmt: skip
    server.routes["/atom"] = Route(body=atom_full_text(), content_type="application/atom+xml")
    feeds = [subscribe(editor, server.url(f"/atom?{n}")) for n in range(3)]
    server.routes.update({f"/atom?{n}": server.routes["/atom"] for n in range(3)})
    services.feed_poll(feed_id=feeds[0].pk)
    for n in range(1, 3):  # the same story again: duplicate entries
        services.feed_poll(feed_id=feeds[n].pk)
    detail = reverse("feeds:detail", args=[feeds[0].pk])
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert editor_client.get(reverse("feeds:list")).status_code == 200
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        assert editor_client.get(detail).status_code == 200
