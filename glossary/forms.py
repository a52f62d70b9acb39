"""Input validation for the glossary pages (rules live in glossary.services)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from glossary.models import Term, TermCandidate
from glossary.termdata import TermData
from newsapp.core import languages
from newsapp.core.forms import CleanTextForm

LANGUAGE_CHOICES: list[tuple[str, Any]] = [
    (code, lazy(languages.choice_label, str)(code)) for code in languages.COMMON
]
PAGE_SIZES = (25, 50, 100)


def _with_blank(choices: list[tuple[str, Any]], blank: Any) -> list[tuple[str, Any]]:
    return [("", blank), *choices]


class SearchForm(CleanTextForm):
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    language = forms.ChoiceField(
        required=False, choices=_with_blank(LANGUAGE_CHOICES, _("Any")), label=_("Language")
    )
    subject = forms.ChoiceField(required=False, choices=[("", _("Any"))], label=_("Subject"))
    status = forms.ChoiceField(
        required=False, choices=_with_blank(list(Term.Status.choices), _("Any")),
        label=_("Review status"),
    )  # fmt: skip
    usage = forms.ChoiceField(
        required=False, choices=_with_blank(list(Term.Usage.choices), _("Any")), label=_("Usage")
    )

    def __init__(self, *args: Any, subjects: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {
                "type": "search",
                "placeholder": gettext("A term in any language"),
                "autocomplete": "off",
            }
        )
        subject = cast(forms.ChoiceField, self.fields["subject"])
        subject.choices = [("", _("Any"))] + [(s, s) for s in subjects or []]

    def filters(self) -> dict[str, str]:
        """The valid filters (an invalid value is ignored, not an error page)."""
        if self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if value}
        return {n: v for n, v in self.cleaned_data.items() if v and n not in self.errors}


class ConceptForm(CleanTextForm):
    definition = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the concept is, for translators and editors."),
    )  # fmt: skip
    subject = forms.CharField(
        required=False, max_length=100, help_text=_("Subject field, e.g. defense, diplomacy.")
    )
    external_url = forms.URLField(
        required=False, max_length=500, label=_("External reference (URL)"),
        assume_scheme="https",
    )  # fmt: skip


class TermForm(CleanTextForm):
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label=_("Language"))
    text = forms.CharField(max_length=200, label=_("Term"))
    usage = forms.ChoiceField(
        choices=Term.Usage.choices, initial=Term.Usage.PREFERRED, label=_("Usage")
    )
    part_of_speech = forms.ChoiceField(
        choices=Term.PartOfSpeech.choices, required=False, label=_("Part of speech")
    )
    term_type = forms.ChoiceField(
        choices=Term.TermType.choices, required=False, initial=Term.TermType.FULL_FORM,
        label=_("Term type"), help_text=_("A short form (Kirby) is used after the full form."),
    )  # fmt: skip
    reading = forms.CharField(
        required=False, max_length=100, label=_("Reading (Korean)"),
        help_text=_("For a Latin or digit term: how it is read, in Hangul (NATO: 나토)."),
    )  # fmt: skip
    case_sensitive = forms.BooleanField(required=False, label=_("Case-sensitive"))
    do_not_translate = forms.BooleanField(
        required=False,
        label=_("Do not translate"),
        help_text=_("Keep the source form (brand names)."),
    )
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note")
    )

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


class ApproveMixin(CleanTextForm):
    approve = forms.BooleanField(
        required=False, label=_("Approve now"), help_text=_("Editors only: skip the review queue.")
    )


class TermEditForm(TermForm, ApproveMixin):
    pass


class ReviewForm(CleanTextForm):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(required=False, max_length=2000, widget=forms.TextInput())


class ReviewFilterForm(forms.Form):
    """The review queue's filters (GET), offered from the proposals waiting."""

    language = forms.ChoiceField(required=False, label=_("Language"))
    subject = forms.ChoiceField(required=False, label=_("Subject"))
    proposer = forms.ChoiceField(required=False, label=_("Proposer"))
    source = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label=_("Source article")
    )

    def __init__(self, *args: Any, facets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = {name: cast(forms.ChoiceField, self.fields[name])
                   for name in ("language", "subject", "proposer", "source")}  # fmt: skip
        choices["language"].choices = [("", gettext("Any language"))] + [
            (code, code) for code in facets.languages
        ]
        choices["subject"].choices = [("", gettext("Any subject"))] + [
            (s, s) for s in facets.subjects
        ]
        choices["proposer"].choices = [("", gettext("Anyone"))] + [(p, p) for p in facets.proposers]
        choices["source"].choices = [("", gettext("Any or none"))] + [
            (str(pk), title) for pk, title in facets.sources
        ]


class BulkReviewForm(CleanTextForm):
    """Approve or reject a selection (``term``, repeated) or a whole concept (``concept``)."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(required=False, max_length=2000)
    term = forms.TypedMultipleChoiceField(required=False, coerce=int)
    concept = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id is offered; the service says which are not waiting for review.
        field = cast(forms.TypedMultipleChoiceField, self.fields["term"])
        field.valid_value = lambda value: str(value).isdigit()  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("term") and not data.get("concept"):
            raise forms.ValidationError(gettext("Select at least one proposal first."))
        return data


class ImportForm(CleanTextForm):
    file = forms.FileField(label=_("CSV or TBX file"))
    approve = forms.BooleanField(
        required=False, label=_("Import as approved"),
        help_text=_("Editors only. Otherwise every imported term waits in the review queue."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "CSV (one concept per row) or TBX, UTF-8, up to 20 MB and %(rows)s rows. Only editors "
            "can change an existing concept's definition, subject or URL."
        ) % {"rows": f"{settings.GLOSSARY_IMPORT_MAX_ROWS:,}"}


class ExportForm(CleanTextForm):
    format = forms.ChoiceField(
        choices=[("csv", "CSV"), ("tbx", "TBX")], initial="csv", widget=forms.RadioSelect,
        label=_("Format"),
    )  # fmt: skip
    lang = forms.MultipleChoiceField(
        required=False, choices=LANGUAGE_CHOICES, label=_("Languages"),
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every language."),
    )  # fmt: skip


# --- Term candidates -------------------------------------------------------------------------

RECENT_CHOICES = [("7", _("Last 7 days")), ("30", _("Last 30 days")), ("365", _("Last year")),
                  ("all", _("Any time"))]  # fmt: skip
SHORT_TYPE_CHOICES = [(value, label) for value, label in Term.TermType.choices
                      if value != Term.TermType.FULL_FORM]  # fmt: skip


class CandidateFilterForm(CleanTextForm):
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    kind = forms.ChoiceField(
        required=False, choices=_with_blank(list(TermCandidate.Kind.choices), _("Any")),
        label=_("Kind"),
    )  # fmt: skip
    language = forms.ChoiceField(
        required=False, choices=_with_blank(LANGUAGE_CHOICES, _("Any")), label=_("Source language")
    )
    status = forms.ChoiceField(
        required=False, choices=list(TermCandidate.Status.choices), initial="open",
        label=_("Status"),
    )  # fmt: skip
    days = forms.ChoiceField(required=False, choices=RECENT_CHOICES, initial="30", label=_("Seen"))
    source = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": gettext("A name"), "autocomplete": "off"}
        )

    def filters(self) -> dict[str, Any]:
        """Selector arguments; an invalid value falls back to its default."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        days = data.get("days") or "30"
        return {
            "q": data.get("q", ""),
            "kind": data.get("kind", ""),
            "language": data.get("language", ""),
            "status": data.get("status") or TermCandidate.Status.OPEN,
            "days": None if days == "all" else int(days),
            "source_id": data.get("source"),
        }


class CandidateTermForm(CleanTextForm):
    """One term of a candidate being accepted (editable before accepting)."""

    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label=_("Language"))
    text = forms.CharField(required=False, max_length=200, label=_("Term"))
    term_type = forms.ChoiceField(choices=Term.TermType.choices, label=_("Term type"))
    part_of_speech = forms.ChoiceField(
        choices=Term.PartOfSpeech.choices, required=False, widget=forms.HiddenInput
    )

    def term_data(self) -> TermData:
        data = self.cleaned_data
        usage = Term.Usage.ADMITTED if data["term_type"] == "variant" else Term.Usage.PREFERRED
        return TermData(
            language=data["language"], text=data.get("text") or "", usage=usage,
            term_type=data["term_type"], part_of_speech=data.get("part_of_speech") or "",
        )  # fmt: skip


