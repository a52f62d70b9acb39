"""The services and selectors added for the API: article search, ninjs intake, term lookup."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from glossary import selectors as glossary_selectors
from glossary.models import Term
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.articles.models import Article
from newsapp.articles.selectors.articles import article_search
from newsapp.articles.services import intake
from newsapp.core.errors import ServiceError
from tests.factories import ArticleFactory, TranslationFactory

pytestmark = pytest.mark.django_db


def test_article_search_combines_every_filter(translator: User, editor: User) -> None:
    old = ArticleFactory(author=translator, title="Seoul talks", source_text="Ministers met.")
    new = ArticleFactory(author=editor, title="Tokyo", source_text="Seoul and Tokyo agreed.",
                         source_language="ko", status=Article.Status.APPROVED)  # fmt: skip
    TranslationFactory(article=old, target_language="ja")
    Article.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    yesterday = timezone.now() - timedelta(days=1)

    def ids(**filters: object) -> list[int]:
        return list(article_search(**filters).values_list("pk", flat=True))  # type: ignore[arg-type]

    assert ids() == [new.pk, old.pk]
    assert ids(q="seoul") == [new.pk, old.pk]  # title or text
    assert ids(q="seoul ministers") == [old.pk]  # every word
    assert ids(status="approved") == [new.pk]
    assert ids(source_language="ko") == [new.pk]
    assert ids(target_language="ja") == [old.pk]
    assert ids(author="tess") == [old.pk]
    assert ids(created_after=yesterday) == [new.pk]
    assert ids(created_before=yesterday) == [old.pk]
    assert ids(author="tess", status="approved") == []


def test_ninjs_story_reads_headline_text_and_base_language() -> None:
    item = {"uri": "urn:x:1", "language": "en-GB",
            "headlines": [{"role": "main", "value": "*Talks* resume"}],
            "bodies": [{"contenttype": "text/plain", "value": "One.\n\nTwo."}]}  # fmt: skip
    story = intake.ninjs_story(data=json.dumps(item))
    # A ninjs headline is plain text: its asterisks are characters, kept as they are.
    assert (story.title, story.text, story.language) == ("*Talks* resume", "One.\n\nTwo.", "en")
    unknown = intake.ninjs_story(data=json.dumps({**item, "language": "klingon!"}))
    assert unknown.language == ""
    with pytest.raises(ServiceError):
        intake.ninjs_story(data="{not json")


def test_term_lookup_gives_renderings_for_the_targets_the_glossary_has(editor: User) -> None:
    term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData("en", "Security Council"), TermData("en", "UNSC", usage="admitted"),
               TermData("ko", "안보리"), TermData("ko", "안전보장이사회", usage="admitted")],
    )  # fmt: skip
    term_services.concept_propose(user=editor, terms=[TermData("en", "Seoul")])  # proposed only
    matches = glossary_selectors.term_lookup(
        text="The UNSC and the Security Council met in Seoul.", language="en",
        targets=["ko", "en", "ja"],
    )  # fmt: skip
    assert [(m.text, m.usage) for m in matches] == [
        ("UNSC", Term.Usage.ADMITTED), ("Security Council", Term.Usage.PREFERRED)
    ]  # fmt: skip
    rendering = matches[1].renderings["ko"]
    assert (rendering.term, rendering.admitted) == ("안보리", ("안전보장이사회",))
    assert set(matches[1].renderings) == {"ko"}  # no Japanese term; the source language skipped
    assert glossary_selectors.term_lookup(text="", language="en", targets=["ko"]) == []
