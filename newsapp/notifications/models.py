"""A notification: something happened that its recipient cares about (see services)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsapp.notifications import texts


class Notification(models.Model):
    class Kind(models.TextChoices):
        TRANSLATION_DONE = "translation_done", _("Translation finished")
        TRANSLATION_FAILED = "translation_failed", _("Translation failed")
        TERM_APPROVED = "term_approved", _("Term approved")
        TERM_REJECTED = "term_rejected", _("Term rejected")
        ARTICLE_APPROVED = "article_approved", _("Article approved")
        ARTICLE_SENT_BACK = "article_sent_back", _("Article sent back")
        GLOSSARY_CHANGED = "glossary_changed", _("Glossary change")
        MENTIONED = "mentioned", _("Mentioned in a comment")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    #: The English text (rows written before ``params`` existed show it as it is).
    message = models.TextField()
    #: ``{"msgid": …, "args": {…}}``: the text again, to be shown in the reader's language.
    params = models.JSONField(default=dict, blank=True)
    #: A path on this site (the article, the concept), or "".
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.message[:60]}"

    @property
    def text(self) -> str:
        """The message in the active language (the stored English when not translatable)."""
        return texts.localised(self.params, self.message)

    @property
    def html(self) -> str:
        """``text`` for a page, its values marked as data (``translate="no"``)."""
        return texts.localised_html(self.params, self.message)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
