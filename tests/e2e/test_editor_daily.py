"""Browser flow: the editor's daily features (issue 16).

One short story with a repeated sentence and two memory-filled ones: confirm all exact memory
matches; confirm a repeated sentence and propagate it; re-translating the confirmed sentence
asks first; Esc over a changed text asks first; the character count warns as one types; the
history shows a word diff; find and replace with a preview; the concordance from a selected
word (L); a comment with an @mention. Screenshots at 1280 and 800 px.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Dialog, expect

from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from tests.e2e.browser import Desk
from tests.factories import ArticleFactory, TranslationFactory
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.e2e

#: (English, Korean as filled, from memory?)
ROWS = [
    ("Pyongyang fired a missile on Tuesday.", "북한은 화요일에 미사일을 발사했다.", True),
    ("Officials in Seoul condemned the launch.", "서울 관리들은 발사를 규탄했다.", False),
    ("The Security Council will meet on Friday.", "안전보장이사회는 금요일에 회의를 연다.", True),
    ("Officials in Seoul condemned the launch.", "서울 당국은 발사를 비난했다.", False),
    ("Officials in Pyongyang did not comment.", "북한 당국자들은 논평하지 않았다.", False),
]


def _story(author: User) -> Translation:
    article = ArticleFactory(
        title="Missile launch", source_text=" ".join(r[0] for r in ROWS), author=author,
        status=Article.Status.IN_REVIEW,
    )  # fmt: skip
    translation = TranslationFactory(
        article=article, engine="phrasebook", status=Translation.Status.DONE,
        segments_total=len(ROWS), segments_done=len(ROWS),
    )  # fmt: skip
    segments = []
    for i, (english, korean, memory) in enumerate(ROWS):
        checks = sentence_checks(
            source=english, target=korean, source_language="en", target_language="ko"
        )
        segments.append(
            Segment(
                translation=translation, order=i, paragraph_index=0, source=english,
                machine_text=korean, target_text=korean, state=Segment.State.MACHINE,
                origin="tm" if memory else "mt", **checks.fields(),
            )
        )  # fmt: skip
    Segment.objects.bulk_create(segments)
    Translation.objects.filter(pk=translation.pk).update(
        compliance=translation_compliance(translation=translation)
    )
    return translation


def test_flow_editor_daily_features(desk: Desk, translator: User, editor: User) -> None:
    concept_with_terms(("en", "missile"), ("ko", "미사일"))
    translation = _story(translator)
    rows = {s.order: s.pk for s in translation.segments.all()}
    tab = desk.open(translator.username)
    page = tab.page
    editor_url = f"/translations/{translation.pk}/edit/"
    tab.goto(editor_url)
    tab.shoot("daily-editor", narrow=True)

    # Confirm all exact memory matches: sentences 1 and 3, one action.
    page.get_by_role("button", name="Confirm all exact memory matches").click()
    expect(page).to_have_url(re.compile(r"\?filter=memory$"))
    expect(page.locator(".msg").first).to_contain_text("Confirmed 2 exact memory matches.")
    expect(page.locator(".ed-row.ed-confirmed")).to_have_count(2)

    # A repeated sentence: confirming one offers to confirm its copy.
    tab.goto(editor_url)
    second = page.locator(f"#seg-{rows[1]}")
    second.locator("a.ed-text").click()
    second.get_by_role("button", name="Confirm").click()
    second = page.locator(f"#seg-{rows[1]}")
    expect(second.locator(".ed-propagate")).to_contain_text("appears 1 more time")
    tab.shoot("daily-propagate-offer")
    second.get_by_role("button", name="Confirm the same translation there").click()
    expect(page.locator(".msg").first).to_contain_text("confirmed on 1 identical sentence")
    fourth = page.locator(f"#seg-{rows[3]}")
    expect(fourth).to_have_class(re.compile(r"\bed-confirmed\b"))
    expect(fourth.locator(".ed-text")).to_have_text("서울 관리들은 발사를 규탄했다.")

    # Re-translating the confirmed sentence asks first; "anyway" replaces it.
    second = page.locator(f"#seg-{rows[1]}")
    second.locator("a.ed-text").click()
    second.get_by_role("button", name="Re-translate", exact=True).click()
    second = page.locator(f"#seg-{rows[1]}")
    expect(second.locator(".error")).to_contain_text("was confirmed by a person")
    tab.shoot("daily-retranslate-ask", narrow=True)
    second.get_by_role("button", name="Re-translate anyway").click()
    second = page.locator(f"#seg-{rows[1]}")
    expect(second.locator("a.ed-text")).to_have_text("서울의 당국자들은 발사를 규탄했다.")
    expect(second).to_have_class(re.compile(r"\bed-machine\b"))

    # The history shows what changed, word by word.
    second.get_by_role("link", name="History").click()
    diff = second.locator(".ed-diff").first
    expect(diff.locator("del")).to_have_text("서울 관리들은")
    expect(diff.locator("ins")).to_have_text("서울의 당국자들은")
    tab.shoot("daily-history-diff", narrow=True)

    # The character count, and a warning as one types a far too short translation.
    fifth = page.locator(f"#seg-{rows[4]}")
    fifth.locator("a.ed-text").click()
    fifth = page.locator(f"#seg-{rows[4]}")
    length = fifth.locator(".ed-length")
    expect(length).to_contain_text("18 characters · source 39 · expected 11–36")
    expect(length).not_to_have_class(re.compile(r"\bed-length-warn\b"))
    textarea = fifth.locator("textarea")
    textarea.fill("논평 없음.")
    expect(length).to_have_class(re.compile(r"\bed-length-warn\b"))
    expect(length).to_contain_text("6 characters · source 39 · expected 11–36")
    expect(length.locator(".ed-length-warning")).to_have_text(
        "Much shorter than the source suggests: is a part missing?"
    )
    tab.shoot("daily-length-warning", narrow=True)

    # Esc over the change asks; "Cancel" in the dialog keeps the text, "OK" discards it.
    messages: list[str] = []

    def answer(accept: bool):
        def handler(dialog: Dialog) -> None:
            messages.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handler

    page.once("dialog", answer(False))
    textarea.press("Escape")
    expect(textarea).to_have_value("논평 없음.")
    expect(textarea).to_be_focused()
    page.once("dialog", answer(True))
    textarea.press("Escape")
    expect(fifth.locator("a.ed-text")).to_have_text("북한 당국자들은 논평하지 않았다.")
    assert messages == ["Discard your unsaved change to this sentence?"] * 2

    # Find and replace: a preview of the sentences that change, then the change.
    page.get_by_role("link", name="Find and replace…").click()
    page.get_by_label("Find").fill("북한")
    page.get_by_label("Replace with").fill("조선")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".ed-replace-summary")).to_contain_text("2 occurrences in 2 sentences.")
    expect(page.locator(".ed-before del")).to_have_count(2)
    tab.shoot("daily-replace-preview", narrow=True)
    page.get_by_role("button", name="Replace in the ticked sentences").click()
    expect(page.locator(".msg").first).to_contain_text(
        "Replaced “북한” with “조선” in 2 sentences."
    )
    expect(page).to_have_url(re.compile(r"\?filter=changed$"))
    tab.goto(editor_url)
    expect(page.locator(f"#seg-{rows[0]} .ed-text")).to_contain_text("조선은")
    expect(page.locator(f"#seg-{rows[0]}")).to_have_class(re.compile(r"\bed-edited\b"))

    # Concordance: select a word in a source sentence, press L.
    page.evaluate(
        """(id) => {
          const source = document.querySelector('#seg-' + id + ' .ed-source');
          const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode()) && node.data.indexOf('missile') < 0) {}
          const start = node.data.indexOf('missile');
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + 'missile'.length);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
          document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        rows[0],
    )
    expect(page.locator("#ed-concordance-q")).to_have_value("missile")
    page.keyboard.press("l")
    panel = page.locator("#ed-concordance-panel")
    expect(panel).to_contain_text(
        "북한은 화요일에 미사일을 발사했다."
    )  # confirmed above: in memory
    expect(panel.locator(".ed-conc-term", has_text="미사일")).to_have_count(1)
    tab.shoot("daily-concordance", narrow=True)

    # A comment with a mention, in the sentence's thread.
    third = page.locator(f"#seg-{rows[2]}")
    third.get_by_role("link", name="Comments").click()
    comment = third.get_by_label("Comment (mention someone with @username)")
    comment.fill("@eddie 금요일이 맞나요?")
    third.get_by_role("button", name="Add comment").click()
    expect(third.locator(".ed-thread li")).to_have_count(1)
    expect(third.locator(".ed-thread")).to_contain_text("@eddie 금요일이 맞나요?")
    expect(third.locator(".ed-thread")).to_contain_text("tess")
    expect(third.locator(".ed-comments-toggle")).to_have_text("Comments (1)")
    comment = third.get_by_label("Comment (mention someone with @username)")
    comment.fill("@nobody hello")
    third.get_by_role("button", name="Add comment").click()
    expect(third.locator(".error")).to_contain_text("Nobody on the desk is called @nobody")
    tab.shoot("daily-comments", narrow=True)
    desk.assert_clean()
