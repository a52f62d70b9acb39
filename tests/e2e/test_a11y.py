"""Accessibility: axe-core on every main page, in English and Korean, as translator and editor.

Each page is checked in the state people meet it in (forms with their errors, a translation
under way, a flagged sentence, a save that conflicted). No page may have a critical or serious
violation (WCAG 2.2 A/AA and axe's best practices); moderate and minor ones are reported.
The table (page, language, role, elements per impact, rule ids) and every violation's details
are written to ``var/a11y-report.txt``; the failure message repeats the serious ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Dialog, expect

from glossary.candidates import Candidate
from glossary.models import Concept
from glossary.services import terms as term_services
from glossary.services.candidates import candidates_record
from glossary.sources import SourceRef
from glossary.termdata import TermData
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.services import editing
from newsapp.articles.services.checks import sentence_checks, translation_compliance
from newsapp.feeds.models import Feed
from newsapp.memory.services import memory_record
from newsapp.notifications import services as notifications
from tests.e2e.a11y import BLOCKING, PageResult, Report, check
from tests.e2e.browser import CONFLICT_CONSOLE_ERROR, HEIGHT, NARROW, WIDE, Desk, Tab
from tests.factories import ArticleFactory, TranslationFactory
from tests.qa.pentagon import SENTENCES, english

pytestmark = [pytest.mark.e2e, pytest.mark.backend_independent]

ROOT = Path(__file__).resolve().parents[2]
REPORT_PATH = ROOT / "var" / "a11y-report.txt"
LANGUAGES = ("en", "ko")
ROLES = ("translator", "editor")
CSV = (
    "subject,definition,en,ko\n"
    "places,Capital of North Korea,Pyongyang,평양\n"
    "people,Pentagon press secretary,John Kirby,존,커비\n"  # a stray comma: five cells
)
FORBIDDEN_CONSOLE_ERROR = (
    "Failed to load resource: the server responded with a status of 403 (Forbidden)"
)


@pytest.fixture(scope="module")
def report() -> Iterator[Report]:
    report = Report()
    yield report
    report.write(REPORT_PATH)
    print("\n" + report.table())


@dataclass
class World:
    """What the pages show: one of each state."""

    running: Article
    done: Article
    review: Translation  # the Pentagon story, flagged sentences, in review
    concept: Concept
    memory_entry: int
    feed: int


def _pentagon(author: User) -> Translation:
    """The Pentagon story's wrong Korean (fact errors flagged), in review."""
    article = ArticleFactory(
        title="Pentagon figures", source_text=english(), author=author,
        status=Article.Status.IN_REVIEW,
    )  # fmt: skip
    translation = TranslationFactory(
        article=article, engine="phrasebook", status=Translation.Status.DONE,
        segments_total=len(SENTENCES), segments_done=len(SENTENCES),
    )  # fmt: skip
    rows = []
    for i, sentence in enumerate(SENTENCES):
        checks = sentence_checks(
            source=sentence.english, target=sentence.korean_wrong,
            source_language="en", target_language="ko",
        )  # fmt: skip
        rows.append(
            Segment(
                translation=translation, order=i, paragraph_index=i // 4,
                source=sentence.english, machine_text=sentence.korean_wrong,
                target_text=sentence.korean_wrong, state=Segment.State.MACHINE, **checks.fields(),
            )
        )  # fmt: skip
    Segment.objects.bulk_create(rows)
    Translation.objects.filter(pk=translation.pk).update(
        compliance=translation_compliance(translation=translation)
    )
    return translation


