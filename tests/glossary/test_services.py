from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from glossary import selectors
from glossary.models import Concept, ConceptHistory, Term
from glossary.services import review, version
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.selectors.articles import article_reference
from newsapp.core.errors import ServiceError
from tests.factories import ArticleFactory
from tests.glossary_factories import TermFactory, concept_with_terms

pytestmark = pytest.mark.django_db
Status = Term.Status
Action = ConceptHistory.Action


def propose(user: User, *terms: TermData, **kwargs: object) -> Concept:
    return term_services.concept_propose(user=user, terms=terms, **kwargs)  # type: ignore[arg-type]


EN = TermData(language="en", text="Pyongyang")
KO = TermData(language="ko", text="평양")


def test_translator_proposes_a_concept(translator: User) -> None:
    article = ArticleFactory(author=translator)
    concept = propose(
        translator,
        EN,
        KO,
        definition=" Capital ",
        subject="Places",
        external_url="https://en.wikipedia.org/wiki/Pyongyang",
        source=article_reference(article.pk),
    )
    terms = list(concept.terms.order_by("language"))
    assert [(t.language, t.text, t.status) for t in terms] == [
        ("en", "Pyongyang", Status.PROPOSED),
        ("ko", "평양", Status.PROPOSED),
    ]
    assert all(t.proposed_by == translator and t.source_id == article.pk for t in terms)
    assert (concept.definition, concept.subject, concept.label) == (
        "Capital",
        "places",
        "Pyongyang",
    )
    actions = list(concept.history.values_list("action", flat=True))
    assert sorted(actions) == sorted(
        [Action.CONCEPT_PROPOSED, Action.TERM_PROPOSED, Action.TERM_PROPOSED]
    )


def test_proposals_are_not_enforced_until_approved(translator: User, editor: User) -> None:
    concept = propose(translator, EN)
    version = selectors.glossary_version()
    assert selectors.find_terms("In Pyongyang today", "en") == []
    assert selectors.glossary_version() == version  # a proposal does not bump the version
    term = concept.terms.get()
    review.term_approve(user=editor, term=term, comment="ok")
    term.refresh_from_db()
    assert (term.status, term.reviewed_by, term.review_comment) == (Status.APPROVED, editor, "ok")
    assert term.reviewed_at is not None
    assert selectors.glossary_version() == version + 1
    assert [m.term_id for m in selectors.find_terms("In Pyongyang today", "en")] == [term.pk]
    assert concept.history.filter(action=Action.APPROVED, user=editor, comment="ok").exists()


@pytest.mark.parametrize("action", [review.term_approve, review.term_reject])
def test_translators_cannot_review(translator: User, action: object) -> None:
    term = propose(translator, EN).terms.get()
    with pytest.raises(PermissionDenied):
        action(user=translator, term=term)  # type: ignore[operator]
    term.refresh_from_db()
    assert term.status == Status.PROPOSED


def test_translators_cannot_write_approved_terms(translator: User) -> None:
    with pytest.raises(PermissionDenied):
        propose(translator, EN, approve=True)
    concept = concept_with_terms(("en", "Seoul"))
    with pytest.raises(PermissionDenied):
        term_services.term_propose(user=translator, concept=concept, data=KO, approve=True)
    with pytest.raises(PermissionDenied):
        term_services.term_update(user=translator, term=concept.terms.get(), data=EN, approve=True)
    assert not Concept.objects.filter(terms__text="Pyongyang").exists()


def test_reject_keeps_the_term_with_the_reason(translator: User, editor: User) -> None:
    term = propose(translator, EN).terms.get()
    review.term_reject(user=editor, term=term, comment="Use the official spelling")
    term.refresh_from_db()
    assert (term.status, term.review_comment) == (Status.REJECTED, "Use the official spelling")
    with pytest.raises(ServiceError, match="rejected, not waiting for review"):
        review.term_approve(user=editor, term=term)


def test_approved_preferred_text_is_unique_per_language(translator: User, editor: User) -> None:
    holder = concept_with_terms(("en", "Security Council"))
    term = propose(translator, TermData(language="en", text="security council")).terms.get()
    with pytest.raises(ServiceError) as refused:
        review.term_approve(user=editor, term=term)
    assert f"concept #{holder.pk} “Security Council”" in str(refused.value)
    # Admitted, or another language, is fine.
    propose(editor, TermData(language="en", text="Security Council", usage="admitted"),
            approve=True)  # fmt: skip
    propose(editor, TermData(language="fr", text="Security Council"), approve=True)


def test_duplicate_terms_in_one_concept_are_refused(editor: User) -> None:
    concept = concept_with_terms(("en", "Pyongyang"))
    with pytest.raises(ServiceError, match="already has the en term"):
        term_services.term_propose(user=editor, concept=concept, data=EN)
    with pytest.raises(ServiceError, match="given twice"):
        propose(editor, KO, TermData(language="ko", text=" 평양 "))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (TermData(language="en", text="   "), "empty"),
        (TermData(language="english", text="x"), "not a language code"),
        (TermData(language="en", text="a | b"), "cannot contain “|”"),
        (TermData(language="en", text="..."), "no letter or digit"),
        (TermData(language="en", text="x" * 201), "longer than 200"),
        (TermData(language="en", text="x", usage="maybe"), "Unknown usage"),
    ],
)
def test_invalid_terms_are_refused(translator: User, data: TermData, message: str) -> None:
    with pytest.raises(ServiceError, match=message):
        propose(translator, data)


