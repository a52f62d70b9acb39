"""A subscribed feed and the items it delivered (one entry per item per feed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsapp.feeds import texts


class Feed(models.Model):
    url = models.URLField(max_length=1000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    #: A language code, or "detect"; an item that names its own language wins.
    source_language = models.CharField(max_length=16, default="detect")
    target_languages = models.JSONField(default=list)
    #: New items become articles (and are translated) at once; else they wait on the page.
    auto_translate = models.BooleanField(default=True)
    paused = models.BooleanField(default=False)
    interval_minutes = models.PositiveIntegerField(default=15)
    #: Conditional GET validators from the last answer.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    #: A poll holds the feed until then (one poll of a feed at a time); null when free.
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    #: "ok", "not_modified" or "error" (newsapp.intake.feeds.FeedResult.status).
    last_status = models.CharField(max_length=16, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    #: The articles created from the feed are this editor's.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feeds"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "url"]
        indexes = [models.Index(fields=["paused", "next_poll_at"], name="feed_due")]

    def __str__(self) -> str:
        return self.title or self.url

    @property
    def last_error_text(self) -> str:
        """The last error (or warning) in the active language when it is a known one."""
        return texts.localised(self.last_error)

    @property
    def last_status_label(self) -> str:
        return texts.status_label(self.last_status)


class FeedEntry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("Waiting")
        ARTICLE = "article", _("Article created")
        DUPLICATE = "duplicate", _("Duplicate")
        FAILED = "failed", _("Failed")

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="entries")
    #: The item's guid / Atom id (else its link, else a hash), unique within the feed.
    item_id = models.CharField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    link = models.URLField(max_length=1000, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    #: The item as read (``services.intake.document_json``), to create its article later.
    document = models.TextField(blank=True)
    has_full_text = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    #: Why it failed, or what it duplicates.
    note = models.TextField(blank=True)
    article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "item_id"], name="one_entry_per_item")
        ]

    def __str__(self) -> str:
        return self.title or self.item_id

    @property
    def note_text(self) -> str:
        """The note in the active language when it is a known one."""
        return texts.localised(self.note)
