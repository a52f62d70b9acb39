"""Input validation for the feed form."""

from __future__ import annotations

from typing import Any, cast

import langcodes
from django import forms
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsapp.core import languages
from newsapp.mt import registry


def _local_name(code: str) -> str:
    """The language's name in the active language ("Korean" in English, "한국어" in Korean)."""
    active = translation.get_language() or "en"
    if active.split("-")[0] == "en":
        return languages.name(code)
    try:
        return str(langcodes.Language.get(code).display_name(active))
    except (ValueError, LookupError, langcodes.LanguageTagError):
        return languages.name(code)


def language_label(code: str) -> str:
    """ "Korean (ko)" in English; in another language its name there alone ("한국어"): the
    code is English letters in a Korean sentence."""
    if (translation.get_language() or "en").split("-")[0] == "en":
        return languages.label(code)
    return _local_name(code)


class FeedForm(forms.Form):
    url = forms.URLField(
        label=_("Feed address (RSS or Atom)"), max_length=1000, assume_scheme="https"
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, required=False, help_text=_("Empty: the feed's own.")
    )
    source_language = forms.ChoiceField(label=_("Source language"))
    target_languages = forms.MultipleChoiceField(
        label=_("Translate into"), widget=forms.CheckboxSelectMultiple
    )
    auto_translate = forms.BooleanField(
        required=False, initial=True, label=_("Translate new items at once")
    )
    interval_minutes = forms.IntegerField(
        label=_("Poll every (minutes)"), min_value=1, max_value=24 * 60, initial=15
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offers = registry.available_pairs()
        sources = sorted({o.source for o in offers})
        targets = sorted({o.target for o in offers})
        cast(forms.ChoiceField, self.fields["source_language"]).choices = [
            ("detect", gettext("Detect automatically"))
        ] + [(code, language_label(code)) for code in sources]
        cast(forms.ChoiceField, self.fields["target_languages"]).choices = [
            (code, language_label(code)) for code in targets
        ]
        if "url" in self.fields:
            # An address, not words: the page checker and translation tools leave it alone.
            self.fields["url"].widget.attrs.update(
                {"placeholder": "https://example.com/rss.xml", "translate": "no"}
            )
