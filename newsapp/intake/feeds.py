"""RSS and Atom wire feeds: fetch (httpx), parse (feedparser), de-duplicate, full text.

Fetches are conditional (ETag / Last-Modified in, the new ones out), bounded by a timeout
over the whole download and a size cap, and refuse private network addresses unless told
otherwise. Every failure (HTTP error, timeout, too big, malformed feed, a web page instead
of a feed) comes back as a result with a readable ``error``: one bad feed never stops the
others. This is the only module that makes HTTP requests.
"""

from __future__ import annotations

import calendar
import hashlib
import ipaddress
import socket
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
import feedparser  # type: ignore[import-untyped]  # no type information published
import httpx
from defusedxml import DefusedXmlException

from newsapp.intake.htmlblocks import blocks_from_html
from newsapp.intake.inline import escape_inline
from newsapp.intake.model import Document, IntakeError, assemble, content_hash
from newsapp.intake.webpage import read_html

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
USER_AGENT = "Newsdesk-FeedReader/1.0"
#: An item whose feed content has fewer words than this is only a summary.
FULL_TEXT_MIN_WORDS = 80

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
)

Status = Literal["ok", "not_modified", "error"]


class FetchError(Exception):
    """A fetch that failed; the message is for the feed's page."""


# --- HTTP ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Response:
    status: int
    content: bytes
    content_type: str
    etag: str
    last_modified: str
    url: str


def _refuse_private(request: httpx.Request) -> None:
    host = request.url.host
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        raise FetchError(f"The host “{host}” could not be found.") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global:
            raise FetchError(
                f"Refused: “{host}” is a private or local network address ({ip}), "
                "which feeds may not point to."
            )


@contextmanager
def http_client(
    *,
    timeout: float = DEFAULT_TIMEOUT,
    allow_private_networks: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> Iterator[httpx.Client]:
    """A client for feeds and articles (redirects followed, private addresses refused).

    ``transport`` replaces the network (tests)."""
    hooks: dict[str, list[Callable[..., Any]]] = {
        "request": [] if allow_private_networks else [_refuse_private]
    }
    with httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": USER_AGENT},
        event_hooks=hooks,
        transport=transport,
    ) as client:
        yield client


def _get(
    client: httpx.Client,
    url: str,
    *,
    headers: dict[str, str],
    timeout: float,
    max_bytes: int,
) -> _Response:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError("Only http:// and https:// addresses can be fetched.")
    deadline = time.monotonic() + timeout
    try:
        with client.stream("GET", url, headers=headers, timeout=timeout) as response:
            if response.status_code == 304:
                return _Response(
                    304,
                    b"",
                    "",
                    response.headers.get("etag", ""),
                    response.headers.get("last-modified", ""),
                    str(response.url),
                )
            if response.status_code >= 400:
                raise FetchError(
                    f"The server answered {response.status_code} {response.reason_phrase}."
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"The response is {int(declared)} bytes, over the {max_bytes}-byte cap."
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"The response is over the {max_bytes}-byte cap.")
                if time.monotonic() > deadline:
                    raise FetchError(f"The download took longer than {timeout:g} s.")
                chunks.append(chunk)
            return _Response(
                response.status_code,
                b"".join(chunks),
                response.headers.get("content-type", ""),
                response.headers.get("etag", ""),
                response.headers.get("last-modified", ""),
                str(response.url),
            )
    except httpx.TimeoutException:
        raise FetchError(f"No answer within {timeout:g} s.") from None
    except httpx.TooManyRedirects:
        raise FetchError("Too many redirects.") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"The request failed: {exc or type(exc).__name__}.") from None


# --- Items --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    #: guid / Atom id, else the link, else a hash of the title and summary.
    id: str
    title: str
    link: str
    summary_html: str = ""
    content_html: str = ""
    published: datetime | None = None
    author: str = ""
    language: str = ""
    content_hash: str = field(default="", compare=False)

    @property
    def has_full_text(self) -> bool:
        """Whether the feed carries the story itself, not only a summary."""
        words = sum(len(b.plain.split()) for b in blocks_from_html(self.content_html))
        return words >= FULL_TEXT_MIN_WORDS

    def document(self) -> Document:
        """The item as a document: its content (or summary) under its title."""
        blocks = blocks_from_html(self.content_html or self.summary_html, base_url=self.link)
        return assemble(
            blocks,
            headline=escape_inline(self.title),
            byline=self.author,
            language=self.language,
            versioncreated=self.published,
            source_uri=self.link,
        )


