"""The glossary: concepts, their terms in each language, review and history.

Concept-based, like TBX: one ``Concept`` ("the UN Security Council") has ``Term`` rows in
any number of languages, so one entry serves every language pair in both directions.

Review happens per term: a term is *proposed*, then an editor *approves* or *rejects* it.
Only approved terms are matched and enforced. Editing an approved term does not change it
in place: the change is stored as a proposed ``Term`` row whose ``revision_of`` points at
the approved one, and approving that revision copies its fields onto the original (which
stays enforced meanwhile). "Live" terms are the rows with ``revision_of`` null.

``GlossaryVersion`` is one row whose ``version``/``stamp`` change whenever the approved
glossary changes (services bump it); every process compares it with the stamp its caches
were built from. Writes go through ``glossary.services`` only.
"""

from __future__ import annotations

import unicodedata
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _drops_mark(base: str) -> bool:
    """Accents are dropped only on Latin, Greek and Cyrillic letters (é→e, not ガ→カ)."""
    code = ord(base)
    return code < 0x0530 or 0x1E00 <= code <= 0x1FFF


def search_key(text: str) -> str:
    """Key for substring search: NFKD, accents dropped, casefolded, spaces collapsed.

    Hangul and kana are recomposed (NFC), so 평양 stays one syllable sequence and ガ ≠ カ.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    base = " "
    for char in decomposed:
        if unicodedata.combining(char):
            if _drops_mark(base):
                continue
        else:
            base = char
        kept.append(char)
    folded = unicodedata.normalize("NFC", "".join(kept)).casefold()
    return " ".join(folded.split())


def term_key(text: str) -> str:
    """Identity of a term within a language (uniqueness): NFKC, casefolded, spaces collapsed.

    Accents are kept: "résumé" and "resume" are different words.
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class Concept(models.Model):
    definition = models.TextField(blank=True, help_text="What the concept is; a note for editors.")
    subject = models.CharField(
        max_length=100, blank=True, help_text='Subject field, e.g. "defense", "diplomacy".'
    )
    external_url = models.URLField(max_length=500, blank=True, verbose_name=_("external reference"))
    #: Headword shown in lists and used for ordering: the first approved preferred term,
    #: English first (kept up to date by the services).
    label = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label", "id"]
        indexes = [
            models.Index(fields=["label", "id"], name="concept_label"),
            models.Index(fields=["subject", "label", "id"], name="concept_subject"),
        ]

    def __str__(self) -> str:
        return self.label or gettext("Concept #%(id)s") % {"id": self.pk}


