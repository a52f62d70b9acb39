"""Browser flows of term candidates: new names from the copy to the glossary, and the Pentagon
story's short form (Kirby → 커비, with its particle).

Engines as in the other browser tests: Apertium (real) for Spanish, the phrasebook stand-in
for Korean (tests/e2e/engines.py knows these stories' sentences).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from glossary.candidates import Candidate
from glossary.models import CandidateScan, CandidateSuggestion, Term, TermCandidate
from glossary.services import terms as term_services
from glossary.services.candidates import candidates_record as record_candidates
from glossary.sources import SourceRef
from glossary.termdata import TermData
from newsapp.articles.models import Article, Translation
from newsapp.articles.services.intake import article_create
from tests.e2e.browser import Desk, Tab

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Austin visits Camp Humphreys"
#: Two names the glossary lacks (Lloyd Austin, Camp Humphreys); Seoul it has.
STORY = (
    "Lloyd Austin visited Camp Humphreys on Monday. Austin said the alliance was strong. "
    "Officials in Seoul welcomed the visit."
)
#: A later story with the dismissed name.
LATER = "Soldiers at Camp Humphreys held a drill on Friday. Officials in Seoul welcomed the visit."
#: The phrasebook's Korean before the glossary knows Austin: it paraphrases the name away.
KO_BEFORE = [
    "오스틴 장관은 월요일에 캠프 험프리스를 방문했다.",
    "그는 동맹이 강하다고 말했다.",
    "서울 당국자들은 방문을 환영했다.",
]
#: After accepting Lloyd Austin (full form 로이드 오스틴, short form 오스틴) and re-running:
#: the engine wrote ⟦1⟧는, and 오스틴 ends in ㄴ, so the particle becomes 은.
KO_AFTER = [
    "로이드 오스틴은 월요일에 캠프 험프리스를 방문했다.",
    "오스틴은 동맹이 강하다고 말했다.",
    "서울 당국자들은 방문을 환영했다.",
]


def _segments(article: Article, language: str) -> list[str]:
    translation = article.translations.get(target_language=language)
    body = translation.segments.exclude(kind="headline").order_by("order")
    return list(body.values_list("target_text", flat=True))


def _done(article: Article) -> bool:
    return set(article.translations.values_list("status", flat=True)) == {Translation.Status.DONE}


def _suggested(article: Article, *languages: str) -> bool:
    """The article was scanned and its candidates have suggestions in every language."""
    if not CandidateScan.objects.filter(source_id=article.pk).exists():
        return False
    rows = CandidateSuggestion.objects.filter(candidate__occurrences__source_id=article.pk)
    per_candidate = {}
    for candidate_id, language in rows.values_list("candidate_id", "language"):
        per_candidate.setdefault(candidate_id, set()).add(language)
    wanted = TermCandidate.objects.filter(occurrences__source_id=article.pk).count()
    return len(per_candidate) == wanted and all(set(languages) <= v for v in per_candidate.values())


def _submit(tab: Tab, title: str, text: str, targets: set[str]) -> Article:
    tab.page.get_by_role("navigation").get_by_role("link", name="New article").click()
    tab.page.get_by_label("Headline").fill(title)
    tab.page.locator("#id_text").fill(text)
    tab.page.locator("#id_source_language").select_option("en")
    for box in tab.page.locator("input[name=target_languages]").all():
        box.set_checked(box.get_attribute("value") in targets)
    tab.page.get_by_role("button", name="Translate").click()
    expect(tab.page.get_by_role("heading", name=title)).to_be_visible()
    return Article.objects.get(title=title)


def test_new_names_from_the_copy_to_the_glossary(
    desk: Desk, translator: User, editor: User
) -> None:
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData("en", "Seoul"), TermData("ko", "서울"), TermData("es", "Seúl")],
    )  # fmt: skip

    # A translator submits a story with two names the glossary lacks.
    tab = desk.open(translator.username)
    article = _submit(tab, TITLE, STORY, {"es", "ko"})
    desk.wait(lambda: _done(article) and _suggested(article, "es", "ko"),
              what="the translations and the candidates")  # fmt: skip
    assert _segments(article, "ko") == KO_BEFORE

    # The article page shows the translator the new names, each with a suggestion.
    tab.page.reload()
    panel = tab.page.locator("#candidates-panel")
    expect(panel.locator(".gl-cand-entry")).to_have_count(2)
    expect(panel).to_contain_text("Lloyd Austin")
    expect(panel).to_contain_text("Camp Humphreys")
    expect(panel).to_contain_text("로이드 오스틴")
    expect(panel.get_by_role("link", name="Propose…")).to_have_count(2)
    tab.assert_hangul_font('#candidates-panel span[lang="ko"]')
    tab.shoot("candidates-article-panel", narrow=True)

    # The editor's queue: both names, grouped, with their contexts and suggestions.
    boss = desk.open(editor.username)
    boss.page.get_by_role("navigation").get_by_role("link", name="Glossary").click()
    candidates_link = boss.page.locator(".gl-subnav").get_by_role("link", name="Candidates")
    expect(candidates_link).to_contain_text("2")
    candidates_link.click()
    expect(boss.page.get_by_role("heading", name="Candidates", exact=True)).to_be_visible()
    cards = boss.page.locator("article.gl-cand")
    expect(cards).to_have_count(2)
    austin = cards.filter(has=boss.page.locator("h2", has_text="Lloyd Austin"))
    humphreys = cards.filter(has=boss.page.locator("h2", has_text="Camp Humphreys"))
    expect(austin.locator("mark.kwic").first).to_have_text("Lloyd Austin")
    expect(austin.locator(".gl-kwic")).to_contain_text("visited Camp Humphreys on Monday.")
    expect(austin.locator(".gl-kwic")).to_contain_text(TITLE)
    expect(austin.locator(".gl-suggestion", has_text="로이드 오스틴")).to_contain_text(
        "engine, the term alone"
    )
    expect(austin.locator(".gl-suggestion", has_text="오스틴 장관")).to_contain_text(
        "engine, in its sentence"
    )
    expect(
        humphreys.locator(".gl-suggestion", has_text="Campamento Humphreys").first
    ).to_be_visible()
    boss.assert_hangul_font('article.gl-cand .gl-suggestion span[lang="ko"]')
    boss.shoot("candidates-queue", narrow=True)

    # Accept Lloyd Austin: the terms it creates are shown and editable before accepting.
    austin.locator("summary").click()
    rows = austin.locator(".gl-cand-terms tbody tr")
    expect(rows.nth(1).locator("input[type=text]")).to_have_value("Austin")
    expect(rows.nth(4).locator("input[type=text]")).to_have_value("로이드 오스틴")
    expect(rows.nth(5).locator("input[type=text]")).to_have_value("오스틴")
    boss.shoot("candidates-accept-terms")
    austin.get_by_role("button", name="Accept", exact=True).click()
    expect(boss.page.locator(".gl-outcome-approved")).to_contain_text("is now the approved concept")
    # Dismiss Camp Humphreys.
    humphreys.get_by_role("button", name="Dismiss").click()
    expect(boss.page.locator(".gl-outcome-rejected")).to_contain_text("ignore list")
    boss.shoot("candidates-decided")
    approved = Term.objects.filter(
        status=Term.Status.APPROVED, concept__candidates__text="Lloyd Austin"
    )
    assert sorted(approved.values_list("language", "text", "term_type")) == [
        ("en", "Austin", "shortForm"), ("en", "Lloyd Austin", "fullForm"),
        ("es", "Austin", "shortForm"), ("es", "Lloyd Austin", "fullForm"),
        ("ko", "로이드 오스틴", "fullForm"), ("ko", "오스틴", "shortForm"),
    ]  # fmt: skip
    assert TermCandidate.objects.get(text="Camp Humphreys").status == "dismissed"

    # "Re-run glossary" on the article renders the accepted name (short form included).
    boss.goto(f"/{article.pk}/")
    for language in ("es", "ko"):
        translation = article.translations.get(target_language=language)
        boss.page.locator(f"#translation-{translation.pk}").get_by_role(
            "button", name="Re-run glossary"
        ).click()
        expect(boss.page.locator(".msg")).to_contain_text(f"Re-checking the {language} translation")
    desk.wait(lambda: _segments(article, "ko") == KO_AFTER, what="the glossary re-run")
    es = article.translations.get(target_language="es")
    # Three in the body, and "Austin" in the headline, term-checked like the rest.
    desk.wait(lambda: Translation.objects.get(pk=es.pk).compliance.get("expected") == 4,
              what="the Spanish re-run")  # fmt: skip
    boss.page.reload()
    for language in ("es", "ko"):
        card = boss.page.locator(
            f"#translation-{article.translations.get(target_language=language).pk}"
        )
        expect(card.locator(".badge-terms-ok")).to_have_text("Terms 4/4")
    expect(boss.page.locator(".source mark.term", has_text="Lloyd Austin")).to_have_count(1)
    expect(boss.page.locator("#candidates-panel")).to_contain_text("No new names")
    ko = article.translations.get(target_language="ko")
    boss.goto(f"/translations/{ko.pk}/text/")
    expect(boss.page.locator("pre.text")).to_contain_text("로이드 오스틴은 월요일에")
    expect(boss.page.locator("pre.text")).to_contain_text("오스틴은 동맹이 강하다고 말했다.")
    boss.assert_hangul_font("pre.text")
    boss.shoot("candidates-after-rerun")
    assert [s.split(" ", 2)[:2] for s in _segments(article, "es")[:1]] == [["Lloyd", "Austin"]]
    assert _segments(article, "es")[1].startswith("Austin ")

    # The dismissed name never comes back: a later story has it, the queue stays empty.
    later = _submit(tab, "Drill at the base", LATER, {"es", "ko"})
    desk.wait(lambda: _done(later) and CandidateScan.objects.filter(source_id=later.pk).exists(),
              what="the later story")  # fmt: skip
    assert CandidateScan.objects.get(source_id=later.pk).found == 0
    tab.page.reload()
    expect(tab.page.locator("#candidates-panel")).to_contain_text("No new names")
    boss.goto("/glossary/candidates/")
    expect(boss.page.locator("article.gl-cand")).to_have_count(0)
    expect(boss.page.locator("#candidate-results")).to_contain_text("No open candidates")
    boss.shoot("candidates-empty-after-later-story")
    humphreys_row = TermCandidate.objects.get(text="Camp Humphreys")
    assert (humphreys_row.status, humphreys_row.articles) == ("dismissed", 1)
    assert es.segments.count() == 4  # the headline and three sentences
    desk.assert_clean()


#: The Kirby sentences of bench/pentagon_story.txt, as the phrasebook translates them with the
#: names masked and the glossary restores them: the engine wrote 은/이 after the placeholder;
#: 커비 ends in a vowel, so they become 는/가.
PENTAGON_KIRBY = [
    "펜타곤 대변인 존 커비는 기자들에게 이번 발사가 유엔 안전보장이사회의 여러 결의를 명백히 "
    "위반한 것이라고 말했다.",
    '"우리는 북한이 더 이상의 불안정 행위를 자제할 것을 촉구한다"고 커비가 정례 브리핑에서 말했다.',
    "커비는 미국이 동맹국인 한국과 일본의 방위에 여전히 전념하고 있으며 미군이 상황을 면밀히 "
    "주시하고 있다고 말했다.",
    '"중국은 북한에 상당한 영향력을 갖고 있으며, 우리는 중국이 그 영향력을 건설적으로 '
    '사용하기를 바란다"고 커비가 말했다.',
    "커비는 미국이 북한에 대해 적대적 의도가 없으며 전제 조건 없이 대화할 용의가 있다고 "
    "거듭 밝혔다.",
]


def test_pentagon_story_kirby_after_john_kirby_is_커비(
    desk: Desk, translator: User, editor: User
) -> None:
    term_services.concept_propose(
        user=editor, approve=True, definition="Pentagon press secretary",
        terms=[TermData("en", "John Kirby"), TermData("en", "Kirby", term_type="shortForm"),
               TermData("ko", "존 커비"), TermData("ko", "커비", term_type="shortForm")],
    )  # fmt: skip
    story = (ROOT / "bench" / "pentagon_story.txt").read_text(encoding="utf-8")
    article = article_create(
        author=translator, title="US urges North Korea to stop provocations", text=story,
        source_language="en", target_languages=["ko"],
    )  # fmt: skip
    desk.wait(lambda: _done(article), what="the Korean translation", timeout=90)
    translation = article.translations.get()
    kirby = [text for text in _segments(article, "ko") if "커비" in text]
    assert kirby == PENTAGON_KIRBY
    assert not any(wrong in text for text in kirby for wrong in ("커비은", "커비이", "커비을"))
    checks = [
        (check["source"], check["expected"], check["rendered"])
        for segment in translation.segments.order_by("order")
        for check in segment.term_checks.get("checks", [])
    ]
    assert checks == [("John Kirby", "존 커비", True)] + [("Kirby", "커비", True)] * 4

    tab = desk.open(translator.username)
    tab.goto(f"/{article.pk}/")
    card = tab.page.locator(f"#translation-{translation.pk}")
    expect(card.locator(".badge-terms-ok")).to_have_text("Terms 5/5")
    tab.goto(f"/translations/{translation.pk}/text/")
    text = tab.page.locator("pre.text")
    for sentence in PENTAGON_KIRBY:
        expect(text).to_contain_text(sentence)
    tab.assert_hangul_font("pre.text")
    tab.shoot("pentagon-kirby-read")
    tab.goto(f"/translations/{translation.pk}/edit/")
    row = tab.page.locator(".ed-row", has_text="Kirby said during a regular briefing")
    expect(row).to_contain_text("커비가 정례 브리핑에서 말했다")
    row.scroll_into_view_if_needed()
    tab.page.screenshot(path=str(ROOT / "var" / "screenshots" / "pentagon-kirby-editor.png"))
    desk.assert_clean()


def test_accept_as_a_variant_in_place(desk: Desk, editor: User) -> None:
    term_services.concept_propose(
        user=editor, approve=True, terms=[TermData("en", "North Korea"), TermData("ko", "북한")]
    )
    source = SourceRef(id=1, title="Talks", url="/1/", language="en")
    found = [Candidate(text="N. Korea", kind="place", count=1,
                       sentences=["Talks with N. Korea stalled on Monday."])]  # fmt: skip
    record_candidates(source=source, language="en", found=found)
    boss = desk.open(editor.username)
    boss.goto("/glossary/candidates/")
    card = boss.page.locator("article.gl-cand")
    card.get_by_role("link", name="Accept as a variant…").click()
    form = card.locator("form.gl-cand-variant")
    expect(form.get_by_label("North Korea")).to_be_visible()  # a likely concept
    form.get_by_role("button", name="Add to the concept").click()  # nothing chosen
    expect(form.locator(".error")).to_contain_text("Choose a concept")
    expect(card.locator("h2")).to_contain_text("N. Korea")  # the card is still there
    form.get_by_label("North Korea").check()
    boss.shoot("candidates-variant", narrow=True)
    form.get_by_role("button", name="Add to the concept").click()
    expect(boss.page.locator(".gl-outcome-approved")).to_contain_text(
        "Added “N. Korea” to North Korea as a variant."
    )
    term = Term.objects.get(text="N. Korea")
    assert (term.term_type, term.usage, term.status) == ("variant", "admitted", "approved")
    desk.assert_clean()