CandidateTermFormSet = forms.formset_factory(
    CandidateTermForm, extra=1, max_num=12, validate_max=True
)


class CandidateAcceptForm(CleanTextForm):
    definition = forms.CharField(required=False, max_length=2000, label=_("Definition"))


class CandidateVariantForm(CleanTextForm):
    pick = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, widget=forms.RadioSelect,
        label=_("Likely concepts"),
    )  # fmt: skip
    concept = forms.CharField(
        required=False, max_length=200, label=_("Or another concept"),
        help_text=_("Its number, or one of its terms exactly (North Korea)."),
    )  # fmt: skip
    term_type = forms.ChoiceField(choices=SHORT_TYPE_CHOICES, initial="variant",
                                  label=_("Add it as"))  # fmt: skip
    rendering_language = forms.ChoiceField(
        required=False, choices=_with_blank(LANGUAGE_CHOICES, "—"), label=_("Also in")
    )
    rendering_text = forms.CharField(
        required=False, max_length=200, label=_("Its rendering there"),
        help_text=_("Optional: the target term of the same type (커비 for Kirby)."),
    )  # fmt: skip

    def __init__(self, *args: Any, likely: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pick = cast(forms.TypedChoiceField, self.fields["pick"])
        pick.choices = [(concept.pk, str(concept)) for concept in likely]

    def reference(self) -> str:
        """The concept chosen: a picked likely concept's number, else what was typed."""
        picked = self.cleaned_data.get("pick")
        return str(picked) if picked else self.cleaned_data.get("concept", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("pick") and not (data.get("concept") or "").strip():
            raise forms.ValidationError(
                gettext("Choose a concept, or give its number or one of its terms.")
            )
        if bool(data.get("rendering_language")) != bool((data.get("rendering_text") or "").strip()):
            raise forms.ValidationError(
                gettext("Give both the language and the rendering, or neither.")
            )
        return data

    def renderings(self) -> list[TermData]:
        data = self.cleaned_data
        if not data.get("rendering_text"):
            return []
        usage = Term.Usage.ADMITTED if data["term_type"] == "variant" else Term.Usage.PREFERRED
        return [TermData(language=data["rendering_language"], text=data["rendering_text"],
                         term_type=data["term_type"], usage=usage)]  # fmt: skip


class CandidateIdsForm(CleanTextForm):
    """The candidates ticked for a bulk action."""

    ids = forms.Field(widget=forms.MultipleHiddenInput)

    def clean_ids(self) -> list[int]:
        values = self.cleaned_data.get("ids") or []
        if isinstance(values, str):
            values = [values]
        if not values:
            raise forms.ValidationError(gettext("Tick at least one candidate."))
        if len(values) > 200 or not all(str(v).isdigit() for v in values):
            raise forms.ValidationError(gettext("Tick between 1 and 200 candidates."))
        return [int(v) for v in values]


class IgnoreForm(CleanTextForm):
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, initial="en", label=_("Language"))
    text = forms.CharField(max_length=200, label=pgettext_lazy("name on the ignore list", "Text"))
