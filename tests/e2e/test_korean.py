"""The desk in Korean, in a real browser: the same flows as the English tests, read by a Korean
browser (Accept-Language ko-KR) or switched with the header's button.

On every page: ``<html lang="ko">``, no English outside data (``tests/i18n/english.py``), Hangul
drawn with a Korean font, the layout fits at 1280 and 800 px, and a screenshot
(``var/screenshots/ko-*.png``; what a Korean reader checked on them is in docs/i18n.md).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article, Segment, Translation
from tests.e2e.browser import CONFLICT_CONSOLE_ERROR, HEIGHT, NARROW, WIDE, Desk, Tab
from tests.i18n.english import english_left

pytestmark = [pytest.mark.e2e, pytest.mark.backend_independent]

#: Translated by the phrasebook engine (tests/e2e/engines.py): sentence 4 loses its term.
STORY = (
    "Pyongyang fired a missile on Tuesday. Officials in Seoul condemned the launch.\n\n"
    "The Security Council will meet on Friday. Officials in Pyongyang did not comment."
)


#: The page as people read it. The live region (static/js/focus.js) repeats a card's heading
#: and status, both checked where they stand, so it is left out.
_PAGE_WITHOUT_ANNOUNCEMENTS_JS = """() => {
  const page = document.documentElement.cloneNode(true);
  page.querySelector("#a11y-status")?.remove();
  return "<!doctype html>" + page.outerHTML;
}"""


def korean_tab(desk: Desk, username: str | None = None) -> Tab:
    """A tab whose browser asks for Korean, as a Korean newsroom's browsers do."""
    context = desk.browser.new_context(
        viewport={"width": WIDE, "height": HEIGHT}, accept_downloads=True, locale="ko-KR"
    )
    context.set_default_timeout(15_000)
    tab = Tab(context, desk.base_url, username or "anonymous")
    desk.tabs.append(tab)
    if username:
        login_in_korean(tab, username)
    return tab


def login_in_korean(tab: Tab, username: str) -> None:
    tab.goto("/login/")
    check_korean(tab, "ko-login", narrow=True)
    tab.page.get_by_label("사용자 이름").fill(username)
    tab.page.get_by_label("비밀번호").fill("correct horse battery staple")
    tab.page.locator("main").get_by_role("button", name="로그인").click()
    expect(tab.page.locator(".whoami")).to_contain_text(username)


def check_korean(tab: Tab, shot: str, *, narrow: bool = False) -> None:
    """The page is in Korean: its lang, its words, its font; then the screenshot."""
    tab.settle()
    expect(tab.page.locator("html")).to_have_attribute("lang", "ko")
    left = english_left(tab.page.evaluate(_PAGE_WITHOUT_ANNOUNCEMENTS_JS))
    assert left == [], f"English left on {tab.page.url}: {left}"
    tab.assert_hangul_font("h1")
    tab.shoot(shot, narrow=narrow)


def _finished(article: Article) -> bool:
    statuses = set(article.translations.values_list("status", flat=True))
    return statuses <= {Translation.Status.DONE, Translation.Status.FAILED}