def _world(translator: User, editor: User) -> World:
    concept = term_services.concept_propose(
        user=editor,
        terms=[TermData("en", "Pentagon"), TermData("ko", "국방부")],
        definition="The United States Department of Defense.",
        subject="defence",
        approve=True,
    )
    term_services.concept_propose(
        user=translator, terms=[TermData("en", "Camp Humphreys"), TermData("ko", "캠프 험프리스")]
    )
    running = ArticleFactory(title="Allies respond", author=translator,
                             status=Article.Status.TRANSLATING)  # fmt: skip
    TranslationFactory(article=running, status=Translation.Status.RUNNING,
                       segments_total=6, segments_done=2)  # fmt: skip
    TranslationFactory(article=running, target_language="ja", status=Translation.Status.QUEUED)
    done = ArticleFactory(title="Markets calm", author=translator, status=Article.Status.DRAFT)
    TranslationFactory(article=done, status=Translation.Status.DONE,
                       segments_total=6, segments_done=6)  # fmt: skip
    TranslationFactory(article=done, target_language="ja", status=Translation.Status.FAILED,
                       error="No engine translates en→ja.")  # fmt: skip
    review = _pentagon(translator)
    source = SourceRef(id=review.article_id, title="Talks", url=f"/{review.article_id}/",
                       language="en")  # fmt: skip
    candidates_record(source=source, language="en", found=[
        Candidate(text="Lloyd Austin", kind="person", count=2,
                  sentences=["Lloyd Austin visited Camp Humphreys on Monday."]),
    ])  # fmt: skip
    entry = memory_record(
        source_text="Officials in Seoul condemned the launch.",
        target_text="서울의 당국자들은 발사를 규탄했다.",
        source_language="en", target_language="ko", user=translator, article_id=None,
    )  # fmt: skip
    feed = Feed.objects.create(url="https://example.org/wire.xml", title="Wire",
                               target_languages=["ko"], created_by_id=editor.pk)  # fmt: skip
    for user in (translator, editor):
        notifications.notification_create(
            recipient=user, kind="sent_back", message="Pentagon figures was sent back.",
            link=f"/{review.article_id}/",
        )  # fmt: skip
    return World(
        running=running, done=done, review=review, concept=concept,
        memory_entry=entry.pk, feed=feed.pk,
    )  # fmt: skip


class Visit:
    """One person's walk through the pages, checking each with axe."""

    def __init__(self, tab: Tab, report: Report, language: str, role: str) -> None:
        self.tab, self.report, self.language, self.role = tab, report, language, role
        self.results: list[PageResult] = []

    def check(self, name: str, ready: Callable[[], object] | None = None) -> None:
        if ready is not None:
            ready()
        self.tab.settle()
        result = check(self.tab.page, name=name, language=self.language, role=self.role)
        self.results.append(self.report.add(result))

    def narrow(self, name: str) -> None:
        """The page as it is, again at 800 px wide (tables scroll, the editor stacks)."""
        self.tab.page.set_viewport_size({"width": NARROW, "height": HEIGHT})
        try:
            self.check(f"{name} ({NARROW}px)")
        finally:
            self.tab.page.set_viewport_size({"width": WIDE, "height": HEIGHT})

    def page(
        self,
        name: str,
        path: str,
        ready: Callable[[], object] | None = None,
        *,
        editors_only: bool = False,
    ) -> bool:
        """Check the page at ``path``; an editors' page refuses a translator (403: checked too)."""
        if editors_only and self.role != "editor":
            with self.tab.expecting_console_error(FORBIDDEN_CONSOLE_ERROR):
                assert self.tab.goto(path).status == 403
            self.check(f"{name} [403]")
            return False
        assert self.tab.goto(path).status == 200, path
        self.check(name, ready)
        return True

    def form_errors(self, name: str, path: str, form: str) -> None:
        """The form sent empty (the browser's own checks off): the server's errors."""
        self.tab.goto(path)
        locator = self.tab.page.locator(form)
        locator.evaluate("form => { form.noValidate = true; }")
        with self.tab.page.expect_navigation():
            locator.locator("button[type=submit]").last.click()
        self.check(name)

    def assert_clean(self) -> None:
        blocking = [r for r in self.results if r.blocking]
        assert not blocking, "serious or critical axe violations:\n" + "\n".join(
            f"{r.page} ({r.language}, {r.role}) {r.url}\n{r.details(BLOCKING)}" for r in blocking
        )


