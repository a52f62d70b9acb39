"""The candidates queue's services and selectors: record, accept, variant, dismiss, bulk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from glossary import selectors
from glossary.candidates import Candidate
from glossary.models import CandidateScan, IgnoredTerm, Term, TermCandidate
from glossary.services import candidates as services
from glossary.services.candidates import Suggestion
from glossary.sources import SourceRef
from glossary.termdata import TermData
from newsapp.core import events
from newsapp.core.errors import ServiceError
from tests.glossary_factories import TermFactory, concept_with_terms

pytestmark = pytest.mark.django_db

Status = TermCandidate.Status
SHORT, ACRONYM, FULL, VARIANT = "shortForm", "acronym", "fullForm", "variant"


def _source(number: int = 1) -> SourceRef:
    return SourceRef(id=number, title=f"Story {number}", url=f"/{number}/", language="en")


def _found(text: str, kind: str = "person", count: int = 2, **extra: Any) -> Candidate:
    sentences = extra.pop("sentences", [f"{text} said something.", f"Later {text} left."])
    return Candidate(text=text, kind=kind, count=count, sentences=sentences, **extra)  # type: ignore[arg-type]


def _record(*found: Candidate, source: int = 1) -> list[TermCandidate]:
    return services.candidates_record(source=_source(source), language="en", found=found)


@pytest.fixture
def announced() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    seen: list[tuple[str, dict[str, Any]]] = []

    def approved(**payload: Any) -> None:
        seen.append(("term.approved", payload))

    def proposed(**payload: Any) -> None:
        seen.append(("term.proposed", payload))

    events.subscribe("term.approved", approved)
    events.subscribe("term.proposed", proposed)
    yield seen
    events.unsubscribe("term.approved", approved)
    events.unsubscribe("term.proposed", proposed)


# --- Recording -------------------------------------------------------------------------------


def test_record_creates_candidates_with_their_contexts() -> None:
    [kirby, unsc] = _record(
        _found("John Kirby", short_forms=["Kirby"], parts=("Press Secretary", "John Kirby")),
        _found("UNSC", kind="acronym", count=1, expansion="UN Security Council"),
    )
    assert (kirby.text, kirby.kind, kirby.mentions, kirby.articles) == (
        "John Kirby",
        "person",
        2,
        1,
    )
    assert kirby.short_forms == ["Kirby"]
    assert kirby.parts == ["Press Secretary", "John Kirby"]
    assert unsc.expansion == "UN Security Council"
    [occurrence] = kirby.occurrences.all()
    assert (occurrence.source_id, occurrence.source_title, occurrence.count) == (1, "Story 1", 2)
    assert occurrence.sentences == ["John Kirby said something.", "Later John Kirby left."]
    assert CandidateScan.objects.get(source_id=1).found == 2


def test_record_is_idempotent_per_source_and_counts_across_sources() -> None:
    _record(_found("John Kirby", count=2))
    _record(_found("John Kirby", count=2))  # the same article again (a retried task)
    [row] = TermCandidate.objects.all()
    assert (row.mentions, row.articles) == (2, 1)
    _record(_found("John Kirby", count=3), source=2)
    row.refresh_from_db()
    assert (row.mentions, row.articles) == (5, 2)


@pytest.mark.parametrize(
    ("text", "status", "revision"),
    [
        ("John Kirby", Term.Status.APPROVED, False),
        ("john kirby", Term.Status.PROPOSED, False),  # any case, any status
        ("John Kirby", Term.Status.REJECTED, False),
        ("John Kirby", Term.Status.PROPOSED, True),  # a pending change's text
    ],
)
def test_record_leaves_out_what_the_glossary_has(text: str, status: str, revision: bool) -> None:
    holder = TermFactory(text="Pentagon spokesman" if revision else text, status=status)
    if revision:
        TermFactory(concept=holder.concept, text=text, status=Term.Status.PROPOSED,
                    revision_of=holder)  # fmt: skip
    assert _record(_found("John Kirby"), _found("Lloyd Austin")) == [
        TermCandidate.objects.get(text="Lloyd Austin")
    ]
    assert not TermCandidate.objects.filter(text="John Kirby").exists()


def test_dotted_and_undotted_spellings_are_one_candidate() -> None:
    TermFactory(text="U.N.")
    assert _record(_found("UN", kind="acronym")) == []
    [row] = _record(_found("N. Korea", kind="place"))
    assert _record(_found("N Korea", kind="place"), source=2) == [row]


def test_scan_is_recorded_even_when_nothing_is_new() -> None:
    assert _record() == []
    assert CandidateScan.objects.get(source_id=1).found == 0


def test_suggestions_are_stored_once() -> None:
    [row] = _record(_found("John Kirby"))
    items = [Suggestion("ko", "존 커비", "engine", engine="fake"),
             Suggestion("ko", "존 커비", "engine", engine="fake"),
             Suggestion("ko", "", "sentence", "in sentence: [ko] …")]  # fmt: skip
    assert services.candidate_suggestions_add(candidate_id=row.pk, suggestions=items) == 2
    assert services.candidate_suggestions_add(candidate_id=row.pk, suggestions=items) == 0


# --- Accepting -------------------------------------------------------------------------------


def _with_suggestions(text: str = "John Kirby", **extra: Any) -> TermCandidate:
    [row] = _record(_found(text, **extra))
    services.candidate_suggestions_add(
        candidate_id=row.pk,
        suggestions=[
            Suggestion("ko", "존 커비이", "engine"),
            Suggestion("ko", "존 커비", "confirmed", "used in 2 confirmed sentences"),
            Suggestion("es", "John Kirby", "engine"),
        ],
    )
    return selectors.candidate_get(pk=row.pk)


def test_the_default_proposal_uses_the_best_suggestion_and_the_short_form() -> None:
    row = _with_suggestions(short_forms=["Kirby"])
    proposal = [(t.language, t.text, t.term_type) for t in
                selectors.candidate_proposal(candidate=row)]  # fmt: skip
    assert proposal == [
        ("en", "John Kirby", FULL), ("en", "Kirby", SHORT),
        ("es", "John Kirby", FULL), ("es", "Kirby", SHORT),
        ("ko", "존 커비", FULL), ("ko", "커비", SHORT),  # confirmed beats the engine
    ]  # fmt: skip


def test_accept_creates_an_approved_concept_and_announces_its_terms(
    editor: User, announced: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    row = _with_suggestions(short_forms=["Kirby"])
    with django_capture_on_commit_callbacks(execute=True):
        concept = services.candidate_accept(user=editor, candidate=row)
    terms = {(t.language, t.text, t.term_type, t.status) for t in concept.terms.all()}
    assert ("ko", "커비", SHORT, Term.Status.APPROVED) in terms
    assert len(terms) == 6
    assert {t.source_id for t in concept.terms.all()} == {1}
    row.refresh_from_db()
    assert (row.status, row.concept_id, row.decided_by) == (Status.ACCEPTED, concept.pk, editor)
    assert [name for name, _ in announced] == ["term.approved"] * 6
    assert announced[0][1]["reviewed_by"] == editor.username
    # The glossary now enforces the short form.
    rule = selectors.approved_terms_by_concept("en", "ko")[concept.pk]
    assert rule.rendering_for(SHORT) == ("커비", "")


def test_accept_with_edited_terms(editor: User) -> None:
    row = _with_suggestions()
    edited = [TermData("en", "John Kirby"), TermData("ko", "존 커비"),
              TermData("ko", "커비", term_type=SHORT), TermData("es", "")]  # fmt: skip
    concept = services.candidate_accept(user=editor, candidate=row, terms=edited,
                                        definition="Pentagon press secretary")  # fmt: skip
    assert sorted(concept.terms.values_list("language", "text")) == [
        ("en", "John Kirby"), ("ko", "존 커비"), ("ko", "커비"),
    ]  # fmt: skip
    assert concept.definition == "Pentagon press secretary"


def test_accept_needs_a_source_language_term(editor: User) -> None:
    row = _with_suggestions()
    with pytest.raises(ServiceError, match="Keep at least one en term"):
        services.candidate_accept(user=editor, candidate=row, terms=[TermData("ko", "존 커비")])


def test_translators_cannot_accept_or_dismiss(translator: User) -> None:
    row = _with_suggestions()
    with pytest.raises(PermissionDenied):
        services.candidate_accept(user=translator, candidate=row)
    with pytest.raises(PermissionDenied):
        services.candidate_dismiss(user=translator, candidate=row)
    row.refresh_from_db()
    assert row.status == Status.OPEN


def test_a_decided_candidate_cannot_be_decided_again(editor: User) -> None:
    row = _with_suggestions()
    services.candidate_dismiss(user=editor, candidate=row)
    with pytest.raises(ServiceError, match="already dismissed"):
        services.candidate_accept(user=editor, candidate=row)


def test_accepting_an_acronym_closes_its_long_form(editor: User) -> None:
    _record(
        _found("GSOMIA", kind="acronym",
               expansion="General Security of Military Information Agreement"),
        _found("General Security of Military Information Agreement", kind="other",
               acronym="GSOMIA"),
    )  # fmt: skip
    acronym = TermCandidate.objects.get(text="GSOMIA")
    concept = services.candidate_accept(user=editor, candidate=acronym)
    assert sorted(concept.terms.values_list("text", "term_type")) == [
        ("GSOMIA", ACRONYM), ("General Security of Military Information Agreement", FULL),
    ]  # fmt: skip
    long_form = TermCandidate.objects.get(text__startswith="General")
    assert (long_form.status, long_form.concept_id) == (Status.ACCEPTED, concept.pk)


def test_a_translator_s_proposal_is_approved_when_the_editor_accepts(
    translator: User, editor: User, announced: list[tuple[str, dict[str, Any]]],
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    row = _with_suggestions()
    with django_capture_on_commit_callbacks(execute=True):
        concept = services.candidate_propose(
            user=translator, candidate=row,
            terms=[TermData("en", "John Kirby"), TermData("ko", "존 커비")],
        )  # fmt: skip
    row.refresh_from_db()
    assert (row.status, row.concept_id) == (Status.OPEN, concept.pk)
    assert set(concept.terms.values_list("status", flat=True)) == {Term.Status.PROPOSED}
    assert [name for name, _ in announced] == ["term.proposed", "term.proposed"]
    with pytest.raises(ServiceError, match="already proposed"):
        services.candidate_propose(user=translator, candidate=row,
                                   terms=[TermData("en", "John Kirby")])  # fmt: skip
    services.candidate_accept(
        user=editor, candidate=row,
        terms=[TermData("en", "John Kirby"), TermData("ko", "존 커비"),
               TermData("ko", "커비", term_type=SHORT)],
    )  # fmt: skip
    assert sorted(concept.terms.values_list("text", "status")) == [
        ("John Kirby", "approved"), ("존 커비", "approved"), ("커비", "approved"),
    ]  # fmt: skip


def test_accept_as_a_variant_of_an_existing_concept(editor: User) -> None:
    north_korea = concept_with_terms(("en", "North Korea"), ("ko", "북한"))
    [row] = _record(_found("N. Korea", kind="place"))
    term = services.candidate_accept_variant(user=editor, candidate=row, concept=north_korea)
    assert (term.text, term.term_type, term.usage, term.status) == (
        "N. Korea", VARIANT, Term.Usage.ADMITTED, Term.Status.APPROVED,
    )  # fmt: skip
    row.refresh_from_db()
    assert (row.status, row.concept_id) == (Status.ACCEPTED, north_korea.pk)
    [match] = selectors.find_terms("Talks with N. Korea stalled.", "en")
    rule = selectors.approved_terms_by_concept("en", "ko")[match.concept_id]
    assert rule.rendering_for(match.term_type) == ("북한", "")


def test_accept_a_short_form_with_its_target_rendering(editor: User) -> None:
    kirby = concept_with_terms(("en", "John Kirby"), ("ko", "존 커비"))
    [row] = _record(_found("Kirby"))
    services.candidate_accept_variant(
        user=editor, candidate=row, concept=kirby, term_type=SHORT,
        renderings=[TermData("ko", "커비", term_type=SHORT)],
    )  # fmt: skip
    rule = selectors.approved_terms_by_concept("en", "ko")[kirby.pk]
    assert rule.rendering_for(SHORT) == ("커비", "")


def test_a_variant_must_have_a_variant_type(editor: User) -> None:
    north_korea = concept_with_terms(("en", "North Korea"))
    [row] = _record(_found("N. Korea", kind="place"))
    with pytest.raises(ServiceError, match="variant, short form"):
        services.candidate_accept_variant(user=editor, candidate=row, concept=north_korea,
                                          term_type=FULL)  # fmt: skip


# --- Dismissing and the ignore list ----------------------------------------------------------


def test_a_dismissed_candidate_never_comes_back(editor: User) -> None:
    [row] = _record(_found("Yonhap", kind="other"))
    ignored = services.candidate_dismiss(user=editor, candidate=row)
    assert (ignored.language, ignored.text) == ("en", "Yonhap")
    assert _record(_found("Yonhap", kind="other"), source=2) == []
    row.refresh_from_db()
    assert (row.status, row.articles) == (Status.DISMISSED, 1)
    assert selectors.ignored_texts(language="en") == ["Yonhap"]


def test_taking_a_text_off_the_ignore_list_reopens_its_candidate(editor: User) -> None:
    [row] = _record(_found("Yonhap", kind="other"))
    ignored = services.candidate_dismiss(user=editor, candidate=row)
    assert services.ignored_remove(user=editor, ignored=ignored) == 1
    row.refresh_from_db()
    assert row.status == Status.OPEN
    assert not IgnoredTerm.objects.exists()


def test_adding_to_the_ignore_list_dismisses_the_open_candidate(editor: User) -> None:
    [row] = _record(_found("Reuters", kind="other"))
    services.ignored_add(user=editor, language="en", text=" reuters ")
    row.refresh_from_db()
    assert row.status == Status.DISMISSED
    with pytest.raises(ServiceError, match="already on the en ignore list"):
        services.ignored_add(user=editor, language="en", text="REUTERS")


# --- Bulk ------------------------------------------------------------------------------------


def test_bulk_accept_goes_on_past_a_refusal(editor: User) -> None:
    concept_with_terms(("en", "Pentagon spokesman"), ("ko", "존 커비"))  # holds 존 커비
    rows = _record(_found("John Kirby"), _found("Lloyd Austin"), _found("Pat Ryder"))
    suggestion = Suggestion("ko", "존 커비", "engine")
    services.candidate_suggestions_add(candidate_id=rows[0].pk, suggestions=[suggestion])
    result = services.candidates_bulk_accept(user=editor, candidates=rows)
    assert [c.text for c in result.accepted] == ["Lloyd Austin", "Pat Ryder"]
    [(refused, why)] = result.refused
    assert refused.text == "John Kirby"
    assert "“존 커비” is already the approved preferred ko term" in why
    assert TermCandidate.objects.get(text="John Kirby").status == Status.OPEN


# --- Selectors -------------------------------------------------------------------------------


def _many(count: int) -> None:
    found = [_found(f"Person Number{i}") for i in range(count)]
    rows = _record(*found)
    for row in rows:
        services.candidate_suggestions_add(
            candidate_id=row.pk, suggestions=[Suggestion("ko", f"사람{row.pk}", "engine")]
        )
    _record(*found, source=2)


@pytest.mark.parametrize("count", [3, 30])
def test_the_queue_page_costs_three_queries(count: int, django_assert_num_queries: Any) -> None:
    _many(count)
    with django_assert_num_queries(3):
        page = selectors.candidate_page(page=1, days=30)
        shown = [(c.recent_mentions, len(c.recent_occurrences),  # type: ignore[attr-defined]
                  [s.text for s in c.suggestions_by_language["ko"]]) for c in page.candidates]  # type: ignore[attr-defined]  # fmt: skip
    assert len(shown) == min(count, selectors.CANDIDATE_PAGE_SIZE)
    assert all(mentions == 4 and contexts == 2 for mentions, contexts, _ in shown)
    assert page.has_next is (count > selectors.CANDIDATE_PAGE_SIZE)


@pytest.mark.parametrize("count", [3, 30])
def test_the_article_panel_costs_four_queries(count: int, django_assert_num_queries: Any) -> None:
    _many(count)
    with django_assert_num_queries(4):
        found = selectors.candidates_for_source(source_id=2)
        counts = [c.occurrence.count for c in found.candidates]  # type: ignore[attr-defined]
    assert found.scanned is not None
    assert counts == [2] * count


def test_queue_filters() -> None:
    _record(_found("John Kirby"), _found("UNSC", kind="acronym"))
    _record(_found("Lloyd Austin"), source=2)
    texts = lambda **f: [c.text for c in selectors.candidate_search(**f)]  # noqa: E731
    assert texts(kind="acronym") == ["UNSC"]
    assert texts(q="kirb") == ["John Kirby"]
    assert sorted(texts(source_id=2)) == ["Lloyd Austin"]
    assert texts(status="dismissed") == []
