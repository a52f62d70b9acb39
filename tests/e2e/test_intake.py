"""Browser flow of intake: upload the saved Pentagon page (with its menus), see the clean
preview and the headline, translate, download the .docx and the ninjs; paste the page's text
with the clean-up and see what it left out."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from newsapp.articles.models import Article, Translation
from tests.e2e.browser import Desk
from tests.intake.samples import PENTAGON_HEADLINE, news_page, pasted_page_text

pytestmark = pytest.mark.e2e

FURNITURE = ("MOST POPULAR", "Back To Top", "BTS member Jin", "We use cookies", "About us")


def test_intake_saved_page_preview_translate_and_download(
    desk: Desk, translator: User, tmp_path: Path
) -> None:
    tab = desk.open(translator.username)
    tab.page.get_by_role("navigation").get_by_role("link", name="New article").click()
    # The source language is never offered as a target (the script hides it).
    expect(tab.page.locator("#target-languages [data-lang=en]")).to_be_hidden()
    tab.page.locator("#id_source_language").select_option("es")
    expect(tab.page.locator("#target-languages [data-lang=en]")).to_be_visible()
    expect(tab.page.locator("#target-languages [data-lang=es]")).to_be_hidden()
    tab.page.locator("#id_source_language").select_option("en")

    tab.page.get_by_label("…or upload a file").set_input_files(
        files=[{"name": "pentagon.html", "mimeType": "text/html", "buffer": news_page().encode()}]
    )
    tab.page.get_by_role("button", name="Preview").click()
    preview = tab.page.locator("#intake-preview")
    expect(preview).to_be_visible()
    expect(tab.page.get_by_label("Headline")).to_have_value(PENTAGON_HEADLINE)
    expect(preview.locator(".preview-blocks li").first).to_contain_text("urged North Korea")
    for furniture in FURNITURE:
        expect(preview).not_to_contain_text(furniture)
    tab.shoot("intake-preview-saved-page", narrow=True)

    for box in tab.page.locator("input[name=target_languages]").all():
        box.set_checked(box.get_attribute("value") == "es")
    tab.page.get_by_label("Slug").fill("nk-icbm-us")
    tab.page.get_by_role("button", name="Translate").click()
    expect(tab.page.get_by_role("heading", name=PENTAGON_HEADLINE)).to_be_visible()
    article = Article.objects.get(title=PENTAGON_HEADLINE)
    assert (article.slug, article.source_format) == ("nk-icbm-us", "html")
    translation = article.translations.get()
    desk.wait(
        lambda: Translation.objects.get(pk=translation.pk).status == Translation.Status.DONE,
        what="the Spanish translation",
    )
    tab.page.reload()
    tab.shoot("intake-translated", narrow=True)

    tab.goto(f"/exports/translations/{translation.pk}/")
    with tab.page.expect_download() as info:
        tab.page.get_by_role("link", name="Word (.docx)").click()
    path = tmp_path / "story.docx"
    info.value.save_as(path)
    document = docx.Document(str(path))
    assert document.paragraphs[0].style is not None
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.language == "es"
    text = "\n".join(p.text for p in document.paragraphs)
    assert not any(furniture in text for furniture in FURNITURE)

    with tab.page.expect_download() as info:
        tab.page.get_by_role("link", name="IPTC ninjs 2.2, for a CMS (.json)").click()
    path = tmp_path / "story.json"
    info.value.save_as(path)
    item = json.loads(path.read_text("utf-8"))
    assert item["language"] == "es"
    assert item["headlines"][0]["value"] == document.paragraphs[0].text
    assert item["slugline"] == "nk-icbm-us"
    desk.assert_clean()


def test_intake_pasted_web_text_cleanup_shows_what_it_dropped(desk: Desk, translator: User) -> None:
    tab = desk.open(translator.username)
    tab.goto("/new/")
    tab.page.locator("#id_text").fill(pasted_page_text())
    tab.page.get_by_label("Clean up pasted web text").check()
    tab.page.get_by_role("button", name="Preview").click()
    expect(tab.page.get_by_label("Headline")).to_have_value(PENTAGON_HEADLINE)
    dropped = tab.page.locator("details.dropped")
    expect(dropped).to_contain_text("list of other stories")
    expect(dropped).to_contain_text("BTS member Jin completes military service")
    expect(tab.page.locator(".preview-blocks")).not_to_contain_text("MOST POPULAR")
    tab.shoot("intake-preview-pasted-cleanup", narrow=True)
    desk.assert_clean()
