"""Browser flows of a translator: submit and watch (1), post-edit and conflicts (2), export (4)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as SafeET
import docx
import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Request, expect
from translate.storage.xliff import xlifffile

from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import intake
from tests.e2e.browser import CONFLICT_CONSOLE_ERROR, Desk, Tab

pytestmark = pytest.mark.e2e

STORY = (
    "The United States on Tuesday urged North Korea to stop its missile tests. "
    "The Pentagon said the launch threatened the region. "
    "Officials in Seoul condemned the launch. "
    "Japan said it would protest through diplomatic channels.\n\n"
    "The Security Council will meet on Friday. "
    "Diplomats expect a statement but no new sanctions. "
    "China has influence over the North, a spokesman said. "
    "It should use that influence, he added.\n\n"
    "The President spoke with allies in Seoul and Tokyo. "
    "They agreed to share missile warning data. "
    "Markets in Asia were calm on Wednesday. "
    "The won rose slightly against the dollar."
)
STORY_SENTENCES = 12
UPLOAD = (
    "Ministers meet in Madrid\n\n"
    "The foreign ministers of Spain and Korea met in Madrid on Monday. They discussed trade.\n\n"
    "A joint statement is expected on Tuesday.\n"
)
#: Translated by the phrasebook engine (tests/e2e/engines.py): sentence 4 loses its term.
KOREAN_STORY = (
    "Pyongyang fired a missile on Tuesday. Officials in Seoul condemned the launch.\n\n"
    "The Security Council will meet on Friday. Officials in Pyongyang did not comment."
)
PROGRESS_URL = re.compile(r"/translations/\d+/progress/$")

_CARDS_JS = """() => Array.from(document.querySelectorAll("article.translation")).map(card => {
  const bar = card.querySelector("progress");
  return {
    id: card.id,
    status: card.querySelector(".badge").textContent.trim(),
    polling: card.hasAttribute("data-poll"),
    done: bar ? Number(bar.getAttribute("value")) : null,
    total: bar ? Number(bar.getAttribute("data-total")) : null,
  };
})"""


def _finished(article: Article) -> bool:
    statuses = set(article.translations.values_list("status", flat=True))
    return statuses <= {Translation.Status.DONE, Translation.Status.FAILED}


def _submit_and_wait(
    desk: Desk, author: User, title: str, text: str, targets: list[str]
) -> Article:
    """Submit through the service (the form is flow 1's business) and wait for the worker."""
    article = intake.article_create(
        author=author, title=title, text=text, source_language="en", target_languages=targets
    )
    desk.wait(lambda: _finished(article), what="the translations to finish")
    statuses = set(article.translations.values_list("status", flat=True))
    assert statuses == {Translation.Status.DONE}, list(article.translations.values("error"))
    return article


def _choose_targets(tab: Tab, targets: set[str]) -> None:
    for box in tab.page.locator("input[name=target_languages]").all():
        box.set_checked(box.get_attribute("value") in targets)


def _watch_until_done(tab: Tab, shot: str | None = None) -> list[list[dict[str, Any]]]:
    """Read the translation cards every 150 ms until all are done; screenshot mid-way."""
    seen: list[list[dict[str, Any]]] = []
    shot_taken = shot is None
    for _ in range(600):  # 90 s
        cards = tab.page.evaluate(_CARDS_JS)
        if not seen or cards != seen[-1]:
            seen.append(cards)
        moving = any(c["total"] and 0 < c["done"] < c["total"] for c in cards)
        if moving and shot and not shot_taken:
            tab.shoot(shot)
            shot_taken = True
        if cards and all(c["status"] == "Done" and not c["polling"] for c in cards):
            return seen
        tab.page.wait_for_timeout(150)
    raise AssertionError(f"the translations did not finish; last seen: {seen[-1:]}")


def test_flow1_submit_paste_and_upload_watch_progress(desk: Desk, translator: User) -> None:
    tab = desk.open()
    tab.goto("/")
    expect(tab.page).to_have_url(re.compile(r"/login/\?next=/$"))
    tab.shoot("flow1-login", narrow=True)
    tab.login(translator.username)
    tab.page.get_by_role("navigation").get_by_role("link", name="New article").click()
    expect(tab.page.get_by_role("heading", name="New article")).to_be_visible()
    tab.shoot("flow1-new-article", narrow=True)
    tab.assert_focus_visible(stops=12)

    # Pasted text, two targets: Spanish (Apertium) and Japanese (the generated Argos model).
    tab.page.get_by_label("Headline").fill("Allies respond to missile test")
    tab.page.locator("#id_text").fill(STORY)
    _choose_targets(tab, {"es", "ja"})
    progress_requests: list[str] = []

    def record(request: Request) -> None:
        if PROGRESS_URL.search(request.url):
            progress_requests.append(request.url)

    tab.page.on("request", record)
    tab.page.get_by_role("button", name="Translate").click()
    expect(tab.page.get_by_role("heading", name="Allies respond to missile test")).to_be_visible()
    seen = _watch_until_done(tab, "flow1-progress")

    # The bar advanced: some card showed a part done, and no card's count ever went back.
    assert any(c["total"] and 0 < c["done"] < c["total"] for cards in seen for c in cards), seen
    for card_id in {c["id"] for c in seen[-1]}:
        counts = [c["done"] for cards in seen for c in cards if c["id"] == card_id and c["total"]]
        assert counts == sorted(counts), f"{card_id} went backwards: {counts}"
    # Polling stops with the final state: no progress request in the next 3 seconds.
    assert progress_requests, "the cards never polled"
    polled = len(progress_requests)
    tab.page.wait_for_timeout(3000)
    assert progress_requests[polled:] == [], "progress was still polled after done"
    tab.page.remove_listener("request", record)

    article = Article.objects.get(title="Allies respond to missile test")
    for translation in article.translations.all():
        assert translation.status == Translation.Status.DONE, translation.error
        # 12 sentences and the headline, its own segment.
        assert translation.segments.filter(state=Segment.State.MACHINE).count() == 13
    expect(tab.page.locator("article.translation")).to_have_count(2)
    expect(tab.page.locator("article.translation").first).to_contain_text("13 sentences")
    # The approval panel and the status in the header follow without a reload.
    expect(tab.page.locator(f"#approval-{article.pk}")).to_contain_text("An editor approves")
    expect(tab.page.locator(f"[data-article-status='{article.pk}']")).to_have_text("In review")
    tab.shoot("flow1-done", narrow=True)

    tab.page.locator("#translation-{}".format(article.translations.get(target_language="es").pk)
                     ).get_by_role("link", name="Read").click()  # fmt: skip
    expect(tab.page.locator("pre.text")).to_contain_text("Consejo de Seguridad")
    tab.shoot("flow1-read-es")

    # A .txt upload: its first short line is the headline, the rest the body.
    tab.page.get_by_role("navigation").get_by_role("link", name="New article").click()
    tab.page.get_by_label("…or upload a file").set_input_files(
        files=[{"name": "madrid.txt", "mimeType": "text/plain", "buffer": UPLOAD.encode()}]
    )
    _choose_targets(tab, {"es", "ja"})
    tab.page.get_by_role("button", name="Translate").click()
    expect(tab.page.get_by_role("heading", name="Ministers meet in Madrid")).to_be_visible()
    _watch_until_done(tab)
    uploaded = Article.objects.get(title="Ministers meet in Madrid")
    assert uploaded.source_text == UPLOAD.strip().split("\n\n", 1)[1]
    assert sorted(uploaded.translations.values_list("target_language", flat=True)) == ["es", "ja"]
    tab.shoot("flow1-upload-done")

    tab.page.get_by_role("navigation").get_by_role("link", name="Articles").click()
    expect(tab.page.locator("tbody tr")).to_have_count(2)
    tab.shoot("flow1-articles", narrow=True)
    tab.page.get_by_role("navigation").get_by_role("link", name="Language packs").click()
    expect(tab.page.locator("tbody")).to_contain_text("apertium")
    tab.shoot("flow1-language-packs", narrow=True)
    desk.assert_clean()


def test_flow2_keyboard_editing_term_checks_and_conflict(
    desk: Desk, translator: User, editor: User
) -> None:
    term_services.concept_propose(
        user=editor, terms=[TermData("en", "Pyongyang"), TermData("ko", "평양")], approve=True
    )
    article = _submit_and_wait(desk, translator, "Missile launch", KOREAN_STORY, ["ko"])
    translation = article.translations.get()
    assert translation.engine == "phrasebook"
    rows = list(translation.segments.exclude(kind="headline").order_by("order"))
    assert [s.target_text for s in rows] == [
        "평양은 화요일에 미사일을 발사했다.",  # the engine wrote ⟦1⟧는: the particle was fixed
        "서울의 당국자들은 발사를 규탄했다.",
        "안전보장이사회는 금요일에 회의를 연다.",
        "북한 당국자들은 논평하지 않았다.",  # the placeholder was lost: 평양 is missed
    ]
    assert [s.flagged for s in rows] == [False, False, False, True]

    tab = desk.open(translator.username)
    tab.goto(f"/{article.pk}/")
    tab.page.locator(f"#translation-{translation.pk}").get_by_role("link", name="Edit").click()
    progress = tab.page.locator("#ed-progress")
    expect(progress).to_contain_text("0 of 5 confirmed")
    expect(progress).to_contain_text("Terms 1/2")
    expect(progress).to_contain_text("1 flagged sentence")
    flagged = tab.page.locator(f"#seg-{rows[3].pk}")
    expect(flagged).to_have_class(re.compile(r"\bed-flagged\b"))
    expect(flagged.locator(".reasons")).to_contain_text("Missed term: 평양")
    expect(tab.page.locator(f"#seg-{rows[0].pk} mark.term-ok")).to_have_text("평양")
    tab.assert_hangul_font(f"#seg-{rows[1].pk} .ed-text")
    tab.shoot("flow2-editor", narrow=True)
    tab.assert_focus_visible(stops=10)  # the top bar, then the first sentence and its History

    # Keyboard: focus the flagged sentence, Enter opens it, type, Ctrl+Enter confirms.
    flagged.locator("a.ed-text").focus()
    tab.page.keyboard.press("Enter")
    textarea = flagged.locator("textarea")
    expect(textarea).to_be_focused()
    expect(textarea).to_have_value("북한 당국자들은 논평하지 않았다.")
    tab.page.keyboard.press("Control+A")
    tab.page.keyboard.type("평양 당국자들은 논평하지 않았다.")
    tab.shoot("flow2-editing")
    tab.page.keyboard.press("Control+Enter")
    expect(flagged).to_have_class(re.compile(r"\bed-confirmed\b"))
    expect(flagged).not_to_have_class(re.compile(r"\bed-flagged\b"))
    expect(flagged.locator(".reasons")).to_have_count(0)
    expect(flagged.locator("mark.term-ok")).to_have_text("평양")
    expect(progress).to_contain_text("1 of 5 confirmed")
    expect(progress).to_contain_text("Terms 2/2")
    expect(progress).not_to_contain_text("flagged")
    tab.shoot("flow2-confirmed")
    rows[3].refresh_from_db()
    assert (rows[3].state, rows[3].flagged) == (Segment.State.CONFIRMED, False)

    # A conflict: the translator opens sentence 3 (click), the editor saves it meanwhile.
    council = f"#seg-{rows[2].pk}"
    tab.page.locator(f"{council} a.ed-text").click()
    expect(tab.page.locator(f"{council} textarea")).to_be_focused()
    other = desk.open(editor.username)
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
    expect(conflict.locator(".ed-conflict-head")).to_contain_text("Someone else changed")
    expect(conflict.locator(".ed-theirs")).to_contain_text("saved by eddie")
    expect(conflict.locator(".ed-theirs-text")).to_have_text("안보리는 금요일에 회의를 연다.")
    expect(conflict.locator(".ed-mine textarea")).to_have_value(
        "유엔 안보리는 금요일에 회의를 연다."
    )
    tab.assert_hangul_font(f"{council} .ed-theirs-text")
    tab.shoot("flow2-conflict", narrow=True)
    conflict.get_by_role("button", name="Overwrite with mine").click()
    expect(tab.page.locator(council)).to_have_class(re.compile(r"\bed-confirmed\b"))
    expect(tab.page.locator(f"{council} .ed-text")).to_have_text(
        "유엔 안보리는 금요일에 회의를 연다."
    )
    rows[2].refresh_from_db()
    assert rows[2].target_text == "유엔 안보리는 금요일에 회의를 연다."

    # The sentence's history (an htmx panel) lists every version, newest first.
    tab.page.locator(council).get_by_role("link", name="History").click()
    revisions = tab.page.locator(f"{council} .ed-revisions li")
    expect(revisions).to_have_count(3)  # machine, eddie's confirmation, the overwrite
    expect(revisions.first).to_contain_text("유엔 안보리는")
    tab.shoot("flow2-history")

    # Confirmed sentences went to the translation memory.
    tab.page.get_by_role("navigation").get_by_role("link", name="Translation memory").click()
    memory = tab.page.locator("tbody")
    expect(memory).to_contain_text("평양 당국자들은 논평하지 않았다.")
    expect(memory).to_contain_text("유엔 안보리는 금요일에 회의를 연다.")
    tab.assert_hangul_font('tbody td[lang="ko"]')
    tab.shoot("flow2-memory", narrow=True)
    desk.assert_clean()


def test_flow4_export_docx_and_xliff(desk: Desk, translator: User, tmp_path: Path) -> None:
    text = (
        "The Security Council will meet on Friday. Diplomats expect a statement.\n\n"
        "Markets in Asia were calm on Wednesday."
    )
    article = _submit_and_wait(desk, translator, "Council to meet", text, ["es"])
    translation = article.translations.get()
    segments = list(translation.segments.order_by("order"))
    paragraphs = selectors.translation_text(translation=translation).split("\n\n")
    assert len(segments) == 4  # the headline, then three sentences
    assert len(paragraphs) == 3

    tab = desk.open(translator.username)
    tab.goto(f"/{article.pk}/")
    tab.page.get_by_role("link", name="Export / import").click()
    expect(tab.page.get_by_role("heading", name="Download the translation")).to_be_visible()
    tab.shoot("flow4-export", narrow=True)

    with tab.page.expect_download() as info:
        tab.page.get_by_role("link", name="Word (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / "article.docx"
    download.save_as(path)
    document = docx.Document(str(path))
    assert [p.text for p in document.paragraphs if p.text.strip()] == paragraphs
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.title == paragraphs[0]  # the translated headline
    assert document.core_properties.language == "es"

    with tab.page.expect_download() as info:
        tab.page.get_by_role("link", name=re.compile(r"^XLIFF 1\.2")).click()
    path = tmp_path / "article.xlf"
    info.value.save_as(path)
    data = path.read_bytes()
    root = SafeET.fromstring(data)  # well-formed, no entities
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff"
    assert root.get("version") == "1.2"
    store = xlifffile.parsestring(data)
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "es")
    units = [unit for unit in store.units if unit.source]
    assert [(u.xmlelement.get("id"), u.source, u.target) for u in units] == [
        (str(s.order + 1), s.source.strip(), s.target_text) for s in segments
    ]
    tab.shoot("flow4-after-downloads")
    desk.assert_clean()
