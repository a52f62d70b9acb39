"""Articles, translations, segments and exports."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from newsapp.api.permissions import Editor
from newsapp.api.serializers import articles as s
from newsapp.api.serializers.common import ErrorSerializer
from newsapp.api.views.listing import filtered_list
from newsapp.articles import exports
from newsapp.articles.selectors import articles as selectors
from newsapp.articles.selectors import editor as editor_selectors
from newsapp.articles.services import editing, intake, workflow
from newsapp.core.http import download


def _article_detail(pk: int) -> dict[str, Any]:
    return dict(s.ArticleDetailSerializer(selectors.article_get(pk=pk)).data)


class ArticleList(generics.GenericAPIView[Any]):
    serializer_class = s.ArticleSerializer

    @extend_schema(
        operation_id="articles_list",
        parameters=[s.ArticleFilterSerializer],
        responses=s.ArticleSerializer(many=True),
        tags=["articles"],
    )
    def get(self, request: Request) -> Response:
        return filtered_list(
            self,
            request,
            filters=s.ArticleFilterSerializer,
            search=selectors.article_search,
            serializer=s.ArticleSerializer,
        )

    @extend_schema(
        operation_id="articles_create",
        request={
            "application/json": s.ArticleCreateSerializer,
            "multipart/form-data": s.ArticleCreateSerializer,
        },
        responses={201: s.ArticleDetailSerializer},
        tags=["articles"],
        examples=[
            OpenApiExample(
                "Text",
                request_only=True,
                value={
                    "title": "Talks in Seoul",
                    "text": "The ministers met in Seoul.",
                    "source_language": "en",
                    "target_languages": ["ko"],
                },
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        form = s.ArticleCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        article = intake.article_create(
            author=request.user,  # type: ignore[arg-type]
            source_language=data["source_language"],
            target_languages=data["target_languages"],
            engine=data.get("engine") or "",
            **intake.form_story(data=data),
        )
        location = reverse("api:article-detail", args=[article.pk])
        return Response(
            _article_detail(article.pk), status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )  # fmt: skip


class ArticleDetail(APIView):
    @extend_schema(operation_id="articles_retrieve", responses=s.ArticleDetailSerializer,
                   tags=["articles"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(_article_detail(pk))


class ArticleApprove(APIView):
    permission_classes = [Editor]

    @extend_schema(operation_id="articles_approve", request=s.ApproveSerializer,
                   responses=s.ArticleDetailSerializer, tags=["articles"])  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        form = s.ApproveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        article = editor_selectors.article_approval_get(pk=pk)
        workflow.article_approve(
            article=article, user=request.user,
            override_reason=form.validated_data["override_reason"],
        )  # fmt: skip
        return Response(_article_detail(pk))


class ArticleSendBack(APIView):
    permission_classes = [Editor]

    @extend_schema(operation_id="articles_send_back", request=None,
                   responses=s.ArticleDetailSerializer, tags=["articles"])  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        article = editor_selectors.article_approval_get(pk=pk)
        workflow.article_send_back(article=article, user=request.user)
        return Response(_article_detail(pk))


def _translation_detail(pk: int) -> dict[str, Any]:
    translation = selectors.translation_get(pk=pk)
    progress = editor_selectors.translation_progress(translation_id=translation.pk)
    return dict(s.TranslationDetailSerializer(translation, context={"progress": progress}).data)


class TranslationDetail(APIView):
    @extend_schema(operation_id="translations_retrieve", responses=s.TranslationDetailSerializer,
                   tags=["translations"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(_translation_detail(pk))


class TranslationCancel(APIView):
    @extend_schema(
        operation_id="translations_cancel", request=None,
        responses={200: s.TranslationDetailSerializer, 409: ErrorSerializer},
        tags=["translations"],
        description="Cancel a queued or running translation (409 when it had finished).",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        translation = selectors.translation_get(pk=pk)
        if not workflow.translation_cancel(translation=translation):
            return _state_conflict("That translation had already finished.")
        return Response(_translation_detail(pk))


class TranslationRetry(APIView):
    @extend_schema(
        operation_id="translations_retry", request=None,
        responses={200: s.TranslationDetailSerializer, 409: ErrorSerializer},
        tags=["translations"],
        description="Queue a failed or cancelled translation again (409 otherwise).",
    )  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        translation = selectors.translation_get(pk=pk)
        if not workflow.translation_retry(translation=translation):
            return _state_conflict("Only failed or cancelled translations can be retried.")
        return Response(_translation_detail(pk))


def _state_conflict(message: str) -> Response:
    return Response(
        {"status": 409, "code": "conflict", "detail": message}, status=status.HTTP_409_CONFLICT
    )


class TranslationSegments(generics.GenericAPIView[Any]):
    serializer_class = s.SegmentSerializer

    @extend_schema(operation_id="translations_segments", responses=s.SegmentSerializer(many=True),
                   tags=["translations"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        translation = editor_selectors.editor_translation_get(pk=pk)
        page = self.paginate_queryset(selectors.translation_segments(translation=translation))
        return self.get_paginated_response(s.SegmentSerializer(page, many=True).data)


EXPORT_FORMAT = OpenApiParameter(
    "fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(exports.FORMATS),
    description="txt, md, html, docx, ninjs (IPTC ninjs 2.2 JSON) or xliff (XLIFF 1.2).",
)  # fmt: skip


class TranslationExport(APIView):
    @extend_schema(
        operation_id="translations_export",
        parameters=[EXPORT_FORMAT],
        responses={
            (200, content_type.split(";")[0]): OpenApiResponse(
                OpenApiTypes.OBJECT
                if content_type.startswith("application/json")
                else OpenApiTypes.BINARY
            )
            for content_type in s.EXPORT_TYPES.values()
        },
        tags=["translations"],
    )
    def get(self, request: Request, pk: int, fmt: str) -> HttpResponse:
        translation = selectors.translation_get(pk=pk)
        if fmt not in exports.FORMATS:
            raise Http404("No such export format.")
        export = exports.export_render(translation=translation, fmt=fmt)
        return download(export.content, content_type=export.content_type, filename=export.filename)


class SegmentDetail(APIView):
    @extend_schema(operation_id="segments_retrieve", responses=s.SegmentSerializer,
                   tags=["translations"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.SegmentSerializer(editor_selectors.editor_segment_get(pk=pk)).data)

    @extend_schema(
        operation_id="segments_update",
        request=s.SegmentUpdateSerializer,
        responses={200: s.SegmentSerializer, 409: s.SegmentConflictSerializer},
        tags=["translations"],
        description="Save a person's text (and confirm it with confirm=true) as of `version`; "
        "409 with the current segment when someone changed it since.",
    )
    def put(self, request: Request, pk: int) -> Response:
        segment = editor_selectors.editor_segment_get(pk=pk)
        form = s.SegmentUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return _segment_change(
            lambda: editing.segment_save(
                segment_id=segment.pk, user=request.user, text=data["text"],
                version=data["version"], confirm=data["confirm"],
            )
        )  # fmt: skip


class SegmentRetranslate(APIView):
    @extend_schema(
        operation_id="segments_retranslate",
        request=s.SegmentRetranslateSerializer,
        responses={200: s.SegmentSerializer, 409: s.SegmentConflictSerializer},
        tags=["translations"],
    )
    def post(self, request: Request, pk: int) -> Response:
        segment = editor_selectors.editor_segment_get(pk=pk)
        form = s.SegmentRetranslateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return _segment_change(
            lambda: editing.segment_retranslate(
                segment_id=segment.pk, user=request.user, version=data["version"],
                overwrite_confirmed=data["overwrite_confirmed"],
            )
        )  # fmt: skip


def _segment_change(change: Any) -> Response:
    try:
        saved = change()
    except editing.SegmentConflict as conflict:
        current = editor_selectors.editor_segment_get(pk=conflict.segment.pk)
        body = {"status": 409, "code": "conflict", "detail": str(conflict),
                "current": s.SegmentSerializer(current).data}  # fmt: skip
        return Response(body, status=status.HTTP_409_CONFLICT)
    return Response(s.SegmentSerializer(saved).data)


class SegmentRevisions(generics.GenericAPIView[Any]):
    serializer_class = s.RevisionSerializer

    @extend_schema(operation_id="segments_revisions", responses=s.RevisionSerializer(many=True),
                   tags=["translations"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        segment = editor_selectors.editor_segment_get(pk=pk)
        page = self.paginate_queryset(editor_selectors.segment_history(segment_id=segment.pk))
        return self.get_paginated_response(s.RevisionSerializer(page, many=True).data)
