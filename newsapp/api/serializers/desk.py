"""Memory lookup and entries, engines and language pairs, synchronous translation."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from newsapp.memory.models import TMEntry


class MemoryLookupSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text="One sentence.")
    source_language = serializers.CharField(max_length=16)
    target_language = serializers.CharField(max_length=16)
    threshold = serializers.FloatField(
        min_value=0, max_value=100, default=75.0, help_text="Lowest fuzzy score (0–100)."
    )
    limit = serializers.IntegerField(min_value=1, max_value=20, default=5)


class FuzzyMatchSerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]
    target = serializers.CharField()
    score = serializers.FloatField(help_text="rapidfuzz ratio of the normalised sources, 0–100.")


class MemoryLookupResultSerializer(serializers.Serializer):
    exact = serializers.CharField(allow_null=True, help_text="The stored translation, if any.")
    fuzzy = FuzzyMatchSerializer(many=True)


class MemoryEntrySerializer(serializers.ModelSerializer[TMEntry]):
    class Meta:
        model = TMEntry
        fields = ["id", "source_text", "target_text", "source_language", "target_language",
                  "origin", "article", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class MemoryFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200)
    source_language = serializers.CharField(required=False, max_length=16)
    target_language = serializers.CharField(required=False, max_length=16)


class EngineSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    pairs = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text="[source, target] pairs this engine translates now.",
    )


class LanguagePairSerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]
    target = serializers.CharField()
    engines = serializers.ListField(
        child=serializers.CharField(), help_text="In order of preference."
    )


class TranslateRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False,
        help_text="At most API_TRANSLATE_MAX_CHARS characters "
        f"({settings.API_TRANSLATE_MAX_CHARS:,} here).",
    )
    source = serializers.CharField(max_length=16)  # type: ignore[assignment]
    target = serializers.CharField(max_length=16)
    engine = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)

    def validate_text(self, text: str) -> str:
        limit = settings.API_TRANSLATE_MAX_CHARS
        if len(text) > limit:
            raise serializers.ValidationError(
                f"The text has {len(text):,} characters; this endpoint takes at most {limit:,} "
                "(submit longer texts as articles)."
            )
        if not text.strip():
            raise serializers.ValidationError("The text is empty.")
        return text


class TermTallySerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]
    expected = serializers.CharField()
    occurrences = serializers.IntegerField()
    rendered = serializers.IntegerField()
    methods = serializers.DictField(child=serializers.IntegerField())


class FlaggedSentenceSerializer(serializers.Serializer):
    sentence = serializers.IntegerField(help_text="From 1.")
    source = serializers.CharField()  # type: ignore[assignment]
    reasons = serializers.ListField(child=serializers.CharField())


class ComplianceSerializer(serializers.Serializer):
    expected = serializers.IntegerField(help_text="Approved terms the sources contain.")
    rendered = serializers.IntegerField()
    missed = serializers.IntegerField()
    forbidden = serializers.IntegerField()
    fallbacks = serializers.IntegerField()
    flagged_segments = serializers.IntegerField()
    success_rate = serializers.FloatField(help_text="rendered / expected (1.0 when none).")


class TranslateReportSerializer(serializers.Serializer):
    engine = serializers.CharField()
    summary = ComplianceSerializer()
    terms = TermTallySerializer(many=True)
    flagged = FlaggedSentenceSerializer(many=True)


class TranslateResponseSerializer(serializers.Serializer):
    text = serializers.CharField()
    engine = serializers.CharField()
    report = TranslateReportSerializer()