def test_korean_translator_submits_edits_and_meets_a_conflict(
    desk: Desk, translator: User, editor: User
) -> None:
    term_services.concept_propose(
        user=editor, terms=[TermData("en", "Pyongyang"), TermData("ko", "평양")], approve=True
    )
    tab = korean_tab(desk, translator.username)
    check_korean(tab, "ko-articles", narrow=True)

    # A new article, submitted through the Korean form.
    tab.page.get_by_role("navigation").get_by_role("link", name="새 기사").click()
    expect(tab.page.get_by_role("heading", name="새 기사")).to_be_visible()
    check_korean(tab, "ko-new-article", narrow=True)
    tab.page.locator("#id_title").fill("평양 미사일 발사")
    tab.page.locator("#id_text").fill(STORY)
    for box in tab.page.locator("input[name=target_languages]").all():
        box.set_checked(box.get_attribute("value") == "ko")
    tab.page.get_by_role("button", name="번역", exact=True).click()
    expect(tab.page.get_by_role("heading", name="평양 미사일 발사")).to_be_visible()
    article = Article.objects.get(title="평양 미사일 발사")
    desk.wait(lambda: _finished(article), what="the translation to finish")
    translation = article.translations.get()
    card = tab.page.locator(f"#translation-{translation.pk}")
    expect(card.locator(".badge-done")).to_have_text("완료")
    check_korean(tab, "ko-article-done", narrow=True)

    # The editor: the sentence that lost its term is flagged, in Korean.
    rows = list(translation.segments.exclude(kind="headline").order_by("order"))
    card.get_by_role("link", name="수정").click()
    flagged = tab.page.locator(f"#seg-{rows[3].pk}")
    expect(flagged).to_have_class(re.compile(r"\bed-flagged\b"))
    expect(flagged.locator(".reasons")).to_contain_text("누락된 용어: 평양")
    tab.assert_hangul_font(f"#seg-{rows[3].pk} .reasons")
    check_korean(tab, "ko-editor", narrow=True)

    # From the keyboard: a wrong particle after 평양 is named in Korean.
    first = tab.page.locator(f"#seg-{rows[0].pk}")
    first.locator("a.ed-text").focus()
    tab.page.keyboard.press("Enter")
    expect(first.locator("textarea")).to_be_focused()
    tab.page.keyboard.press("Control+A")
    tab.page.keyboard.type("평양는 화요일에 미사일을 발사했다.")
    tab.page.keyboard.press("Control+Enter")
    expect(first.locator(".reasons")).to_contain_text(
        "조사 오류: ‘평양는’ 대신 ‘평양은’ 형태를 써야 합니다."
    )
    check_korean(tab, "ko-editor-particle")

    # A conflict: an editor (also in Korean) saves sentence 3 while the translator edits it.
    council = f"#seg-{rows[2].pk}"
    tab.page.locator(f"{council} a.ed-text").click()
    expect(tab.page.locator(f"{council} textarea")).to_be_focused()
    other = korean_tab(desk, editor.username)
    other.goto(f"/translations/{translation.pk}/edit/")
    other.page.locator(f"{council} a.ed-text").click()
    expect(other.page.locator(f"{council} textarea")).to_be_focused()
    other.page.keyboard.press("Control+A")
    other.page.keyboard.type("안보리는 금요일에 회의를 연다.")
    other.page.keyboard.press("Control+Enter")
    expect(other.page.locator(council)).to_have_class(re.compile(r"\bed-confirmed\b"))
    tab.page.keyboard.press("Control+A")
    tab.page.keyboard.type("유엔 안보리는 금요일에 회의를 연다.")
    with tab.expecting_console_error(CONFLICT_CONSOLE_ERROR):
        tab.page.keyboard.press("Control+Enter")
        conflict = tab.page.locator(f"{council}.ed-conflict")
        expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("수정하는 동안 다른 사람이 이 문장을 바꿨습니다.")
    check_korean(tab, "ko-conflict", narrow=True)
    conflict.get_by_role("button", name="내 버전으로 덮어쓰기").click()
    expect(tab.page.locator(council)).to_have_class(re.compile(r"\bed-confirmed\b"))
    rows[2].refresh_from_db()
    assert rows[2].target_text == "유엔 안보리는 금요일에 회의를 연다."
    assert rows[2].state == Segment.State.CONFIRMED

    # The rest of a translator's day, in Korean.
    for link, shot in [("번역 메모리", "ko-memory"), ("용어집", "ko-glossary"),
                       ("언어 팩", "ko-language-packs"), ("피드", "ko-feeds")]:  # fmt: skip
        tab.page.locator("header nav").get_by_role("link", name=link, exact=True).click()
        check_korean(tab, shot, narrow=True)
    tab.page.locator("#nav-bell").click()
    check_korean(tab, "ko-notifications", narrow=True)
    tab.page.get_by_role("link", name="환경 설정").click()
    check_korean(tab, "ko-preferences", narrow=True)

    # The editor's side: the review queue and the approval, in Korean.
    other.page.get_by_role("navigation").get_by_role("link", name="검토 대기열").click()
    check_korean(other, "ko-review-queue", narrow=True)
    other.goto(f"/{article.pk}/")
    check_korean(other, "ko-article-editor", narrow=True)
    desk.assert_clean()


def test_switching_language_in_the_header_is_remembered(desk: Desk, translator: User) -> None:
    tab = desk.open(translator.username)  # an English browser
    expect(tab.page.locator("html")).to_have_attribute("lang", "en")
    tab.page.locator(".language-switcher").get_by_role("button", name="한국어").click()
    expect(tab.page.locator("html")).to_have_attribute("lang", "ko")
    check_korean(tab, "ko-switched", narrow=True)
    expect(tab.page.locator(".language-switcher button[lang=ko]")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Another English browser: after login the saved choice wins over Accept-Language.
    elsewhere = desk.open()
    elsewhere.goto("/login/")
    expect(elsewhere.page.locator("html")).to_have_attribute("lang", "en")
    elsewhere.page.get_by_label("Username").fill(translator.username)
    elsewhere.page.get_by_label("Password").fill("correct horse battery staple")
    elsewhere.page.locator("main").get_by_role("button", name="Log in").click()
    expect(elsewhere.page.locator("html")).to_have_attribute("lang", "ko")
    expect(
        elsewhere.page.get_by_role("navigation").get_by_role("link", name="새 기사")
    ).to_be_visible()

    # And back to English.
    elsewhere.page.locator(".language-switcher").get_by_role("button", name="English").click()
    expect(elsewhere.page.locator("html")).to_have_attribute("lang", "en")
    expect(
        elsewhere.page.get_by_role("navigation").get_by_role("link", name="New article")
    ).to_be_visible()
    desk.assert_clean()


#: The top of each main-menu link, in CSS pixels.
_NAV_TOPS_JS = "() => [...document.querySelectorAll('header nav a')].map(a => a.offsetTop)"


def test_the_main_menu_keeps_one_line_at_1280_and_800_px(desk: Desk, editor: User) -> None:
    """The account links wrap under the menu before the menu itself wraps (it used to break
    into three lines at 800 px in Korean, and two at 1280 px in English)."""
    for tab in (desk.open(editor.username), korean_tab(desk, editor.username)):
        tab.goto("/")
        for width in (WIDE, NARROW):
            tab.page.set_viewport_size({"width": width, "height": HEIGHT})
            tab.settle()
            tops = tab.page.evaluate(_NAV_TOPS_JS)
            assert len(tops) == 7, tops  # the editor's seven links, the review queue among them
            assert len(set(tops)) == 1, f"{tab.who} at {width} px: {tops}"
            assert tab.page.locator(".language-switcher").is_visible()
        tab.page.set_viewport_size({"width": WIDE, "height": HEIGHT})
    desk.assert_clean()
