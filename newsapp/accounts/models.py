"""A user's own settings: the interface language and the time zone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    #: Empty: follow the browser (the language cookie, then Accept-Language).
    language = models.CharField(_("language"), max_length=10, blank=True)
    #: An IANA zone name; empty: the desk's default (settings.TIME_ZONE).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self) -> str:
        return f"{self.user} ({self.language or '-'}, {self.time_zone or '-'})"
