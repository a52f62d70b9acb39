"""Real-looking input files for the intake tests, made at test time."""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

STORY_FILE = Path(__file__).resolve().parents[2] / "bench" / "pentagon_story.txt"
PENTAGON_HEADLINE = "U.S. urges N. Korea to stop provocations after ICBM launch"

#: Furniture a wire page puts around the story; none of it may reach the document.
FURNITURE = (
    "Back To Top",
    "MOST POPULAR",
    "LATEST NEWS",
    "Subscribe",
    "subscribe",
    "Facebook",
    "Twitter",
    "KakaoTalk",
    "BTS member Jin completes military service",
    "Won falls to 1,300 against dollar",
    "Samsung unveils new foldable phone",
    "N. Korea slams U.S.-South Korea drills",
    "All rights reserved",
    "cookies",
    "Politics",
    "Newsletter",
)


KOREAN_HEADLINE = '美 국방부 "北, 도발 중단하고 대화 복귀해야"'
KOREAN_PARAGRAPHS = [
    "(워싱턴=연합뉴스) 김동현 특파원 = 미국 국방부는 28일 북한이 대륙간탄도미사일(ICBM)을 "
    "발사한 데 대해 도발을 즉각 중단하고 대화에 복귀할 것을 촉구했다.",
    '존 커비 대변인은 정례 브리핑에서 "이번 발사는 여러 유엔 안전보장이사회 결의에 대한 명백한 '
    '위반"이라고 말했다.',
    "커비 대변인은 한국과 일본에 대한 방위 공약은 철통같다고 강조하며, 동맹국과 긴밀히 협의하고 "
    "있다고 덧붙였다.",
    "합동참모본부는 북한이 이날 오전 7시 11분께 평양 인근에서 동해상으로 탄도미사일 1발을 "
    "발사했다고 밝혔다.",
]


def pentagon_paragraphs() -> list[str]:
    return [p.strip() for p in STORY_FILE.read_text("utf-8").split("\n\n") if p.strip()]


