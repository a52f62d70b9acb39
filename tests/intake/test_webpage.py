"""Saved web pages in (trafilatura), HTML out (lang, dir, kinds, escaping)."""

from __future__ import annotations

from email.message import EmailMessage

import lxml.html
import pytest

from newsapp.intake.model import Block, BlockKind, Document, IntakeError
from newsapp.intake.webpage import is_rtl, read_html, read_mhtml, write_html
from tests.intake.samples import (
    FURNITURE,
    KOREAN_HEADLINE,
    KOREAN_PARAGRAPHS,
    PENTAGON_HEADLINE,
    news_page,
    pentagon_paragraphs,
)


def _all_text(document: Document) -> str:
    return "\n".join(
        [document.headline_plain, document.byline, *(b.plain for b in document.blocks)]
    )


def test_saved_pentagon_page_keeps_the_story_and_drops_the_furniture() -> None:
    document = read_html(news_page().encode("utf-8"))
    assert document.headline == PENTAGON_HEADLINE
    assert document.language == "en"
    assert document.dateline == "WASHINGTON, Nov. 28 (Yonhap) --"
    assert document.located == "WASHINGTON"
    assert document.versioncreated is not None
    assert document.versioncreated.isoformat() == "2023-11-28T09:15:00+09:00"
    # Every paragraph of the story, whole and in order, and nothing else.
    assert [b.kind for b in document.blocks] == [BlockKind.PARAGRAPH] * len(pentagon_paragraphs())
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == pentagon_paragraphs()
    text = _all_text(document)
    for furniture in FURNITURE:
        assert furniture not in text, furniture
    assert document.notes == ()


def test_page_structure_is_kept() -> None:
    extra = """
      <h2>Allies <em>respond</em></h2>
      <ul><li>South Korea convened its <b>National Security Council</b>.</li>
          <li>Japan lodged a protest through <a href="/diplomacy">diplomatic channels</a>.</li></ul>
      <ol><li>First step</li><li>Second step</li></ol>
      <blockquote><p>"Our commitment remains ironclad," Kirby said.</p></blockquote>
    """
    document = read_html(
        news_page(extra_article_html=extra), base_url="https://en.yna.co.kr/view/AEN1"
    )
    tail = document.blocks[-6:]
    assert [(b.kind, b.ordered) for b in tail] == [
        (BlockKind.HEADING, False),
        (BlockKind.LIST_ITEM, False),
        (BlockKind.LIST_ITEM, False),
        (BlockKind.LIST_ITEM, True),
        (BlockKind.LIST_ITEM, True),
        (BlockKind.QUOTE, False),
    ]
    assert tail[0].text == "Allies *respond*"
    assert tail[1].text == "South Korea convened its **National Security Council**."
    # A relative link is made absolute against the page's address.
    assert (
        tail[2].text
        == "Japan lodged a protest through [diplomatic channels](https://en.yna.co.kr/diplomacy)."
    )


def test_title_without_h1_loses_the_site_name() -> None:
    page = news_page().replace('<h1 class="tit">', '<div class="tit">').replace("</h1>", "</div>")
    document = read_html(page)
    # trafilatura alone would answer "Yonhap News Agency" (it skips title parts with a dot).
    assert document.headline == PENTAGON_HEADLINE


def test_a_small_snippet_is_kept_whole_with_a_note() -> None:
    document = read_html("<html><body><h1>Short item</h1><p>Only one line here.</p></body></html>")
    assert document.headline == "Short item"
    assert [b.plain for b in document.blocks] == ["Only one line here."]
    assert any("little text" in note for note in document.notes)


def test_page_in_a_legacy_encoding_is_decoded() -> None:
    page = news_page(headline=KOREAN_HEADLINE, paragraphs=KOREAN_PARAGRAPHS, lang="ko")
    data = page.replace('<meta charset="utf-8">', '<meta charset="euc-kr">').encode("cp949")
    document = read_html(data)
    assert document.headline == KOREAN_HEADLINE
    assert document.language == "ko"
    assert document.dateline == "(워싱턴=연합뉴스) 김동현 특파원 ="
    assert document.located == "워싱턴"
    assert [Block.paragraph(t).plain for t in document.paragraphs()] == KOREAN_PARAGRAPHS


def test_mhtml_saved_page() -> None:
    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message["Subject"] = PENTAGON_HEADLINE
    message.set_content(news_page(), subtype="html", cte="quoted-printable")
    message.replace_header("Content-Type", 'text/html; charset="utf-8"')
    message["Content-Location"] = "https://en.yna.co.kr/view/AEN1"
    document = read_mhtml(message.as_bytes())
    assert document.headline == PENTAGON_HEADLINE
    assert len(document.blocks) == len(pentagon_paragraphs())
    with pytest.raises(IntakeError, match="no HTML part"):
        read_mhtml(b"MIME-Version: 1.0\nContent-Type: text/plain\n\nhello\n")


def test_empty_page_is_an_error() -> None:
    with pytest.raises(IntakeError, match="empty"):
        read_html(b"   ")
    with pytest.raises(IntakeError, match="No text"):
        read_html("<html><body><nav>Home</nav></body></html>")


# --- Writing ------------------------------------------------------------------------------


def _story(language: str) -> Document:
    return Document(
        headline="Seoul summit *ends*",
        byline="By Jane <Doe>",
        dateline="SEOUL (AP) --",
        language=language,
        blocks=(
            Block.paragraph("Leaders met & **agreed**, see [this](https://ex.org/?a=1&b=2)."),
            Block.heading("Details", 2),
            Block.item("one", ordered=True),
            Block.item("nested", depth=1),
            Block.item("two", ordered=True),
            Block.quote("A quote."),
            Block.quote("Another."),
            Block.paragraph("Line\\\nbreak <script>alert(1)</script>"),
        ),
    )


def test_html_export_structure_and_escaping() -> None:
    html = write_html(_story("ko"))
    root = lxml.html.document_fromstring(html)
    assert root.get("lang") == "ko"
    assert root.get("dir") == "ltr"
    assert root.findtext(".//title") == "Seoul summit ends"
    assert (
        lxml.html.tostring(root.find(".//h1"), encoding="unicode", with_tail=False)
        == "<h1>Seoul summit <em>ends</em></h1>"
    )
    assert root.find('.//p[@class="byline"]').text == "By Jane <Doe>"
    paragraphs = root.findall(".//article/p")
    assert paragraphs[1].text_content() == "SEOUL (AP) -- Leaders met & agreed, see this."
    assert paragraphs[1].find("a").get("href") == "https://ex.org/?a=1&b=2"
    assert [li.text.strip() for li in root.findall(".//article/ol/li")] == ["one", "two"]
    assert root.find(".//article/ol/li/ul/li").text.strip() == "nested"
    assert len(root.findall(".//blockquote/p")) == 2
    assert len(root.findall(".//blockquote")) == 1
    assert root.find(".//script") is None
    assert "&lt;script&gt;" in html
    assert root.findall(".//article/p")[-1].find("br") is not None


@pytest.mark.parametrize(
    ("language", "rtl"),
    [("ar", True), ("he", True), ("fa-IR", True), ("ur", True), ("ko", False), ("en", False)],
)
def test_html_direction_follows_the_language(language: str, rtl: bool) -> None:
    assert is_rtl(language) is rtl
    root = lxml.html.document_fromstring(write_html(_story(language)))
    assert root.get("dir") == ("rtl" if rtl else "ltr")
    assert root.get("lang") == language
