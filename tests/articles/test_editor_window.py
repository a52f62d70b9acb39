"""The editor at scale and its fact checks: pages of sentences, filters, "next flagged",
links that land on a sentence's page, QA issues with their values, dismissal with a reason."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.selectors import editor as selectors
from newsapp.articles.services import editing
from newsapp.articles.services.checks import (
    dismissal_key,
    sentence_checks,
    translation_compliance,
)
from tests.factories import ArticleFactory, TranslationFactory
from tests.qa.pentagon import SENTENCES as PENTAGON

pytestmark = pytest.mark.django_db

State = Segment.State
HTMX = {"HTTP_HX_REQUEST": "true"}
ROW = re.compile(r'<div class="ed-row [^"]*" id="seg-(\d+)" data-order="(\d+)"')


def _make(count: int, kinds: dict[int, str] | None = None) -> Translation:
    """A finished en→ko translation of ``count`` sentences (five per paragraph), every one
    machine text with no problem, except those ``kinds`` names by position:
    "confirmed", "edited" (changed since machine), "memory" (an exact memory match),
    "flagged" (a wrong number: a QA error), "warning" (a doubled word: a QA warning)."""
    kinds = kinds or {}
    article = ArticleFactory(status=Article.Status.IN_REVIEW)
    translation = TranslationFactory(
        article=article, status=Translation.Status.DONE, segments_total=count, segments_done=count
    )
    rows = []
    for i in range(count):
        kind = kinds.get(i, "")
        source = f"Officials met for {i + 1} hours."
        machine = f"당국자들은 {i + 1}시간 동안 만났다."
        target = {
            "flagged": f"당국자들은 {i + 2}시간 동안 만났다.",
            "warning": f"당국자들은 {i + 1}시간 동안 만났다 만났다.",
            "edited": f"당국자들이 {i + 1}시간 동안 만났다.",
        }.get(kind, machine)
        checks = sentence_checks(
            source=source, target=target, source_language="en", target_language="ko"
        )
        rows.append(
            Segment(
                translation=translation, order=i, paragraph_index=i // 5, source=source,
                machine_text=machine, target_text=target, origin="tm" if kind == "memory" else "mt",
                state={"confirmed": State.CONFIRMED, "edited": State.EDITED}.get(
                    kind, State.MACHINE
                ),
                **checks.fields(),
            )
        )  # fmt: skip
    Segment.objects.bulk_create(rows)
    return translation


def _rows(response: Any) -> list[int]:
    """The positions (from 0) of the sentences on the page, in order."""
    assert response.status_code == 200, response.status_code
    return [int(order) for _, order in ROW.findall(response.content.decode())]


def _url(translation: Translation, **query: Any) -> str:
    url = reverse("editor:translation", args=[translation.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- A window of segments ---------------------------------------------------------------------


def test_pages_of_sentences_with_the_whole_translations_progress(
    translator_client: Client, settings: Any
) -> None:
    settings.EDITOR_PAGE_SEGMENTS = 20
    translation = _make(45, {0: "confirmed", 30: "confirmed", 44: "confirmed"})
    first = translator_client.get(_url(translation))
    assert _rows(first) == list(range(20))
    body = first.content.decode()
    assert "3 of 45 confirmed" in body  # all pages, not this one
    assert "Sentences 1–20 of 45" in body
    assert "page 1 of 3" in body
    assert f'data-next="{_url(translation, page=2)}"' in body
    assert 'data-previous=""' in body

    third = translator_client.get(_url(translation, page=3))
    assert _rows(third) == list(range(40, 45))
    assert f'data-previous="{_url(translation, page=2)}"' in third.content.decode()
    assert 'data-next=""' in third.content.decode()
    # Out of range or not a number: the nearest real page.
    assert _rows(translator_client.get(_url(translation, page=99))) == list(range(40, 45))
    assert _rows(translator_client.get(_url(translation, page="x"))) == list(range(20))
    assert _rows(translator_client.get(_url(translation, page=-4))) == list(range(20))


def test_a_link_to_a_sentence_lands_on_its_page(
    translation_pair: Translation, translator_client: Client, translator: User, settings: Any
) -> None:
    settings.EDITOR_PAGE_SEGMENTS = 20
    translation = translation_pair
    segment = translation.segments.get(order=27)
    page = translator_client.get(_url(translation, at=segment.pk))
    assert _rows(page) == list(range(20, 40))
    # A save without JavaScript redirects there too.
    saved = translator_client.post(
        reverse("editor:save", args=[segment.pk]),
        {"text": "당국자들은 28시간 동안 회의했다.", "version": 1, "action": "save"},
    )
    assert saved.status_code == 302
    assert saved["Location"] == _url(translation, at=segment.pk) + f"#seg-{segment.pk}"
    assert _rows(translator_client.get(saved["Location"])) == list(range(20, 40))
    # The sentence's own page (without JavaScript) links back to the editor page holding it.
    alone = translator_client.get(reverse("editor:edit", args=[segment.pk]))
    assert f'href="{_url(translation, at=segment.pk)}#seg-{segment.pk}"' in alone.content.decode()


@pytest.fixture
def translation_pair(db: None) -> Translation:
    return _make(45)


# --- Filters ----------------------------------------------------------------------------------

KINDS = {
    1: "confirmed", 2: "edited", 3: "memory", 4: "flagged", 5: "warning", 7: "confirmed",
    8: "flagged",
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("all", list(range(10))),
        ("unconfirmed", [0, 2, 3, 4, 5, 6, 8, 9]),
        ("flagged", [4, 5, 8]),  # QA errors, and the open warning
        ("memory", [3]),
        ("changed", [2]),
    ],
)
def test_filters(name: str, expected: list[int], translator_client: Client, settings: Any) -> None:
    settings.EDITOR_PAGE_SEGMENTS = 20
    translation = _make(10, KINDS)
    response = translator_client.get(_url(translation, filter=name))
    assert _rows(response) == expected
    body = response.content.decode()
    current = re.search(
        r'ed-filter ed-filter-current"[^>]*>([^<]+)<span class="ed-count">(\d+)', body
    )
    assert current is not None
    assert (current.group(1).strip(), int(current.group(2))) == (
        selectors.FILTERS[name],
        len(expected),
    )


def test_filter_pages_and_an_unknown_filter_is_said(
    translator_client: Client, settings: Any
) -> None:
    settings.EDITOR_PAGE_SEGMENTS = 10
    translation = _make(40, dict.fromkeys(range(0, 40, 3), "flagged"))  # 14 flagged
    second = translator_client.get(_url(translation, filter="flagged", page=2))
    assert _rows(second) == [30, 33, 36, 39]
    assert "Sentences 11–14 of 14 in this filter" in second.content.decode()
    unknown = translator_client.get(_url(translation, filter="bogus"), follow=True)
    assert _rows(unknown) == list(range(10))
    assert "There is no filter “bogus”; showing all sentences." in unknown.content.decode()


# --- Next flagged -----------------------------------------------------------------------------


def test_next_flagged_jumps_across_pages_and_wraps_round(
    translator_client: Client, settings: Any
) -> None:
    settings.EDITOR_PAGE_SEGMENTS = 20
    translation = _make(60, {5: "flagged", 47: "warning"})
    by_order = dict(translation.segments.values_list("order", "pk"))
    url = reverse("editor:next-flagged", args=[translation.pk])

    def jump(after: int, **extra: str) -> str:
        response = translator_client.get(url, {"after": after, **extra})
        assert response.status_code == 302
        return response["Location"]

    assert jump(-1) == _url(translation, at=by_order[5]) + f"#seg-{by_order[5]}"
    assert jump(5) == _url(translation, at=by_order[47]) + f"#seg-{by_order[47]}"  # page 3
    assert jump(47) == _url(translation, at=by_order[5]) + f"#seg-{by_order[5]}"  # round
    landed = translator_client.get(jump(19))
    assert _rows(landed) == list(range(40, 60))
    # The page's own "Next flagged" link continues after the sentence it landed on.
    assert "?after=47" in landed.content.decode()
    # Within a filter, it stays in the filter.
    assert jump(-1, filter="unconfirmed").endswith(f"filter=unconfirmed#seg-{by_order[5]}")


def test_next_flagged_with_nothing_flagged_says_so(translator_client: Client) -> None:
    translation = _make(5)
    response = translator_client.get(
        reverse("editor:next-flagged", args=[translation.pk]), {"after": "x"}, follow=True
    )
    assert "No sentence is flagged here" in response.content.decode()


# --- Fact checks in the editor ----------------------------------------------------------------


@pytest.fixture
def pentagon(translator: User) -> Translation:
    """The Pentagon figures' four sentences, machine-translated into the wrong Korean."""
    article = ArticleFactory(status=Article.Status.IN_REVIEW, source_language="en")
    translation = TranslationFactory(
        article=article, status=Translation.Status.DONE, segments_total=4, segments_done=4
    )
    rows = []
    for i, sentence in enumerate(PENTAGON[:4]):
        checks = sentence_checks(
            source=sentence.english, target=sentence.korean_wrong, source_language="en",
            target_language="ko",
        )  # fmt: skip
        rows.append(
            Segment(
                translation=translation, order=i, paragraph_index=0, source=sentence.english,
                machine_text=sentence.korean_wrong, target_text=sentence.korean_wrong,
                state=State.MACHINE, **checks.fields(),
            )
        )  # fmt: skip
    Segment.objects.bulk_create(rows)
    summary = translation_compliance(translation=translation)  # as a pipeline run leaves it
    Translation.objects.filter(pk=translation.pk).update(compliance=summary)
    return translation


