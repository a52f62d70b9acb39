"""Input validation for the feed form."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from newsapp.core import languages
from newsapp.mt import registry


class FeedForm(forms.Form):
    url = forms.URLField(label="Feed address (RSS or Atom)", max_length=1000, assume_scheme="https")
    title = forms.CharField(max_length=300, required=False, help_text="Empty: the feed's own.")
    source_language = forms.ChoiceField()
    target_languages = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    auto_translate = forms.BooleanField(
        required=False, initial=True, label="Translate new items at once"
    )
    interval_minutes = forms.IntegerField(
        label="Poll every (minutes)", min_value=1, max_value=24 * 60, initial=15
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offers = registry.available_pairs()
        sources = sorted({o.source for o in offers})
        targets = sorted({o.target for o in offers})
        cast(forms.ChoiceField, self.fields["source_language"]).choices = [
            ("detect", "Detect automatically")
        ] + [(code, languages.label(code)) for code in sources]
        cast(forms.ChoiceField, self.fields["target_languages"]).choices = [
            (code, languages.label(code)) for code in targets
        ]
        if "url" in self.fields:
            self.fields["url"].widget.attrs["placeholder"] = "https://example.com/rss.xml"
