"""Article structure: the headline as its own segment, block kinds from intake to every
export, and the intake checks (duplicates, languages)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User
from jsonschema import Draft202012Validator
from lxml import etree

from newsapp.articles import exports
from newsapp.articles import text as text_utils
from newsapp.articles.models import Article, Segment, Translation
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.services import intake, pipeline
from newsapp.core.errors import ServiceError
from newsapp.intake import read_docx, read_markdown, read_ninjs, read_upload
from newsapp.intake.inline import parse_inline
from tests.factories import STORY, ArticleFactory, TranslationFactory
from tests.intake.samples import (
    MARKDOWN_STORY,
    PENTAGON_HEADLINE,
    news_page,
    ninjs_item,
    word_story,
)

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parent.parent / "intake" / "data" / "ninjs-schema_2.2.json"


def create(translator: User, **story: object) -> Article:
    return intake.article_create(
        author=translator, source_language="en", target_languages=["ko"], **story
    )


def translated(article: Article) -> Translation:
    translation = article.translations.get()
    pipeline.translation_run(translation_id=translation.pk, worker="w1")
    return selectors.translation_get(pk=translation.pk)


def kinds(translation: Translation) -> list[tuple[int, str]]:
    return list(translation.segments.order_by("order").values_list("paragraph_index", "kind"))


# --- Structure ---------------------------------------------------------------------------


def test_old_articles_segment_exactly_as_before(fake_engine: object) -> None:
    """No headline and no block kinds (what the migration leaves): the same segments."""
    article = ArticleFactory(source_text=STORY)
    old = text_utils.segment(STORY, "en")
    new = text_utils.segment_article(
        headline=article.headline, text=STORY, blocks=article.blocks, language="en"
    )
    assert [(s.paragraph_index, s.source, s.separator) for s in new] == [
        (s.paragraph_index, s.source, s.separator) for s in old
    ]
    assert {s.kind for s in new} == {"paragraph"}


def test_text_with_a_title_makes_the_title_a_headline_segment(
    translator: User, fake_engine: object
) -> None:
    article = create(translator, title="  Pentagon   briefing ", text=STORY)
    assert (article.title, article.headline) == ("Pentagon briefing", "Pentagon briefing")
    assert article.source_text == STORY.strip()  # the body, as before
    translation = translated(article)
    first = translation.segments.order_by("order").first()
    assert first is not None
    assert (first.kind, first.source, first.target_text) == (
        "headline",
        "Pentagon briefing",
        "[ko] Pentagon briefing",
    )
    assert translation.segments.filter(kind="headline").count() == 1


def test_docx_keeps_headline_byline_dateline_and_kinds(
    translator: User, fake_engine: object
) -> None:
    article = create(translator, document=read_docx(word_story()), source_format="docx")
    assert article.title == article.headline == "Seoul summit ends with climate pledge"
    assert article.byline == "By Jane Doe"
    assert article.dateline == "SEOUL, Nov. 28 (Yonhap) --"
    assert "Leaders of South Korea and Japan" in article.source_text
    assert "**" not in article.source_text  # the body is plain text
    assert [b["kind"] for b in article.blocks][:4] == [
        "paragraph",
        "paragraph",
        "heading",
        "list_item",
    ]
    translation = translated(article)
    found = kinds(translation)
    assert found[0] == (0, "headline")
    assert (3, "heading") in found
    assert (4, "list_item") in found
    assert found[-1][1] == "quote"


def test_a_given_title_overrides_the_documents_headline(
    translator: User, fake_engine: object
) -> None:
    article = create(translator, document=read_markdown(MARKDOWN_STORY), title="Edited")
    assert article.title == "Edited"


def test_a_headline_without_a_body_is_refused(translator: User, fake_engine: object) -> None:
    with pytest.raises(ServiceError, match="headline but no text"):
        create(translator, title="Only a headline", text="  ")


# --- Exports -----------------------------------------------------------------------------


@pytest.fixture
def markdown_story(translator: User, fake_engine: object) -> Translation:
    document = read_markdown(MARKDOWN_STORY)
    return translated(create(translator, document=document, source_format="markdown"))


def test_markdown_round_trip_keeps_the_structure(markdown_story: Translation) -> None:
    source = read_markdown(MARKDOWN_STORY)
    content = exports.export_render(translation=markdown_story, fmt="md").content.decode()
    # The fake engine's "[ko]" tag is literal text, so its brackets are escaped.
    assert content.startswith("# \\[ko\\] Seoul summit ends with climate pledge\n")
    assert "\\#" not in content
    assert "## \\[ko\\] What they agreed" in content
    assert "> \\[ko\\]" in content
    back = read_markdown(content)
    assert [(b.kind, b.level, b.ordered, b.depth) for b in back.blocks] == [
        (b.kind, b.level, b.ordered, b.depth) for b in source.blocks
    ]
    assert back.byline == source.byline == "By Jane Doe"
    assert back.dateline == source.dateline


def test_html_export_has_lang_dir_and_kinds(markdown_story: Translation) -> None:
    content = exports.export_render(translation=markdown_story, fmt="html").content.decode()
    assert '<html lang="ko" dir="ltr">' in content
    assert "<title>[ko] Seoul summit ends with climate pledge</title>" in content
    assert "<h2>[ko] What they agreed</h2>" in content
    assert "<ol>" in content
    assert "<ul>" in content
    assert "<blockquote>" in content


def test_docx_export_has_real_styles_and_the_language(markdown_story: Translation) -> None:
    content = exports.export_render(translation=markdown_story, fmt="docx").content
    document = docx.Document(io.BytesIO(content))
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert styles[0] == "Title"
    assert "Heading 2" in styles
    assert "List Number" in styles
    assert "List Bullet 2" in styles
    assert "Quote" in styles
    assert document.core_properties.language == "ko"
    assert document.paragraphs[0].text == "[ko] Seoul summit ends with climate pledge"


def test_ninjs_in_ninjs_out_is_valid_2x(translator: User, fake_engine: object) -> None:
    document = read_ninjs(json.dumps(ninjs_item()))
    translation = translated(create(translator, document=document, source_format="ninjs"))
    item = json.loads(exports.export_render(translation=translation, fmt="ninjs").content)
    schema = json.loads(SCHEMA.read_text("utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(item)] == []
    assert item["headlines"][0]["value"] == f"[ko] {PENTAGON_HEADLINE}"
    assert item["language"] == "ko"
    assert item["versioncreated"].endswith("Z")
    assert item["slugline"] == "NK-missile-US"
    assert "<h2>[ko] Allies</h2>" in item["bodies"][1]["value"]
    assert item["associations"][0]["uri"] == f"urn:newsdesk:article:{translation.article_id}"


def test_xliff_gives_the_headline_its_own_unit(markdown_story: Translation) -> None:
    content = exports.export_render(translation=markdown_story, fmt="xliff").content
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    groups = etree.fromstring(content).findall(".//x:group", ns)
    assert groups[0].get("restype") == "x-headline"
    [unit] = groups[0].findall("x:trans-unit", ns)
    assert unit.findtext("x:source", namespaces=ns) == "Seoul summit ends with climate pledge"
    assert {g.get("restype") for g in groups[1:]} == {"x-paragraph"}


def test_txt_export_starts_with_the_headline_and_lists_items(
    markdown_story: Translation,
) -> None:
    content = exports.export_render(translation=markdown_story, fmt="txt").content.decode()
    lines = content.split("\n")
    assert lines[0] == "[ko] Seoul summit ends with climate pledge"
    assert "1. [ko] Cut coal use by 2030" in lines


# --- Intake checks -------------------------------------------------------------------------


def test_the_same_story_asks_first_within_the_window(
    translator: User, fake_engine: object, settings: object
) -> None:
    settings.INTAKE_DUPLICATE_WARN_MINUTES = 30  # type: ignore[attr-defined]
    first = create(translator, document=read_upload("page.html", news_page().encode()))
    again = read_upload("page.html", news_page(headline="A new headline").encode())
    with pytest.raises(intake.DuplicateStory) as caught:
        create(translator, document=again, allow_duplicate=False)
    assert caught.value.first == first
    second = create(translator, document=again, allow_duplicate=True)
    assert second.content_hash == first.content_hash
    Article.objects.filter(pk=first.pk).update(created_at=first.created_at.replace(year=2020))
    Article.objects.filter(pk=second.pk).update(created_at=first.created_at.replace(year=2020))
    create(translator, document=again, allow_duplicate=False)  # outside the window


def test_detect_names_the_language_no_engine_translates_from(fake_engine: object) -> None:
    german = (
        "Die Bundesregierung hat am Dienstag neue Regeln für den Klimaschutz beschlossen, "
        "die ab dem kommenden Jahr gelten sollen."
    )
    with pytest.raises(intake.NoEngineForLanguage, match="German detected; no engine"):
        intake.detect_source_language(text=german)
    korean = "북한이 화요일 대륙간탄도미사일을 발사했다고 합동참모본부가 밝혔다."
    assert intake.detect_source_language(text=korean) == "ko"


def test_a_declared_language_the_text_plainly_is_not_warns(fake_engine: object) -> None:
    korean = "북한이 화요일 대륙간탄도미사일을 발사했다고 합동참모본부가 밝혔다."
    warning = intake.source_language_warning(text=korean, declared="en")
    assert "set to English, but the text looks like Korean" in warning
    assert intake.source_language_warning(text=STORY, declared="en") == ""
    assert intake.source_language_warning(text=korean, declared="detect") == ""


def test_the_source_is_dropped_from_the_targets(translator: User, fake_engine: object) -> None:
    article = intake.article_create(
        author=translator, text=STORY, source_language="en", target_languages=["en", "ko"]
    )
    assert list(article.translations.values_list("target_language", flat=True)) == ["ko"]


def test_last_target_languages_are_the_latest_articles(
    translator: User, fake_engine: object
) -> None:
    assert intake.last_target_languages(user=translator) == []
    intake.article_create(
        author=translator, text=STORY, source_language="en", target_languages=["ja", "es"]
    )
    assert intake.last_target_languages(user=translator) == ["es", "ja"]


def test_preview_json_round_trip_and_garbage() -> None:
    document = read_docx(word_story())
    assert intake.document_from_json(intake.document_json(document)) == document
    with pytest.raises(ServiceError, match="could not be read back"):
        intake.document_from_json('{"blocks": [{"kind": "nonsense", "text": "x"}]}')


def test_segment_kinds_are_model_choices() -> None:
    assert set(Segment.Kind.values) == {"headline", "heading", "paragraph", "list_item", "quote"}
    assert parse_inline("x").plain == "x"
    TranslationFactory()  # a factory translation still builds with the new fields


def test_the_editor_labels_the_headline_and_marks_kinds(
    translator: User, translator_client: object, fake_engine: object
) -> None:
    from django.urls import reverse

    translation = translated(create(translator, document=read_markdown(MARKDOWN_STORY)))
    page = translator_client.get(  # type: ignore[attr-defined]
        reverse("editor:translation", args=[translation.pk])
    ).content.decode()
    assert "ed-kind-headline" in page
    assert '<span class="ed-label">Headline</span>' in page
    assert "ed-kind-list_item" in page
    assert "ed-kind-quote" in page