class Term(models.Model):
    class Usage(models.TextChoices):
        PREFERRED = "preferred", _("Preferred")
        ADMITTED = "admitted", _("Admitted")
        FORBIDDEN = "forbidden", _("Forbidden")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class TermType(models.TextChoices):
        # TBX termType values: a person "John Kirby" (full form) is later "Kirby" (short form)
        FULL_FORM = "fullForm", _("Full form")
        SHORT_FORM = "shortForm", _("Short form")
        ACRONYM = "acronym", _("Acronym")
        ABBREVIATION = "abbreviation", _("Abbreviation")
        VARIANT = "variant", _("Variant")

    class PartOfSpeech(models.TextChoices):
        # TBX-Basic picklist values
        NONE = "", "—"
        NOUN = "noun", _("Noun")
        PROPER_NOUN = "properNoun", _("Proper noun")
        VERB = "verb", _("Verb")
        ADJECTIVE = "adjective", _("Adjective")
        ADVERB = "adverb", _("Adverb")
        OTHER = "other", _("Other")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="terms")
    language = models.CharField(max_length=16)
    text = models.CharField(max_length=200)
    #: term_key(text): identity within a language (uniqueness, import matching).
    key = models.CharField(max_length=200, editable=False)
    #: search_key(text): accent- and case-insensitive substring search.
    search_key = models.CharField(max_length=200, editable=False)
    usage = models.CharField(max_length=16, choices=Usage.choices, default=Usage.PREFERRED)
    case_sensitive = models.BooleanField(default=False)
    do_not_translate = models.BooleanField(
        default=False, help_text="Keep the source form in translations (brand names)."
    )
    part_of_speech = models.CharField(
        max_length=16, choices=PartOfSpeech.choices, blank=True, default=PartOfSpeech.NONE
    )
    term_type = models.CharField(
        max_length=16, choices=TermType.choices, default=TermType.FULL_FORM
    )
    #: How a Latin or digit term is read in Korean (NATO 나토, G7 지세븐), for particle
    #: agreement (NATO는); blank: the spelling rules decide.
    reading = models.CharField(max_length=100, blank=True)
    note = models.TextField(blank=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    proposed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    #: The document the proposal came from (a selection on an article page), if any: a plain
    #: reference (``glossary.sources.SourceRef``), so the glossary depends on no other app.
    source_id = models.PositiveIntegerField(null=True, blank=True)
    source_title = models.CharField(max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    #: Set on a pending change to an approved term; null on live terms.
    revision_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )

    class Meta:
        ordering = ["language", "usage", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "key"],
                condition=Q(status="approved", usage="preferred", revision_of__isnull=True),
                name="one_approved_preferred_term_per_language",
            ),
            models.CheckConstraint(
                condition=~Q(revision_of__isnull=False, status="approved"),
                name="revisions_are_never_approved",
            ),
        ]
        indexes = [
            # Covering indexes for the list page's filters: a substring search scans
            # term_search alone; status and usage filters start from their own index.
            models.Index(
                fields=["search_key", "language", "status", "usage", "concept"],
                name="term_search",
            ),
            models.Index(fields=["usage", "language", "concept"], name="term_usage"),
            models.Index(fields=["language", "key"], name="term_key"),
            models.Index(fields=["status", "proposed_at", "id"], name="term_review_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"

    def save(self, *args: object, **kwargs: object) -> None:
        # Derived columns only; business rules live in glossary.services.
        self.fill_keys()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def fill_keys(self) -> Term:
        """Set the derived columns (bulk_create skips save(), so bulk writers call this)."""
        self.key = term_key(self.text)
        self.search_key = search_key(self.text)
        return self

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None


class ConceptHistory(models.Model):
    class Action(models.TextChoices):
        CONCEPT_PROPOSED = "concept_proposed", _("Concept proposed")
        CONCEPT_UPDATED = "concept_updated", _("Concept updated")
        TERM_PROPOSED = "term_proposed", _("Term proposed")
        TERM_UPDATED = "term_updated", _("Term edited")
        CHANGE_PROPOSED = "change_proposed", _("Change proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CHANGE_APPROVED = "change_approved", _("Change approved")
        CHANGE_REJECTED = "change_rejected", _("Change rejected")
        IMPORTED = "imported", _("Imported")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="history")
    term = models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(max_length=32, choices=Action.choices)
    summary = models.CharField(max_length=500)
    #: {"field": [old, new]} for edits.
    changes = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("concept history")
        indexes = [models.Index(fields=["concept", "-created_at"], name="history_by_concept")]

    def __str__(self) -> str:
        return self.summary


class GlossaryVersion(models.Model):
    """One row (pk=1); changes whenever the approved glossary changes."""

    version = models.PositiveBigIntegerField(default=0)
    #: Random per bump, so a version number reused after a rolled-back bump still differs.
    stamp = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"glossary v{self.version}"


class GlossaryChange(models.Model):
    """What one version bump changed: the concepts, and the term texts involved (before and
    after), so that translations checked against an older version can be re-checked where it
    matters and left alone elsewhere. ``everything``: unknown scope (re-check all)."""

    version = models.PositiveBigIntegerField(unique=True)
    concept_ids = models.JSONField(default=list)
    #: [[language, text], …]
    texts = models.JSONField(default=list)
    everything = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return f"glossary change v{self.version}"


class ImportStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    READY = "ready", _("Ready")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """An uploaded file between its preview and its confirmation.

    The content is kept here (not in the session: files can be larger than a cookie-backed
    session allows); confirming re-plans it and applies only if the plan's digest is still
    the one that was previewed.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        TBX = "tbx", "TBX"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=8, choices=Format.choices)
    content = models.TextField()
    approve = models.BooleanField(default=False)
    plan_digest = models.CharField(max_length=64)
    applied_at = models.DateTimeField(null=True, blank=True)
    #: Where the batch is: a large file is planned (and applied) by a background task.
    status = models.CharField(max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.READY)  # fmt: skip
    #: Rows (CSV lines, TBX entries) counted at upload, before parsing.
    rows = models.PositiveIntegerField(default=0)
    #: Percent of the background planning or applying done.
    progress = models.PositiveSmallIntegerField(default=0)
    #: Why planning or applying failed, or why the plan was renewed (shown on the preview).
    error = models.TextField(blank=True)
    #: The same as a msgid and its parameters (glossary.texts), shown in the reader's language.
    error_text = models.JSONField(default=dict, blank=True)
    #: {"create": n, "update": n, "unchanged": n, "refuse": n} of the stored plan.
    counts = models.JSONField(default=dict, blank=True)
    #: Whether the plan was made with an editor's rights (concept changes allowed).
    concept_edits = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"


class ImportPlanRow(models.Model):
    """One row of a batch's stored plan: the preview pages these, and never re-plans."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="plan_rows")
    position = models.PositiveIntegerField()
    where = models.CharField(max_length=120)
    action = models.CharField(max_length=12)
    label = models.CharField(max_length=300, blank=True)
    concept_id = models.IntegerField(null=True, blank=True)
    #: new_terms, changed_terms, concept_changes, held_back, subject, reason.
    detail = models.JSONField(default=dict)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="import_plan_row_unique"),
        ]
        indexes = [models.Index(fields=["batch", "action", "position"])]

    def __str__(self) -> str:
        return f"{self.where}: {self.action}"


