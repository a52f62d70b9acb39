"""Finding 8: a glossary change re-checks open translations; badges never show an old result
as current; a change that would alter machine output needs a re-run (or a reason)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from glossary.models import Term
from glossary.services import review
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article, Translation
from newsapp.articles.selectors.editor import article_violations
from newsapp.articles.services import freshness, pipeline, reenforce, workflow
from newsapp.core.errors import ServiceError
from tests.factories import ArticleFactory, TranslationFactory

pytestmark = pytest.mark.django_db

STORY = "Pyongyang fired a missile on Tuesday.\n\nOfficials in Seoul condemned it."


@pytest.fixture
def in_review(fake_engine: object) -> Translation:
    article = ArticleFactory(source_text=STORY, status=Article.Status.TRANSLATING)
    translation = TranslationFactory(article=article, target_language="es")
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.refresh_from_db()
    assert translation.article.status == Article.Status.IN_REVIEW
    return translation


def _approve_pyongyang(editor: User, target: str = "Pionyang") -> Term:
    concept = term_services.concept_propose(
        user=editor,
        terms=[TermData(language="en", text="Pyongyang"), TermData(language="es", text=target)],
    )
    for term in concept.terms.all():
        review.term_approve(user=editor, term=term)
    return concept.terms.get(language="es")


def test_approving_a_term_marks_the_translation_and_blocks_approval(
    in_review: Translation, editor: User
) -> None:
    # Before: green badge, approval possible.
    assert not article_violations(article=in_review.article).blocking
    _approve_pyongyang(editor)
    # Until the re-check runs, the page must not show the old figures as current.
    violations = article_violations(article=in_review.article)
    assert violations.stale == ["es"]
    assert violations.blocking
    report = freshness.translations_recheck()
    assert (report.translations, report.marked_changed) == (1, 1)
    in_review.refresh_from_db()
    assert in_review.glossary_changed
    assert in_review.compliance["missed"] == 1  # the fake engine kept "Pyongyang"
    violations = article_violations(article=in_review.article)
    assert violations.stale == []
    assert violations.glossary_changed == ["es"]
    with pytest.raises(ServiceError, match="re-run the glossary"):
        workflow.article_approve(article=in_review.article, user=editor)


def test_the_re_run_clears_the_mark(in_review: Translation, editor: User) -> None:
    _approve_pyongyang(editor)
    freshness.translations_recheck()
    reenforce.translation_reenforce(translation_id=in_review.pk)
    in_review.refresh_from_db()
    assert not in_review.glossary_changed
    assert in_review.compliance["missed"] == 0
    first = in_review.segments.get(order=0)
    assert "Pionyang" in first.target_text
    # Written as a new version with its revision (finding 2).
    assert first.version == 2
    assert first.revisions.get(version=2).kind == "enforcement"
    assert not article_violations(article=in_review.article).blocking


def test_a_forbidden_term_imported_later_is_flagged(in_review: Translation, editor: User) -> None:
    concept = term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData(language="en", text="Seoul"), TermData(language="es", text="Seúl"),
               TermData(language="es", text="Seoul", usage="forbidden")],
    )  # fmt: skip
    assert concept.pk
    freshness.translations_recheck()
    in_review.refresh_from_db()
    # The fake engine copies "Seoul" into the Spanish output: forbidden now, and a re-run
    # would change the machine output.
    assert in_review.compliance["forbidden"] == 1
    assert in_review.glossary_changed
    assert in_review.segments.filter(flagged=True).count() == 1


def test_unaffected_translations_are_brought_up_to_date_without_rechecks(
    in_review: Translation, editor: User
) -> None:
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData(language="en", text="Tokyo"), TermData(language="es", text="Tokio")],
    )  # fmt: skip
    report = freshness.translations_recheck()
    assert (report.translations, report.segments_rechecked, report.marked_changed) == (1, 0, 0)
    in_review.refresh_from_db()
    assert not in_review.glossary_changed
    assert not article_violations(article=in_review.article).blocking


def test_approved_articles_stay_frozen(in_review: Translation, editor: User) -> None:
    workflow.article_approve(article=in_review.article, user=editor)
    before = list(in_review.segments.values_list("term_checks", "flagged", "version"))
    _approve_pyongyang(editor)
    assert freshness.translations_recheck().translations == 0
    assert list(in_review.segments.values_list("term_checks", "flagged", "version")) == before
    with pytest.raises(ServiceError, match="approved"):
        reenforce.translation_reenforce(translation_id=in_review.pk)


def test_the_recheck_reads_the_glossary_it_records(
    in_review: Translation, editor: User, settings: object
) -> None:
    """Regression: a worker's matcher cache checks the glossary stamp at most once a second;
    a re-check right after a change used the old glossary and recorded the new version."""
    from glossary import selectors

    settings.GLOSSARY_VERSION_CHECK_SECONDS = 3600  # type: ignore[attr-defined]
    selectors.find_terms("Pyongyang", "en")  # warm this process's caches
    selectors.approved_terms_by_concept("en", "es")
    _approve_pyongyang(editor)
    selectors._stamp.dirty = False  # as in another process: the write did not expire it
    report = freshness.translations_recheck()
    assert report.marked_changed == 1