def test_wrong_figures_show_with_their_values_and_a_save_rechecks(
    pentagon: Translation, translator_client: Client
) -> None:
    body = translator_client.get(_url(pentagon)).content.decode()
    assert 'class="ed-qa-error"' in body
    assert "source says four (4); target says 세 차례 (3)" in body
    assert "source says Monday (Monday); target says 화요일 (Tuesday)" in body
    assert "source says two (2); target says 세 차례 (3)" in body
    assert "5 fact errors" in body  # 2 + 1 + 1 + 1, from translation.compliance
    first = pentagon.segments.get(order=0)
    response = translator_client.post(
        reverse("editor:save", args=[first.pk]),
        {"text": PENTAGON[0].korean_right, "version": 1, "action": "save"},
        **HTMX,
    )
    row = response.content.decode()
    assert "source says four (4)" not in row
    assert "ed-attention" not in row.split('id="ed-progress"')[0]
    assert "3 fact errors" in row  # the progress panel, swapped out of band
    # The filter bar swapped with it keeps the filter the page shows.
    current = re.search(r'ed-filter-current"[^>]*>([^<]+)<', row)
    assert current is not None
    assert current.group(1).strip() == "All"
    second = pentagon.segments.get(order=1)
    response = translator_client.post(
        reverse("editor:save", args=[second.pk]),
        {"text": PENTAGON[1].korean_right, "version": 1, "action": "save"},
        HTTP_HX_CURRENT_URL="http://testserver" + _url(pentagon, filter="flagged"),
        **HTMX,
    )
    current = re.search(
        r'ed-filter-current"[^>]*>([^<]+)<span class="ed-count">(\d+)', response.content.decode()
    )
    assert current is not None
    assert (current.group(1).strip(), current.group(2)) == ("Flagged", "2")
    first.refresh_from_db()
    assert (first.qa_issues, first.qa_open, first.flagged) == ([], 0, False)


