"""Articles, their translations (one per target language) and the translated segments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from newsapp.articles.text import word_count


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        TRANSLATING = "translating", _("Translating")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")

    title = models.CharField(max_length=300)
    #: The headline as its own segment (plain text); "" for articles from before it was
    #: separate, which keep segmenting as they did (no headline segment).
    headline = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    #: The wire dateline taken off the first paragraph ("WASHINGTON, Nov. 28 (Yonhap) --").
    dateline = models.CharField(max_length=200, blank=True)
    slug = models.CharField(max_length=200, blank=True)
    #: The body's plain text, paragraphs a blank line apart (the headline is not in it).
    source_text = models.TextField()
    #: One entry per paragraph of ``source_text``: {"kind", "level", "ordered", "depth"}
    #: (``newsapp.intake.model.Block`` without its text); [] means every one is a paragraph.
    blocks = models.JSONField(default=list, blank=True)
    #: What the story came in as ("text", "md", "docx", "html", "ninjs", "feed"…).
    source_format = models.CharField(max_length=16, blank=True)
    #: The source's own address or identifier (a ninjs uri, a feed item's link).
    source_uri = models.CharField(max_length=1000, blank=True)
    #: ``newsapp.intake.content_hash`` of the story: the same story arriving twice.
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    source_language = models.CharField(max_length=16)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_articles",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    #: Written by an editor who approved despite unresolved term violations.
    approval_override_reason = models.TextField(blank=True)
    #: Words in the source text (``text.word_count``), kept by ``save()`` for the list page.
    word_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="article_newest"),
            models.Index(fields=["author", "-created_at", "-id"], name="article_author_newest"),
            models.Index(fields=["status", "-created_at", "-id"], name="article_status_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column only (bulk writers call fill_word_count); rules live in services.
        self.fill_word_count()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "source_text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "word_count"}
        super().save(*args, **kwargs)

    def fill_word_count(self) -> Article:
        self.word_count = word_count(self.source_text)
        return self


class Translation(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

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
    #: Who holds the work now, and until when (see services.workflow.translation_claim).
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    #: Glossary compliance: expected / rendered / missed / forbidden / success_rate
    #: (glossary.checking.summarize), refreshed whenever segments change.
    compliance = models.JSONField(default=dict, blank=True)
    #: When the last wake-up was published to the broker; null if publishing failed.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    #: A retry after a transient engine error is scheduled for then (the sweeper waits).
    retry_at = models.DateTimeField(null=True, blank=True)
    #: The glossary version the term checks and ``compliance`` were computed against.
    glossary_version = models.PositiveIntegerField(default=0)
    #: The glossary changed since the machine translation in a way that would change it:
    #: "Re-run glossary" (or a written override) is needed before approval.
    glossary_changed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
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
    def term_status(self) -> str:
        """ "" when no glossary term was expected, else "ok" or "flagged"."""
        summary = self.compliance or {}
        if not summary.get("expected") and not summary.get("forbidden"):
            return ""
        return "flagged" if summary.get("missed") or summary.get("forbidden") else "ok"

    @property
    def percent(self) -> int:
        if not self.segments_total:
            return 0
        return round(100 * self.segments_done / self.segments_total)


class Segment(models.Model):
    class Kind(models.TextChoices):
        HEADLINE = "headline", _("Headline")
        HEADING = "heading", _("Heading")
        PARAGRAPH = "paragraph", _("Paragraph")
        LIST_ITEM = "list_item", _("List item")
        QUOTE = "quote", _("Quote")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        MACHINE = "machine", _("Machine")
        EDITED = "edited", _("Edited")
        CONFIRMED = "confirmed", _("Confirmed")

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="segments")
    order = models.PositiveIntegerField()
    paragraph_index = models.PositiveIntegerField()
    #: The kind of block the sentence belongs to (the headline is its own segment).
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PARAGRAPH)
    source = models.TextField()
    #: Whitespace that followed the sentence in the source (kept for faithful re-assembly).
    separator = models.CharField(max_length=16, blank=True, default=" ")
    machine_text = models.TextField(blank=True)
    target_text = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    #: Term checks of the current target text (glossary.checking.SegmentReport.as_json).
    term_checks = models.JSONField(default=dict, blank=True)
    #: Fact checks of the current target text (newsapp.qa.QAIssue.to_dict each).
    qa_issues = models.JSONField(default=list, blank=True)
    #: QA issues a person dismissed for this sentence: {code, values, reason, by, at}.
    qa_dismissed = models.JSONField(default=list, blank=True)
    #: Open problems: a missed, wrongly inflected or forbidden term, or a QA error.
    flagged = models.BooleanField(default=False)
    #: How many of ``qa_issues`` are open (not dismissed), errors and warnings: the editor's
    #: "flagged" filter and "next flagged" stop at a sentence with any (``services.checks``).
    qa_open = models.PositiveSmallIntegerField(default=0)
    #: Where the machine text came from: the engine, or an exact translation-memory match.
    origin = models.CharField(
        max_length=8,
        choices=[("mt", _("Machine translation")), ("tm", _("Translation memory"))],
        default="mt",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "order"], name="one_segment_per_order")
        ]
        #: The article list's "has problems" filter and per-translation flag counts.
        indexes = [
            models.Index(fields=["translation"], condition=Q(flagged=True), name="segment_flagged")
        ]

    def __str__(self) -> str:
        return f"{self.translation_id}#{self.order}"

    @property
    def is_human(self) -> bool:
        return self.state in (self.State.EDITED, self.State.CONFIRMED)

    @property
    def state_label(self) -> str:
        """The state as pages name it: machine text that came from memory says "Memory"."""
        if self.state == self.State.MACHINE and self.origin == "tm":
            return pgettext("segment state", "Memory")
        return str(self.get_state_display())


class SegmentRevision(models.Model):
    """A previous (or the current) text of a segment: machine output, each edit, who, when."""

    class Kind(models.TextChoices):
        MACHINE = "machine", _("Machine translation")
        MEMORY = "memory", _("Translation memory")
        EDIT = "edit", _("Edited")
        CONFIRM = "confirm", _("Confirmed")
        RETRANSLATE = "retranslate", _("Re-translated")
        ENFORCEMENT = "enforcement", _("Glossary re-run")
        IMPORT = "import", _("Imported (XLIFF)")

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    text = models.TextField()
    state = models.CharField(max_length=16, choices=Segment.State.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("segment revision")
        verbose_name_plural = _("segment revisions")
        ordering = ["segment", "-version", "-id"]
        indexes = [models.Index(fields=["segment", "-version"], name="revision_latest")]

    def __str__(self) -> str:
        return f"{self.segment_id} v{self.version} ({self.kind})"


class MTCacheEntry(models.Model):
    """A machine translation with the glossary enforced, by content: the same sentence, pair,
    engine (package and settings) and applicable glossary entries give the same output, so
    wire copy that repeats itself (bylines, standard background paragraphs, re-issued stories)
    is not translated twice. See ``services.mtcache``."""

    #: sha256 over the engine fingerprint, pair, sentence and the glossary entries it needs.
    key = models.CharField(max_length=64, unique=True)
    engine = models.CharField(max_length=32)
    source_language = models.CharField(max_length=16)
    target_language = models.CharField(max_length=16)
    text = models.TextField()
    #: The enforcer's term report for the output (glossary.checking.SegmentReport.as_json).
    report = models.JSONField(default=dict)
    truncated = models.BooleanField(default=False)
    hits = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("machine translation cache entry")
        verbose_name_plural = _("machine translation cache entries")
        indexes = [models.Index(fields=["used_at"], name="mtcache_used")]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.text[:40]}"


class LanguagePackUpload(models.Model):
    """An ``.argosmodel`` uploaded on the language-packs page and installed by a background
    task (``services.langpacks``). Its Meta carries the permission to manage packs."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        INSTALLING = "installing", _("Installing")
        INSTALLED = "installed", _("Installed")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    size = models.BigIntegerField(default=0)
    #: Where the upload waits, inside ARGOS_PACKAGES_DIR/.uploads/; emptied once it is done.
    path = models.CharField(max_length=1000, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    #: Percent of the archive extracted.
    progress = models.PositiveSmallIntegerField(default=0)
    #: The validator's or installer's message when it failed; the pair when it succeeded.
    message = models.TextField(blank=True)
    source_language = models.CharField(max_length=16, blank=True)
    target_language = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("language pack upload")
        verbose_name_plural = _("language pack uploads")
        ordering = ["-created_at", "-id"]
        permissions = [("manage_langpacks", _("Can install and remove language packs"))]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.INSTALLING)


class SegmentComment(models.Model):
    """One message in a sentence's discussion between translator and editor; ``mentions``
    holds the usernames of the desk users it @mentions (each told by a ``segment.mentioned``
    event)."""

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    text = models.TextField()
    mentions = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("segment comment")
        verbose_name_plural = _("segment comments")
        ordering = ["segment", "created", "id"]
        indexes = [models.Index(fields=["segment", "created"], name="segment_comment_thread")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on segment {self.segment_id}"
