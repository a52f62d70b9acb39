"""Glossary changes cost nobody a wait: a small delta matcher is layered over the last full one,
the approved-terms map is patched for the changed concepts only, and the full automaton is
rebuilt in the background."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.models import User

from glossary import selectors
from glossary.matching import GlossaryIndex, IndexTerm, LanguageMatcher, LayeredMatcher
from glossary.models import Concept, GlossaryChange, GlossaryVersion, Term
from glossary.services import review
from glossary.services import terms as term_services
from glossary.services.version import glossary_version_bump
from glossary.termdata import TermData
from tests.glossary_factories import concept_with_terms


def _matcher(*terms: tuple[int, int, str]) -> LanguageMatcher:
    return LanguageMatcher("en", [IndexTerm(t, c, "en", text) for t, c, text in terms])


def test_layered_matches_drop_replaced_concepts_and_merge_leftmost_longest() -> None:
    base = _matcher((1, 1, "Security Council"), (2, 2, "Council"), (3, 3, "Seoul"))
    delta = _matcher((4, 4, "UN Security Council"), (5, 3, "Seúl"))
    layered = LayeredMatcher(base, delta, frozenset({3, 4}))
    found = layered.find("The UN Security Council met in Seoul and Seúl.")
    # UN Security Council (delta, longer, earlier) beats Security Council (base); concept 3's
    # base term "Seoul" is gone, its new term "Seúl" is found.
    assert [(m.text, m.concept_id) for m in found] == [("UN Security Council", 4), ("Seúl", 3)]
    full = GlossaryIndex([IndexTerm(1, 1, "en", "Security Council"),
                          IndexTerm(2, 2, "en", "Council"),
                          IndexTerm(4, 4, "en", "UN Security Council"),
                          IndexTerm(5, 3, "en", "Seúl")])  # fmt: skip
    assert found == full.find("The UN Security Council met in Seoul and Seúl.", "en")


@pytest.mark.django_db
def test_a_change_is_applied_as_a_delta_not_a_rebuild(
    editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(30):
        concept_with_terms(("en", f"Ministry number {i}"), ("ko", f"부처 {i}"))
    assert [m.text for m in selectors.find_terms("Ministry number 3 said", "en")] == [
        "Ministry number 3"
    ]
    loads: list[Any] = []
    real = selectors.index_terms

    def counting(**kwargs: Any) -> list[IndexTerm]:
        loads.append(kwargs.get("concept_ids"))
        return real(**kwargs)

    monkeypatch.setattr(selectors, "index_terms", counting)
    concept = term_services.concept_propose(
        user=editor, terms=[TermData(language="en", text="Pyongyang"),
                            TermData(language="ko", text="평양")],
    )  # fmt: skip
    for term in concept.terms.all():
        review.term_approve(user=editor, term=term)
    found = selectors.find_terms("Pyongyang and Ministry number 3", "en")
    assert [m.text for m in found] == ["Pyongyang", "Ministry number 3"]
    assert isinstance(selectors.matcher_for("en"), LayeredMatcher)
    assert [set(ids) for ids in loads] == [{concept.pk}]  # only the changed concept read
    # A rename: the old spelling is gone at once, the new one is found.
    term = concept.terms.get(language="en")
    term_services.term_update(user=editor, term=term, approve=True,
                              data=TermData(language="en", text="Pyeongyang"))  # fmt: skip
    assert [m.text for m in selectors.find_terms("Pyongyang, Pyeongyang", "en")] == ["Pyeongyang"]


@pytest.mark.django_db
def test_the_approved_map_is_patched_with_a_few_queries(
    editor: User, django_assert_max_num_queries: Any
) -> None:
    for i in range(200):
        concept_with_terms(("en", f"Agency {i}"), ("es", f"Agencia {i}"),
                           ("es", f"Agensia {i}", Term.Usage.FORBIDDEN))  # fmt: skip
    rules = selectors.approved_terms_by_concept("en", "es")
    assert len(rules) == 200
    assert len(selectors.forbidden_targets("en", "es")) == 200
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData(language="en", text="Seoul"), TermData(language="es", text="Seúl")],
    )  # fmt: skip
    with django_assert_max_num_queries(3):  # stamp, changes since, the changed concept's rows
        rules = selectors.approved_terms_by_concept("en", "es")
    assert len(rules) == 201
    assert {rule.target for rule in rules.values()} >= {"Seúl", "Agencia 7"}
    assert len(selectors.forbidden_targets("en", "es")) == 200


@pytest.mark.django_db(transaction=True)
def test_the_full_matcher_is_rebuilt_in_the_background(
    editor: User, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.GLOSSARY_BACKGROUND_REBUILD = True
    monkeypatch.setattr(selectors, "REBUILD_AFTER", 0)
    concept_with_terms(("en", "Seoul"), ("ko", "서울"))
    selectors.find_terms("Seoul", "en")
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData(language="en", text="Tokyo"), TermData(language="ko", text="도쿄")],
    )  # fmt: skip
    assert [m.text for m in selectors.find_terms("Seoul, Tokyo", "en")] == ["Seoul", "Tokyo"]
    deadline = time.monotonic() + 10
    while not isinstance(selectors.matcher_for("en"), LanguageMatcher):
        assert time.monotonic() < deadline, "the background rebuild never swapped in"
        time.sleep(0.05)
    assert [m.text for m in selectors.find_terms("Seoul, Tokyo", "en")] == ["Seoul", "Tokyo"]
    assert Concept.objects.count() == 2


@pytest.mark.django_db
def test_a_database_that_went_back_is_read_again_not_patched(editor: User) -> None:
    """A process that outlives its database (restored from a backup, or emptied and filled
    again, as between two browser tests sharing a worker) must not keep the old terms: the
    version there is not ahead of the one it built from, so no change list can be trusted."""
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"))
    glossary_version_bump(concepts=None)
    assert [m.text for m in selectors.find_terms("Pyongyang said", "en")] == ["Pyongyang"]
    assert {r.target for r in selectors.approved_terms("en", "ko")} == {"평양"}
    # The database is emptied and refilled: same version number, other terms.
    Concept.objects.all().delete()
    GlossaryChange.objects.all().delete()
    GlossaryVersion.objects.all().delete()
    concept_with_terms(("en", "John Kirby"), ("ko", "존 커비"))
    glossary_version_bump(concepts=None)
    assert [m.text for m in selectors.find_terms("Pyongyang and John Kirby", "en")] == [
        "John Kirby"
    ]
    assert {r.target for r in selectors.approved_terms("en", "ko")} == {"존 커비"}
