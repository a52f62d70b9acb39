from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

#: Language names in the reader's language (the header's switcher names each in its own).
LANGUAGE_NAMES = {"en": _("English"), "ko": _("Korean")}

#: Offered first in the time zone list: where a Korean newsroom and its bureaus work.
COMMON_ZONES = ["Asia/Seoul", "UTC", "Asia/Tokyo", "Europe/London", "America/New_York"]


def zone_choices() -> list[tuple[str, Any]]:
    rest = sorted(zoneinfo.available_timezones() - set(COMMON_ZONES))
    return [("", _("The desk's default"))] + [(z, z) for z in COMMON_ZONES + rest]


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Interface language"),
        required=False,
        help_text=_("“Follow my browser” uses the language your browser asks for."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Dates and times on every page are shown in this zone."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("Follow my browser"))] + [
            (code, LANGUAGE_NAMES.get(code, name)) for code, name in settings.LANGUAGES
        ]
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)
        zone.choices = zone_choices()


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)
