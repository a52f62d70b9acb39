"""Glossary concepts and terms, review, lookup, import and export."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from glossary.models import Concept, Term
from glossary.termdata import MAX_TERM_LENGTH, TermData


class TermSerializer(serializers.ModelSerializer[Term]):
    proposed_by = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    revision_of = serializers.IntegerField(
        source="revision_of_id", read_only=True, allow_null=True,
        help_text="Set on a pending change: the approved term it would change.",
    )  # fmt: skip

    class Meta:
        model = Term
        fields = [
            "id", "concept", "language", "text", "usage", "status", "case_sensitive",
            "do_not_translate", "part_of_speech", "term_type", "reading", "note",
            "proposed_by", "proposed_at", "reviewed_by", "reviewed_at", "review_comment",
            "source_title", "source_url", "revision_of",
        ]  # fmt: skip
        read_only_fields = fields

    def get_proposed_by(self, term: Term) -> str | None:
        return term.proposed_by.get_username() if term.proposed_by_id else None  # type: ignore[union-attr]

    def get_reviewed_by(self, term: Term) -> str | None:
        return term.reviewed_by.get_username() if term.reviewed_by_id else None  # type: ignore[union-attr]


class TermDataSerializer(serializers.Serializer):
    """What a term says (``glossary.termdata.TermData``); the services clean and check it."""

    language = serializers.CharField(max_length=16)
    text = serializers.CharField(max_length=MAX_TERM_LENGTH)
    usage = serializers.ChoiceField(choices=Term.Usage.choices, default=Term.Usage.PREFERRED)
    case_sensitive = serializers.BooleanField(default=False)
    do_not_translate = serializers.BooleanField(default=False)
    part_of_speech = serializers.ChoiceField(
        choices=Term.PartOfSpeech.choices, default="", allow_blank=True
    )
    term_type = serializers.ChoiceField(
        choices=Term.TermType.choices, default=Term.TermType.FULL_FORM
    )
    reading = serializers.CharField(max_length=100, default="", allow_blank=True)
    note = serializers.CharField(max_length=2000, default="", allow_blank=True)

    def term_data(self) -> TermData:
        return TermData(**self.validated_data)


class TermProposeSerializer(TermDataSerializer):
    approve = serializers.BooleanField(
        default=False, help_text="Editors only: write the term approved at once."
    )

    def term_data(self) -> TermData:
        data = {k: v for k, v in self.validated_data.items() if k != "approve"}
        return TermData(**data)


class ConceptSerializer(serializers.ModelSerializer[Concept]):
    terms = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    external_url = serializers.CharField(read_only=True, help_text="An http(s) URL, or empty.")

    class Meta:
        model = Concept
        fields = ["id", "url", "label", "definition", "subject", "external_url", "created_at",
                  "updated_at", "terms"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(TermSerializer(many=True))
    def get_terms(self, concept: Concept) -> list[dict[str, Any]]:
        terms = getattr(concept, "live_terms", None)
        if terms is None:
            terms = list(concept.terms.filter(revision_of__isnull=True))
        return list(TermSerializer(terms, many=True).data)

    def get_url(self, concept: Concept) -> str:
        return reverse("api:concept-detail", args=[concept.pk])


class ConceptCreateSerializer(serializers.Serializer):
    terms = TermDataSerializer(many=True, min_length=1, max_length=50)  # type: ignore[call-arg]
    definition = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    subject = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    external_url = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500
    )
    approve = serializers.BooleanField(
        default=False, help_text="Editors only: write the terms approved at once."
    )

    def term_data(self) -> list[TermData]:
        return [TermData(**item) for item in self.validated_data["terms"]]


class ConceptUpdateSerializer(serializers.Serializer):
    definition = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    subject = serializers.CharField(required=False, allow_blank=True, max_length=100)
    external_url = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ConceptFilterSerializer(serializers.Serializer):
    search = serializers.CharField(
        required=False, max_length=200, help_text="A part of any term (accents and case ignored)."
    )
    language = serializers.CharField(required=False, max_length=16)
    subject = serializers.CharField(required=False, max_length=100)
    status = serializers.ChoiceField(choices=Term.Status.choices, required=False)
    usage = serializers.ChoiceField(choices=Term.Usage.choices, required=False)


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


LOOKUP_MAX_CHARS = 20_000


class LookupRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=LOOKUP_MAX_CHARS, trim_whitespace=False)
    language = serializers.CharField(max_length=16, help_text="The text's language.")
    targets = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, default=list, max_length=20,
        help_text="Target languages whose renderings to give (none: every term, no renderings).",
    )  # fmt: skip


class RenderingSerializer(serializers.Serializer):
    language = serializers.CharField()
    term = serializers.CharField(allow_null=True, help_text="The approved preferred term.")
    do_not_translate = serializers.BooleanField()
    admitted = serializers.ListField(child=serializers.CharField())
    forbidden = serializers.ListField(child=serializers.CharField())


class LookupMatchSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField(help_text="As written in the text.")
    term = serializers.CharField(help_text="The glossary's spelling.")
    concept_id = serializers.IntegerField()
    term_id = serializers.IntegerField()
    usage = serializers.CharField()
    renderings = serializers.DictField(child=RenderingSerializer())


class LookupResponseSerializer(serializers.Serializer):
    matches = LookupMatchSerializer(many=True)


class ImportCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (one concept per row) or TBX, UTF-8, up to 20 MB.")
    approve = serializers.BooleanField(default=False, help_text="Editors only.")


class ImportPlanSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    filename = serializers.CharField()
    format = serializers.CharField()
    approve = serializers.BooleanField()
    applied = serializers.BooleanField()
    digest = serializers.CharField(help_text="Send it back to apply exactly this plan.")
    creates = serializers.IntegerField()
    updates = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    refused = serializers.ListField(
        child=serializers.CharField(), help_text="Why each refused row was refused."
    )
    status = serializers.ChoiceField(
        choices=["planning", "ready", "applying", "applied", "failed"],
        help_text="A large file is planned (and applied) in the background: poll until "
        "“ready” (or “applied”).",
    )
    progress = serializers.IntegerField(help_text="Percent of the background work done.")
    error = serializers.CharField(allow_blank=True)
    held_back = serializers.ListField(
        child=serializers.CharField(),
        help_text="Concept changes not applied: only editors can change a concept's "
        "definition, subject or URL.",
    )


class ImportApplySerializer(serializers.Serializer):
    digest = serializers.CharField(max_length=64)


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    terms_added = serializers.IntegerField()
    terms_changed = serializers.IntegerField()


class ExportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=[("csv", "CSV"), ("tbx", "TBX")], default="csv")
    lang = serializers.ListField(
        child=serializers.CharField(max_length=16), required=False, default=list,
        help_text="Languages to export (repeat the parameter); none: every language.",
    )  # fmt: skip
