"""A form base for the desk: what a person typed is stored without the characters that XML
(and so every export) cannot hold (``newsapp.core.sanitize``)."""

from __future__ import annotations

from django import forms

from newsapp.core.sanitize import data_clean


class CleanTextForm(forms.Form):
    """``forms.Form`` whose cleaned text values (lists of text too) are ``text_clean``-ed
    before ``clean()`` and the view see them."""

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]  # django-stubs omit the private step
        for name, value in self.cleaned_data.items():
            self.cleaned_data[name] = data_clean(value)
