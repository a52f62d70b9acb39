"""Input validation for the translation-memory page (rules live in memory.services)."""

from __future__ import annotations

from typing import Any

from django import forms

from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.forms import CleanTextForm
from newsapp.memory.services import MAX_TMX_BYTES

LANGUAGE_CHOICES = [("", "Any"), *((code, languages.label(code)) for code in languages.COMMON)]


class SearchForm(CleanTextForm):
    q = forms.CharField(required=False, max_length=200, label="Search")
    source = forms.ChoiceField(required=False, choices=LANGUAGE_CHOICES, label="From")
    target = forms.ChoiceField(required=False, choices=LANGUAGE_CHOICES, label="To")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "Words in the source or the translation"}
        )

    def filters(self) -> dict[str, str]:
        """The valid filters, as selectors.entry_search arguments (invalid ones ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = {n: v for n, v in self.cleaned_data.items() if v and n not in self.errors}
        names = {"q": "q", "source": "source_language", "target": "target_language"}
        return {names[name]: value for name, value in data.items()}


class ImportForm(CleanTextForm):
    file = forms.FileField(
        label="TMX file",
        help_text=f"TMX 1.4 (any CAT tool's export), UTF-8, up to {MAX_TMX_BYTES // 2**20} MB.",
    )
    source_language = forms.CharField(
        required=False,
        max_length=16,
        label="Source language",
        help_text='Only needed when the file does not say it (srclang="*all*"), e.g. en.',
    )


class ExportForm(CleanTextForm):
    source = forms.CharField(required=False, max_length=16)
    target = forms.CharField(required=False, max_length=16)

    def _language(self, name: str) -> str:
        code = self.cleaned_data.get(name) or ""
        if not code:
            return ""
        try:
            return languages.normalise_base(code)
        except ServiceError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_source(self) -> str:
        return self._language("source")

    def clean_target(self) -> str:
        return self._language("target")


class EntryForm(CleanTextForm):
    target_text = forms.CharField(
        label="Translation", widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000
    )
