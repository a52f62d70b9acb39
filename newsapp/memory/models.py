"""Translation memory: confirmed (or imported) sentence pairs, one per source and language pair.

The exact-match key is the SHA-256 of the *normalised* source (``normalise``: Unicode NFC,
whitespace collapsed, ends stripped; case is kept, since "US" and "us" are different
sentences), so "The  UN said." and "The UN said." are one entry. A fixed-length key fits
any sentence in a unique index (a long sentence would overflow a PostgreSQL B-tree entry).
``source_length`` is the length of the normalised source: the fuzzy matcher reads only a
length window around the query (``selectors.fuzzy_matches``).

Languages are stored as base codes ("en-US" and "en_us" are "en"): the desk's engines and
articles use base codes, and TMX files from CAT tools usually carry regions.
"""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalise(text: str) -> str:
    """Whitespace-insensitive form of a sentence (NFC; case is significant)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def source_key(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


class TMEntry(models.Model):
    class Origin(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed on the desk")
        IMPORTED = "imported", _("Imported (TMX)")

    source_text = models.TextField()
    target_text = models.TextField()
    source_language = models.CharField(max_length=16)
    target_language = models.CharField(max_length=16)
    #: sha256 of normalise(source_text): the exact-match key.
    source_key = models.CharField(max_length=64)
    #: len(normalise(source_text)): bounds the fuzzy matcher's candidates.
    source_length = models.PositiveIntegerField()
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.CONFIRMED)
    #: The article whose confirmation last wrote this entry (none for imports).
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tm_entries",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory entries")
        constraints = [
            # Its index also serves every lookup by language pair (exact_matches).
            models.UniqueConstraint(
                fields=["source_language", "target_language", "source_key"],
                name="tm_one_entry_per_source",
            )
        ]
        indexes = [
            models.Index(
                fields=["source_language", "target_language", "source_length"],
                name="tm_fuzzy_window",
            ),
            models.Index(fields=["-updated_at", "-id"], name="tm_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.source_text[:60]}"


class TMEntryChange(models.Model):
    """Every change to a memory entry: who, when, what it said before and after."""

    class Action(models.TextChoices):
        CONFIRMED = "confirmed", _("Recorded from a confirmed sentence")
        IMPORTED = "imported", _("Imported (TMX)")
        EDITED = "edited", _("Edited on the memory page")
        DELETED = "deleted", _("Deleted")

    #: Null once the entry is deleted (the change stays, with its texts).
    entry = models.ForeignKey(
        TMEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    source_language = models.CharField(max_length=16)
    target_language = models.CharField(max_length=16)
    source_text = models.TextField()
    target_before = models.TextField(blank=True)
    target_after = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["entry", "-created_at"], name="tm_change_entry")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.source_text[:40]}"
