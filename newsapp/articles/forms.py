"""Input validation for the intake form (reading files and deciding belong to
``services.intake``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings

from newsapp.core import languages
from newsapp.core.forms import CleanTextForm
from newsapp.intake import SUPPORTED_EXTENSIONS
from newsapp.mt import registry


class ArticleForm(CleanTextForm):
    title = forms.CharField(
        label="Headline", max_length=300, required=False, widget=forms.TextInput()
    )
    byline = forms.CharField(max_length=300, required=False)
    dateline = forms.CharField(max_length=200, required=False)
    slug = forms.CharField(max_length=200, required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False)
    clean_up = forms.BooleanField(
        label="Clean up pasted web text (drop menus, share lines, “most popular” lists)",
        required=False,
    )
    upload = forms.FileField(
        required=False,
        help_text="Word (.docx), a saved web page (.html, .mhtml), Markdown (.md), IPTC ninjs "
        "(.json) or text (.txt, any encoding).",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )
    source_language = forms.ChoiceField()
    target_languages = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    engine = forms.ChoiceField(required=False)
    #: The previewed story (``services.intake.document_json``), so the file is read once.
    document = forms.CharField(widget=forms.HiddenInput, required=False)
    source_format = forms.CharField(widget=forms.HiddenInput, required=False)
    #: Set after the duplicate warning: translate the same story again anyway.
    confirm_duplicate = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, last_targets: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offers = registry.available_pairs()
        sources = sorted({o.source for o in offers})
        targets = sorted({o.target for o in offers})
        engines = sorted({name for o in offers for name in o.engines})
        choice_fields = {name: cast(forms.ChoiceField, self.fields[name])
                         for name in ("source_language", "target_languages", "engine")}  # fmt: skip
        choice_fields["source_language"].choices = [("detect", "Detect automatically")] + [
            (code, languages.label(code)) for code in sources
        ]
        choice_fields["target_languages"].choices = [(c, languages.label(c)) for c in targets]
        choice_fields["engine"].choices = [("", "Best available")] + [(e, e) for e in engines]
        remembered = [t for t in last_targets if t in targets]
        if remembered:
            self.fields["target_languages"].initial = remembered
        elif "ko" in targets:
            self.fields["target_languages"].initial = ["ko"]
        if "en" in sources:
            self.fields["source_language"].initial = "en"

    def clean_upload(self) -> tuple[str, bytes] | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        limit = settings.INTAKE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; the limit is {limit / 2**20:.1f} MB."
            )
        return upload.name, upload.read()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("text") or "").strip()
        uploaded = data.get("upload")
        if text and uploaded:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        empty = not text and not uploaded and not data.get("document")
        if empty and not self.errors.get("upload"):
            raise forms.ValidationError("The article is empty: paste its text or upload a file.")
        if len(text) > settings.ARTICLE_MAX_CHARS:
            raise forms.ValidationError(
                f"The article has {len(text):,} characters; the limit is "
                f"{settings.ARTICLE_MAX_CHARS:,}."
            )
        data["body"] = text
        return data


class LangpackUploadForm(forms.Form):
    """An Argos package to install (checked by services.langpacks)."""

    package = forms.FileField(
        label="Argos package (.argosmodel)",
        widget=forms.ClearableFileInput(attrs={"accept": ".argosmodel"}),
        error_messages={"required": "Choose an .argosmodel file to upload."},
    )


# --- The article list's filters (the desk) ---------------------------------------------------


class ArticleFilterForm(forms.Form):
    """The article list's search and filters (GET); every field optional."""

    q = forms.CharField(
        required=False, max_length=200, label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Words in the headline or text"}
        ),
    )  # fmt: skip
    status = forms.ChoiceField(required=False)
    language = forms.ChoiceField(required=False, label="Translated into")
    engine = forms.ChoiceField(required=False)
    mine = forms.BooleanField(required=False, label="Only mine")
    problems = forms.BooleanField(required=False, label="Has problems")
    after = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(required=False)

    def __init__(
        self,
        *args: Any,
        statuses: Sequence[tuple[str, object]],
        languages_used: list[str],
        engines_used: list[str],
        sorts: Sequence[tuple[str, object]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = {name: cast(forms.ChoiceField, self.fields[name])
                  for name in ("status", "language", "engine", "sort")}  # fmt: skip
        fields["status"].choices = [("", "Any status"), *statuses]
        fields["language"].choices = [("", "Any language")] + [
            (code, languages.label(code)) for code in languages_used
        ]
        fields["engine"].choices = [("", "Any engine")] + [(e, e) for e in engines_used]
        fields["sort"].choices = sorts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        after, before = data.get("after"), data.get("before")
        if after and before and after > before:
            raise forms.ValidationError("“From” is after “To”: swap the dates.")
        return data
