"""Browser flows of the desk (issue 16): finding work, being told, review in bulk, waiting."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from glossary.models import Concept, Term
from glossary.services import review
from glossary.services import terms as term_services
from glossary.sources import SourceRef
from glossary.termdata import TermData
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services import intake, workflow
from tests.e2e.browser import Desk

pytestmark = pytest.mark.e2e

STORY = (
    "Pyongyang fired a missile on Tuesday. Officials in Seoul condemned the launch.\n\n"
    "The Security Council will meet on Friday."
)


def _done(article: Article) -> bool:
    statuses = set(article.translations.values_list("status", flat=True))
    return statuses <= {Translation.Status.DONE, Translation.Status.FAILED}


def _backlog(author: User, editor: User) -> None:
    """A desk's morning: articles in each state, one failed, one with a flagged sentence."""
    for i, (title, status) in enumerate(
        [
            ("Markets calm in Asia", Article.Status.APPROVED),
            ("Typhoon nears Okinawa", Article.Status.IN_REVIEW),
            ("Election results in Spain", Article.Status.IN_REVIEW),
            ("Budget talks stall", Article.Status.TRANSLATING),
        ]
    ):
        article = Article.objects.create(
            title=title, source_text=f"{title}. Officials said more on day {i}.",
            source_language="en", author=author if i % 2 else editor, status=status,
        )  # fmt: skip
        translation = Translation.objects.create(
            article=article, target_language="es", engine="apertium",
            status=Translation.Status.FAILED if i == 3 else Translation.Status.DONE,
            segments_total=2, segments_done=2, error="Apertium crashed." if i == 3 else "",
        )  # fmt: skip
        if i == 1:
            Segment.objects.create(
                translation=translation, order=0, paragraph_index=0, source="Typhoon.",
                target_text="Tifón.", state=Segment.State.MACHINE, flagged=True,
            )  # fmt: skip


def test_desk_flow_a_finding_work(desk: Desk, translator: User, editor: User) -> None:
    _backlog(translator, editor)
    mine = intake.article_create(
        author=translator, title="Missile launch condemned", text=STORY,
        source_language="en", target_languages=["es"],
    )  # fmt: skip
    desk.wait(lambda: _done(mine), what="the translation to finish")

    tab = desk.open(translator.username)
    tab.goto("/")
    board = tab.page.locator("#my-board")
    expect(board).to_contain_text("Your articles")
    expect(board.locator(".desk-counts")).to_contain_text("2 with problems")
    expect(board.locator(".desk-list")).to_contain_text("Typhoon nears Okinawa")
    expect(tab.page.locator("#editor-board")).to_have_count(0)
    row = tab.page.locator(
        "tbody tr", has=tab.page.get_by_role("link", name="Missile launch condemned")
    )
    expect(row.locator("td.num")).to_have_text(str(mine.word_count))
    expect(row.locator(".desk-state")).to_have_text("es · Done")
    tab.shoot("desk-a-home-translator", narrow=True)

    # Search the text (not only the headline), only mine.
    tab.page.get_by_label("Search").fill("Security Council")
    tab.page.get_by_label("Only mine").check()
    tab.page.get_by_role("button", name="Show").click()
    expect(tab.page.locator("tbody tr")).to_have_count(1)
    expect(tab.page.locator("tbody")).to_contain_text("Missile launch condemned")
    expect(tab.page.locator("#my-board")).to_have_count(0)
    tab.shoot("desk-a-search", narrow=True)

    # Has problems, everyone's: the failed and the flagged one; the approved one is not.
    tab.page.get_by_role("link", name="Clear").click()
    tab.page.get_by_label("Has problems").check()
    tab.page.get_by_role("button", name="Show").click()
    titles = tab.page.locator("tbody td:first-child")
    expect(titles).to_have_text(["Budget talks stall", "Typhoon nears Okinawa"])
    expect(tab.page.locator("tbody")).to_contain_text("⚑ 1")
    tab.page.get_by_label("Sort").select_option("title")
    tab.page.get_by_role("button", name="Show").click()
    expect(titles).to_have_text(["Budget talks stall", "Typhoon nears Okinawa"])
    tab.shoot("desk-a-problems", narrow=True)

    # A date range the wrong way round says so.
    tab.page.get_by_label("From", exact=True).fill("2030-01-02")
    tab.page.get_by_label("To", exact=True).fill("2030-01-01")
    tab.page.get_by_role("button", name="Show").click()
    expect(tab.page.get_by_role("alert")).to_contain_text("“From” is after “To”: swap the dates.")

    # The editor's dashboard, and the review-queue count in the navigation.
    term_services.concept_propose(user=translator, terms=[TermData(language="en", text="Okinawa")])
    boss = desk.open(editor.username)
    boss.goto("/")
    editor_board = boss.page.locator("#editor-board")
    expect(editor_board).to_contain_text("1 term to review")
    expect(editor_board).to_contain_text("3 articles awaiting approval")
    expect(editor_board).to_contain_text("2 with problems")
    expect(editor_board).to_contain_text("Failures (1 article with a failed translation)")
    expect(editor_board.locator(".badge-failed")).to_have_text("es failed")
    expect(boss.page.locator("#nav-review .desk-count")).to_have_text("1")
    boss.shoot("desk-a-home-editor", narrow=True)
    editor_board.get_by_role("link", name=re.compile("awaiting approval")).click()
    expect(boss.page.locator("tbody td:first-child")).to_have_text(
        ["Typhoon nears Okinawa", "Election results in Spain", "Missile launch condemned"]
    )
    desk.assert_clean()


