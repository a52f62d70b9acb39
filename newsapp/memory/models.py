"""Translation memory: confirmed (or imported) sentence pairs, one per source and language pair.

The exact-match key is the SHA-256 of the *normalised* source (``normalise``: Unicode NFC
after case folding, whitespace collapsed, ends stripped), so "The  UN said." and "the UN
said." are one entry. A fixed-length key fits any sentence in a unique index (a long
sentence would overflow a PostgreSQL B-tree entry). ``source_length`` is the length of the
normalised source: the fuzzy matcher reads only a length window around the query
(``selectors.fuzzy_matches``).

Languages are stored as base codes ("en-US" and "en_us" are "en"): the desk's engines and
articles use base codes, and TMX files from CAT tools usually carry regions.
"""

from __future__ import annotations

import hashlib
import unicodedata

from django.conf import settings
from django.db import models


def normalise(text: str) -> str:
    """Caseless, whitespace-insensitive form of a sentence (canonical caseless matching)."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())
    return " ".join(folded.split())


def source_key(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


class TMEntry(models.Model):
    class Origin(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed on the desk"
        IMPORTED = "imported", "Imported (TMX)"

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
        verbose_name = "translation memory entry"
        verbose_name_plural = "translation memory entries"
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
