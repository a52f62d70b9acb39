"""Browser flow of wire feeds: an editor adds a feed (served by a local HTTP server the test
starts), it is polled, its item becomes an article; a failing feed shows its last error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from playwright.sync_api import expect

from newsapp.feeds import services
from newsapp.feeds.models import Feed
from tests.e2e.browser import Desk
from tests.intake.samples import PENTAGON_HEADLINE
from tests.intake.test_feeds import FeedServer, Route, atom_full_text

pytestmark = pytest.mark.e2e


@pytest.fixture
def wire() -> Iterator[FeedServer]:
    server = FeedServer()
    server.thread.start()
    server.routes["/atom"] = Route(body=atom_full_text(), content_type="application/atom+xml")
    server.routes["/gone"] = Route(404, b"gone", "text/plain")
    with override_settings(FEEDS_ALLOW_PRIVATE_NETWORKS=True, FEEDS_TIMEOUT_SECONDS=2):
        yield server
    server.stop.set()
    server.httpd.shutdown()
    server.httpd.server_close()


def test_feeds_add_poll_and_see_items_and_errors(
    desk: Desk, editor: User, wire: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker would refuse the local address (its settings): the test polls in-process,
    # and "Add" and "Poll now" queue nothing (the live server runs in this process).
    queued: list[int] = []
    monkeypatch.setattr(services, "feed_poll_request", lambda feed_id: queued.append(feed_id))
    tab = desk.open(editor.username)
    tab.page.get_by_role("navigation").get_by_role("link", name="Feeds").click()
    tab.page.get_by_role("link", name="Add a feed").click()
    tab.page.get_by_label("Feed address").fill(wire.url("/atom"))
    for box in tab.page.locator("input[name=target_languages]").all():
        box.set_checked(box.get_attribute("value") == "es")
    tab.shoot("feeds-add", narrow=True)
    tab.page.get_by_role("button", name="Save").click()
    expect(tab.page.locator(".msg")).to_contain_text("Feed added")
    feed = Feed.objects.get()
    assert queued == [feed.pk]
    assert services.feed_poll(feed_id=feed.pk).created == 1
    tab.page.reload()
    expect(tab.page.get_by_role("heading", name="Wire: Korea")).to_be_visible()
    expect(tab.page.locator("table")).to_contain_text(PENTAGON_HEADLINE)
    expect(tab.page.locator("table")).to_contain_text("Article created")
    tab.shoot("feeds-detail", narrow=True)

    gone = services.feed_create(
        user=editor, url=wire.url("/gone"), source_language="en", target_languages=["es"]
    )
    services.feed_poll(feed_id=gone.pk)
    tab.goto(f"/feeds/{gone.pk}/")
    expect(tab.page.locator("#feed-error")).to_contain_text("404")
    tab.page.get_by_role("button", name="Pause").click()
    expect(tab.page.locator(".msg")).to_contain_text("Feed paused")
    tab.goto("/feeds/")
    expect(tab.page.locator("tbody tr")).to_have_count(2)
    expect(tab.page.locator("tbody")).to_contain_text("Paused")
    tab.shoot("feeds-list", narrow=True)
    desk.assert_clean()
