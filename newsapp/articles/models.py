"""Articles, their translations (one per target language) and the translated segments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Article(models.Model):
    title = models.CharField(max_length=300)
    source_text = models.TextField()
    source_language = models.CharField(max_length=16)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="article_newest")]

    def __str__(self) -> str:
        return self.title


class Translation(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    target_language = models.CharField(max_length=16)
    #: The engine requested ("" = best available) and the one actually used.
    requested_engine = models.CharField(max_length=32, blank=True)
    engine = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    segments_done = models.PositiveIntegerField(default=0)
    segments_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    #: Who holds the work now, and until when (see services.translation_claim).
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    #: When the last wake-up was published to the broker; null if publishing failed.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["target_language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target_language"], name="one_translation_per_language"
            ),
            models.CheckConstraint(
                condition=Q(segments_done__lte=models.F("segments_total")),
                name="progress_within_total",
            ),
        ]
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="translation_sweep")]

    def __str__(self) -> str:
        return f"{self.article} → {self.target_language}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def percent(self) -> int:
        if not self.segments_total:
            return 0
        return round(100 * self.segments_done / self.segments_total)


class Segment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        MACHINE = "machine", "Machine"
        EDITED = "edited", "Edited"
        CONFIRMED = "confirmed", "Confirmed"

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="segments")
    order = models.PositiveIntegerField()
    paragraph_index = models.PositiveIntegerField()
    source = models.TextField()
    #: Whitespace that followed the sentence in the source (kept for faithful re-assembly).
    separator = models.CharField(max_length=16, blank=True, default=" ")
    machine_text = models.TextField(blank=True)
    target_text = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "order"], name="one_segment_per_order")
        ]

    def __str__(self) -> str:
        return f"{self.translation_id}#{self.order}"

    @property
    def is_human(self) -> bool:
        return self.state in (self.State.EDITED, self.State.CONFIRMED)
