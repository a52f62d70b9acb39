"""A notification: something happened that its recipient cares about (see services)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        TRANSLATION_DONE = "translation_done", "Translation finished"
        TRANSLATION_FAILED = "translation_failed", "Translation failed"
        TERM_APPROVED = "term_approved", "Term approved"
        TERM_REJECTED = "term_rejected", "Term rejected"
        ARTICLE_APPROVED = "article_approved", "Article approved"
        ARTICLE_SENT_BACK = "article_sent_back", "Article sent back"
        GLOSSARY_CHANGED = "glossary_changed", "Glossary change"
        MENTIONED = "mentioned", "Mentioned in a comment"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    message = models.TextField()
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
    def is_unread(self) -> bool:
        return self.read_at is None