def _set_language(tab: Tab, language: str) -> None:
    tab.context.add_cookies([{"name": "django_language", "value": language, "url": tab.base_url}])


def _conflict(visit: Visit, translation: Translation, editor: User) -> None:
    """Open a sentence, let someone else save it meanwhile, then save: the 409 view."""
    tab = visit.tab
    tab.goto(f"/translations/{translation.pk}/edit/")
    segment = translation.segments.order_by("order")[1]
    row = f"#seg-{segment.pk}"
    tab.page.locator(f"{row} a.ed-text").click()
    expect(tab.page.locator(f"{row} textarea")).to_be_focused()
    segment.refresh_from_db()
    editing.segment_save(segment_id=segment.pk, user=editor, text="국방부는 밝혔다.",
                         version=segment.version)  # fmt: skip
    tab.page.keyboard.press("Control+A")
    tab.page.keyboard.type("국방부가 밝혔다.")
    with tab.expecting_console_error(CONFLICT_CONSOLE_ERROR):
        tab.page.keyboard.press("Control+Enter")
        expect(tab.page.locator(f"{row}.ed-conflict")).to_be_visible()
    visit.check("editor: conflict (409)")


def _editor_panels(visit: Visit, translation: Translation) -> None:
    """The editor with a sentence's history and comments open, and a concordance look-up."""
    tab = visit.tab
    tab.goto(f"/translations/{translation.pk}/edit/")
    row = f"#seg-{translation.segments.order_by('order')[1].pk}"  # saved in _conflict
    tab.page.locator(f"{row} .ed-history-toggle").click()
    expect(tab.page.locator(f"{row} .ed-history-panel")).to_be_visible()
    tab.page.locator(f"{row} .ed-comments-toggle").click()
    expect(tab.page.locator(f"{row} .ed-comments-panel")).to_be_visible()
    tab.page.locator("#ed-concordance-q").fill("Pentagon")
    tab.page.locator(".ed-concordance-form button[type=submit]").click()
    expect(tab.page.locator("#ed-concordance-panel .ed-concordance")).to_be_visible()
    visit.check("editor: history, comments, concordance")