# --- Term candidates from incoming copy (docs/glossary.md, "Candidates") -----------------


class TermCandidate(models.Model):
    """A name or term that incoming copy contains and the glossary lacks, for editors to clear.

    One row per (language, ``glossary.candidates.candidate_key(text)``), across articles:
    each article it was seen in is a ``CandidateOccurrence``; renderings to choose from are
    ``CandidateSuggestion`` rows. Accepting makes a concept; dismissing adds the text to the
    ignore list (``IgnoredTerm``), so later copy never proposes it again.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DISMISSED = "dismissed", _("Dismissed")

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        PLACE = "place", _("Place")
        TITLE = "title", _("Title")
        ACRONYM = "acronym", _("Acronym")
        OTHER = "other", _("Other")

    language = models.CharField(max_length=16)
    text = models.CharField(max_length=200)
    #: candidate_key(text): U.N. = UN, case-insensitive.
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    #: Mentions and articles over every occurrence (kept up to date by the services).
    mentions = models.PositiveIntegerField(default=0)
    articles = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    #: An acronym's long form, or a long form's acronym, as the copy linked them.
    expansion = models.CharField(max_length=200, blank=True)
    acronym = models.CharField(max_length=200, blank=True)
    #: Later, shorter mentions counted with it ("Kirby" for "John Kirby").
    short_forms = models.JSONField(default=list, blank=True)
    #: How the copy wrote it with a title: ["Press Secretary", "John Kirby"].
    parts = models.JSONField(default=list, blank=True)
    #: The concept it became (accepted), or was proposed as from an article (still open).
    concept = models.ForeignKey(
        Concept, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidates"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen", "id"]
        constraints = [
            models.UniqueConstraint(fields=["language", "key"], name="one_candidate_per_key")
        ]
        indexes = [
            models.Index(fields=["status", "-last_seen", "id"], name="candidate_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"


class CandidateOccurrence(models.Model):
    """Where a candidate was seen: one row per source document (an article), with its
    sentences for keyword-in-context. The source is a plain reference, like ``Term.source_*``."""

    candidate = models.ForeignKey(
        TermCandidate, on_delete=models.CASCADE, related_name="occurrences"
    )
    source_id = models.PositiveIntegerField()
    source_title = models.CharField(max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    count = models.PositiveIntegerField(default=1)
    #: Up to three sentences where it occurs, in order.
    sentences = models.JSONField(default=list, blank=True)
    seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "source_id"], name="one_occurrence_per_source"
            )
        ]
        indexes = [models.Index(fields=["source_id"], name="occurrence_source")]

    def __str__(self) -> str:
        return f"{self.candidate} in #{self.source_id}"


class CandidateSuggestion(models.Model):
    """A suggested rendering of a candidate in a target language, and where it came from."""

    class Origin(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed translations")
        MEMORY = "memory", _("Translation memory")
        ENGINE = "engine", _("Engine, the term alone")
        SENTENCE = "sentence", _("Engine, in its sentence")

    #: Best first: what people confirmed, then the memory, then the engine on the term alone
    #: (a name's cleanest rendering), then what alignment found in its sentence.
    RANK: ClassVar[dict[str, int]] = {"confirmed": 0, "memory": 1, "engine": 2, "sentence": 3}

    candidate = models.ForeignKey(
        TermCandidate, on_delete=models.CASCADE, related_name="suggestions"
    )
    language = models.CharField(max_length=16)
    #: The rendering; "" when it could not be found in a sentence (see ``detail``).
    text = models.CharField(max_length=200, blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices)
    #: The evidence: the sentence output, the memory entry, how often people used it.
    detail = models.CharField(max_length=500, blank=True)
    engine = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "language", "origin", "text"], name="one_suggestion_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.language}: {self.text or self.detail[:40]}"

    @property
    def rank(self) -> int:
        return self.RANK.get(self.origin, 9)


class CandidateScan(models.Model):
    """That a source document was searched for candidates, and when (the article panel shows
    "looking for new names…" until it is there)."""

    source_id = models.PositiveIntegerField(unique=True)
    language = models.CharField(max_length=16)
    scanned_at = models.DateTimeField()
    found = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"#{self.source_id}: {self.found} candidates"


class IgnoredTerm(models.Model):
    """The ignore list: texts editors dismissed; extraction never proposes them again."""

    language = models.CharField(max_length=16)
    text = models.CharField(max_length=200)
    key = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "key"]
        constraints = [
            models.UniqueConstraint(fields=["language", "key"], name="one_ignored_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"
