"""Input validation for the token and webhook pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from newsapp.api.services.webhooks import WEBHOOK_EVENTS
from newsapp.core.forms import CleanTextForm


class TokenForm(CleanTextForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use it, e.g. “CMS export” or “wire ingest”."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        empty_value=None,
        choices=[],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        limit = settings.API_TOKEN_MAX_DAYS
        days = [d for d in (7, 30, 90, 365) if not limit or d <= limit]
        choices: list[tuple[str, str]] = [
            (str(d), ngettext("%(days)s day", "%(days)s days", d) % {"days": d}) for d in days
        ]
        if not limit:
            choices.append(("", gettext("Never")))
        field = self.fields["expires_in_days"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices
        field.required = bool(limit)
        field.initial = "90" if "90" in dict(choices) else choices[0][0]


#: What each event means, for people (the services' ``WEBHOOK_EVENTS`` says it in English).
EVENT_MEANINGS = {
    "translation.done": _("A translation finished."),
    "translation.failed": _("A translation failed."),
    "article.approved": _("An editor approved an article."),
    "term.proposed": _("A glossary term was proposed."),
    "term.approved": _("An editor approved a glossary term."),
}


def event_choices() -> list[tuple[str, str]]:
    """The events and what they mean (the page shows each event's name before it, as code)."""
    return [
        (name, str(EVENT_MEANINGS.get(name, meaning))) for name, meaning in WEBHOOK_EVENTS.items()
    ]


class WebhookForm(CleanTextForm):
    url = forms.URLField(
        label=_("Address"), max_length=500, assume_scheme="https",
        help_text=_("Events are POSTed here as signed JSON."),
    )  # fmt: skip
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=event_choices, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
