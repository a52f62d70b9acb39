"""Browser flow 5: what a translator, an editor and an anonymous visitor may see and do."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from glossary.models import Term
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article
from newsapp.articles.services.intake import article_create
from tests.e2e.browser import Desk, Tab

pytestmark = pytest.mark.e2e

REFUSED = "Only editors can do this."
FORBIDDEN_CONSOLE_ERROR = (
    "Failed to load resource: the server responded with a status of 403 (Forbidden)"
)
APPROVE_BUTTON = re.compile(r"^Approve")


def _forge(tab: Tab, path: str, data: dict[str, str]) -> tuple[int, str]:
    """POST as this tab's user with a valid CSRF token (taken from a form on the page)."""
    token = tab.csrf_token()
    response = tab.page.request.post(
        tab.url(path),
        form={"csrfmiddlewaretoken": token, **data},
        headers={"X-CSRFToken": token, "Referer": tab.page.url},
        max_redirects=0,
    )
    return response.status, response.text()


def test_flow5_translator_sees_no_approval_and_forged_posts_are_refused(
    desk: Desk, translator: User, editor: User
) -> None:
    article = article_create(
        author=translator, title="Talks in Seoul", text="The ministers met in Seoul.",
        source_language="en", target_languages=["es"],
    )  # fmt: skip
    desk.wait(lambda: Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW,
              what="the article to reach review")  # fmt: skip
    translation = article.translations.get()
    concept = term_services.concept_propose(
        user=translator, terms=[TermData("en", "Seoul"), TermData("es", "Seúl")]
    )
    proposed = Term.objects.get(concept=concept, language="es")

    # Anonymous: every page sends to the login form, with the way back.
    anonymous = desk.open()
    for path in ("/", f"/{article.pk}/", "/glossary/review/"):
        anonymous.goto(path)
        expect(anonymous.page).to_have_url(re.compile(rf"/login/\?next={re.escape(path)}$"))
    expect(anonymous.page.get_by_role("heading", name="Log in")).to_be_visible()
    anonymous.shoot("flow5-anonymous-login")

    # The translator: no review queue, no approve form, no "Re-run glossary".
    tab = desk.open(translator.username)
    expect(
        tab.page.get_by_role("navigation").get_by_role("link", name="Review queue")
    ).to_have_count(0)
    tab.goto(f"/{article.pk}/")
    panel = tab.page.locator(".ed-approval")
    expect(panel).to_contain_text("An editor approves the article")
    expect(tab.page.get_by_role("button", name=APPROVE_BUTTON)).to_have_count(0)
    expect(tab.page.get_by_role("button", name="Re-run glossary")).to_have_count(0)
    expect(tab.page.locator(f"#translation-{translation.pk}")).to_contain_text(
        "2 sentences."
    )  # headline
    tab.shoot("flow5-translator-article", narrow=True)
    tab.goto(f"/glossary/concepts/{concept.pk}/")
    expect(tab.page.locator(f"#term-{proposed.pk}")).to_contain_text("Proposed")
    expect(tab.page.get_by_role("button", name=APPROVE_BUTTON)).to_have_count(0)
    expect(tab.page.locator(".gl-subnav").get_by_role("link", name="Review queue")).to_have_count(0)
    tab.shoot("flow5-translator-concept")

    # Forged requests with a valid CSRF token: refused by the role check, not by CSRF.
    forged = {
        f"/articles/{article.pk}/approve/": {"override_reason": "forged"},
        f"/translations/{translation.pk}/reenforce/": {},
        f"/glossary/terms/{proposed.pk}/review/": {"decision": "approve"},
    }
    for path, data in forged.items():
        status, body = _forge(tab, path, data)
        assert status == 403, (path, status)
        assert REFUSED in body, (path, body[:500])
    with tab.expecting_console_error(FORBIDDEN_CONSOLE_ERROR):  # Chrome logs any 4xx page
        response = tab.goto("/glossary/review/")
    assert response.status == 403
    expect(tab.page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(tab.page.locator("main")).to_contain_text(REFUSED)
    tab.shoot("flow5-translator-403")
    article.refresh_from_db()
    proposed.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    assert proposed.status == Term.Status.PROPOSED

    # The editor, for contrast, gets every control the translator did not, and they work.
    boss = desk.open(editor.username)
    expect(
        boss.page.get_by_role("navigation").get_by_role("link", name="Review queue")
    ).to_have_count(1)
    boss.goto(f"/{article.pk}/")
    expect(boss.page.get_by_role("button", name="Re-run glossary")).to_have_count(1)
    approve = boss.page.locator(".ed-approval").get_by_role("button", name=APPROVE_BUTTON)
    expect(approve).to_have_count(1)
    boss.shoot("flow5-editor-article", narrow=True)
    approve.click()
    expect(boss.page.locator(".ed-approval")).to_contain_text("Approved by eddie")
    expect(boss.page.locator(f"[data-article-status='{article.pk}']")).to_have_text("Approved")
    boss.shoot("flow5-editor-approved")
    article.refresh_from_db()
    assert article.status == Article.Status.APPROVED
    desk.assert_clean()