def test_desk_flow_b_being_told(desk: Desk, translator: User, editor: User) -> None:
    tab = desk.open(translator.username)
    expect(tab.page.locator("#nav-bell .desk-count")).to_have_count(0)
    article = intake.article_create(
        author=translator, title="Seoul condemns launch", text=STORY,
        source_language="en", target_languages=["es"],
    )  # fmt: skip
    desk.wait(lambda: _done(article), what="the translation to finish")
    concept = Concept.objects.create(subject="places")
    term = term_services.term_propose(
        user=translator, concept=concept, data=TermData(language="es", text="Pyongyang")
    )
    review.term_reject(user=editor, term=term, comment="Spanish writes Pionyang.")
    # The editor approves the right term: the worker re-checks the open translations against
    # the new glossary (translations_recheck_task) and the author hears that theirs is stale.
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData(language="en", text="Pyongyang"), TermData(language="es", text="Pionyang")],
    )  # fmt: skip
    desk.wait(
        lambda: translator.notifications.filter(kind="glossary_changed").exists(),  # type: ignore[attr-defined]
        what="the worker's glossary re-check to tell the author",
    )

    tab.page.reload()
    expect(tab.page.locator("#nav-bell .desk-count")).to_have_text("3")
    tab.page.locator("#nav-bell").click()
    expect(tab.page.get_by_role("heading", name="Notifications")).to_be_visible()
    notes = tab.page.locator(".desk-note")
    expect(notes).to_have_count(3)
    expect(notes.nth(0)).to_contain_text(
        "A glossary change affects the Spanish translation of “Seoul condemns launch”: "
        "re-run the glossary (or say why not) before approval."
    )
    expect(notes.nth(1)).to_contain_text(
        "Your Spanish term “Pyongyang” was rejected by eddie: “Spanish writes Pionyang.”"
    )
    expect(notes.nth(2)).to_contain_text(
        "The Spanish translation of “Seoul condemns launch” is ready for post-editing."
    )
    tab.shoot("desk-b-notifications", narrow=True)

    # Open one: marked read, and there.
    notes.nth(2).get_by_role("button", name="Open").click()
    expect(tab.page).to_have_url(re.compile(rf"/{article.pk}/$"))
    expect(tab.page.locator("#nav-bell .desk-count")).to_have_text("2")

    # The editor approves the article (the approval page is the editor flow's business):
    # the author is told; the editor is not.
    workflow.article_approve(
        article=Article.objects.get(pk=article.pk), user=editor, override_reason="Checked."
    )
    boss = desk.open(editor.username)
    expect(boss.page.locator("#nav-bell")).to_be_visible()
    expect(boss.page.locator("#nav-bell .desk-count")).to_have_count(0)
    tab.goto("/notifications/?unread=1")
    expect(tab.page.locator(".desk-note")).to_have_count(3)
    expect(tab.page.locator(".desk-note").first).to_contain_text(
        "“Seoul condemns launch” was approved by eddie."
    )
    tab.page.get_by_role("button", name="Mark all 3 read").click()
    expect(tab.page.locator(".msg-success")).to_contain_text("3 notifications marked read.")
    expect(tab.page.locator("#nav-bell .desk-count")).to_have_count(0)
    tab.shoot("desk-b-all-read")
    desk.assert_clean()