def test_dismissing_an_issue_needs_a_reason_and_records_it(
    pentagon: Translation, translator_client: Client, translator: User
) -> None:
    segment = pentagon.segments.get(order=2)  # November 2017 → 2017년 12월
    [issue] = segment.qa_issues
    assert issue["code"] == "date-mismatch"
    url = reverse("editor:dismiss", args=[segment.pk])
    key = dismissal_key(issue)

    refused = translator_client.post(url, {"key": key, "reason": "  "}, **HTMX)
    assert refused.status_code == 200
    assert "Say why this is not a problem" in refused.content.decode()
    segment.refresh_from_db()
    assert (segment.qa_dismissed, segment.flagged, segment.qa_open) == ([], True, 1)

    assert translator_client.post(url, {"key": "nonsense", "reason": "x"}).status_code == 400
    gone = json.dumps(["date-mismatch", {"source_text": "elsewhere"}])
    stale = translator_client.post(url, {"key": gone, "reason": "x"}, **HTMX)
    assert "That issue is no longer raised" in stale.content.decode()

    done = translator_client.post(
        url, {"key": key, "reason": "The ministry corrected the month."}, **HTMX
    )
    assert done.status_code == 200
    assert done["HX-Trigger"] == "segment-saved"
    row = done.content.decode()
    assert "Dismissed" in row
    assert "The ministry corrected the month." in row
    assert 'class="ed-qa-error"' not in row.split('id="ed-progress"')[0]
    segment.refresh_from_db()
    assert (segment.flagged, segment.qa_open) == (False, 0)
    assert segment.qa_dismissed[0]["reason"] == "The ministry corrected the month."
    assert segment.qa_dismissed[0]["by"] == translator.username
    assert segment.version == 1  # the text did not change
    flagged = translator_client.get(_url(pentagon, filter="flagged"))
    assert _rows(flagged) == [0, 1, 3]


def test_a_warning_is_dismissed_and_leaves_the_flagged_filter(
    translator_client: Client,
) -> None:
    translation = _make(3, {1: "warning"})
    segment = translation.segments.get(order=1)
    [issue] = segment.qa_issues
    assert (issue["severity"], segment.flagged, segment.qa_open) == ("warning", False, 1)
    body = translator_client.get(_url(translation)).content.decode()
    assert 'class="ed-qa-warning"' in body
    assert "“만났다” is written twice in a row" in body
    response = translator_client.post(
        reverse("editor:dismiss", args=[segment.pk]),
        {"key": dismissal_key(issue), "reason": "Quoted speech repeats it."},
    )
    assert response.status_code == 302  # without htmx: back to the sentence's page
    assert response["Location"].endswith(f"#seg-{segment.pk}")
    assert _rows(translator_client.get(_url(translation, filter="flagged"))) == []
    translation.refresh_from_db()
    assert translation.compliance["qa_warnings"] == 0