def _approval_ready(tab: Tab) -> Callable[[], object]:
    return lambda: expect(tab.page.locator(".ed-approval").first).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page(desk: Desk, report: Report, language: str) -> None:
    tab = desk.open()
    _set_language(tab, language)
    visit = Visit(tab, report, language, "anonymous")
    visit.page("login", "/login/")
    tab.page.locator("input[name=username]").fill("nobody")
    tab.page.locator("input[name=password]").fill("wrong")
    tab.page.locator("main button[type=submit]").click()
    expect(tab.page.locator(".errorlist, .error").first).to_be_visible()
    visit.check("login: wrong password")
    visit.assert_clean()
    desk.assert_clean()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages(
    desk: Desk, report: Report, translator: User, editor: User, language: str, role: str
) -> None:
    world = _world(translator, editor)
    person = translator if role == "translator" else editor
    tab = desk.open(person.username)
    _set_language(tab, language)
    visit = Visit(tab, report, language, role)
    review_id = world.review.article_id

    visit.page("article list", "/")
    visit.narrow("article list")
    visit.page("new article", "/new/")
    visit.form_errors("new article: errors", "/new/", "#intake-form")
    visit.page(
        "article: translating",
        f"/{world.running.pk}/",
        lambda: expect(tab.page.locator("article.translation progress").first).to_be_visible(),
    )
    visit.page("article: done", f"/{world.done.pk}/")
    visit.page("article: in review (approval)", f"/{review_id}/", _approval_ready(tab))
    visit.page(
        "editor: flagged sentences",
        f"/translations/{world.review.pk}/edit/",
        lambda: expect(tab.page.locator(".ed-row.ed-flagged").first).to_be_visible(),
    )
    visit.narrow("editor: flagged sentences")
    # The first flagged sentence opened for editing (its form, the dismissal).
    tab.page.locator(".ed-row.ed-flagged a.ed-text").first.click()
    expect(tab.page.locator(".ed-row textarea").first).to_be_focused()
    visit.check("editor: editing a sentence")
    _conflict(visit, world.review, editor)

    _editor_panels(visit, world.review)
    tr = world.review.pk
    visit.page("find and replace", f"/translations/{tr}/replace/?find=%EA%B5%AD%EB%B0%A9&replace=X")
    visit.page("translation text", f"/translations/{tr}/text/")
    visit.page("export / import", f"/exports/translations/{tr}/")

    visit.page("glossary", "/glossary/")
    visit.narrow("glossary")
    visit.page("glossary: concept", f"/glossary/concepts/{world.concept.pk}/")
    visit.page("glossary: concept, new term", f"/glossary/concepts/{world.concept.pk}/terms/new/")
    visit.page("glossary: propose", "/glossary/propose/")
    visit.form_errors("glossary: propose, errors", "/glossary/propose/", "main form[method=post]")
    visit.page("glossary: review queue", "/glossary/review/", editors_only=True)
    visit.page("glossary: candidates", "/glossary/candidates/", editors_only=True)
    visit.page(
        "glossary: candidates of an article",
        f"/glossary/candidates/source/{review_id}/",
    )
    visit.page("glossary: ignored candidates", "/glossary/candidates/ignored/", editors_only=True)
    if visit.page("glossary: import", "/glossary/import/"):
        tab.page.locator("input[type=file]").first.set_input_files(
            files=[{"name": "terms.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
        )
        with tab.page.expect_navigation():
            tab.page.locator("main form[enctype] button[type=submit]").first.click()
        visit.check("glossary: import preview")
    visit.page("memory", "/memory/")
    visit.narrow("memory")
    visit.page("memory: entry", f"/memory/entries/{world.memory_entry}/")
    visit.page("language packs", "/language-packs/")
    visit.page("feeds", "/feeds/")
    visit.page("feeds: a feed", f"/feeds/{world.feed}/")
    if visit.page("feeds: new", "/feeds/new/", editors_only=True):
        visit.form_errors("feeds: new, errors", "/feeds/new/", "main form[method=post]")
    visit.page("notifications", "/notifications/")
    visit.page("API tokens", "/account/tokens/")
    visit.page("webhooks", "/account/webhooks/", editors_only=True)
    visit.page("preferences", "/preferences/")
    visit.assert_clean()
    desk.assert_clean()


_ACTIVE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "body", text: "", row: null, id: ""};
  const row = el.closest(".ed-row");
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || "").trim().slice(0, 60),
    row: row ? row.id : null,
    id: el.id,
    cls: el.className,
    focusVisible: el.matches(":focus-visible"),
  };
}"""


def _active(tab: Tab) -> dict[str, object]:
    return tab.page.evaluate(_ACTIVE_JS)


def _tab_until(tab: Tab, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the focus is on an element matching ``selector``."""
    for _ in range(limit):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab; last: {_active(tab)}")


def test_skip_link_and_language_switcher(desk: Desk, translator: User) -> None:
    tab = desk.open(translator.username)
    tab.goto("/")
    skip = tab.page.locator(".skip-link")
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 0, "the skip link shows unfocused"
    tab.page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0, f"the focused skip link is off screen: {box}"
    tab.page.keyboard.press("Enter")
    expect(tab.page.locator("main#main")).to_be_focused()
    # The switcher: white on the dark bar, the current language marked (bold, underlined).
    current = tab.page.locator(".language-switcher .current")
    expect(current).to_have_text("English")
    expect(current).to_have_attribute("aria-pressed", "true")
    style = current.evaluate("el => [getComputedStyle(el).color, getComputedStyle(el).fontWeight]")
    assert style == ["rgb(255, 255, 255)", "700"], style
    _tab_until(tab, '.language-switcher button[value="ko"]')
    with tab.page.expect_navigation():
        tab.page.keyboard.press("Enter")
    expect(tab.page.locator("html")).to_have_attribute("lang", "ko")
    expect(tab.page.locator(".language-switcher .current")).to_have_text("한국어")
    desk.assert_clean()