def _datetime(parsed: time.struct_time | None) -> datetime | None:
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)


def _plain(value: str) -> str:
    return " ".join(b.plain for b in blocks_from_html(value)) if "<" in value else value


def _item(entry: Any, feed_language: str) -> FeedItem:
    title = " ".join(_plain(str(entry.get("title", "") or "")).split())
    link = str(entry.get("link", "") or "")
    summary = str(entry.get("summary", "") or "")
    contents = entry.get("content") or []
    content = "\n".join(str(c.get("value", "")) for c in contents if c.get("value"))
    if content.strip() == summary.strip():
        content = ""
    identifier = str(entry.get("id", "") or "") or link
    if not identifier:
        identifier = "sha256:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()
    language = next((str(c.get("language")) for c in contents if c.get("language")), "")
    item = FeedItem(
        id=identifier,
        title=title,
        link=link,
        summary_html=summary,
        content_html=content,
        published=_datetime(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=str(entry.get("author", "") or ""),
        language=language or feed_language,
    )
    return replace(item, content_hash=content_hash(item.document()))


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: tuple[FeedItem, ...]
    warnings: tuple[str, ...] = ()


def parse_feed(data: bytes, *, content_type: str = "", url: str = "") -> ParsedFeed:
    """Items of an RSS or Atom document; raises FetchError for anything that is not one."""
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FetchError("The feed declares XML entities, which are refused.") from None
    except SafeET.ParseError:
        pass  # not well-formed: feedparser's lenient parser may still read it
    headers = {"content-type": content_type} if content_type else {}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        head = data[:2048].lower()
        if b"<html" in head or "html" in content_type.lower():
            raise FetchError("The address serves a web page, not an RSS or Atom feed.")
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        raise FetchError(f"This is not an RSS or Atom feed{detail}.")
    warnings: list[str] = []
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
        exception = parsed["bozo_exception"]
        if not isinstance(exception, feedparser.CharacterEncodingOverride):
            warnings.append(
                f"The feed has errors ({exception}); {len(parsed.entries)} items were read anyway."
            )
    language = str(parsed.feed.get("language", "") or "")
    items = tuple(_item(entry, language) for entry in parsed.entries)
    return ParsedFeed(str(parsed.feed.get("title", "") or ""), items, tuple(warnings))


# --- Feeds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedResult:
    url: str
    status: Status
    items: tuple[FeedItem, ...] = ()
    title: str = ""
    #: Validators to send next time (unchanged on "not_modified" and errors).
    etag: str = ""
    last_modified: str = ""
    error: str = ""
    warnings: tuple[str, ...] = ()
    http_status: int | None = None

    @property
    def ok(self) -> bool:
        return self.status != "error"


def fetch_feed(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
    allow_private_networks: bool = False,
) -> FeedResult:
    """Fetch and parse one feed. Never raises for a bad feed: see ``FeedResult.error``."""
    if client is None:
        with http_client(timeout=timeout, allow_private_networks=allow_private_networks) as own:
            return fetch_feed(
                url,
                etag=etag,
                last_modified=last_modified,
                timeout=timeout,
                max_bytes=max_bytes,
                client=own,
            )
    headers = {"Accept": _FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = _get(client, url, headers=headers, timeout=timeout, max_bytes=max_bytes)
        if response.status == 304:
            return FeedResult(
                url,
                "not_modified",
                etag=response.etag or etag,
                last_modified=response.last_modified or last_modified,
                http_status=304,
            )
        parsed = parse_feed(response.content, content_type=response.content_type, url=response.url)
    except FetchError as exc:
        return FeedResult(url, "error", etag=etag, last_modified=last_modified, error=str(exc))
    except Exception as exc:  # a feed must never stop the others
        return FeedResult(
            url,
            "error",
            etag=etag,
            last_modified=last_modified,
            error=f"Unexpected error: {type(exc).__name__}: {exc}",
        )
    return FeedResult(
        url,
        "ok",
        items=parsed.items,
        title=parsed.title,
        etag=response.etag,
        last_modified=response.last_modified,
        warnings=parsed.warnings,
        http_status=response.status,
    )


@dataclass(frozen=True)
class Subscription:
    url: str
    etag: str = ""
    last_modified: str = ""


def fetch_feeds(
    subscriptions: Iterable[Subscription],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private_networks: bool = False,
) -> list[FeedResult]:
    """Fetch several feeds one after another; each result stands alone."""
    with http_client(timeout=timeout, allow_private_networks=allow_private_networks) as client:
        return [
            fetch_feed(
                s.url,
                etag=s.etag,
                last_modified=s.last_modified,
                timeout=timeout,
                max_bytes=max_bytes,
                client=client,
            )
            for s in subscriptions
        ]


# --- De-duplication -----------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    item: FeedItem
    #: "id" or "content".
    reason: Literal["id", "content"]
    #: The id (or content hash) it repeats.
    of: str


@dataclass(frozen=True)
class Deduplicated:
    new: tuple[FeedItem, ...]
    duplicates: tuple[Duplicate, ...]


def new_items(
    items: Iterable[FeedItem],
    *,
    seen_ids: Collection[str] = (),
    seen_hashes: Collection[str] = (),
) -> Deduplicated:
    """Items not seen before, by id and by content hash (within the batch too)."""
    ids, hashes = set(seen_ids), set(seen_hashes)
    new: list[FeedItem] = []
    duplicates: list[Duplicate] = []
    for item in items:
        if item.id in ids:
            duplicates.append(Duplicate(item, "id", item.id))
        elif item.content_hash and item.content_hash in hashes:
            duplicates.append(Duplicate(item, "content", item.content_hash))
        else:
            new.append(item)
        ids.add(item.id)
        if item.content_hash:
            hashes.add(item.content_hash)
    return Deduplicated(tuple(new), tuple(duplicates))


# --- Full text ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleResult:
    url: str
    document: Document | None = None
    error: str = ""


def fetch_article(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
    allow_private_networks: bool = False,
) -> ArticleResult:
    """The story at ``url`` (for an item with only a summary), extracted by trafilatura."""
    if client is None:
        with http_client(timeout=timeout, allow_private_networks=allow_private_networks) as own:
            return fetch_article(url, timeout=timeout, max_bytes=max_bytes, client=own)
    try:
        response = _get(
            client,
            url,
            headers={"Accept": "text/html, application/xhtml+xml"},
            timeout=timeout,
            max_bytes=max_bytes,
        )
        if response.status == 304:
            raise FetchError("The server answered 304 Not Modified to a plain request.")
        document = read_html(response.content, base_url=response.url)
    except (FetchError, IntakeError) as exc:
        return ArticleResult(url, error=str(exc))
    except Exception as exc:  # one article must never stop a poll
        return ArticleResult(url, error=f"Unexpected error: {type(exc).__name__}: {exc}")
    return ArticleResult(url, document=document)


def full_document(
    item: FeedItem,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
    allow_private_networks: bool = False,
) -> tuple[Document, str]:
    """The item's document, with the full text fetched from its link when the feed has only
    a summary; the second value is the error that made it fall back to the summary."""
    if item.has_full_text or not item.link:
        return item.document(), ""
    result = fetch_article(
        item.link,
        timeout=timeout,
        max_bytes=max_bytes,
        client=client,
        allow_private_networks=allow_private_networks,
    )
    if result.document is None or not result.document.blocks:
        error = result.error or "No story text was found at the item's link."
        return item.document().with_notes(f"Only the feed's summary is available: {error}"), error
    document = result.document
    return replace(
        document,
        headline=document.headline or escape_inline(item.title),
        byline=document.byline or item.author,
        language=document.language or item.language,
        versioncreated=document.versioncreated or item.published,
        source_uri=item.link,
    ), ""
