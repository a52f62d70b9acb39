"""Clean up pasted web text: the page's furniture goes, every sentence of the story stays."""

from __future__ import annotations

from newsapp.intake.cleanup import clean_pasted_text
from newsapp.intake.model import Block
from newsapp.intake.textfile import text_document
from tests.intake.samples import PENTAGON_HEADLINE, pasted_page_text, pentagon_paragraphs


def test_pasted_pentagon_page_loses_its_furniture_and_keeps_the_story() -> None:
    pasted = pasted_page_text()
    cleaned = clean_pasted_text(pasted)
    kept_lines = [line for line in cleaned.text.split("\n") if line.strip()]
    assert kept_lines == [PENTAGON_HEADLINE, *pentagon_paragraphs()]
    dropped = {d.text: d.reason for d in cleaned.dropped}
    assert dropped == {
        "Skip to content": "navigation",
        "Yonhap News Agency": "menu",
        "North Korea": "menu",
        "Politics": "menu",
        "Economy": "menu",
        "Society": "menu",
        "Newsletter": "account",
        "Subscribe": "account",
        "2023-11-28 09:15": "timestamp",
        "Share Facebook Twitter KakaoTalk Email": "share",
        "Back To Top": "navigation",
        "MOST POPULAR": "list",
        "1 BTS member Jin completes military service": "list",
        "2 Won falls to 1,300 against dollar": "list",
        "3 Samsung unveils new foldable phone": "list",
        "LATEST NEWS": "list",
        "N. Korea slams U.S.-South Korea drills": "list",
        "Yoon heads to Paris for expo bid": "list",
        "We use cookies to improve your experience on our site.": "notice",
        "Accept": "notice",
        "subscribe | About us": "account",
        "Copyright (c) Yonhap News Agency. All rights reserved.": "notice",
    }
    # Line numbers point into the pasted text, for the preview.
    lines = pasted.split("\n")
    assert all(lines[d.number - 1].strip() == d.text for d in cleaned.dropped)
    assert all(d.reason_text for d in cleaned.dropped)
    # The cleaned text reads as the story: headline, then the paragraphs.
    document = text_document(cleaned.text)
    assert document.headline == PENTAGON_HEADLINE
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == pentagon_paragraphs()


def test_every_sentence_survives_whatever_surrounds_it() -> None:
    """Conservative: no sentence of the story is dropped, even next to furniture words."""
    story = pentagon_paragraphs()
    noisy = "\n".join(["MOST POPULAR", *story, "Share", "LATEST NEWS", *story[:2]])
    cleaned = clean_pasted_text(noisy)
    assert [line for line in cleaned.text.split("\n") if line] == story
    # The second copy of the first two paragraphs is dropped as repeated, nothing else.
    assert [d.reason for d in cleaned.dropped] == ["list", "share", "list", "repeated", "repeated"]


def test_story_lines_that_mention_furniture_words_are_kept() -> None:
    text = (
        "Share prices fell sharply in Seoul on Tuesday after the launch, traders said.\n"
        "Subscribers to the service will get alerts, the ministry said in a statement.\n"
        "The EU says websites that use cookies must ask for consent before tracking users.\n"
        "Home\n"
        "Kim said the talks would resume at home in Seoul next month, officials added.\n"
        "Published reports said 2023 was a record year for launches by the North."
    )
    cleaned = clean_pasted_text(text)
    assert [d.text for d in cleaned.dropped] == ["Home"]
    assert cleaned.text.count("\n") == 4


def test_menus_breadcrumbs_and_korean_furniture() -> None:
    text = "\n".join(
        [
            "Home > World > Asia",
            "정치 | 경제 | 사회 | 북한 | 국제",
            "많이 본 뉴스",
            "1 BTS 진 전역",
            "2 환율 1,300원 돌파",
            "",
            "미국 국방부는 28일 북한에 도발을 즉각 중단하라고 촉구했다.",
            "기사 공유",
            "카카오톡 페이스북 트위터 URL 복사",
            "맨 위로",
            "입력 2023.11.28 09:15",
            "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>",
        ]
    )
    cleaned = clean_pasted_text(text)
    assert cleaned.text == "미국 국방부는 28일 북한에 도발을 즉각 중단하라고 촉구했다."
    assert [d.reason for d in cleaned.dropped] == [
        "menu",
        "menu",
        "list",
        "list",
        "list",
        "share",
        "share",
        "navigation",
        "timestamp",
        "notice",
    ]


def test_desk_phrases_and_repeated_lines() -> None:
    text = (
        "Yonhap Exclusive\nSeoul talks end\nSeoul talks end\n"
        "Leaders agreed on a joint statement on Friday, officials said."
    )
    cleaned = clean_pasted_text(text, extra_phrases=["yonhap exclusive"])
    assert [(d.number, d.reason) for d in cleaned.dropped] == [(1, "desk list"), (3, "repeated")]
    assert (
        cleaned.text
        == "Seoul talks end\nLeaders agreed on a joint statement on Friday, officials said."
    )


def test_a_numbered_list_ends_where_the_numbers_stop() -> None:
    text = (
        "MOST POPULAR\n\n1 BTS member\n\n2 Won falls\n\n"
        "U.S. urges N. Korea to stop provocations\n\n"
        "WASHINGTON (Yonhap) -- The United States urged North Korea to stop its provocations."
    )
    cleaned = clean_pasted_text(text)
    assert cleaned.text.split("\n\n") == [
        "U.S. urges N. Korea to stop provocations",
        "WASHINGTON (Yonhap) -- The United States urged North Korea to stop its provocations.",
    ]


def test_short_list_items_of_the_story_are_not_a_menu() -> None:
    text = (
        "The leaders agreed on four points, the statement said.\n"
        "- Coal\n- Research\n- Busan\n- Data\n• Ports\n• Rail\n• Energy\n• Water\n"
        "1. Seoul\n2. Tokyo\n3. Beijing\n4. Manila"
    )
    cleaned = clean_pasted_text(text)
    assert cleaned.dropped == ()
    assert cleaned.text == text
