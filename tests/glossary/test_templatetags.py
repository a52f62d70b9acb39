from __future__ import annotations

import pytest
from django.template import Context, Template

from glossary.models import Term
from glossary.templatetags.glossary_tags import highlight
from tests.factories import ArticleFactory, TranslationFactory
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def pyongyang() -> int:
    concept = concept_with_terms(
        ("en", "Pyongyang"), ("en", "Pyeongyang", Term.Usage.FORBIDDEN), ("ko", "평양"),
        ("ja", "平壌"), ("ko", "평향", Term.Usage.FORBIDDEN),
    )  # fmt: skip
    return concept.pk


def test_highlight_marks_terms_with_the_renderings(pyongyang: int) -> None:
    html = highlight("<b>Pyongyang</b> & more", "en", ["ko", "ja"])
    assert html == (
        f'&lt;b&gt;<mark class="term" title="ko: 평양 (not 평향) · ja: 平壌" '
        f'data-concept="{pyongyang}">Pyongyang</mark>&lt;/b&gt; &amp; more'
    )


def test_highlight_flags_forbidden_source_terms(pyongyang: int) -> None:
    html = highlight("Pyeongyang", "en", "ko")
    assert 'class="term term-forbidden"' in html
    assert "forbidden en term; use “Pyongyang” · ko: 평양" in html


def test_highlight_escapes_attributes_and_handles_missing_renderings() -> None:
    concept = concept_with_terms(("en", 'Say "hi"'), ("en", "Samsung"))
    Term.objects.filter(text="Samsung").update(do_not_translate=True)
    from glossary.services.version import glossary_version_bump

    glossary_version_bump()
    html = highlight('Say "hi" to Samsung\nnow', "en", "ko", linebreaks=True)
    assert f'data-concept="{concept.pk}">Say &quot;hi&quot;</mark>' in html
    assert 'title="ko: keep “Say &quot;hi&quot;”"' in html
    assert "<br>\nnow" in html


def test_template_tag_accepts_translations(pyongyang: int) -> None:
    article = ArticleFactory(source_text="Talks in Pyongyang.")
    TranslationFactory(article=article, target_language="ko")
    template = Template(
        "{% load glossary_tags %}"
        "{% highlight_terms article.source_text article.source_language article.translations.all %}"
    )
    html = template.render(Context({"article": article}))
    assert 'title="ko: 평양 (not 평향)"' in html
    assert html.endswith("</mark>.")


def test_no_terms_no_marks() -> None:
    assert highlight("Nothing <here>", "en", ["ko"]) == "Nothing &lt;here&gt;"
    assert highlight("", "en", []) == ""