def test_translation_cards_count_errors_and_warnings(
    pentagon: Translation, translator_client: Client
) -> None:
    segment = pentagon.segments.get(order=3)
    editing.segment_save(
        segment_id=segment.pk, user=segment.translation.article.author,
        text=PENTAGON[3].korean_right + " 말했다 말했다.", version=1,
    )  # fmt: skip
    body = translator_client.get(reverse("articles:detail", args=[pentagon.article_id]))
    card = body.content.decode().split(f'id="translation-{pentagon.pk}"')[1]
    assert "4 fact errors" in card
    assert "1 warning" in card
    assert _url(pentagon, filter="flagged") in card
    approval = translator_client.get(reverse("editor:approval", args=[pentagon.article_id]))
    assert f'href="{_url(pentagon, filter="flagged")}">open the editor' in approval.content.decode()


def test_machine_output_counts_its_open_issues(fake_engine: object) -> None:
    """The pipeline stores ``qa_open`` with its bulk update (the flagged filter reads it)."""
    from newsapp.articles.services import pipeline

    created = TranslationFactory(article=ArticleFactory(status=Article.Status.TRANSLATING))
    pipeline.translation_run(translation_id=created.pk, worker="w")
    rows = list(created.segments.values_list("qa_issues", "qa_open"))
    assert rows
    assert all(open_count == len(issues) for issues, open_count in rows)
    assert any(open_count for _, open_count in rows)  # "[ko] …" reads as untranslated


# --- Who may do what --------------------------------------------------------------------------

#: URL name → {role: (GET status, POST status)}. Anonymous visitors go to the login page
#: (302) whatever the method; people in neither desk group are refused (403); then the method
#: is checked (405). A desk member's dismissal without a reason (no htmx) goes back to the
#: sentence's page with the message (302) and dismisses nothing.
MATRIX = {
    "translation": {"anonymous": (302, 302), "outsider": (403, 405), "desk": (200, 405)},
    "next-flagged": {"anonymous": (302, 302), "outsider": (403, 405), "desk": (302, 405)},
    "dismiss": {"anonymous": (302, 302), "outsider": (405, 403), "desk": (405, 302)},
}


@pytest.mark.parametrize("role", ["anonymous", "outsider", "translator", "editor"])
def test_who_may_use_the_new_editor_urls(
    role: str, pentagon: Translation, client: Client, request: pytest.FixtureRequest
) -> None:
    if role != "anonymous":
        client = request.getfixturevalue(f"{role}_client")
    segment = pentagon.segments.get(order=2)
    args = {"translation": pentagon.pk, "next-flagged": pentagon.pk, "dismiss": segment.pk}
    key = dismissal_key(segment.qa_issues[0])
    for name, expected in MATRIX.items():
        url = reverse(f"editor:{name}", args=[args[name]])
        got = (
            client.get(url).status_code,
            client.post(url, {"key": key, "reason": "", "after": 0}).status_code,
        )
        assert got == expected.get(role, expected["desk"]), (name, role, got)
    segment.refresh_from_db()
    assert segment.qa_dismissed == []  # nobody dismissed anything without a reason


@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_open_issues_of_sentences_checked_before_it(
    translator: User,
) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("articles", "0006_mt_cache")], [("articles", "0007_segment_qa_open")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    article = old.get_model("articles", "Article").objects.create(
        title="t", source_text="s", source_language="en", author_id=translator.pk
    )
    translation = old.get_model("articles", "Translation").objects.create(
        article=article, target_language="ko"
    )
    error = {"code": "number-changed", "severity": "error", "params": {"a": "1"}}
    warning = {"code": "doubled-word", "severity": "warning", "params": {"word": "x"}}
    Segment_ = old.get_model("articles", "Segment")
    for order, (issues, dismissed) in enumerate(
        [([], []), ([error, warning], []), ([error, warning], [{**error, "reason": "ok"}])]
    ):
        Segment_.objects.create(
            translation=translation, order=order, paragraph_index=0, source="s",
            qa_issues=issues, qa_dismissed=dismissed,
        )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    counts = list(
        Segment.objects.filter(translation_id=translation.pk)
        .order_by("order")
        .values_list("qa_open", flat=True)
    )
    assert counts == [0, 2, 1]
