"""Browser flows of the glossary: a term from the article to the translation (3), import (6)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from glossary.models import Term
from newsapp.articles.models import Article
from newsapp.articles.services.intake import article_create
from tests.e2e.browser import Desk, Tab

pytestmark = pytest.mark.e2e

#: es through Apertium (real, readable); ko through the phrasebook engine, which writes the
#: particle after a placeholder as 는 whatever the term is (tests/e2e/engines.py).
LAUNCH = "Pyongyang fired a missile on Tuesday. Officials in Seoul condemned the launch."
#: The engines' output before the glossary has the term.
BEFORE = {
    "es": "Pyongyang disparó un misil encima martes.",
    "ko": "북한은 화요일에 미사일을 발사했다.",
}
#: After the term is approved and the glossary re-run: 평양 takes 은 (it ends in a consonant).
AFTER = {
    "es": "Pionyang disparó un misil encima martes.",
    "ko": "평양은 화요일에 미사일을 발사했다.",
}

_WORD_CENTRE_JS = """(word) => {
  for (const p of document.querySelectorAll(".source p")) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const box = range.getBoundingClientRect();
      return {x: box.x + box.width / 2, y: box.y + box.height / 2};
    }
  }
  return null;
}"""


def _first_segment(article: Article, language: str) -> str:
    translation = article.translations.get(target_language=language)
    body = translation.segments.exclude(kind="headline").order_by("order")
    return body.values_list("target_text", flat=True)[0]


def _select_word(tab: Tab, word: str) -> None:
    """Double-click the word in the source, as a person selects it with the mouse.

    The page may still move when the first attempt is made (late fonts, a card re-rendered
    above the source on a loaded machine); as a person would, select again if the first
    double-click caught a neighbouring word."""
    tab.page.wait_for_load_state("networkidle")
    selected = ""
    for _ in range(3):
        centre = tab.page.evaluate(_WORD_CENTRE_JS, word)
        assert centre, f"{word!r} is not in the source"
        tab.page.mouse.dblclick(centre["x"], centre["y"])
        selected = tab.page.evaluate("String(window.getSelection())").strip()
        if selected == word:
            break
    assert selected == word


def test_flow3_term_from_selection_to_translation(
    desk: Desk, translator: User, editor: User
) -> None:
    article = article_create(
        author=translator, title="Missile launch", text=LAUNCH, source_language="en",
        target_languages=["es", "ko"],
    )  # fmt: skip
    desk.wait(lambda: article.translations.filter(status="done").count() == 2,
              what="both translations")  # fmt: skip
    assert {lang: _first_segment(article, lang) for lang in ("es", "ko")} == BEFORE

    # The translator selects "Pyongyang" in the source and proposes it with two renderings.
    tab = desk.open(translator.username)
    tab.goto(f"/{article.pk}/")
    _select_word(tab, "Pyongyang")
    tab.shoot("flow3-selected")
    tab.page.get_by_role("button", name="Propose selection as a term").click()
    expect(tab.page.get_by_role("heading", name="Propose a concept")).to_be_visible()
    expect(tab.page.locator("#id_terms-0-text")).to_have_value("Pyongyang")
    expect(tab.page.locator("#id_terms-0-language")).to_have_value("en")
    expect(tab.page.locator("#id_terms-1-language")).to_have_value("ko")
    tab.page.locator("#id_terms-1-text").fill("평양")
    tab.page.locator("#id_terms-2-language").select_option("es")
    tab.page.locator("#id_terms-2-text").fill("Pionyang")
    tab.page.get_by_label("Definition").fill("Capital of North Korea")
    tab.shoot("flow3-propose", narrow=True)
    tab.page.get_by_role("button", name="Propose for review").click()
    expect(tab.page.locator(".msg-success")).to_contain_text("Concept proposed")
    tab.shoot("flow3-proposed")
    proposed = Term.objects.filter(status=Term.Status.PROPOSED)
    assert sorted(proposed.values_list("language", "text")) == [
        ("en", "Pyongyang"), ("es", "Pionyang"), ("ko", "평양"),
    ]  # fmt: skip
    assert set(proposed.values_list("source_id", flat=True)) == {article.pk}

    # An editor approves the three terms in the review queue.
    boss = desk.open(editor.username)
    boss.page.get_by_role("navigation").get_by_role("link", name="Review queue").click()
    expect(boss.page.locator("article.gl-review")).to_have_count(3)
    boss.assert_hangul_font('article.gl-review .gl-termtext[lang="ko"]')
    boss.shoot("flow3-review-queue", narrow=True)
    boss.assert_focus_visible(stops=16)  # top bar, sections, then a proposal's comment and buttons
    approved = boss.page.locator(".gl-outcome-approved")
    for done in range(1, 4):
        form = boss.page.locator("article.gl-review form").first
        form.get_by_role("button", name="Approve").click()
        expect(approved).to_have_count(done)  # the item swapped in place (htmx)
    expect(boss.page.locator("article.gl-review form")).to_have_count(0)
    boss.shoot("flow3-approved")
    assert not Term.objects.filter(status=Term.Status.PROPOSED).exists()

    # The editor re-runs the glossary on both translations (tasks on the real worker).
    boss.goto(f"/{article.pk}/")
    expect(boss.page.locator(".source mark.term")).to_have_text("Pyongyang")
    for language in ("es", "ko"):
        translation = article.translations.get(target_language=language)
        boss.page.locator(f"#translation-{translation.pk}").get_by_role(
            "button", name="Re-run glossary"
        ).click()
        expect(boss.page.locator(".msg")).to_contain_text(f"Re-checking the {language} translation")
    desk.wait(lambda: {lang: _first_segment(article, lang) for lang in ("es", "ko")} == AFTER,
              what="the glossary re-run")  # fmt: skip

    boss.page.reload()
    for language in ("es", "ko"):
        card = boss.page.locator(
            f"#translation-{article.translations.get(target_language=language).pk}"
        )
        expect(card.locator(".badge-terms-ok")).to_have_text("Terms 1/1")
    boss.shoot("flow3-after-rerun", narrow=True)
    ko = article.translations.get(target_language="ko")
    boss.goto(f"/translations/{ko.pk}/text/")
    text = boss.page.locator("pre.text")
    expect(text).to_contain_text(AFTER["ko"])
    expect(text).not_to_contain_text("평양는")
    boss.assert_hangul_font("pre.text")
    boss.shoot("flow3-read-ko")
    es = article.translations.get(target_language="es")
    boss.goto(f"/translations/{es.pk}/text/")
    expect(boss.page.locator("pre.text")).to_contain_text(AFTER["es"])
    boss.shoot("flow3-read-es")
    desk.assert_clean()


CSV = (
    "subject,definition,en,ko\n"
    "diplomacy,Principal UN organ for peace and security,UN Security Council,안보리\n"
    "places,Capital of North Korea,Pyongyang,평양\n"
    "people,Pentagon press secretary,John Kirby,존,커비\n"  # a stray comma: five cells
)


def test_flow6_glossary_import_preview_shows_the_bad_row(desk: Desk, translator: User) -> None:
    tab = desk.open(translator.username)
    tab.page.get_by_role("navigation").get_by_role("link", name="Glossary").click()
    expect(tab.page.get_by_role("heading", name="Glossary")).to_be_visible()
    tab.shoot("flow6-glossary-empty")
    tab.page.locator(".gl-subnav").get_by_role("link", name="Import / export").click()
    tab.shoot("flow6-import", narrow=True)
    tab.page.get_by_label("CSV or TBX file").set_input_files(
        files=[{"name": "terms.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    tab.page.get_by_role("button", name="Preview the import").click()
    expect(tab.page.get_by_role("heading", name="Import preview")).to_be_visible()
    counts = tab.page.locator(".gl-counts")
    expect(counts).to_contain_text("2 to create")
    expect(counts).to_contain_text("1 refused")
    refused = tab.page.locator("section.card", has=tab.page.get_by_role("heading", name="Refused"))
    rows = refused.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").nth(0)).to_have_text("row 4")
    expect(rows.first.locator("td").nth(2)).to_have_text(
        "5 cells for 4 columns (a stray comma or quote?)."
    )
    created = tab.page.locator(
        "section.card", has=tab.page.get_by_role("heading", name="New concepts")
    )
    expect(created.locator("tbody tr")).to_have_count(2)
    tab.assert_hangul_font('.gl-chip span[lang="ko"]')
    tab.shoot("flow6-preview", narrow=True)

    tab.page.get_by_role("button", name=re.compile(r"^Import 2 new")).click()
    expect(tab.page.locator(".msg-success")).to_contain_text("Imported: 2 concepts created")
    expect(tab.page.locator("#results tbody tr")).to_have_count(2)
    tab.assert_hangul_font('#results .gl-chip span[lang="ko"]')
    tab.shoot("flow6-glossary", narrow=True)
    assert Term.objects.filter(status=Term.Status.PROPOSED).count() == 4
    desk.assert_clean()
