"""Browser flow: fact checks in the segment editor, and the editor in pages.

The Pentagon story's figures (``tests/qa/pentagon.py``) in a right and a deliberately wrong
Korean version: the wrong figures are shown with their values, severity styled, on the
article's card and per sentence; the right version is not flagged; a save re-checks; a
dismissal needs a reason; "next flagged" (N) and J past the edge cross pages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from tests.e2e.browser import Desk
from tests.factories import ArticleFactory, TranslationFactory
from tests.qa.pentagon import SENTENCES, english

pytestmark = pytest.mark.e2e

#: Small pages, so that 11 sentences make three and the jumps between them are seen.
PAGE = 4


def _story(author: User, *, right: bool) -> Translation:
    """The Pentagon story and its Korean translation (machine state), checked as the pipeline
    checks machine output."""
    title = "Pentagon figures (" + ("right" if right else "wrong") + " Korean)"
    article = ArticleFactory(
        title=title, source_text=english(), author=author, status=Article.Status.IN_REVIEW
    )
    translation = TranslationFactory(
        article=article, engine="phrasebook", status=Translation.Status.DONE,
        segments_total=len(SENTENCES), segments_done=len(SENTENCES),
    )  # fmt: skip
    rows = []
    for i, sentence in enumerate(SENTENCES):
        korean = sentence.korean_right if right else sentence.korean_wrong
        checks = sentence_checks(
            source=sentence.english, target=korean, source_language="en", target_language="ko"
        )
        rows.append(
            Segment(
                translation=translation, order=i, paragraph_index=i // 4, source=sentence.english,
                machine_text=korean, target_text=korean, state=Segment.State.MACHINE,
                **checks.fields(),
            )
        )  # fmt: skip
    Segment.objects.bulk_create(rows)
    Translation.objects.filter(pk=translation.pk).update(
        compliance=translation_compliance(translation=translation)
    )
    return translation


def test_flow_fact_checks_in_the_editor(desk: Desk, translator: User, settings: Any) -> None:
    settings.EDITOR_PAGE_SEGMENTS = PAGE
    wrong = _story(translator, right=False)
    right = _story(translator, right=True)
    wrong.refresh_from_db()
    errors = wrong.compliance["qa_errors"]
    assert errors >= len(SENTENCES)
    tab = desk.open(translator.username)

    # The article page's card counts the open fact errors and links to them.
    tab.goto(f"/{wrong.article_id}/")
    card = tab.page.locator(f"#translation-{wrong.pk}")
    expect(card.locator(".ed-qa-badge-error")).to_have_text(f"{errors} fact errors")
    tab.shoot("qa-article-card", narrow=True)
    card.locator(".qa-counts").click()
    expect(tab.page).to_have_url(re.compile(r"\?filter=flagged$"))
    expect(tab.page.locator(".ed-filter-current")).to_contain_text("Flagged")

    # The wrong Korean: every figure the issue names is caught, with both values.
    tab.goto(f"/translations/{wrong.pk}/edit/")
    sheet = tab.page.locator("#ed-sheet")
    expect(sheet.locator(".ed-row")).to_have_count(PAGE)
    expect(tab.page.locator(".ed-window").first).to_contain_text("Sentences 1–4 of 11")
    for message in (
        "source says four (4); target says 세 차례 (3)",
        "source says Monday (Monday); target says 화요일 (Tuesday)",
        "source says two (2); target says 세 차례 (3)",
        "November 2017",
        "January 2021",
    ):
        expect(sheet.locator(".ed-qa-error", has_text=message)).to_have_count(1)
    first = sheet.locator(".ed-row").first
    expect(first).to_have_class(re.compile(r"\bed-flagged\b"))
    expect(first.locator(".ed-qa-error")).to_have_count(2)
    expect(first.locator(".ed-qa-sev").first).to_have_text("Fact error")
    colour = first.locator(".ed-qa-error").first.evaluate("el => getComputedStyle(el).color")
    assert colour == "rgb(179, 38, 30)", colour  # var(--bad)
    expect(tab.page.locator("#ed-progress")).to_contain_text(f"{errors} fact errors")
    tab.assert_hangul_font(".ed-row .ed-text")
    tab.shoot("qa-editor-wrong", narrow=True)

    # A dismissal needs a reason; with one, the sentence is no longer flagged for it.
    third = sheet.locator(".ed-row").nth(2)
    third.locator(".ed-dismiss summary").click()
    reason = third.locator("input[name=reason]")
    reason.fill("The ministry corrected the month later.")
    third.get_by_role("button", name="Dismiss").click()
    third = tab.page.locator(f"#seg-{wrong.segments.get(order=2).pk}")
    expect(third.locator(".ed-qa-dismissed")).to_contain_text(
        "“The ministry corrected the month later.” (tess)"
    )
    expect(third).not_to_have_class(re.compile(r"\bed-flagged\b"))
    expect(tab.page.locator("#ed-progress")).to_contain_text(f"{errors - 1} fact errors")
    tab.shoot("qa-editor-dismissed")

    # The "Next flagged" button goes on from the sentence last focused, across the page edge.
    sheet.locator(".ed-row a.ed-text").last.focus()
    tab.page.locator(".ed-next-flagged").first.click()
    fifth = wrong.segments.get(order=4).pk
    expect(tab.page).to_have_url(re.compile(rf"\?at={fifth}#seg-{fifth}$"))
    expect(tab.page.locator(f"#seg-{fifth} a.ed-text")).to_be_focused()
    expect(tab.page.locator(".ed-window").first).to_contain_text("Sentences 5–8 of 11")

    # The right Korean: nothing is flagged.
    tab.goto(f"/translations/{right.pk}/edit/")
    expect(sheet.locator(".ed-row")).to_have_count(PAGE)
    for page in (1, 2, 3):
        tab.goto(f"/translations/{right.pk}/edit/?page={page}")
        expect(sheet.locator(".ed-qa li")).to_have_count(0)
        expect(sheet.locator(".ed-attention")).to_have_count(0)
    tab.goto(f"/translations/{right.pk}/edit/")
    expect(tab.page.locator(".ed-filter", has_text="Flagged")).to_contain_text("0")
    expect(tab.page.locator("#ed-progress")).not_to_contain_text("fact error")
    tab.shoot("qa-editor-right", narrow=True)

    # A save re-checks: "two hours" typed as 세 시간 on page 2 is caught at once.
    tab.goto(f"/translations/{right.pk}/edit/?page=2")
    council = tab.page.locator(f"#seg-{right.segments.get(order=7).pk}")
    council.locator("a.ed-text").click()
    textarea = council.locator("textarea")
    expect(textarea).to_be_focused()
    textarea.fill(SENTENCES[7].korean_wrong)
    tab.page.keyboard.press("Control+Enter")  # confirm, and carry on: page 2 ends here
    expect(tab.page).to_have_url(re.compile(r"\?page=3#ed-first$"))
    expect(tab.page.locator(".ed-row a.ed-text").first).to_be_focused()
    tab.page.keyboard.press("k")  # back over the edge, to page 2's last sentence
    expect(tab.page).to_have_url(re.compile(r"\?page=2#ed-last$"))
    council = tab.page.locator(f"#seg-{right.segments.get(order=7).pk}")
    expect(council.locator("a.ed-text")).to_be_focused()
    expect(council).to_have_class(re.compile(r"\bed-confirmed\b"))
    expect(council.locator(".ed-qa-error")).to_contain_text(
        "source says two (2); target says 세 시간 (3)"
    )
    expect(tab.page.locator("#ed-progress")).to_contain_text("1 fact error")

    # N from page 1 finds it on page 2; J past page 1's last sentence opens page 2.
    tab.goto(f"/translations/{right.pk}/edit/")
    tab.page.locator(".ed-row a.ed-text").first.focus()
    tab.page.keyboard.press("n")
    expect(tab.page).to_have_url(re.compile(rf"\?at={council_pk(right)}#seg-"))
    expect(tab.page.locator(f"#seg-{council_pk(right)} a.ed-text")).to_be_focused()
    tab.goto(f"/translations/{right.pk}/edit/")
    tab.page.locator(".ed-row a.ed-text").last.focus()
    tab.page.keyboard.press("j")
    expect(tab.page).to_have_url(re.compile(r"\?page=2#ed-first$"))
    expect(tab.page.locator(".ed-row a.ed-text").first).to_be_focused()
    tab.page.keyboard.press("k")
    expect(tab.page).to_have_url(re.compile(r"/edit/#ed-last$"))
    expect(tab.page.locator(".ed-row a.ed-text").last).to_be_focused()
    desk.assert_clean()


def council_pk(translation: Translation) -> int:
    return translation.segments.get(order=7).pk