def news_page(
    *,
    headline: str = PENTAGON_HEADLINE,
    paragraphs: list[str] | None = None,
    extra_article_html: str = "",
    lang: str = "en",
) -> str:
    """A saved wire story page: header menu, share line, the story, a "MOST POPULAR" box,
    "LATEST NEWS", a cookie notice and a footer, as a news site serves it."""
    body = "\n".join(
        f"      <p>{escape(p, quote=False)}</p>" for p in paragraphs or pentagon_paragraphs()
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>{escape(headline)} | Yonhap News Agency</title>
  <meta property="og:site_name" content="Yonhap News Agency">
  <meta property="article:published_time" content="2023-11-28T09:15:00+09:00">
  <link rel="stylesheet" href="/css/site.css">
  <script>window.dataLayer = [];</script>
</head>
<body>
  <a class="skip" href="#content">Skip to content</a>
  <header class="site-header">
    <div class="logo"><a href="/">Yonhap News Agency</a></div>
    <nav class="gnb">
      <ul>
        <li><a href="/nk">North Korea</a></li>
        <li><a href="/politics">Politics</a></li>
        <li><a href="/economy">Economy</a></li>
        <li><a href="/society">Society</a></li>
        <li><a href="/newsletter">Newsletter</a></li>
        <li><a href="/subscribe">Subscribe</a></li>
      </ul>
    </nav>
  </header>
  <main id="content">
    <article class="story">
      <h1 class="tit">{escape(headline)}</h1>
      <div class="info"><span class="date">2023-11-28 09:15</span></div>
      <div class="share-box">Share <a href="#fb">Facebook</a> <a href="#tw">Twitter</a>
        <a href="#kakao">KakaoTalk</a> <a href="#mail">Email</a></div>
      <div class="story-news article">
{body}
{extra_article_html}
      </div>
      <p class="back"><a href="#top">Back To Top</a></p>
    </article>
    <aside class="popular">
      <h2>MOST POPULAR</h2>
      <ol>
        <li><a href="/a1">BTS member Jin completes military service</a></li>
        <li><a href="/a2">Won falls to 1,300 against dollar</a></li>
        <li><a href="/a3">Samsung unveils new foldable phone</a></li>
      </ol>
    </aside>
    <aside class="latest">
      <h2>LATEST NEWS</h2>
      <ul>
        <li><a href="/b1">N. Korea slams U.S.-South Korea drills</a></li>
        <li><a href="/b2">Yoon heads to Paris for expo bid</a></li>
      </ul>
    </aside>
  </main>
  <div class="cookie">We use cookies to improve your experience on our site.
    <button>Accept</button></div>
  <footer>
    <p><a href="/subscribe">subscribe</a> | <a href="/about">About us</a></p>
    <p>Copyright (c) Yonhap News Agency. All rights reserved.</p>
  </footer>
</body>
</html>
"""


def pasted_page_text() -> str:
    """What selecting all of the page and pasting gives: furniture lines around the story."""
    story = "\n\n".join(pentagon_paragraphs())
    return f"""Skip to content
Yonhap News Agency
North Korea
Politics
Economy
Society
Newsletter
Subscribe

{PENTAGON_HEADLINE}
2023-11-28 09:15
Share Facebook Twitter KakaoTalk Email

{story}

Back To Top

MOST POPULAR
1 BTS member Jin completes military service
2 Won falls to 1,300 against dollar
3 Samsung unveils new foldable phone

LATEST NEWS
N. Korea slams U.S.-South Korea drills
Yoon heads to Paris for expo bid

We use cookies to improve your experience on our site.
Accept
subscribe | About us
Copyright (c) Yonhap News Agency. All rights reserved.
"""


# --- Word ---------------------------------------------------------------------------------


def _hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    relation = paragraph.part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _direct_numbering(
    document: docx.document.Document, paragraph: Paragraph, *, bullet: bool
) -> None:
    """Number a "List Paragraph" the way Word does: with its own numbering definition."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract_id = str(90 + len(numbering.findall(qn("w:abstractNum"))))
    abstract.set(qn("w:abstractNumId"), abstract_id)
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    number_format = OxmlElement("w:numFmt")
    number_format.set(qn("w:val"), "bullet" if bullet else "lowerLetter")
    level.append(number_format)
    abstract.append(level)
    numbering.insert(0, abstract)
    num = numbering.add_num(int(abstract_id))
    pPr = paragraph._p.get_or_add_pPr()
    numPr = pPr.get_or_add_numPr()
    numPr.get_or_add_ilvl().val = 0
    numPr.get_or_add_numId().val = num.numId


def word_story(*, title_property: str = "", with_title_style: bool = False) -> bytes:
    """A Word story as an editor would write one: a heading as headline, a byline, body
    paragraphs with bold, italic and a link, a crosshead, numbered and bulleted lists
    (nested, and one numbered by Word's own list numbering), and a quote."""
    document = docx.Document()
    document.core_properties.title = title_property
    if with_title_style:
        document.add_paragraph("Seoul summit ends with climate pledge", style="Title")
    else:
        document.add_heading("Seoul summit ends with climate pledge", level=1)
    document.add_paragraph("By Jane Doe")
    lead = document.add_paragraph("SEOUL, Nov. 28 (Yonhap) -- Leaders of ")
    lead.add_run("South Korea").bold = True
    lead.add_run(" and ")
    lead.add_run("Japan").italic = True
    lead.add_run(" agreed on Friday to cut emissions, according to the ")
    _hyperlink(lead, "joint statement", "https://example.org/statement")
    lead.add_run(".")
    document.add_paragraph("The two sides met for three hours in the presidential office.")
    document.add_heading("What they agreed", level=2)
    document.add_paragraph("Cut coal use by 2030", style="List Number")
    document.add_paragraph("Fund a joint research centre", style="List Number")
    document.add_paragraph("in Busan", style="List Bullet 2")
    document.add_paragraph("in Osaka", style="List Bullet 2")
    document.add_paragraph("Meet again next year", style="List Number")
    document.add_heading("Reactions", level=2)
    for text, bullet in (
        ("Environmental groups welcomed it", True),
        ("Industry asked for time", True),
    ):
        item = document.add_paragraph(text, style="List Paragraph")
        _direct_numbering(document, item, bullet=bullet)
    item = document.add_paragraph("First lettered point", style="List Paragraph")
    _direct_numbering(document, item, bullet=False)
    document.add_paragraph(
        "This is a turning point for the region, the president said.", style="Quote"
    )
    document.add_paragraph("")  # empty paragraphs are common and carry nothing
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- ninjs and Markdown -------------------------------------------------------------------


def ninjs_item() -> dict[str, object]:
    """A ninjs 2.x text item as an agency sends it (HTML and plain bodies)."""
    paragraphs = pentagon_paragraphs()[:3]
    return {
        "uri": "urn:newsml:yna.co.kr:20231128:AEN20231128000200315",
        "type": "text",
        "version": "2",
        "versioncreated": "2023-11-28T09:15:00+09:00",
        "language": "en",
        "slugline": "NK-missile-US",
        "by": "By Kim Hyun",
        "located": "Washington",
        "headlines": [{"role": "main", "value": PENTAGON_HEADLINE}],
        "bodies": [
            {"role": "main", "contenttype": "text/plain", "value": "\n\n".join(paragraphs)},
            {
                "role": "richtext",
                "contenttype": "text/html",
                "value": "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs[:2])
                + "<h2>Allies</h2><ul><li>South Korea</li><li><b>Japan</b></li></ul>"
                + f"<blockquote><p>{escape(paragraphs[2], quote=False)}</p></blockquote>",
            },
        ],
    }


MARKDOWN_STORY = """\
# Seoul summit ends with *climate* pledge

By Jane Doe

SEOUL, Nov. 28 (Yonhap) -- Leaders of **South Korea** and _Japan_ agreed on Friday to cut
emissions, according to the [joint statement](https://example.org/statement?id=1&lang=en).

## What they agreed

1. Cut coal use by 2030
2. Fund a *joint* research centre
   - in Busan
   - in Osaka
3. Meet again next year

> "This is a turning point," the Korean president said.

Fines of 1,000 won apply from 2025; the rule numbers 3 * 4 and #climate tags stay text.

- Environmental groups welcomed it
- Industry asked for time
"""
