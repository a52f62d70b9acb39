"""Input validation for the intake form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings

from newsapp.core import languages
from newsapp.core.forms import CleanTextForm
from newsapp.mt import registry

ALLOWED_UPLOADS = (".txt", ".md")


class ArticleForm(CleanTextForm):
    title = forms.CharField(max_length=300, required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False)
    upload = forms.FileField(required=False, help_text="A UTF-8 .txt or .md file.")
    source_language = forms.ChoiceField()
    target_languages = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    engine = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
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
        if "ko" in targets:
            self.fields["target_languages"].initial = ["ko"]
        if "en" in sources:
            self.fields["source_language"].initial = "en"

    def clean_upload(self) -> str | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if not upload.name.lower().endswith(ALLOWED_UPLOADS):
            raise forms.ValidationError("Upload a .txt or .md file.")
        limit = settings.ARTICLE_MAX_CHARS * 4  # bytes: UTF-8 uses at most 4 per character
        if upload.size > limit:
            raise forms.ValidationError(f"The file is larger than {limit:,} bytes.")
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not UTF-8 text. Save it as UTF-8 and upload it again."
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("text") or "").strip()
        uploaded = data.get("upload")
        if text and uploaded:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        body = text or (uploaded or "").strip()
        if not body and not self.errors.get("upload"):
            raise forms.ValidationError("The article is empty: paste its text or upload a file.")
        if len(body) > settings.ARTICLE_MAX_CHARS:
            raise forms.ValidationError(
                f"The article has {len(body):,} characters; the limit is "
                f"{settings.ARTICLE_MAX_CHARS:,}."
            )
        data["body"] = body
        return data