def test_segment_editor_by_keyboard_alone(desk: Desk, translator: User) -> None:
    """Every editor action without a mouse: reach the sentences with Tab, move, open, cancel,
    confirm, dismiss a fact error, open the history, jump to the next flagged sentence."""
    translation = _pentagon(translator)
    rows = list(translation.segments.order_by("order").values_list("pk", flat=True))
    tab = desk.open(translator.username)
    page = tab.page
    tab.goto(f"/translations/{translation.pk}/edit/")

    # A single-letter shortcut does nothing while the focus is elsewhere on the page (WCAG 2.1.4).
    page.locator(".brand").focus()
    page.keyboard.press("j")
    assert _active(tab)["cls"] == "brand"

    _tab_until(tab, ".ed-row a.ed-text")
    first = _active(tab)
    assert first["row"] == f"seg-{rows[0]}", first
    assert first["focusVisible"], first
    page.keyboard.press("j")
    assert _active(tab)["row"] == f"seg-{rows[1]}"
    page.keyboard.press("k")
    assert _active(tab)["row"] == f"seg-{rows[0]}"
    # With a Korean layout on, J gives ㅓ: the key's place decides.
    page.evaluate(
        """() => document.activeElement.dispatchEvent(new KeyboardEvent("keydown",
             {key: "ㅓ", code: "KeyJ", bubbles: true, cancelable: true}))"""
    )
    assert _active(tab)["row"] == f"seg-{rows[1]}"

    # Enter edits; Esc over a changed text asks, then goes back to the sentence.
    second = page.locator(f"#seg-{rows[1]}")
    page.keyboard.press("Enter")
    expect(second.locator("textarea")).to_be_focused()
    page.keyboard.type(" 수정")
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Escape")
    expect(second.locator("a.ed-text")).to_be_focused()

    # Ctrl+Enter confirms and opens the next sentence.
    page.keyboard.press("Enter")
    expect(second.locator("textarea")).to_be_focused()
    page.keyboard.press("Control+Enter")
    expect(second).to_have_class(re.compile(r"\bed-confirmed\b"))
    third = page.locator(f"#seg-{rows[2]}")
    expect(third.locator("textarea")).to_be_focused()
    page.keyboard.press("Escape")
    expect(third.locator("a.ed-text")).to_be_focused()

    # A fact error dismissed with the keyboard: Tab to "Dismiss…", Enter, the reason, Enter.
    flagged = page.locator(".ed-row.ed-flagged").first
    flagged_id = flagged.get_attribute("id")
    flagged.locator("a.ed-text").focus()
    _tab_until(tab, f"#{flagged_id} .ed-dismiss summary")
    page.keyboard.press("Enter")
    _tab_until(tab, f"#{flagged_id} input[name=reason]")
    page.keyboard.type("The ministry corrected it.")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{flagged_id} .ed-qa-dismissed")).to_have_count(1)
    expect(page.locator(f"#{flagged_id} a.ed-text")).to_be_focused()

    # History opens and closes from the keyboard, saying so (aria-expanded): on the sentence
    # confirmed above (it has revisions).
    history = f"#seg-{rows[1]}"
    page.locator(f"{history} a.ed-text").focus()
    _tab_until(tab, f"{history} .ed-history-toggle")
    page.keyboard.press("Enter")
    toggle = page.locator(f"{history} .ed-history-toggle")
    expect(page.locator(f"{history} .ed-history-panel")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"{history} .ed-history-panel")).to_have_count(0)
    expect(toggle).to_have_attribute("aria-expanded", "false")

    # N: the next flagged sentence after this one.
    page.locator(f"#{flagged_id} a.ed-text").focus()
    page.keyboard.press("n")
    after = _active(tab)
    assert after["row"], after
    assert after["row"] != flagged_id, after
    expect(page.locator(f"#{after['row']}")).to_have_class(re.compile(r"\bed-attention\b"))
    desk.assert_clean()


