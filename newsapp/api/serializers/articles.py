"""Articles, translations, segments: what the API accepts and returns."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from glossary.checking import SegmentReport
from newsapp.articles import exports
from newsapp.articles.forms import ArticleForm
from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
from newsapp.articles.services import intake
from newsapp.core.errors import ServiceError


class TranslationSummarySerializer(serializers.ModelSerializer[Translation]):
    percent = serializers.IntegerField(read_only=True, help_text="Sentences translated, 0–100.")
    term_status = serializers.CharField(
        read_only=True, help_text='"" (no glossary term expected), "ok" or "flagged".'
    )
    compliance = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Translation
        fields = [
            "id", "url", "target_language", "status", "engine", "requested_engine",
            "segments_done", "segments_total", "percent", "term_status", "compliance", "error",
            "attempts", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "description": "Glossary compliance: expected, rendered, missed, forbidden, "
            "fallbacks, flagged_segments, success_rate (empty before the first batch).",
            "additionalProperties": {"type": "number"},
        }
    )
    def get_compliance(self, translation: Translation) -> dict[str, Any]:
        return dict(translation.compliance or {})

    def get_url(self, translation: Translation) -> str:
        return reverse("api:translation-detail", args=[translation.pk])


class ArticleSerializer(serializers.ModelSerializer[Article]):
    author = serializers.CharField(source="author.username", read_only=True)
    approved_by = serializers.SerializerMethodField()
    translations = TranslationSummarySerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "url", "title", "source_language", "status", "author", "created_at",
            "updated_at", "approved_by", "approved_at", "approval_override_reason",
            "translations",
        ]  # fmt: skip
        read_only_fields = fields

    def get_approved_by(self, article: Article) -> str | None:
        return article.approved_by.get_username() if article.approved_by_id else None  # type: ignore[union-attr]

    def get_url(self, article: Article) -> str:
        return reverse("api:article-detail", args=[article.pk])


class ArticleDetailSerializer(ArticleSerializer):
    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "source_text"]
        read_only_fields = fields


class ArticleCreateSerializer(serializers.Serializer):
    """One of ``text``, ``file`` (multipart, .txt/.md) or ``ninjs`` (an IPTC ninjs item),
    checked by the same form, with the same limits, as the page."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False,
        help_text=f"The article's text (at most {settings.ARTICLE_MAX_CHARS:,} characters).",
    )  # fmt: skip
    file = serializers.FileField(
        required=False, help_text="Multipart only: a UTF-8 .txt or .md file."
    )
    ninjs = serializers.JSONField(
        required=False,
        help_text="An IPTC ninjs item (an object, or its JSON text): headline, body and "
        "language are read from it.",
    )
    source_language = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=16,
        help_text='A language code, or "detect" (the default, unless the ninjs item names one).',
    )  # fmt: skip
    target_languages = serializers.ListField(
        child=serializers.CharField(max_length=16), min_length=1, max_length=50
    )
    engine = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=32,
        help_text="An engine name (GET /api/v1/engines/); empty: the best available.",
    )  # fmt: skip

    _FORM_FIELDS = {"upload": "file", "__all__": "non_field_errors"}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in ("text", "file", "ninjs") if attrs.get(name) not in (None, "")]
        if len(given) != 1:
            raise serializers.ValidationError("Send exactly one of text, file or ninjs.")
        title, text = attrs.get("title", ""), attrs.get("text", "")
        source_language = attrs.get("source_language", "")
        story_fields: dict[str, str] = {}
        if "ninjs" in given:
            item = attrs["ninjs"]
            try:
                story = intake.ninjs_story(data=item if isinstance(item, str) else json.dumps(item))
            except ServiceError as exc:
                raise serializers.ValidationError({"ninjs": [str(exc)]}) from None
            # The whole story (headings, lists, byline, slug), as the intake form carries it.
            title, text = title or story.title, ""
            read = intake.document_from_json(story.document)
            story_fields = {"document": story.document, "byline": read.byline[:300],
                            "dateline": read.dateline[:200], "slug": read.slug[:200],
                            "source_format": "ninjs"}  # fmt: skip
            source_language = source_language or story.language
        data = {
            **story_fields,
            "title": title,
            "text": text,
            "source_language": source_language or "detect",
            "target_languages": attrs["target_languages"],
            "engine": attrs.get("engine", ""),
        }
        form = ArticleForm(data, {"upload": attrs["file"]} if "file" in given else None)
        if not form.is_valid():
            raise serializers.ValidationError(
                {self._FORM_FIELDS.get(name, name): [str(m) for m in messages]
                 for name, messages in form.errors.items()}
            )  # fmt: skip
        return dict(form.cleaned_data)


class ArticleFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Article.Status.choices, required=False)
    source_language = serializers.CharField(required=False, max_length=16)
    target_language = serializers.CharField(
        required=False, max_length=16, help_text="Articles with a translation into this language."
    )
    author = serializers.CharField(required=False, max_length=150, help_text="A user name.")
    created_after = serializers.DateTimeField(required=False, help_text="Inclusive.")
    created_before = serializers.DateTimeField(required=False, help_text="Exclusive.")
    search = serializers.CharField(
        required=False, max_length=200, help_text="Words that must all appear in title or text."
    )


class ApproveSerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000,
        help_text="Required while glossary problems remain: why it may be approved anyway.",
    )  # fmt: skip


class ProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    edited = serializers.IntegerField()
    machine = serializers.IntegerField()
    pending = serializers.IntegerField()
    flagged = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Confirmed sentences, 0–100.")


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    source_language = serializers.CharField()
    status = serializers.ChoiceField(choices=Article.Status.choices)


class TranslationDetailSerializer(TranslationSummarySerializer):
    article = ArticleRefSerializer(read_only=True)
    progress = serializers.SerializerMethodField()
    exports = serializers.SerializerMethodField()

    class Meta(TranslationSummarySerializer.Meta):
        fields = [*TranslationSummarySerializer.Meta.fields, "article", "progress", "exports"]
        read_only_fields = fields

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, translation: Translation) -> dict[str, int]:
        progress = self.context["progress"]
        return {
            "total": progress.total, "confirmed": progress.confirmed, "edited": progress.edited,
            "machine": progress.machine, "pending": progress.pending,
            "flagged": progress.flagged, "percent": progress.percent,
        }  # fmt: skip

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "string"},
         "description": "Download address per export format."}
    )  # fmt: skip
    def get_exports(self, translation: Translation) -> dict[str, str]:
        return {
            fmt: reverse("api:translation-export", args=[translation.pk, fmt])
            for fmt in exports.FORMATS
        }


class TermCheckSerializer(serializers.Serializer):
    concept_id = serializers.IntegerField()
    source = serializers.CharField(help_text="The term as written in the source sentence.")  # type: ignore[assignment]
    expected = serializers.CharField(help_text="The approved rendering.")
    rendered = serializers.BooleanField()
    method = serializers.CharField(help_text="placeholder, fallback, present or missed.")
    problem = serializers.CharField(allow_blank=True)


class TermChecksSerializer(serializers.Serializer):
    checks = TermCheckSerializer(many=True)
    forbidden = serializers.ListField(child=serializers.CharField())
    fallback = serializers.BooleanField()
    flagged = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())


class SegmentSerializer(serializers.ModelSerializer[Segment]):
    term_checks = serializers.SerializerMethodField()
    qa_issues = serializers.SerializerMethodField()

    class Meta:
        model = Segment
        fields = [
            "id", "translation", "order", "paragraph_index", "source", "target_text",
            "machine_text", "state", "origin", "version", "flagged", "term_checks",
            "qa_issues", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(TermChecksSerializer)
    def get_term_checks(self, segment: Segment) -> dict[str, Any]:
        return SegmentReport.from_json(segment.term_checks).as_json()

    @extend_schema_field(
        {"type": "array", "items": {"type": "object"}, "nullable": True,
         "description": "Reserved for the QA module's issues (numbers, dates); null until "
                        "QA issues are stored on segments."}
    )  # fmt: skip
    def get_qa_issues(self, segment: Segment) -> list[dict[str, Any]] | None:
        return None


class SegmentUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(trim_whitespace=False, max_length=20_000)
    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version the text was written against (409 if stale).",
    )
    confirm = serializers.BooleanField(default=False, help_text="Confirm the sentence too.")


class SegmentVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class SegmentRetranslateSerializer(SegmentVersionSerializer):
    overwrite_confirmed = serializers.BooleanField(
        default=False,
        help_text="Re-translate a sentence a person confirmed (refused with 400 without it).",
    )


class SegmentConflictSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    current = SegmentSerializer(help_text="The segment as it is now.")


class RevisionSerializer(serializers.ModelSerializer[SegmentRevision]):
    author = serializers.SerializerMethodField()

    class Meta:
        model = SegmentRevision
        fields = ["version", "text", "state", "kind", "author", "created_at"]
        read_only_fields = fields

    def get_author(self, revision: SegmentRevision) -> str | None:
        return revision.author.get_username() if revision.author_id else None  # type: ignore[union-attr]


EXPORT_TYPES = {fmt: content_type for fmt, (_, content_type, _) in exports.FORMATS.items()}
OpenApiBinary = OpenApiTypes.BINARY
