"""Wire feeds against a local HTTP server this test starts: RSS, Atom, 304, timeout, 404,
malformed and oversized feeds, duplicates, full text through trafilatura."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from newsapp.intake.feeds import (
    FeedItem,
    FeedResult,
    FetchError,
    Subscription,
    fetch_article,
    fetch_feed,
    fetch_feeds,
    full_document,
    http_client,
    new_items,
    parse_feed,
)
from newsapp.intake.model import Block, content_hash
from tests.intake.samples import PENTAGON_HEADLINE, news_page, pentagon_paragraphs

ETAG = '"rss-v1"'
LAST_MODIFIED = format_datetime(datetime(2023, 11, 28, 0, 30, tzinfo=UTC), usegmt=True)


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering (a server that hangs).
    delay: float = 0.0
    #: Send the body in pieces this many seconds apart (a server that drips).
    drip: float = 0.0
    #: Leave out Content-Length (the body runs until the connection closes).
    chunked: bool = False


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path, Route(404, b"not found", "text/plain"))
                if route.delay and server.stop.wait(route.delay):
                    return
                if (
                    route.headers.get("etag")
                    and self.headers.get("If-None-Match") == route.headers["etag"]
                ):
                    self.send_response(304)
                    self.send_header("ETag", route.headers["etag"])
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if not route.chunked:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if route.drip:
                    for start in range(0, len(route.body), 64):
                        self.wfile.write(route.body[start : start + 64])
                        self.wfile.flush()
                        if server.stop.wait(route.drip):
                            return
                else:
                    self.wfile.write(route.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"


@pytest.fixture
def server() -> Iterator[FeedServer]:
    feeds = FeedServer()
    feeds.thread.start()
    yield feeds
    feeds.stop.set()
    feeds.httpd.shutdown()
    feeds.httpd.server_close()
    feeds.thread.join(timeout=5)


def fetch(server: FeedServer, path: str, **options: Any) -> FeedResult:
    return fetch_feed(server.url(path), allow_private_networks=True, **options)


def rss(items: list[tuple[str, str, str, str]]) -> bytes:
    """RSS 2.0 with (guid, title, link, description) items."""
    entries = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid><title>{escape(title)}</title>'
        f"<link>{link}</link><description>{escape(description)}</description>"
        "<pubDate>Tue, 28 Nov 2023 00:15:00 GMT</pubDate>"
        "<author>desk@yna.co.kr (Kim Hyun)</author></item>"
        for guid, title, link, description in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Yonhap North Korea</title><link>https://en.yna.co.kr/nk</link>"
        f"<language>en</language>{entries}</channel></rss>"
    ).encode()


def atom_full_text() -> bytes:
    story = "".join(f"<p>{escape(p)}</p>" for p in pentagon_paragraphs())
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Wire: Korea</title><id>urn:wire:korea</id><updated>2023-11-28T00:20:00Z</updated>
  <entry>
    <id>urn:wire:AEN20231128000200315</id>
    <title>{escape(PENTAGON_HEADLINE)}</title>
    <link href="https://en.yna.co.kr/view/AEN20231128000200315"/>
    <updated>2023-11-28T00:15:00Z</updated>
    <author><name>Kim Hyun</name></author>
    <summary>The United States urged North Korea to cease its provocations.</summary>
    <content type="html">{escape(story)}</content>
  </entry>
</feed>""".encode()


SUMMARY = "The United States urged North Korea to cease its provocations."


def test_rss_items_with_ids_hashes_and_validators(server: FeedServer) -> None:
    server.routes["/rss"] = Route(
        body=rss(
            [
                ("AEN1", PENTAGON_HEADLINE, "https://en.yna.co.kr/view/AEN1", SUMMARY),
                (
                    "AEN2",
                    "Seoul, Tokyo hold emergency meetings",
                    "https://en.yna.co.kr/view/AEN2",
                    "Officials in Seoul and Tokyo convened emergency meetings.",
                ),
            ]
        ),
        headers={"etag": ETAG, "last-modified": LAST_MODIFIED},
    )
    result = fetch(server, "/rss")
    assert result.status == "ok"
    assert result.error == ""
    assert result.title == "Yonhap North Korea"
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    assert [item.id for item in result.items] == ["AEN1", "AEN2"]
    first = result.items[0]
    assert first.title == PENTAGON_HEADLINE
    assert first.link == "https://en.yna.co.kr/view/AEN1"
    assert first.published == datetime(2023, 11, 28, 0, 15, tzinfo=UTC)
    assert first.language == "en"
    assert not first.has_full_text
    assert first.content_hash == content_hash(first.document())
    assert first.document().headline == PENTAGON_HEADLINE
    assert first.document().blocks == (Block.paragraph(SUMMARY),)
    assert len({item.content_hash for item in result.items}) == 2