def test_focus_stays_through_polling_and_swaps(desk: Desk, translator: User) -> None:
    """The focus survives a polled card's refresh, and lands on the card's heading when its
    control goes away; the change of state is announced in the live region."""
    article = ArticleFactory(title="Allies respond", author=translator,
                             status=Article.Status.TRANSLATING)  # fmt: skip
    translation = TranslationFactory(article=article, status=Translation.Status.RUNNING,
                                     segments_total=6, segments_done=2)  # fmt: skip
    tab = desk.open(translator.username)
    page = tab.page
    tab.goto(f"/{article.pk}/")
    card = f"#translation-{translation.pk}"
    cancel = page.locator(f"{card} button.danger")
    cancel.focus()
    page.evaluate("() => { window.__focused = document.activeElement; }")
    # At least one poll (every second) has replaced the card, and the focus followed.
    page.wait_for_function("() => !window.__focused.isConnected", timeout=10_000)
    expect(page.locator(f"{card} button.danger")).to_be_focused()
    page.wait_for_timeout(1500)  # and through the next polls
    expect(page.locator(f"{card} button.danger")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"{card} .badge")).to_have_text("Cancelled")
    expect(page.locator(f"{card} h2")).to_be_focused()
    expect(page.locator("#a11y-status")).to_contain_text("Cancelled")
    desk.assert_clean()


def test_focus_after_approval(desk: Desk, translator: User, editor: User) -> None:
    """Approve (anyway, with a reason) from the keyboard: the panel is replaced, the focus goes
    to its heading, and the new state is announced."""
    translation = _pentagon(translator)
    tab = desk.open(editor.username)
    page = tab.page
    tab.goto(f"/{translation.article_id}/")
    panel = f"#approval-{translation.article_id}"
    reason = page.locator(f"{panel} textarea[name=override_reason]")
    reason.fill("The figures were checked by phone.")
    reason.focus()
    _tab_until(tab, f"{panel} button.primary")
    page.keyboard.press("Enter")
    expect(page.locator(f"{panel} .badge")).to_have_text("Approved")
    expect(page.locator(f"{panel} h2")).to_be_focused()
    expect(page.locator("#a11y-status")).to_have_text("Approval: Approved")
    desk.assert_clean()


def test_editor_scripts_speak_korean(desk: Desk, translator: User) -> None:
    """The scripts' own words come from the JavaScript catalogue: in Korean on a Korean page."""
    translation = _pentagon(translator)
    first = translation.segments.order_by("order").first()
    assert first is not None
    tab = desk.open(translator.username)
    _set_language(tab, "ko")
    page = tab.page
    tab.goto(f"/translations/{translation.pk}/edit/")
    row = page.locator(f"#seg-{first.pk}")
    row.locator("a.ed-text").click()
    textarea = row.locator("textarea")
    expect(textarea).to_be_focused()
    textarea.fill("가")
    textarea.dispatch_event("input")
    expect(row.locator(".ed-length-warning")).to_have_text(
        "원문에 비해 훨씬 짧습니다. 빠진 부분이 있습니까?"
    )
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    page.keyboard.press("Escape")
    expect(textarea).to_be_focused()  # kept: the change was not thrown away
    assert asked == ["이 문장에서 저장하지 않은 변경 내용을 버리시겠습니까?"]
    desk.assert_clean()


def test_the_check_finds_what_it_should(browser: Browser) -> None:
    """The harness itself: a page with an unnamed image, an unlabelled field and faint text
    gets critical and serious violations (so a clean report means something)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="en"><head><title>bad</title></head><body><main><h1>Bad</h1>'
            '<img src="data:,"><input type="text">'
            '<p style="color:#bbb;background:#fff">faint text</p></main></body></html>'
        )
        result = check(page, name="bad page", language="en", role="test")
    finally:
        context.close()
    found = {violation["id"]: violation["impact"] for violation in result.blocking}
    assert found.get("image-alt") == "critical"
    assert found.get("label") == "critical"
    assert found.get("color-contrast") == "serious"
    assert result.counts()["critical"] >= 2
