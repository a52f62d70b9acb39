from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from glossary.models import Concept, ImportBatch, Term
from glossary.services import imports, review
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.selectors.articles import article_reference
from tests.factories import ArticleFactory
from tests.glossary_factories import TermFactory, concept_with_terms

pytestmark = pytest.mark.django_db
Status = Term.Status


@pytest.fixture
def pyongyang() -> Concept:
    return concept_with_terms(("en", "Pyongyang"), ("ko", "평양"), subject="places")


@pytest.fixture
def proposed(translator: User) -> Term:
    concept = term_services.concept_propose(
        user=translator, terms=[TermData(language="en", text="Kaesong")]
    )
    return concept.terms.get()


def _pages(concept: Concept, term: Term, batch: ImportBatch) -> list[tuple[str, str]]:
    return [
        ("get", reverse("glossary:list")),
        ("get", reverse("glossary:propose")),
        ("post", reverse("glossary:propose")),
        ("get", reverse("glossary:concept", args=[concept.pk])),
        ("get", reverse("glossary:concept_edit", args=[concept.pk])),
        ("get", reverse("glossary:term_propose", args=[concept.pk])),
        ("get", reverse("glossary:term_edit", args=[term.pk])),
        ("post", reverse("glossary:term_review", args=[term.pk])),
        ("get", reverse("glossary:review")),
        ("get", reverse("glossary:import")),
        ("get", reverse("glossary:import_preview", args=[batch.pk])),
        ("get", reverse("glossary:export") + "?format=csv"),
    ]


@pytest.fixture
def batch(editor: User) -> ImportBatch:
    return imports.import_batch_create(user=editor, filename="g.csv", data=b"en\nSeoul\n",
                                        approve=False)  # fmt: skip


def test_anonymous_visitors_are_sent_to_log_in(
    client: Client, pyongyang: Concept, proposed: Term, batch: ImportBatch
) -> None:
    for method, url in _pages(pyongyang, proposed, batch):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_outsiders_get_403_everywhere(
    outsider_client: Client, pyongyang: Concept, proposed: Term, batch: ImportBatch
) -> None:
    for method, url in _pages(pyongyang, proposed, batch):
        assert getattr(outsider_client, method)(url).status_code == 403, url


def test_translators_cannot_review(translator_client: Client, proposed: Term) -> None:
    assert translator_client.get(reverse("glossary:review")).status_code == 403
    url = reverse("glossary:term_review", args=[proposed.pk])
    response = translator_client.post(url, {"decision": "approve"})
    assert response.status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == Status.PROPOSED
    edit = reverse("glossary:concept_edit", args=[proposed.concept_id])
    assert translator_client.get(edit).status_code == 403


def test_translators_cannot_approve_through_the_forms(
    translator_client: Client, pyongyang: Concept
) -> None:
    data = _concept_post(text="Kaesong") | {"approve": "on"}
    assert translator_client.post(reverse("glossary:propose"), data).status_code == 403
    url = reverse("glossary:term_propose", args=[pyongyang.pk])
    term = {"language": "ja", "text": "平壌", "usage": "preferred", "approve": "on"}
    assert translator_client.post(url, term).status_code == 403
    assert not Term.objects.filter(text__in=["Kaesong", "平壌"]).exists()
    upload = SimpleUploadedFile("g.csv", b"en\nSeoul\n")
    response = translator_client.post(reverse("glossary:import"), {"file": upload, "approve": "on"})
    assert response.status_code == 403


def test_translator_pages_render(translator_client: Client, pyongyang: Concept) -> None:
    term = pyongyang.terms.get(language="en")
    for url in (reverse("glossary:list"), reverse("glossary:propose"),
                reverse("glossary:concept", args=[pyongyang.pk]),
                reverse("glossary:term_propose", args=[pyongyang.pk]),
                reverse("glossary:term_edit", args=[term.pk]),
                reverse("glossary:import")):  # fmt: skip
        response = translator_client.get(url)
        assert response.status_code == 200, url
        assert b"Approve now" not in response.content  # editors only
        assert b"Review queue" not in response.content


# --- List ----------------------------------------------------------------------------------


