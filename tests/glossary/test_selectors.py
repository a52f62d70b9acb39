from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from glossary import selectors
from glossary.models import Term
from glossary.selectors import ApprovedConcept
from glossary.services import terms as term_services
from glossary.services import version
from glossary.termdata import TermData
from newsapp.articles.selectors.articles import article_reference
from tests.factories import ArticleFactory
from tests.glossary_factories import ConceptFactory, TermFactory, concept_with_terms

pytestmark = pytest.mark.django_db
Usage = Term.Usage


def test_approved_terms_for_a_language_pair() -> None:
    pyongyang = concept_with_terms(
        ("en", "Pyongyang"), ("en", "P'yŏngyang", Usage.ADMITTED), ("ko", "평양"),
        ("ko", "평향", Usage.FORBIDDEN), ("ko", "핑양", Usage.ADMITTED),
    )  # fmt: skip
    samsung = concept_with_terms(("en", "Samsung"))
    Term.objects.filter(concept=samsung).update(do_not_translate=True)
    kirby = concept_with_terms(("en", "John Kirby"))
    TermFactory(concept=kirby, language="ko", text="존 커비", status=Term.Status.PROPOSED)
    concept_with_terms(("ko", "북한"))  # no English term: not listed for en→ko
    version.glossary_version_bump()

    result = {c.concept_id: c for c in selectors.approved_terms("en", "ko")}
    assert set(result) == {pyongyang.pk, samsung.pk, kirby.pk}
    assert result[pyongyang.pk] == ApprovedConcept(
        concept_id=pyongyang.pk, source_terms=("Pyongyang", "P'yŏngyang"), target="평양",
        do_not_translate=False, forbidden=("평향",), admitted=("핑양",),
    )  # fmt: skip
    assert result[samsung.pk].do_not_translate
    assert result[samsung.pk].target is None
    assert result[kirby.pk].target is None  # the Korean term is only proposed


def test_approved_terms_are_cached_per_version(django_assert_num_queries: object) -> None:
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"))
    first = selectors.approved_terms_by_concept("en", "ko")
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert selectors.approved_terms_by_concept("en", "ko") is first
    concept_with_terms(("en", "Seoul"), ("ko", "서울"))  # bumps the version
    assert len(selectors.approved_terms_by_concept("en", "ko")) == 2


def test_search_is_accent_and_case_insensitive_in_any_language() -> None:
    seoul = concept_with_terms(("en", "Seoul"), ("fr", "Séoul"), ("ko", "서울"))
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"))
    for query in ("seoul", "SÉOUL", "éou", "서울", " Seo "):
        assert list(selectors.concept_search(q=query)) == [seoul], query
    assert list(selectors.concept_search(q="seoul", language="ko")) == []
    assert list(selectors.concept_search(q="서", language="ko")) == [seoul]


def test_filters_apply_to_the_same_term() -> None:
    a = concept_with_terms(("en", "Alpha"), ("ko", "알파", Usage.FORBIDDEN), subject="defense")
    b = concept_with_terms(("en", "Beta"), ("ko", "베타"), subject="diplomacy")
    c = ConceptFactory(subject="defense")
    TermFactory(concept=c, text="Gamma", status=Term.Status.PROPOSED)
    assert set(selectors.concept_search(subject="defense")) == {a, c}
    assert list(selectors.concept_search(usage=Usage.FORBIDDEN)) == [a]
    assert list(selectors.concept_search(usage=Usage.FORBIDDEN, language="en")) == []
    assert list(selectors.concept_search(status=Term.Status.PROPOSED)) == [c]
    assert list(selectors.concept_search(language="ko", q="베")) == [b]


def test_pending_changes_count_as_proposed(translator: User) -> None:
    concept = concept_with_terms(("en", "Pyongyang"))
    assert list(selectors.concept_search(status="proposed")) == []
    term_services.term_update(
        user=translator, term=concept.terms.get(), data=TermData(language="en", text="Pyeongyang")
    )
    assert list(selectors.concept_search(status="proposed")) == [concept]
    [listed] = selectors.concept_search(q="pyongyang")
    assert [t.text for t in listed.live_terms] == ["Pyongyang"]  # revisions are not listed


def test_review_queue_is_oldest_first_with_its_article(translator: User) -> None:
    article = ArticleFactory(author=translator, title="Missile launch")
    now = timezone.now()
    newer = TermFactory(text="newer", status="proposed", proposed_at=now)
    older = TermFactory(
        text="older", status="proposed", proposed_at=now - timedelta(hours=1),
        **term_services.source_fields(article_reference(article.pk)),
    )  # fmt: skip
    TermFactory(text="done")
    queue = list(selectors.review_queue())
    assert queue == [older, newer]
    assert (queue[0].source_title, queue[0].source_url) == ("Missile launch", f"/{article.pk}/")


def test_export_chunks_cover_every_concept() -> None:
    concepts = [concept_with_terms(("en", f"Term {i}")) for i in range(5)]
    ConceptFactory()  # no terms: not exported
    exported = [c for c, _terms in selectors.concepts_for_export(chunk=2)]
    assert exported == concepts


def test_preferred_renderings() -> None:
    concept = concept_with_terms(("en", "Pyongyang"), ("ko", "평양"), ("ja", "平壌"))
    assert selectors.preferred_renderings(concept_ids=[concept.pk], languages=["ko", "ja"]) == {
        concept.pk: {"ko": "평양", "ja": "平壌"}
    }
