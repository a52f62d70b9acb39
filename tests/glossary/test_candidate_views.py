"""The candidates pages: who may do what, the queue, the actions (htmx and not), the panel."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from glossary.candidates import Candidate
from glossary.models import IgnoredTerm, Term, TermCandidate
from glossary.services import candidates as services
from glossary.services.candidates import Suggestion
from glossary.sources import SourceRef
from newsapp import queue
from newsapp.articles.selectors.articles import article_reference
from tests.factories import ArticleFactory
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.django_db
Status = TermCandidate.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def _record(*texts: str, source: int = 1, kind: str = "person") -> list[TermCandidate]:
    found = [
        Candidate(text=text, kind=kind, count=2,  # type: ignore[arg-type]
                  sentences=[f"Officials said {text} arrived in the capital on Monday."],
                  short_forms=[text.split()[-1]] if " " in text else [])
        for text in texts
    ]  # fmt: skip
    ref = SourceRef(id=source, title=f"Story {source}", url=f"/{source}/", language="en")
    return services.candidates_record(source=ref, language="en", found=found)


@pytest.fixture
def kirby() -> TermCandidate:
    [row] = _record("John Kirby")
    services.candidate_suggestions_add(
        candidate_id=row.pk,
        suggestions=[
            Suggestion("ko", "존 커비", "engine", engine="phrasebook"),
            Suggestion("ko", "", "sentence", "in sentence: [ko] Officials said …"),
        ],
    )
    return row


# --- Who may do what (for the security matrix: docs/glossary.md lists the same table) -----------

ANON, OUTSIDER, TRANSLATOR, EDITOR = "anonymous", "no group", "translator", "editor"
LOGIN = "login"
#: (url name, args kind, method) → expected status per role. "login": redirected to log in.
ACCESS: list[tuple[str, str, str, dict[str, int | str]]] = [
    ("glossary:candidates", "", "get", {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 200}),
    ("glossary:candidates", "", "post", {ANON: LOGIN, OUTSIDER: 405, TRANSLATOR: 405, EDITOR: 405}),
    ("glossary:candidate_accept", "candidate", "get",
     {ANON: LOGIN, OUTSIDER: 405, TRANSLATOR: 405, EDITOR: 405}),
    ("glossary:candidate_accept", "candidate", "post",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 302}),
    ("glossary:candidate_variant", "candidate", "get",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 200}),
    ("glossary:candidate_variant", "candidate", "post",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 200}),
    ("glossary:candidate_dismiss", "candidate", "get",
     {ANON: LOGIN, OUTSIDER: 405, TRANSLATOR: 405, EDITOR: 405}),
    ("glossary:candidate_dismiss", "candidate", "post",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 302}),
    ("glossary:candidates_bulk_accept", "", "get",
     {ANON: LOGIN, OUTSIDER: 405, TRANSLATOR: 405, EDITOR: 405}),
    ("glossary:candidates_bulk_accept", "", "post",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 302}),
    ("glossary:candidates_source", "article", "get",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 200, EDITOR: 200}),
    ("glossary:candidates_source", "article", "post",
     {ANON: LOGIN, OUTSIDER: 405, TRANSLATOR: 405, EDITOR: 405}),
    ("glossary:ignored", "", "get", {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 200}),
    ("glossary:ignored", "", "post", {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 200}),
    ("glossary:ignored_remove", "ignored", "get",
     {ANON: LOGIN, OUTSIDER: 405, TRANSLATOR: 405, EDITOR: 405}),
    ("glossary:ignored_remove", "ignored", "post",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 403, EDITOR: 302}),
    ("articles:candidates_scan", "article", "get",
     {ANON: LOGIN, OUTSIDER: 405, TRANSLATOR: 405, EDITOR: 405}),
    ("articles:candidates_scan", "article", "post",
     {ANON: LOGIN, OUTSIDER: 403, TRANSLATOR: 302, EDITOR: 302}),
]  # fmt: skip


@pytest.mark.parametrize("role", [ANON, OUTSIDER, TRANSLATOR, EDITOR])
@pytest.mark.parametrize(("name", "args", "method", "expected"), ACCESS)
def test_access(
    role: str, name: str, args: str, method: str, expected: dict[str, int | str],
    client: Client, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(queue, "publish", lambda *a: True)
    [candidate] = _record("John Kirby")
    article = ArticleFactory()
    ignored = IgnoredTerm.objects.create(language="en", text="Yonhap", key="yonhap")
    pk = {"candidate": candidate.pk, "article": article.pk, "ignored": ignored.pk}.get(args)
    url = reverse(name, args=[pk] if pk else [])
    if role != ANON:
        user = request.getfixturevalue({OUTSIDER: "outsider", TRANSLATOR: "translator",
                                        EDITOR: "editor"}[role])  # fmt: skip
        client.force_login(user)
    response = getattr(client, method)(url)
    if expected[role] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected[role]


# --- The queue ---------------------------------------------------------------------------------


def test_queue_shows_contexts_suggestions_and_their_origins(
    editor_client: Client, kirby: TermCandidate
) -> None:
    body = editor_client.get(reverse("glossary:candidates")).content.decode()
    assert (
        '<span class="kwic-left">Officials said </span><mark class="kwic">John Kirby</mark>'
        '<span class="kwic-right"> arrived in the capital on Monday.</span>'
    ) in body
    assert '<span lang="ko" translate="no">존 커비</span>' in body
    assert "engine, the term alone" in body
    assert "in sentence: [ko] Officials said …" in body
    assert "engine, in its sentence" in body
    assert 'Also written: <span lang="en" translate="no">Kirby</span>.' in body
    # the terms accepting creates, editable: the short form comes with its Korean rendering
    assert f'name="c{kirby.pk}-3-text" value="커비"' in body
    assert 'Candidates <span class="badge gl-count" title="Open candidates">1</span>' in body


def test_queue_query_count_does_not_grow_with_the_page(
    editor_client: Client, django_assert_max_num_queries: Any
) -> None:
    _record(*(f"Person Number{i}" for i in range(3)))
    with django_assert_max_num_queries(20) as few:
        editor_client.get(reverse("glossary:candidates"))
    _record(*(f"Person Other{i}" for i in range(22)), source=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = editor_client.get(reverse("glossary:candidates")).content.decode()
    assert body.count('class="card gl-cand"') == 25


def test_queue_filters_by_kind_and_article(editor_client: Client) -> None:
    _record("John Kirby")
    _record("UNSC", kind="acronym", source=2)
    by_kind = editor_client.get(reverse("glossary:candidates"), {"kind": "acronym"}, **HTMX)
    content = by_kind.content.decode()
    assert content.lstrip().startswith('<div id="candidate-results">')
    assert "UNSC" in content
    assert "John Kirby" not in content
    by_source = editor_client.get(reverse("glossary:candidates"), {"source": "1"}).content.decode()
    assert "John Kirby" in by_source
    assert "UNSC" not in by_source


def test_accept_with_htmx_swaps_in_the_outcome(editor_client: Client, kirby: TermCandidate) -> None:
    page = editor_client.get(reverse("glossary:candidates"))
    data = _form_data(page.content.decode(), f"accept-{kirby.pk}")
    response = editor_client.post(
        reverse("glossary:candidate_accept", args=[kirby.pk]), data, **HTMX
    )
    content = response.content.decode()
    assert "is now the approved concept" in content
    kirby.refresh_from_db()
    assert kirby.status == Status.ACCEPTED
    assert kirby.concept is not None
    assert sorted(kirby.concept.terms.values_list("language", "text", "term_type")) == [
        ("en", "John Kirby", "fullForm"), ("en", "Kirby", "shortForm"),
        ("ko", "존 커비", "fullForm"), ("ko", "커비", "shortForm"),
    ]  # fmt: skip


def test_accept_after_editing_a_term(editor_client: Client, kirby: TermCandidate) -> None:
    page = editor_client.get(reverse("glossary:candidates"))
    data = _form_data(page.content.decode(), f"accept-{kirby.pk}")
    data[f"c{kirby.pk}-2-text"] = "존 커비 대변인"
    data[f"c{kirby.pk}-3-text"] = ""  # no Korean short form
    editor_client.post(reverse("glossary:candidate_accept", args=[kirby.pk]), data)
    kirby.refresh_from_db()
    assert kirby.concept is not None
    assert sorted(kirby.concept.terms.filter(language="ko").values_list("text", flat=True)) == [
        "존 커비 대변인"
    ]


def test_a_refused_accept_keeps_the_edits_and_says_why(
    editor_client: Client, kirby: TermCandidate
) -> None:
    concept_with_terms(("en", "Pentagon spokesman"), ("ko", "존 커비"))
    page = editor_client.get(reverse("glossary:candidates"))
    data = _form_data(page.content.decode(), f"accept-{kirby.pk}")
    data[f"c{kirby.pk}-0-text"] = "John F. Kirby"
    response = editor_client.post(
        reverse("glossary:candidate_accept", args=[kirby.pk]), data, **HTMX
    )
    content = response.content.decode()
    assert "“존 커비” is already the approved preferred ko term" in content
    assert 'value="John F. Kirby"' in content  # nothing typed is lost
    kirby.refresh_from_db()
    assert kirby.status == Status.OPEN


def test_variant_form_offers_likely_concepts_and_adds_the_term(
    editor_client: Client,
) -> None:
    north_korea = concept_with_terms(("en", "North Korea"), ("ko", "북한"))
    [row] = _record("N. Korea", kind="place")
    url = reverse("glossary:candidate_variant", args=[row.pk])
    form = editor_client.get(url, **HTMX).content.decode()
    assert f'value="{north_korea.pk}"' in form
    assert "North Korea" in form
    response = editor_client.post(url, {"pick": north_korea.pk, "term_type": "variant"}, **HTMX)
    assert "Added “<span" in response.content.decode()
    term = Term.objects.get(text="N. Korea")
    assert (term.concept_id, term.term_type, term.usage) == (north_korea.pk, "variant", "admitted")


def test_variant_by_term_and_an_unknown_concept(editor_client: Client) -> None:
    concept_with_terms(("en", "North Korea"), ("ko", "북한"))
    [row] = _record("DPRK", kind="acronym")
    url = reverse("glossary:candidate_variant", args=[row.pk])
    refused = editor_client.post(url, {"concept": "South Sudan", "term_type": "acronym"}, **HTMX)
    assert "No concept has that number or term." in refused.content.decode()
    assert refused["HX-Retarget"] == f"#variant-{row.pk}"
    editor_client.post(url, {"concept": "north korea", "term_type": "acronym",
                             "rendering_language": "ko", "rendering_text": "조선"})  # fmt: skip
    assert Term.objects.get(text="DPRK").term_type == "acronym"
    assert Term.objects.get(text="조선").term_type == "acronym"


def test_dismiss_then_remove_from_the_ignore_list(
    editor_client: Client, kirby: TermCandidate
) -> None:
    response = editor_client.post(reverse("glossary:candidate_dismiss", args=[kirby.pk]), **HTMX)
    assert "is on the <a" in response.content.decode()
    ignored = IgnoredTerm.objects.get()
    listing = editor_client.get(reverse("glossary:ignored")).content.decode()
    assert "John Kirby" in listing
    editor_client.post(reverse("glossary:ignored_remove", args=[ignored.pk]))
    kirby.refresh_from_db()
    assert kirby.status == Status.OPEN


def test_add_to_the_ignore_list_and_a_duplicate_is_refused(editor_client: Client) -> None:
    url = reverse("glossary:ignored")
    assert editor_client.post(url, {"language": "en", "text": "Yonhap"}).status_code == 302
    again = editor_client.post(url, {"language": "en", "text": "YONHAP"})
    assert "already on the en ignore list" in again.content.decode()
    assert IgnoredTerm.objects.count() == 1


def test_bulk_accept(editor_client: Client) -> None:
    rows = _record("John Kirby", "Lloyd Austin", "Pat Ryder")
    response = editor_client.post(
        reverse("glossary:candidates_bulk_accept"),
        {"ids": [rows[0].pk, rows[2].pk], "next": "/glossary/candidates/?kind=person"},
    )
    assert response["Location"] == "/glossary/candidates/?kind=person"
    statuses = dict(TermCandidate.objects.values_list("text", "status"))
    assert statuses == {"John Kirby": "accepted", "Lloyd Austin": "open", "Pat Ryder": "accepted"}


def test_bulk_accept_of_nothing_says_so(editor_client: Client) -> None:
    response = editor_client.post(reverse("glossary:candidates_bulk_accept"), {"ids": ["x"]},
                                  follow=True)  # fmt: skip
    assert "Tick at least one candidate" in response.content.decode()


# --- The article panel and proposing from it ---------------------------------------------------


def test_panel_polls_until_the_article_was_scanned(translator_client: Client) -> None:
    article = ArticleFactory()
    url = reverse("glossary:candidates_source", args=[article.pk])
    waiting = translator_client.get(url, **HTMX).content.decode()
    assert "data-poll" in waiting
    assert "Looking for names the glossary lacks" in waiting
    services.candidates_record(source=article_reference(article.pk), language="en", found=[])  # type: ignore[arg-type]
    done = translator_client.get(url, **HTMX).content.decode()
    assert "data-poll" not in done
    assert "No new names" in done


def test_panel_lists_the_article_s_candidates_with_a_propose_link(
    translator_client: Client, kirby: TermCandidate
) -> None:
    content = translator_client.get(
        reverse("glossary:candidates_source", args=[1]), **HTMX
    ).content.decode()
    assert '<mark class="kwic">John Kirby</mark>' in content
    assert "존 커비" in content
    assert f"candidate={kirby.pk}" in content
    assert "Review them in the candidates queue" not in content  # editors only


def test_propose_from_the_panel_prefills_and_links_the_candidate(
    translator_client: Client, kirby: TermCandidate
) -> None:
    url = reverse("glossary:propose") + f"?text=John+Kirby&lang=en&candidate={kirby.pk}"
    form = translator_client.get(url).content.decode()
    assert 'value="존 커비"' in form
    assert f'name="candidate" value="{kirby.pk}"' in form
    data = {
        "terms-TOTAL_FORMS": "3", "terms-INITIAL_FORMS": "0", "terms-MIN_NUM_FORMS": "3",
        "terms-MAX_NUM_FORMS": "10", "candidate": str(kirby.pk),
        "terms-0-language": "en", "terms-0-text": "John Kirby", "terms-0-usage": "preferred",
        "terms-0-term_type": "fullForm",
        "terms-1-language": "ko", "terms-1-text": "존 커비", "terms-1-usage": "preferred",
        "terms-1-term_type": "fullForm",
        "terms-2-language": "ja", "terms-2-text": "", "terms-2-usage": "preferred",
    }  # fmt: skip
    response = translator_client.post(reverse("glossary:propose"), data)
    assert response.status_code == 302
    kirby.refresh_from_db()
    assert kirby.status == Status.OPEN
    assert kirby.concept is not None
    assert sorted(kirby.concept.terms.values_list("text", "status")) == [
        ("John Kirby", "proposed"), ("존 커비", "proposed"),
    ]  # fmt: skip


def test_the_article_page_loads_the_panel(translator_client: Client) -> None:
    article = ArticleFactory()
    body = translator_client.get(reverse("articles:detail", args=[article.pk])).content.decode()
    panel = reverse("glossary:candidates_source", args=[article.pk])
    assert f'hx-get="{panel}" hx-trigger="load"' in body


def test_look_again_publishes_the_extraction(
    translator_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[object, ...]] = []
    monkeypatch.setattr(queue, "publish", lambda *args: sent.append(args) or True)
    article = ArticleFactory()
    translator_client.post(reverse("articles:candidates_scan", args=[article.pk]))
    assert sent == [("newsapp.articles.tasks.candidates_extract_task", article.pk)]


# --- helpers -----------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The fields of the form with a given id, as a browser would submit them."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.select = form_id, False, ""
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "input" and a.get("type") not in ("checkbox", "submit"):
            self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and ("selected" in a or self.select not in self.data):
            self.data[self.select] = a.get("value", "")  # the selected option, else the first

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = ""


def _form_data(page: str, form_id: str) -> dict[str, str]:
    parser = _FormFields(form_id)
    parser.feed(page)
    return parser.data
