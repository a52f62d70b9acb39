"""How languages are named: one helper (newsapp.core.languages) for every page and form."""

from __future__ import annotations

import pytest
from django.utils import translation

from newsapp.core import languages
from newsapp.memory.forms import language_choices


@pytest.mark.parametrize(
    ("code", "english", "korean"),
    [
        ("ko", "Korean", "한국어"),
        ("es", "Spanish", "스페인어"),
        ("zh", "Chinese", "중국어"),  # not in Django's LANG_INFO: langcodes names it
        ("pt-BR", "Brazilian Portuguese", "브라질 포르투갈어"),  # the region is kept
        ("zh-Hant", "Traditional Chinese", "중국어 번체"),  # Django's own catalogue
        ("xx", "xx", "xx"),  # no such language: the code, never "Unknown language [xx]"
    ],
)
def test_a_language_is_named_in_the_page_language(code: str, english: str, korean: str) -> None:
    with translation.override("en"):
        assert languages.name(code) == english
    with translation.override("ko"):
        assert languages.name(code) == korean


def test_a_choice_carries_the_code_on_english_pages_only() -> None:
    with translation.override("en"):
        assert languages.choice_label("ko") == "Korean (ko)"
    with translation.override("ko"):
        assert languages.choice_label("ko") == "한국어"


def test_forms_use_the_same_names() -> None:
    with translation.override("ko"):
        choices = dict(language_choices())
    assert choices["es"] == "스페인어"
    assert choices[""] == "전체"


def test_inside_a_sentence_english_pages_keep_the_code() -> None:
    with translation.override("en"):
        assert languages.in_message("ko") == "ko"
    with translation.override("ko"):
        assert languages.in_message("es") == "스페인어"
        assert languages.in_message("zh") == "중국어"  # Django has no plain "zh"
        assert languages.in_message("") == ""
