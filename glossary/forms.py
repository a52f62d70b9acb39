"""Input validation for the glossary pages (rules live in glossary.services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from glossary.models import Term
from glossary.termdata import TermData
from newsapp.core import languages

LANGUAGE_CHOICES = [(code, languages.label(code)) for code in languages.COMMON]
PAGE_SIZES = (25, 50, 100)


def _with_blank(choices: list[tuple[str, str]], blank: str) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    language = forms.ChoiceField(required=False, choices=_with_blank(LANGUAGE_CHOICES, "Any"))
    subject = forms.ChoiceField(required=False, choices=[("", "Any")])
    status = forms.ChoiceField(
        required=False, choices=_with_blank(list(Term.Status.choices), "Any"),
        label="Review status",
    )  # fmt: skip
    usage = forms.ChoiceField(required=False, choices=_with_blank(list(Term.Usage.choices), "Any"))

    def __init__(self, *args: Any, subjects: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "A term in any language", "autocomplete": "off"}
        )
        subject = cast(forms.ChoiceField, self.fields["subject"])
        subject.choices = [("", "Any")] + [(s, s) for s in subjects or []]

    def filters(self) -> dict[str, str]:
        """The valid filters (an invalid value is ignored, not an error page)."""
        if self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if value}
        return {n: v for n, v in self.cleaned_data.items() if v and n not in self.errors}


class ConceptForm(forms.Form):
    definition = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the concept is, for translators and editors.",
    )  # fmt: skip
    subject = forms.CharField(
        required=False, max_length=100, help_text="Subject field, e.g. defense, diplomacy."
    )
    external_url = forms.URLField(
        required=False, max_length=500, label="External reference (URL)",
        assume_scheme="https",
    )  # fmt: skip


class TermForm(forms.Form):
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES)
    text = forms.CharField(max_length=200, label="Term")
    usage = forms.ChoiceField(choices=Term.Usage.choices, initial=Term.Usage.PREFERRED)
    part_of_speech = forms.ChoiceField(
        choices=Term.PartOfSpeech.choices, required=False, label="Part of speech"
    )
    term_type = forms.ChoiceField(
        choices=Term.TermType.choices, required=False, initial=Term.TermType.FULL_FORM,
        label="Term type", help_text="A short form (Kirby) is used after the full form.",
    )  # fmt: skip
    reading = forms.CharField(
        required=False, max_length=100, label="Reading (Korean)",
        help_text="For a Latin or digit term: how it is read, in Hangul (NATO: 나토).",
    )  # fmt: skip
    case_sensitive = forms.BooleanField(required=False, label="Case-sensitive")
    do_not_translate = forms.BooleanField(
        required=False, label="Do not translate", help_text="Keep the source form (brand names)."
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def term_data(self) -> TermData:
        data = self.cleaned_data
        return TermData(
            language=data["language"], text=data["text"], usage=data["usage"],
            case_sensitive=data["case_sensitive"], do_not_translate=data["do_not_translate"],
            part_of_speech=data.get("part_of_speech") or "", note=data.get("note") or "",
            term_type=data.get("term_type") or Term.TermType.FULL_FORM,
            reading=data.get("reading") or "",
        )  # fmt: skip


class OptionalTermForm(TermForm):
    """A row of the new-concept form: may be left empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["note"].widget = forms.TextInput()

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("text") or "").strip()


TermFormSet = forms.formset_factory(
    OptionalTermForm, extra=0, min_num=3, max_num=10, validate_max=True
)


class ApproveMixin(forms.Form):
    approve = forms.BooleanField(
        required=False, label="Approve now", help_text="Editors only: skip the review queue."
    )


class TermEditForm(TermForm, ApproveMixin):
    pass


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    comment = forms.CharField(required=False, max_length=2000, widget=forms.TextInput())


class ImportForm(forms.Form):
    file = forms.FileField(help_text="CSV (one concept per row) or TBX, UTF-8, up to 20 MB.")
    approve = forms.BooleanField(
        required=False, label="Import as approved",
        help_text="Editors only. Otherwise every imported term waits in the review queue.",
    )  # fmt: skip


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[("csv", "CSV"), ("tbx", "TBX")], initial="csv", widget=forms.RadioSelect
    )
    lang = forms.MultipleChoiceField(
        required=False, choices=LANGUAGE_CHOICES, label="Languages",
        widget=forms.CheckboxSelectMultiple, help_text="None ticked: every language.",
    )  # fmt: skip
