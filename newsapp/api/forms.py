"""Input validation for the token and webhook pages."""

from __future__ import annotations

from django import forms
from django.conf import settings

from newsapp.api.services.webhooks import WEBHOOK_EVENTS
from newsapp.core.forms import CleanTextForm


class TokenForm(CleanTextForm):
    name = forms.CharField(
        max_length=100, help_text="What will use it, e.g. “CMS export” or “wire ingest”."
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        empty_value=None,
        choices=[],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limit = settings.API_TOKEN_MAX_DAYS
        days = [d for d in (7, 30, 90, 365) if not limit or d <= limit]
        choices: list[tuple[str, str]] = [(str(d), f"{d} days") for d in days]
        if not limit:
            choices.append(("", "Never"))
        field = self.fields["expires_in_days"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices
        field.required = bool(limit)
        field.initial = "90" if "90" in dict(choices) else choices[0][0]


class WebhookForm(CleanTextForm):
    url = forms.URLField(
        label="Address", max_length=500, assume_scheme="https",
        help_text="Events are POSTed here as signed JSON.",
    )  # fmt: skip
    description = forms.CharField(max_length=200, required=False)
    events = forms.MultipleChoiceField(
        choices=[(name, f"{name}: {meaning}") for name, meaning in WEBHOOK_EVENTS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    active = forms.BooleanField(required=False, initial=True)