def test_atom_feed_with_full_text(server: FeedServer) -> None:
    server.routes["/atom"] = Route(body=atom_full_text(), content_type="application/atom+xml")
    result = fetch(server, "/atom")
    assert result.status == "ok"
    (item,) = result.items
    assert item.id == "urn:wire:AEN20231128000200315"
    assert item.author == "Kim Hyun"
    assert item.has_full_text
    document, error = full_document(item, client=None, allow_private_networks=True)
    assert error == ""
    assert document.headline == PENTAGON_HEADLINE
    assert document.dateline == "WASHINGTON, Nov. 28 (Yonhap) --"
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == pentagon_paragraphs()
    # Nothing was fetched for the full text: the feed carried it.
    assert [path for path, _ in server.requests] == ["/atom"]


def test_conditional_request_gets_a_304(server: FeedServer) -> None:
    server.routes["/rss"] = Route(
        body=rss([("AEN1", "T", "https://x.example/1", SUMMARY)]),
        headers={"etag": ETAG, "last-modified": LAST_MODIFIED},
    )
    first = fetch(server, "/rss")
    again = fetch(server, "/rss", etag=first.etag, last_modified=first.last_modified)
    assert again.status == "not_modified"
    assert again.ok
    assert again.http_status == 304
    assert again.items == ()
    assert (again.etag, again.last_modified) == (ETAG, LAST_MODIFIED)
    sent = server.requests[-1][1]
    assert sent["if-none-match"] == ETAG
    assert sent["if-modified-since"] == LAST_MODIFIED
    assert "if-none-match" not in server.requests[0][1]


def test_a_hanging_server_times_out(server: FeedServer) -> None:
    server.routes["/slow"] = Route(body=rss([]), delay=10)
    started = time.monotonic()
    result = fetch(server, "/slow", timeout=0.5, etag=ETAG)
    assert time.monotonic() - started < 3
    assert result.status == "error"
    assert result.error == "No answer within 0.5 s."
    assert result.etag == ETAG  # validators kept for the next try


def test_a_dripping_server_hits_the_overall_deadline(server: FeedServer) -> None:
    """Each piece arrives within the read timeout; the whole download does not."""
    server.routes["/drip"] = Route(
        body=rss([("A", "T", "https://x.example/", "d" * 400)]), drip=0.2
    )
    started = time.monotonic()
    result = fetch(server, "/drip", timeout=1.0)
    assert time.monotonic() - started < 3
    assert result.status == "error"
    assert result.error == "The download took longer than 1 s."


def test_404_and_other_http_errors(server: FeedServer) -> None:
    result = fetch(server, "/missing")
    assert result.status == "error"
    assert result.error == "The server answered 404 Not Found."
    server.routes["/broken"] = Route(500, b"oops", "text/plain")
    assert fetch(server, "/broken").error == "The server answered 500 Internal Server Error."


def test_malformed_feed_and_web_page_instead_of_feed(server: FeedServer) -> None:
    server.routes["/garbage"] = Route(
        body=b"\x00\x01 this is <not <xml at all", content_type="application/rss+xml"
    )
    garbage = fetch(server, "/garbage")
    assert garbage.status == "error"
    assert garbage.error.startswith("This is not an RSS or Atom feed")
    server.routes["/page"] = Route(
        body=news_page().encode(), content_type="text/html; charset=utf-8"
    )
    page = fetch(server, "/page")
    assert page.error == "The address serves a web page, not an RSS or Atom feed."


def test_a_feed_with_errors_still_gives_its_items(server: FeedServer) -> None:
    body = rss([("AEN1", "Title", "https://x.example/1", SUMMARY)]).replace(
        b"</channel></rss>", b"<oops></channel>"
    )
    server.routes["/bozo"] = Route(body=body)
    result = fetch(server, "/bozo")
    assert result.status == "ok"
    assert [item.id for item in result.items] == ["AEN1"]
    assert len(result.warnings) == 1
    assert "items were read anyway" in result.warnings[0]


def test_size_cap_with_and_without_content_length(server: FeedServer) -> None:
    big = rss([(f"A{i}", "T", f"https://x.example/{i}", "x" * 1000) for i in range(40)])
    server.routes["/big"] = Route(body=big)
    server.routes["/big-chunked"] = Route(body=big, chunked=True)
    declared = fetch(server, "/big", max_bytes=10_000)
    assert declared.error == f"The response is {len(big)} bytes, over the 10000-byte cap."
    streamed = fetch(server, "/big-chunked", max_bytes=10_000)
    assert streamed.error == "The response is over the 10000-byte cap."


def test_entity_declarations_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]>'
        b'<rss version="2.0"><channel><title>&a;</title></channel></rss>'
    )
    with pytest.raises(FetchError, match="entities"):
        parse_feed(bomb)


