"""Input validation for the feed form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsapp.core import languages
from newsapp.mt import registry


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
        ] + [(code, languages.choice_label(code)) for code in sources]
        cast(forms.ChoiceField, self.fields["target_languages"]).choices = [
            (code, languages.choice_label(code)) for code in targets
        ]
        if "url" in self.fields:
            # An address, not words: the page checker and translation tools leave it alone.
            self.fields["url"].widget.attrs.update(
                {"placeholder": "https://example.com/rss.xml", "translate": "no"}
            )
