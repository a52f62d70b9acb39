"""Intake speed: reading and writing the Pentagon story in each format, and feed parsing.

Prints, in one run, the median of several runs per step (ms):

1. readers: a saved news page (trafilatura), .mhtml, .docx, Markdown, ninjs, UTF-8 text,
   a Windows-1252 text (encoding detection), and "clean up pasted web text";
2. writers: Markdown, HTML, DOCX, ninjs;
3. parsing an RSS feed of 50 summary items and an Atom feed of 20 full-text items
   (feedparser and the content hash, no network).

No goal is set; the figures tell whether intake can run in the web request (it reads one
file) and how long a beat poll spends per feed beside the network.

Run: .venv/bin/python bench/intake_speed.py [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from email.message import EmailMessage
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsapp.intake import (  # noqa: E402
    clean_pasted_text,
    ninjs_json,
    read_docx,
    read_html,
    read_markdown,
    read_mhtml,
    read_ninjs,
    read_text,
    write_docx,
    write_html,
    write_markdown,
)
from newsapp.intake.feeds import parse_feed  # noqa: E402
from tests.intake.samples import (  # noqa: E402
    PENTAGON_HEADLINE,
    news_page,
    pasted_page_text,
    pentagon_paragraphs,
    word_story,
)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _mhtml(page: str) -> bytes:
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message.set_content(page, subtype="html", cte="quoted-printable")
    return message.as_bytes()


def _rss(items: int) -> bytes:
    summary = escape(pentagon_paragraphs()[0][:200])
    entries = "".join(
        f"<item><guid>AEN{i}</guid><title>{escape(PENTAGON_HEADLINE)} {i}</title>"
        f"<link>https://en.yna.co.kr/view/AEN{i}</link><description>{summary}</description>"
        "<pubDate>Tue, 28 Nov 2023 00:15:00 GMT</pubDate></item>"
        for i in range(items)
    )
    return f'<rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()


def _atom(items: int) -> bytes:
    story = escape("".join(f"<p>{escape(p)}</p>" for p in pentagon_paragraphs()))
    entries = "".join(
        f"<entry><id>urn:wire:{i}</id><title>{escape(PENTAGON_HEADLINE)}</title>"
        f'<link href="https://en.yna.co.kr/view/{i}"/><updated>2023-11-28T00:15:00Z</updated>'
        f'<content type="html">{story}</content></entry>'
        for i in range(items)
    )
    return (
        f'<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id>'
        f"<updated>2023-11-28T00:20:00Z</updated>{entries}</feed>"
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs

    page = news_page()
    text = PENTAGON_HEADLINE + "\n\n" + "\n\n".join(pentagon_paragraphs())
    document = read_html(page)
    markdown = write_markdown(document)
    ninjs = ninjs_json(document, uri="urn:bench:1")
    docx_bytes = word_story()
    mhtml = _mhtml(page)
    words = sum(len(p.split()) for p in pentagon_paragraphs())

    paragraphs = len(pentagon_paragraphs())
    print(f"Pentagon story: {words} words, {paragraphs} paragraphs; median of {runs} runs")
    print("\nReaders                              ms")
    steps: list[tuple[str, Callable[[], object]]] = [
        ("saved news page (.html, trafilatura)", lambda: read_html(page.encode())),
        ("saved news page (.mhtml)", lambda: read_mhtml(mhtml)),
        ("Word story (.docx, with lists)", lambda: read_docx(docx_bytes)),
        ("Markdown", lambda: read_markdown(markdown)),
        ("ninjs 2.2 JSON", lambda: read_ninjs(ninjs)),
        ("plain text, UTF-8", lambda: read_text(text.encode())),
        (
            "plain text, Windows-1252 (detected)",
            lambda: read_text(text.replace("'", "’").encode("cp1252")),
        ),
        ("clean up pasted web text", lambda: clean_pasted_text(pasted_page_text())),
    ]
    for label, step in steps:
        print(f"  {label:<36}{median_ms(step, runs):8.2f}")
    print("\nWriters                              ms")
    writers: list[tuple[str, Callable[[], object]]] = [
        ("Markdown", lambda: write_markdown(document)),
        ("HTML", lambda: write_html(document)),
        ("DOCX", lambda: write_docx(document)),
        ("ninjs 2.2 JSON", lambda: json.loads(ninjs_json(document, uri="urn:bench:1"))),
    ]
    for label, step in writers:
        print(f"  {label:<36}{median_ms(step, runs):8.2f}")
    print("\nFeeds (parse + content hash)         ms")
    rss, atom = _rss(50), _atom(20)
    feeds = [
        (f"RSS, 50 summary items ({len(rss) // 1024} KB)", lambda: parse_feed(rss)),
        (f"Atom, 20 full-text items ({len(atom) // 1024} KB)", lambda: parse_feed(atom)),
    ]
    for label, step in feeds:
        print(f"  {label:<36}{median_ms(step, runs):8.2f}")


if __name__ == "__main__":
    main()