def test_unsafe_urls_are_refused(translator: User) -> None:
    with pytest.raises(ServiceError, match="not an http"):
        propose(translator, EN, external_url="javascript:alert(1)")


def test_editing_an_approved_term_goes_back_to_review(translator: User, editor: User) -> None:
    concept = concept_with_terms(("en", "Pyongyang"))
    term = concept.terms.get()
    changed = TermData(language="en", text="Pyeongyang", note="new romanisation")
    revision = term_services.term_update(user=translator, term=term, data=changed)
    assert revision.is_revision
    assert revision.status == Status.PROPOSED
    term.refresh_from_db()
    assert (term.text, term.status) == ("Pyongyang", Status.APPROVED)  # still in force
    assert [m.text for m in selectors.find_terms("Pyongyang, Pyeongyang", "en")] == ["Pyongyang"]
    assert list(selectors.review_queue()) == [revision]
    # A second edit updates the same pending change.
    again = term_services.term_update(user=translator, term=revision, data=changed.__class__(
        language="en", text="Pyeongyang", note="revised"))  # fmt: skip
    assert again.pk == revision.pk
    assert Term.objects.filter(revision_of=term).count() == 1
    live = review.term_approve(user=editor, term=again)
    assert live.pk == term.pk
    term.refresh_from_db()
    assert (term.text, term.note, term.status) == ("Pyeongyang", "revised", Status.APPROVED)
    assert not Term.objects.filter(revision_of=term).exists()
    assert [m.text for m in selectors.find_terms("Pyongyang, Pyeongyang", "en")] == ["Pyeongyang"]
    entry = concept.history.get(action=Action.CHANGE_APPROVED)
    assert entry.changes["text"] == ["Pyongyang", "Pyeongyang"]
    assert entry.user == editor


def test_rejecting_a_change_keeps_the_approved_term(translator: User, editor: User) -> None:
    term = concept_with_terms(("en", "Pyongyang")).terms.get()
    revision = term_services.term_update(
        user=translator, term=term, data=TermData(language="en", text="Pyeongyang")
    )
    review.term_reject(user=editor, term=revision, comment="no")
    term.refresh_from_db()
    assert term.text == "Pyongyang"
    assert not Term.objects.filter(pk=revision.pk).exists()
    entry = term.concept.history.get(action=Action.CHANGE_REJECTED)
    assert (entry.comment, entry.changes["text"]) == ("no", ["Pyongyang", "Pyeongyang"])


def test_editor_can_apply_an_edit_at_once(editor: User, translator: User) -> None:
    term = concept_with_terms(("en", "Pyongyang")).terms.get()
    pending = term_services.term_update(
        user=translator, term=term, data=TermData(language="en", text="Pyeongyang")
    )
    version = selectors.glossary_version()
    term_services.term_update(
        user=editor, term=term, data=TermData(language="en", text="P'yŏngyang"), approve=True
    )
    term.refresh_from_db()
    assert (term.text, term.status, term.reviewed_by) == ("P'yŏngyang", Status.APPROVED, editor)
    assert not Term.objects.filter(pk=pending.pk).exists()  # superseded
    assert selectors.glossary_version() == version + 1


def test_editing_a_rejected_term_proposes_it_again(translator: User, editor: User) -> None:
    term = propose(translator, EN).terms.get()
    review.term_reject(user=editor, term=term)
    term_services.term_update(
        user=translator, term=term, data=TermData(language="en", text="Pyongyang")
    )
    term.refresh_from_db()
    assert (term.status, term.reviewed_by, term.review_comment) == (Status.PROPOSED, None, "")


def test_nothing_changed_is_refused(translator: User) -> None:
    term = concept_with_terms(("en", "Pyongyang")).terms.get()
    with pytest.raises(ServiceError, match="Nothing changed"):
        term_services.term_update(user=translator, term=term, data=EN)


def test_concept_update_is_for_editors_and_recorded(translator: User, editor: User) -> None:
    concept = concept_with_terms(("en", "Pyongyang"))
    with pytest.raises(PermissionDenied):
        term_services.concept_update(
            user=translator, concept=concept, definition="x", subject="", external_url=""
        )
    term_services.concept_update(
        user=editor, concept=concept, definition="Capital", subject="Places", external_url=""
    )
    entry = concept.history.get(action=Action.CONCEPT_UPDATED)
    assert entry.changes["subject"] == ["diplomacy", "places"]


def test_label_prefers_approved_english(editor: User, translator: User) -> None:
    concept = propose(translator, KO, TermData(language="en", text="Pyongyang"))
    assert concept.label == "Pyongyang"
    ko = concept.terms.get(language="ko")
    review.term_approve(user=editor, term=ko)
    concept.refresh_from_db()
    assert concept.label == "평양"  # the only approved term


def test_version_bump_survives_a_missing_row() -> None:
    from glossary.models import GlossaryVersion

    GlossaryVersion.objects.all().delete()
    version.glossary_version_bump()
    assert selectors.glossary_version() == 1
    TermFactory()
    assert selectors.glossary_version() == 2
