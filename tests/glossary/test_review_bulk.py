"""Review in bulk: a selection or a whole concept, one comment, one version bump; filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from glossary import selectors
from glossary.models import Concept, Term
from glossary.services import review
from glossary.services import terms as term_services
from glossary.sources import SourceRef
from glossary.termdata import TermData
from newsapp.core import events
from tests.glossary_factories import ConceptFactory, TermFactory

pytestmark = pytest.mark.django_db
Status = Term.Status
BULK = reverse("glossary:review_bulk")
QUEUE = reverse("glossary:review")


def _propose(user: User, concept: Concept, language: str, text: str, **kw: Any) -> Term:
    return term_services.term_propose(
        user=user, concept=concept, data=TermData(language=language, text=text), **kw
    )


@pytest.fixture
def kirby(translator: User) -> Concept:
    concept = ConceptFactory(subject="defense")
    for language, text in (("en", "John Kirby"), ("ko", "존 커비"), ("ja", "ジョン・カービー")):
        _propose(translator, concept, language, text)
    return concept


def test_approving_a_selection_is_one_transaction_with_one_version_bump(
    kirby: Concept, editor: User, django_capture_on_commit_callbacks: Any
) -> None:
    before = selectors.glossary_version()
    seen: list[str] = []

    def changed(**payload: Any) -> None:
        seen.append("glossary.changed")

    def approved(**payload: Any) -> None:
        seen.append(f"term.approved:{payload['comment']}")

    events.subscribe("glossary.changed", changed)
    events.subscribe("term.approved", approved)
    try:
        ids = list(kirby.terms.filter(language__in=["en", "ko"]).values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            count = review.terms_review_bulk(
                user=editor, term_ids=ids, decision="approve", comment=" Per the Pentagon. "
            )
    finally:
        events.unsubscribe("glossary.changed", changed)
        events.unsubscribe("term.approved", approved)
    assert count == 2
    assert selectors.glossary_version() == before + 1
    statuses = dict(kirby.terms.values_list("language", "status"))
    assert statuses == {"en": Status.APPROVED, "ko": Status.APPROVED, "ja": Status.PROPOSED}
    assert set(
        kirby.terms.filter(status=Status.APPROVED).values_list("review_comment", flat=True)
    ) == {"Per the Pentagon."}
    assert seen == ["glossary.changed"] + ["term.approved:Per the Pentagon."] * 2


def test_one_refusal_reviews_none_and_says_which(kirby: Concept, editor: User) -> None:
    TermFactory(language="ko", text="존 커비")  # an approved preferred twin: ko cannot be approved
    ids = list(kirby.terms.values_list("pk", flat=True))
    before = selectors.glossary_version()
    with pytest.raises(Exception, match="Nothing was approved") as refused:
        review.terms_review_bulk(user=editor, term_ids=ids, decision="approve")
    assert "존 커비" in str(refused.value)
    assert set(kirby.terms.values_list("status", flat=True)) == {Status.PROPOSED}
    assert selectors.glossary_version() == before


def test_rejecting_a_whole_concept_with_one_comment(
    kirby: Concept, editor: User, translator: User, django_capture_on_commit_callbacks: Any
) -> None:
    ids = selectors.review_concept_proposals(concept_id=kirby.pk)
    assert len(ids) == 3
    with django_capture_on_commit_callbacks(execute=True):
        review.terms_review_bulk(user=editor, term_ids=ids, decision="reject", comment="Dup.")
    assert set(kirby.terms.values_list("status", "review_comment")) == {(Status.REJECTED, "Dup.")}
    # The proposer is told of each, with the comment (newsapp.notifications).
    assert translator.notifications.count() == 3  # type: ignore[attr-defined]


def test_translators_cannot_review_in_bulk(
    kirby: Concept, translator: User, translator_client: Client
) -> None:
    ids = list(kirby.terms.values_list("pk", flat=True))
    with pytest.raises(PermissionDenied):
        review.terms_review_bulk(user=translator, term_ids=ids, decision="approve")
    assert translator_client.post(BULK, {"term": ids, "decision": "approve"}).status_code == 403
    assert set(kirby.terms.values_list("status", flat=True)) == {Status.PROPOSED}


def test_bulk_view_selection_and_concept(kirby: Concept, editor_client: Client) -> None:
    en = kirby.terms.get(language="en")
    response = editor_client.post(
        BULK,
        {"term": [en.pk], "decision": "approve", "comment": "ok", "next": QUEUE + "?language=en"},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?language=en"
    en.refresh_from_db()
    assert en.status == Status.APPROVED
    response = editor_client.post(BULK, {"concept": kirby.pk, "decision": "reject"}, follow=True)
    assert "Rejected 2 proposals." in response.content.decode()
    assert set(kirby.terms.exclude(pk=en.pk).values_list("status", flat=True)) == {Status.REJECTED}


def test_bulk_view_says_what_is_wrong(kirby: Concept, editor_client: Client) -> None:
    body = editor_client.post(BULK, {"decision": "approve"}, follow=True).content.decode()
    assert "Select at least one proposal first." in body
    en = kirby.terms.get(language="en")
    editor_client.post(BULK, {"term": [en.pk], "decision": "approve"})
    body = editor_client.post(BULK, {"term": [en.pk], "decision": "approve"}, follow=True)
    assert "is approved, not waiting for review" in body.content.decode()
    body = editor_client.post(BULK, {"term": [999999], "decision": "reject"}, follow=True)
    assert "reload the queue" in body.content.decode()


def test_queue_filters_by_language_subject_proposer_and_source(
    kirby: Concept, editor: User, editor_client: Client
) -> None:
    other = ConceptFactory(subject="economy")
    source = SourceRef(id=42, title="Budget story", url="/42/", language="en")
    _propose(editor, other, "en", "Finance Ministry", source=source)

    def shown(**params: Any) -> set[str]:
        return set(selectors.review_queue(**params).values_list("text", flat=True))

    assert shown(language="ja") == {"ジョン・カービー"}
    assert shown(subject="economy") == {"Finance Ministry"}
    assert shown(proposer="tess") == {"John Kirby", "존 커비", "ジョン・カービー"}
    assert shown(source_id=42) == {"Finance Ministry"}
    facets = selectors.review_queue_facets()
    assert facets.subjects == ["defense", "economy"]
    assert facets.proposers == ["eddie", "tess"]
    assert facets.sources == [(42, "Budget story")]
    body = editor_client.get(QUEUE, {"subject": "economy"}).content.decode()
    assert "Finance Ministry" in body
    assert "John Kirby" not in body
    assert "1 proposal matching the filters" in body
    body = editor_client.get(QUEUE, {"proposer": "nobody"}).content.decode()
    assert "Select a valid choice" in body
    assert "No proposal matches these filters." in body