def test_one_bad_feed_never_stops_the_others(server: FeedServer) -> None:
    server.routes["/good"] = Route(body=rss([("AEN1", "Title", "https://x.example/1", SUMMARY)]))
    server.routes["/slow"] = Route(body=rss([]), delay=10)
    server.routes["/garbage"] = Route(body=b"<<<>>>", content_type="text/plain")
    results = fetch_feeds(
        [Subscription(server.url(p)) for p in ("/missing", "/slow", "/garbage", "/good")],
        timeout=0.5,
        allow_private_networks=True,
    )
    assert [r.status for r in results] == ["error", "error", "error", "ok"]
    assert [item.id for item in results[-1].items] == ["AEN1"]
    assert [bool(r.error) for r in results] == [True, True, True, False]
    unreachable = fetch_feed("http://127.0.0.1:9/feed", timeout=0.5, allow_private_networks=True)
    assert unreachable.status == "error"
    assert unreachable.error.startswith("The request failed")


def test_private_addresses_are_refused_by_default(server: FeedServer) -> None:
    server.routes["/rss"] = Route(body=rss([]))
    result = fetch_feed(server.url("/rss"))
    assert result.status == "error"
    assert "private or local network address" in result.error
    assert server.requests == []  # refused before any request left
    assert (
        fetch_feed("file:///etc/passwd").error
        == "Only http:// and https:// addresses can be fetched."
    )


def test_duplicates_by_id_and_by_content(server: FeedServer) -> None:
    same_story = "Officials in Seoul and Tokyo convened emergency meetings."
    server.routes["/dupes"] = Route(
        body=rss(
            [
                ("AEN1", PENTAGON_HEADLINE, "https://en.yna.co.kr/view/AEN1", SUMMARY),
                (
                    "AEN1",
                    PENTAGON_HEADLINE,
                    "https://en.yna.co.kr/view/AEN1",
                    SUMMARY,
                ),  # repeated guid
                ("AEN2", "Emergency meetings", "https://en.yna.co.kr/view/AEN2", same_story),
                ("AEN3", "(LEAD) Emergency meetings", "https://en.yna.co.kr/view/AEN3", same_story),
            ]
        )
    )
    result = fetch(server, "/dupes")
    batch = new_items(result.items)
    assert [item.id for item in batch.new] == ["AEN1", "AEN2"]
    assert [(d.item.id, d.reason) for d in batch.duplicates] == [
        ("AEN1", "id"),
        ("AEN3", "content"),
    ]
    assert batch.duplicates[1].of == result.items[2].content_hash
    # Next poll: everything already seen.
    seen = new_items(
        result.items, seen_ids={"AEN1", "AEN2"}, seen_hashes={i.content_hash for i in batch.new}
    )
    assert seen.new == ()


def test_full_text_is_fetched_when_the_feed_has_only_a_summary(server: FeedServer) -> None:
    server.routes["/view/AEN1"] = Route(
        body=news_page().encode(), content_type="text/html; charset=utf-8"
    )
    item = FeedItem(
        id="AEN1", title="Feed title", link=server.url("/view/AEN1"), summary_html=SUMMARY
    )
    document, error = full_document(item, allow_private_networks=True)
    assert error == ""
    assert document.headline == PENTAGON_HEADLINE
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == pentagon_paragraphs()
    assert "MOST POPULAR" not in "\n".join(b.plain for b in document.blocks)
    assert document.source_uri == item.link


def test_full_text_failure_falls_back_to_the_summary(server: FeedServer) -> None:
    item = FeedItem(id="AEN9", title="Gone", link=server.url("/view/gone"), summary_html=SUMMARY)
    document, error = full_document(item, allow_private_networks=True)
    assert error == "The server answered 404 Not Found."
    assert document.blocks == (Block.paragraph(SUMMARY),)
    assert document.notes == (
        "Only the feed's summary is available: The server answered 404 Not Found.",
    )
    article = fetch_article(server.url("/view/gone"), allow_private_networks=True)
    assert article.document is None
    assert article.error == "The server answered 404 Not Found."


def test_a_redirect_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The address check runs before every request, redirects included."""
    addresses = {"wire.example": "93.184.216.34", "intranet.example": "10.0.0.5"}

    def resolve(host: str, *args: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (addresses[host], 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    seen: list[str] = []

    def wire(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "wire.example":
            return httpx.Response(302, headers={"Location": "http://intranet.example/admin"})
        return httpx.Response(200, content=rss([]))

    with http_client(transport=httpx.MockTransport(wire)) as client:
        result = fetch_feed("http://wire.example/rss", client=client)
    assert result.status == "error"
    assert "“intranet.example” is a private or local network address (10.0.0.5)" in result.error
    assert seen == ["http://wire.example/rss"]
