from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from glossary.models import Term, search_key, term_key
from tests.glossary_factories import ConceptFactory, TermFactory


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Séoul", "seoul"),
        ("  UN   Security\tCouncil ", "un security council"),
        ("ＵＮ", "un"),  # full-width
        ("Straße", "strasse"),
        ("Zürich", "zurich"),
        ("평양", "평양"),  # Hangul stays composed: a syllable search finds it
        ("ガス", "ガス"),  # the voiced mark is not an accent
        ("Ελλάδα", "ελλαδα"),
    ],
)
def test_search_key_folds_case_and_accents(text: str, key: str) -> None:
    assert search_key(text) == key


def test_term_key_keeps_accents_but_not_case() -> None:
    assert term_key("Résumé ") == "résumé"
    assert term_key("résumé") != term_key("resume")


@pytest.mark.django_db
def test_save_fills_derived_keys() -> None:
    term = TermFactory(text="Séoul")
    assert (term.key, term.search_key) == ("séoul", "seoul")


@pytest.mark.django_db
def test_one_approved_preferred_term_per_language_and_text() -> None:
    TermFactory(text="Pyongyang")
    TermFactory(text="pyongyang", status=Term.Status.PROPOSED)  # proposals may collide
    TermFactory(text="Pyongyang", usage=Term.Usage.ADMITTED)
    TermFactory(text="Pyongyang", language="fr")
    with pytest.raises(IntegrityError), transaction.atomic():
        TermFactory(text="PYONGYANG")


@pytest.mark.django_db
def test_a_revision_is_never_approved() -> None:
    original = TermFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(
            concept=original.concept, revision_of=original, language="en", text="x",
            status=Term.Status.APPROVED, proposed_at=timezone.now(),
        )  # fmt: skip


@pytest.mark.django_db
def test_concept_str_falls_back_to_its_id() -> None:
    concept = ConceptFactory(label="")
    assert str(concept) == f"Concept #{concept.pk}"