def test_list_searches_and_filters(editor_client: Client, pyongyang: Concept) -> None:
    concept_with_terms(("en", "Seoul"), ("fr", "Séoul"), subject="places")
    url = reverse("glossary:list")
    content = editor_client.get(url, {"q": "SEOUL"}).content.decode()
    assert "Séoul" in content
    assert "Pyongyang" not in content
    content = editor_client.get(url, {"q": "평"}).content.decode()
    assert "Pyongyang" in content
    assert "Seoul" not in content
    content = editor_client.get(url, {"language": "fr"}).content.decode()
    assert "Seoul" in content
    assert "Pyongyang" not in content
    places = editor_client.get(url, {"subject": "places"}).content.decode()
    assert "Matching concepts 1–2." in places
    # Unknown filter values are ignored rather than failing.
    assert editor_client.get(url, {"status": "bogus", "page": "x"}).status_code == 200


def test_list_htmx_returns_only_the_results(editor_client: Client, pyongyang: Concept) -> None:
    response = editor_client.get(reverse("glossary:list"), {"q": "pyong"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results">')
    assert "Pyongyang" in content
    assert "<html" not in content


@pytest.mark.parametrize("count", [30, 60])
def test_list_query_count_is_constant(
    editor_client: Client, django_assert_max_num_queries: object, count: int
) -> None:
    for i in range(count):
        concept_with_terms(("en", f"Term {i:03d}"), ("ko", f"용어 {i}"),
                           ("ja", f"用語{i}", "admitted"))  # fmt: skip
    # 8, and the navigation's two counts (unread notifications; the review queue, cached
    # briefly in production and not in the tests): newsapp/context_processors.py.
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = editor_client.get(reverse("glossary:list"), {"page": "1"})
    assert response.status_code == 200
    assert response.content.decode().count('<li class="gl-chip ') == 3 * 25
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        editor_client.get(reverse("glossary:list"), {"q": "term", "language": "en",
                                                     "status": "approved"})  # fmt: skip


# --- Propose ---------------------------------------------------------------------------------


def _concept_post(*, text: str, lang: str = "en", **extra: str) -> dict[str, str]:
    data = {
        "terms-TOTAL_FORMS": "3", "terms-INITIAL_FORMS": "0",
        "terms-MIN_NUM_FORMS": "3", "terms-MAX_NUM_FORMS": "10",
        "definition": "", "subject": "", "external_url": "",
    }  # fmt: skip
    for i, (code, value) in enumerate([(lang, text), ("ko", ""), ("ja", "")]):
        data |= {f"terms-{i}-language": code, f"terms-{i}-text": value,
                 f"terms-{i}-usage": "preferred", f"terms-{i}-part_of_speech": ""}  # fmt: skip
    return data | extra


def test_propose_is_prefilled_from_the_article_selection(
    translator_client: Client, translator: User, pyongyang: Concept
) -> None:
    article = ArticleFactory(author=translator, title="Missile launch")
    url = reverse("glossary:propose")
    response = translator_client.get(url, {"text": " Pyongyang ", "lang": "en",
                                           "source": article.pk})  # fmt: skip
    content = response.content.decode()
    assert 'name="terms-0-text" value="Pyongyang"' in content
    assert re.search(r'<option value="en" selected>', content)
    assert "Missile launch" in content
    assert f'name="source" value="{article.pk}"' in content
    # The existing concept is offered, with a link that keeps the selection.
    add = reverse("glossary:term_propose", args=[pyongyang.pk])
    assert f"{add}?text=Pyongyang&amp;lang=en&amp;source={article.pk}" in content

    data = _concept_post(text="Pyongyang Times", source=str(article.pk), subject="Media")
    data |= {"terms-1-text": "평양타임스"}
    response = translator_client.post(url, data)
    concept = Concept.objects.get(label="Pyongyang Times")
    assert response.status_code == 302
    assert response["Location"] == reverse("glossary:concept", args=[concept.pk])
    assert [(t.language, t.status, t.source_id) for t in concept.terms.order_by("id")] == [
        ("en", Status.PROPOSED, article.pk),
        ("ko", Status.PROPOSED, article.pk),
    ]


def test_propose_shows_service_refusals(editor_client: Client, pyongyang: Concept) -> None:
    response = editor_client.post(reverse("glossary:propose"),
                                  _concept_post(text="Pyongyang", approve="on"))  # fmt: skip
    assert response.status_code == 200
    assert "already the approved preferred en term" in response.content.decode()
    response = editor_client.post(reverse("glossary:propose"), _concept_post(text=""))
    assert "Give at least one term." in response.content.decode()


def test_propose_a_term_for_an_existing_concept(
    translator_client: Client, pyongyang: Concept
) -> None:
    url = reverse("glossary:term_propose", args=[pyongyang.pk])
    response = translator_client.get(url, {"text": "平壌", "lang": "ja"})
    assert 'value="平壌"' in response.content.decode()
    response = translator_client.post(url, {"language": "ja", "text": "平壌", "usage": "preferred"})
    assert response.status_code == 302
    assert pyongyang.terms.get(language="ja").status == Status.PROPOSED


def test_translator_edit_of_an_approved_term_waits_for_review(
    translator_client: Client, pyongyang: Concept
) -> None:
    term = pyongyang.terms.get(language="en")
    url = reverse("glossary:term_edit", args=[term.pk])
    response = translator_client.post(url, {"language": "en", "text": "Pyeongyang",
                                             "usage": "preferred"}, follow=True)  # fmt: skip
    assert "awaits an editor&#x27;s review" in response.content.decode()
    term.refresh_from_db()
    assert term.text == "Pyongyang"
    detail = translator_client.get(reverse("glossary:concept", args=[pyongyang.pk])).content
    assert b"Pending change" in detail
    assert "“Pyeongyang”".encode() in detail
    # Editing again shows the pending change and replaces it.
    again = translator_client.get(url).content.decode()
    assert 'value="Pyeongyang"' in again
    assert "already waiting for review" in again


# --- Review ------------------------------------------------------------------------------------


def test_review_queue_oldest_first_with_the_article(
    editor_client: Client, translator: User
) -> None:
    article = ArticleFactory(author=translator, title="Summit in Hanoi")
    now = timezone.now()
    TermFactory(text="Newest", status=Status.PROPOSED, proposed_at=now)
    TermFactory(text="Oldest", status=Status.PROPOSED, proposed_at=now - timedelta(days=2),
                proposed_by=translator,
                **term_services.source_fields(article_reference(article.pk)))  # fmt: skip
    TermFactory(text="Middle", status=Status.PROPOSED, proposed_at=now - timedelta(days=1))
    content = editor_client.get(reverse("glossary:review")).content.decode()
    positions = [content.index(f">{word}<") for word in ("Oldest", "Middle", "Newest")]
    assert positions == sorted(positions)
    assert "Summit in Hanoi" in content
    assert reverse("articles:detail", args=[article.pk]) in content
    assert 'Proposed by <span translate="no">tess</span>' in content


def test_editor_approves_and_rejects(editor_client: Client, proposed: Term) -> None:
    url = reverse("glossary:term_review", args=[proposed.pk])
    response = editor_client.post(url, {"decision": "approve", "comment": "fine"})
    assert response.status_code == 302
    assert response["Location"] == reverse("glossary:review")
    proposed.refresh_from_db()
    assert (proposed.status, proposed.review_comment) == (Status.APPROVED, "fine")
    # Reviewing twice is refused with a message, not an error page.
    response = editor_client.post(url, {"decision": "reject"}, follow=True)
    assert "not waiting for review" in response.content.decode()


def test_review_with_htmx_returns_the_item(editor_client: Client, translator: User) -> None:
    term = term_services.term_update(
        user=translator,
        term=concept_with_terms(("en", "Pyongyang")).terms.get(),
        data=TermData(language="en", text="Pyeongyang"),
    )
    url = reverse("glossary:term_review", args=[term.pk])
    response = editor_client.post(url, {"decision": "approve"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert f'id="review-{term.pk}"' in content
    assert (
        'Approved: <span translate="no">en</span> “'
        '<span lang="en" translate="no">Pyeongyang</span>”' in content
    )
    assert "<html" not in content


def test_review_next_url_must_be_local(editor_client: Client, proposed: Term) -> None:
    url = reverse("glossary:term_review", args=[proposed.pk])
    response = editor_client.post(url, {"decision": "reject", "next": "https://evil.example/"})
    assert response["Location"] == reverse("glossary:review")


def test_concept_detail_shows_terms_and_history(
    editor_client: Client, editor: User, translator: User
) -> None:
    concept = term_services.concept_propose(user=translator, terms=[
        TermData(language="en", text="Kaesong"), TermData(language="ko", text="개성")])  # fmt: skip
    review.term_reject(user=editor, term=concept.terms.get(language="ko"), comment="Check it")
    content = editor_client.get(reverse("glossary:concept", args=[concept.pk])).content.decode()
    assert "Kaesong" in content
    assert "개성" in content
    assert "Rejected ko “개성” (preferred)" in content
    assert "“Check it”" in content
    assert "Concept proposed" in content
    assert content.count("Approve</button>") == 1  # only the proposed term


def test_editor_edits_a_concept(editor_client: Client, pyongyang: Concept) -> None:
    url = reverse("glossary:concept_edit", args=[pyongyang.pk])
    response = editor_client.post(url, {"definition": "Capital", "subject": "Places",
                                        "external_url": "https://example.org"})  # fmt: skip
    assert response.status_code == 302
    pyongyang.refresh_from_db()
    assert (pyongyang.definition, pyongyang.external_url) == ("Capital", "https://example.org")


# --- Import and export -----------------------------------------------------------------------


def test_import_preview_then_confirm(editor_client: Client, pyongyang: Concept) -> None:
    csv = "en,ko\nSeoul,서울\nPyongyang,평양\n,\nTokyo {weird},\n".encode()
    upload = SimpleUploadedFile("g.csv", csv)
    response = editor_client.post(reverse("glossary:import"), {"file": upload, "approve": "on"})
    assert response.status_code == 302
    preview_url = response["Location"]
    before = Term.objects.count()
    content = editor_client.get(preview_url).content.decode()
    assert Term.objects.count() == before  # the preview writes nothing
    assert "1 to create" in content
    assert "1 unchanged" in content
    assert "1 refused" in content
    assert "row 5" in content
    assert "Unknown flag “weird”" in content
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', content).group(1)  # type: ignore[union-attr]
    response = editor_client.post(preview_url, {"digest": "0" * 64}, follow=True)
    assert "changed since this preview" in response.content.decode()
    assert not Term.objects.filter(text="Seoul").exists()
    response = editor_client.post(preview_url, {"digest": digest}, follow=True)
    assert "1 concepts created" in response.content.decode()
    assert Term.objects.get(text="Seoul").status == Status.APPROVED
    assert "was imported on" in editor_client.get(preview_url).content.decode()


def test_import_shows_file_errors(translator_client: Client) -> None:
    bad = SimpleUploadedFile("g.tbx", b'<!DOCTYPE x [<!ENTITY a "b">]><tbx>&a;</tbx>')
    response = translator_client.post(reverse("glossary:import"), {"file": bad})
    assert response.status_code == 200
    assert "Entity declarations are refused" in response.content.decode()


def test_other_users_cannot_see_an_upload(translator_client: Client, batch: ImportBatch) -> None:
    url = reverse("glossary:import_preview", args=[batch.pk])
    assert translator_client.get(url).status_code == 404


def test_export_downloads(translator_client: Client, pyongyang: Concept) -> None:
    response = translator_client.get(reverse("glossary:export"), {"format": "tbx", "lang": "ko"})
    assert response["Content-Type"] == "application/x-tbx+xml; charset=utf-8"
    assert 'filename="glossary-ko-' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "평양" in body
    assert "Pyongyang" not in body
    response = translator_client.get(reverse("glossary:export"), {"format": "xls"})
    assert response.status_code == 302


def test_empty_glossary_pages(editor_client: Client) -> None:
    assert (
        "Propose the first concept" in editor_client.get(reverse("glossary:list")).content.decode()
    )
    assert "Nothing to review" in editor_client.get(reverse("glossary:review")).content.decode()


def test_list_pagination(editor_client: Client) -> None:
    for i in range(30):
        concept_with_terms(("en", f"Term {i:02d}"))
    url = reverse("glossary:list")
    first = editor_client.get(url).content.decode()
    assert "30 concepts, 1–25 shown." in first
    assert "Page 1 of 2" in first
    assert 'href="?page=2"' in first
    second = editor_client.get(url, {"page": "2"}).content.decode()
    assert "Term 29" in second
    assert "Term 24" not in second
    assert 'href="?page=1"' in second
    assert "Next →" not in second
    filtered = editor_client.get(url, {"q": "term"}).content.decode()
    assert "Matching concepts 1–25." in filtered
    assert 'href="?q=term&amp;page=2"' in filtered
    beyond = editor_client.get(url, {"q": "term", "page": "9"}).content.decode()
    assert "No more concepts." in beyond
