"""Input validation for the intake form (reading files and deciding belong to
``services.intake``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsapp.core import languages
from newsapp.core.forms import CleanTextForm
from newsapp.intake import SUPPORTED_EXTENSIONS
from newsapp.mt import registry


class ArticleForm(CleanTextForm):
    title = forms.CharField(
        label=_("Headline"), max_length=300, required=False, widget=forms.TextInput()
    )
    byline = forms.CharField(label=_("Byline"), max_length=300, required=False)
    dateline = forms.CharField(label=_("Dateline"), max_length=200, required=False)
    slug = forms.CharField(label=_("Slug"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}), required=False
    )
    clean_up = forms.BooleanField(
        label=_("Clean up pasted web text (drop menus, share lines, “most popular” lists)"),
        required=False,
    )
    upload = forms.FileField(
        required=False,
        label=_("File"),
        help_text=_(
            "Word (.docx), a saved web page (.html, .mhtml), Markdown (.md), IPTC ninjs "
            "(.json) or text (.txt, any encoding)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )
    #: Language names are data (translate="no"), like the codes after them.
    source_language = forms.ChoiceField(
        label=_("Source language"), widget=forms.Select(attrs={"translate": "no"})
    )
    target_languages = forms.MultipleChoiceField(
        label=_("Translate into"), widget=forms.CheckboxSelectMultiple
    )
    engine = forms.ChoiceField(label=_("Engine"), required=False)
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
        choice_fields["source_language"].choices = [("detect", gettext("Detect automatically"))] + [
            (code, languages.label(code)) for code in sources
        ]
        choice_fields["target_languages"].choices = [(c, languages.label(c)) for c in targets]
        choice_fields["engine"].choices = [("", gettext("Best available"))] + [
            (e, e) for e in engines
        ]
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
                gettext("The file is %(size).1f MB; the limit is %(limit).1f MB.")
                % {"size": upload.size / 2**20, "limit": limit / 2**20}
            )
        return upload.name, upload.read()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("text") or "").strip()
        uploaded = data.get("upload")
        if text and uploaded:
            raise forms.ValidationError(gettext("Paste the text or upload a file, not both."))
        empty = not text and not uploaded and not data.get("document")
        if empty and not self.errors.get("upload"):
            raise forms.ValidationError(
                gettext("The article is empty: paste its text or upload a file.")
            )
        if len(text) > settings.ARTICLE_MAX_CHARS:
            raise forms.ValidationError(
                gettext("The article has %(count)s characters; the limit is %(limit)s.")
                % {"count": f"{len(text):,}", "limit": f"{settings.ARTICLE_MAX_CHARS:,}"}
            )
        data["body"] = text
        return data


class LangpackUploadForm(forms.Form):
    """An Argos package to install (checked by services.langpacks)."""

    package = forms.FileField(
        label=_("Argos package (.argosmodel)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".argosmodel"}),
        error_messages={"required": _("Choose an .argosmodel file to upload.")},
    )


# --- The article list's filters (the desk) ---------------------------------------------------


class ArticleFilterForm(forms.Form):
    """The article list's search and filters (GET); every field optional."""

    q = forms.CharField(
        required=False, max_length=200, label=_("Search"),
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Words in the headline or text")}
        ),
    )  # fmt: skip
    status = forms.ChoiceField(required=False, label=_("Status"))
    language = forms.ChoiceField(
        required=False, label=_("Translated into"), widget=forms.Select(attrs={"translate": "no"})
    )
    engine = forms.ChoiceField(required=False, label=_("Engine"))
    mine = forms.BooleanField(required=False, label=_("Only mine"))
    problems = forms.BooleanField(required=False, label=_("Has problems"))
    after = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(required=False, label=_("Sort"))

    def __init__(
        self,
        *args: Any,
        statuses: list[tuple[str, str]],
        languages_used: list[str],
        engines_used: list[str],
        sorts: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = {name: cast(forms.ChoiceField, self.fields[name])
                  for name in ("status", "language", "engine", "sort")}  # fmt: skip
        fields["status"].choices = [("", gettext("Any status")), *statuses]
        fields["language"].choices = [("", gettext("Any language"))] + [
            (code, languages.label(code)) for code in languages_used
        ]
        fields["engine"].choices = [("", gettext("Any engine"))] + [(e, e) for e in engines_used]
        fields["sort"].choices = sorts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        after, before = data.get("after"), data.get("before")
        if after and before and after > before:
            raise forms.ValidationError(gettext("“From” is after “To”: swap the dates."))
        return data