def test_desk_flow_c_review_in_bulk(desk: Desk, translator: User, editor: User) -> None:
    source = SourceRef(id=7, title="Kirby briefing", url="/7/", language="en")
    kirby = term_services.concept_propose(
        user=translator, source=source,
        terms=[TermData(language="en", text="John Kirby"), TermData(language="ko", text="존 커비"),
               TermData(language="ja", text="ジョン・カービー")],
    )  # fmt: skip
    un = term_services.concept_propose(
        user=editor, terms=[TermData(language="en", text="UN Security Council"),
                            TermData(language="ko", text="안보리")],
    )  # fmt: skip
    boss = desk.open(editor.username)
    boss.page.locator("#nav-review").click()
    expect(boss.page.locator("article.gl-review")).to_have_count(5)
    boss.shoot("desk-c-queue", narrow=True)

    # Filter: tess's proposals from the Kirby briefing; select two; one comment.
    boss.page.get_by_label("Proposer").select_option("tess")
    boss.page.get_by_label("Source article").select_option(label="Kirby briefing")
    boss.page.get_by_role("button", name="Filter").click()
    items = boss.page.locator("article.gl-review")
    expect(items).to_have_count(3)
    boss.page.get_by_label("Select en “John Kirby”").check()
    boss.page.get_by_label("Select ko “존 커비”").check()
    boss.page.get_by_label("Comment for the selected proposals").fill("As the Pentagon spells it.")
    boss.page.get_by_role("button", name="Approve selected").click()
    expect(boss.page.locator(".msg-success")).to_have_text("Approved 2 proposals.")
    expect(boss.page).to_have_url(re.compile(r"proposer=tess"))
    expect(items).to_have_count(1)
    approved = kirby.terms.filter(status=Term.Status.APPROVED)
    assert set(approved.values_list("text", "review_comment")) == {
        ("John Kirby", "As the Pentagon spells it."), ("존 커비", "As the Pentagon spells it."),
    }  # fmt: skip
    boss.shoot("desk-c-after-selection", narrow=True)

    # A whole concept at once.
    boss.page.get_by_role("link", name="Clear").click()
    item = boss.page.locator("article.gl-review", has_text="UN Security Council").first
    item.get_by_text("Review every proposal of this concept at once…").click()
    item.get_by_label("Comment for the whole concept").fill("Fine.")
    item.get_by_role("button", name="Approve whole concept").click()
    expect(boss.page.locator(".msg-success")).to_have_text("Approved 2 proposals.")
    assert set(un.terms.values_list("status", flat=True)) == {Term.Status.APPROVED}
    expect(boss.page.locator("#nav-review .desk-count")).to_have_text("1")
    boss.shoot("desk-c-concept-approved", narrow=True)

    # The proposer hears of their two approvals (not of the editor's own concept).
    tab = desk.open(translator.username)
    expect(tab.page.locator("#nav-bell .desk-count")).to_have_text("2")
    desk.assert_clean()


def test_desk_flow_d_waiting_is_explained(desk: Desk, translator: User, editor: User) -> None:
    """A translation published to no worker waits; the card says so, and editors learn that a
    worker is alive (the real ping); once published, the worker takes it and the card moves."""
    article = Article.objects.create(
        title="Nobody picked this up", source_text=STORY, source_language="en",
        author=translator, status=Article.Status.TRANSLATING,
    )  # fmt: skip
    translation = Translation.objects.create(
        article=article, target_language="es", engine="apertium",
        status=Translation.Status.QUEUED, enqueued_at=timezone.now() - timedelta(seconds=30),
    )  # fmt: skip
    tab = desk.open(translator.username)
    tab.goto(f"/{article.pk}/")
    card = tab.page.locator(f"#translation-{translation.pk}")
    expect(card).to_contain_text("Waiting for a translation worker")
    expect(card).not_to_contain_text("0 of ? sentences")
    expect(card.locator(".worker-status")).to_have_count(0)
    tab.shoot("desk-d-waiting-translator", narrow=True)

    boss = desk.open(editor.username)
    boss.goto(f"/{article.pk}/")
    boss_card = boss.page.locator(f"#translation-{translation.pk}")
    expect(boss_card.locator(".worker-status")).to_contain_text(
        re.compile(r"1 worker alive \(.*e2e.*\), but the queue holds no wake-up")
    )
    boss.shoot("desk-d-waiting-editor", narrow=True)

    assert intake.translation_enqueue(translation_id=translation.pk)
    expect(card.locator(".badge")).to_have_text("Done", timeout=45_000)
    translation.refresh_from_db()
    assert translation.error == ""
    expect(card).not_to_contain_text("Waiting for a translation worker")
    desk.assert_clean()
