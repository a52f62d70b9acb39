"""Input validation for the translation-memory page (rules live in memory.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from newsapp.core import languages
from newsapp.core.errors import ServiceError
from newsapp.core.forms import CleanTextForm
from newsapp.memory.services import MAX_TMX_BYTES


def language_choices() -> list[tuple[str, str]]:
    """Any, then the common languages: "Korean (ko)" in English, "한국어" in Korean."""
    return [("", gettext("Any")), *((c, languages.choice_label(c)) for c in languages.COMMON)]


class SearchForm(CleanTextForm):
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    source = forms.ChoiceField(
        required=False, choices=language_choices, label=pgettext_lazy("source language", "From")
    )
    target = forms.ChoiceField(
        required=False, choices=language_choices, label=pgettext_lazy("target language", "To")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": gettext("Words in the source or the translation")}
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
        label=_("TMX file"),
        help_text=format_lazy(
            _("TMX 1.4 (any CAT tool's export), UTF-8, up to {megabytes} MB."),
            megabytes=MAX_TMX_BYTES // 2**20,
        ),
    )
    source_language = forms.CharField(
        required=False,
        max_length=16,
        label=_("Source language"),
        help_text=_('Only needed when the file does not say it (srclang="*all*"), e.g. en.'),
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
        label=_("Translation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20_000
    )
