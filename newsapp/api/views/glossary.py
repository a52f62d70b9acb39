"""Glossary: concepts and terms, review (editors), lookup, import and export."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from glossary import io as glossary_io
from glossary import selectors
from glossary.models import ImportBatch
from glossary.services import imports, review
from glossary.services import terms as term_services
from newsapp.api.permissions import Editor
from newsapp.api.serializers import glossary as s
from newsapp.api.views.listing import filtered_list
from newsapp.core.errors import ServiceError
from newsapp.core.http import streaming_download


def _concept(pk: int) -> dict[str, Any]:
    return dict(s.ConceptSerializer(selectors.concept_get(pk=pk)).data)


class ConceptList(generics.GenericAPIView[Any]):
    serializer_class = s.ConceptSerializer

    @extend_schema(operation_id="glossary_concepts_list", parameters=[s.ConceptFilterSerializer],
                   responses=s.ConceptSerializer(many=True), tags=["glossary"])  # fmt: skip
    def get(self, request: Request) -> Response:
        return filtered_list(
            self,
            request,
            filters=s.ConceptFilterSerializer,
            search=selectors.concept_search,
            serializer=s.ConceptSerializer,
        )

    @extend_schema(
        operation_id="glossary_concepts_create", request=s.ConceptCreateSerializer,
        responses={201: s.ConceptSerializer}, tags=["glossary"],
        description="Propose a concept with its terms (editors may pass approve=true).",
        examples=[
            OpenApiExample(
                "Two terms", request_only=True,
                value={"terms": [{"language": "en", "text": "Security Council"},
                                 {"language": "ko", "text": "안보리"}],
                       "subject": "diplomacy"},
            )
        ],
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        form = s.ConceptCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        concept = term_services.concept_propose(
            user=request.user, terms=form.term_data(), definition=data["definition"],
            subject=data["subject"], external_url=data["external_url"], approve=data["approve"],
        )  # fmt: skip
        location = reverse("api:concept-detail", args=[concept.pk])
        return Response(_concept(concept.pk), status=status.HTTP_201_CREATED,
                        headers={"Location": location})  # fmt: skip


class ConceptDetail(APIView):
    def get_permissions(self) -> list[Any]:
        return [Editor()] if self.request.method == "PATCH" else list(super().get_permissions())

    @extend_schema(operation_id="glossary_concepts_retrieve", responses=s.ConceptSerializer,
                   tags=["glossary"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(_concept(pk))

    @extend_schema(operation_id="glossary_concepts_update", request=s.ConceptUpdateSerializer,
                   responses=s.ConceptSerializer, tags=["glossary"],
                   description="Editors: change the definition, subject or reference.")  # fmt: skip
    def patch(self, request: Request, pk: int) -> Response:
        concept = selectors.concept_get(pk=pk)
        form = s.ConceptUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        new = {name: form.validated_data.get(name, getattr(concept, name))
               for name in ("definition", "subject", "external_url")}  # fmt: skip
        term_services.concept_update(user=request.user, concept=concept, **new)
        return Response(_concept(pk))


class ConceptTerms(APIView):
    @extend_schema(operation_id="glossary_terms_create", request=s.TermProposeSerializer,
                   responses={201: s.TermSerializer}, tags=["glossary"])  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        concept = selectors.concept_get(pk=pk)
        form = s.TermProposeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        term = term_services.term_propose(
            user=request.user, concept=concept, data=form.term_data(),
            approve=form.validated_data["approve"],
        )  # fmt: skip
        location = reverse("api:term-detail", args=[term.pk])
        return Response(s.TermSerializer(term).data, status=status.HTTP_201_CREATED,
                        headers={"Location": location})  # fmt: skip


class TermDetail(APIView):
    @extend_schema(operation_id="glossary_terms_retrieve", responses=s.TermSerializer,
                   tags=["glossary"])  # fmt: skip
    def get(self, request: Request, pk: int) -> Response:
        return Response(s.TermSerializer(selectors.term_get(pk=pk)).data)

    @extend_schema(
        operation_id="glossary_terms_update", request=s.TermProposeSerializer,
        responses=s.TermSerializer, tags=["glossary"],
        description="Edit a term. An approved term's change is stored as a pending revision "
        "(returned, with revision_of set) unless an editor passes approve=true.",
    )  # fmt: skip
    def put(self, request: Request, pk: int) -> Response:
        term = selectors.term_get(pk=pk)
        form = s.TermProposeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = term_services.term_update(
            user=request.user, term=term, data=form.term_data(),
            approve=form.validated_data["approve"],
        )  # fmt: skip
        return Response(s.TermSerializer(result).data)


class TermApprove(APIView):
    permission_classes = [Editor]

    @extend_schema(operation_id="glossary_terms_approve", request=s.ReviewSerializer,
                   responses=s.TermSerializer, tags=["glossary"],
                   description="Approve a proposed term or a pending change; returns the "
                               "live term.")  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        form = s.ReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        live = review.term_approve(
            user=request.user, term=selectors.term_get(pk=pk),
            comment=form.validated_data["comment"],
        )  # fmt: skip
        return Response(s.TermSerializer(live).data)


class TermReject(APIView):
    permission_classes = [Editor]

    @extend_schema(operation_id="glossary_terms_reject", request=s.ReviewSerializer,
                   responses=s.TermSerializer, tags=["glossary"])  # fmt: skip
    def post(self, request: Request, pk: int) -> Response:
        form = s.ReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        term = review.term_reject(
            user=request.user, term=selectors.term_get(pk=pk),
            comment=form.validated_data["comment"],
        )  # fmt: skip
        return Response(s.TermSerializer(term).data)


class ReviewQueue(generics.GenericAPIView[Any]):
    permission_classes = [Editor]
    serializer_class = s.TermSerializer

    @extend_schema(operation_id="glossary_review_queue", responses=s.TermSerializer(many=True),
                   tags=["glossary"])  # fmt: skip
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.review_queue())
        return self.get_paginated_response(s.TermSerializer(page, many=True).data)


class Lookup(APIView):
    @extend_schema(
        operation_id="glossary_lookup", request=s.LookupRequestSerializer,
        responses=s.LookupResponseSerializer, tags=["glossary"],
        description="The approved terms in a text, with their approved renderings per "
        "target language.",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        form = s.LookupRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        matches = selectors.term_lookup(
            text=data["text"], language=data["language"], targets=data["targets"]
        )
        return Response(s.LookupResponseSerializer({"matches": matches}).data)


def _plan(batch: ImportBatch) -> dict[str, Any]:
    """The stored plan (never re-planned here); a large file is planned in the background:
    ``status`` says where it is."""
    counts = batch.counts
    body: dict[str, Any] = {
        "id": batch.pk, "filename": batch.filename, "format": batch.format,
        "approve": batch.approve, "applied": batch.applied_at is not None,
        "status": batch.status, "progress": batch.progress, "error": batch.error,
        "digest": batch.plan_digest, "creates": counts.get("create", 0),
        "updates": counts.get("update", 0), "unchanged": counts.get("unchanged", 0),
        "refused": selectors.import_plan_reasons(batch=batch, action="refuse"),
        "held_back": selectors.import_plan_reasons(batch=batch, action="held_back"),
    }  # fmt: skip
    return dict(s.ImportPlanSerializer(body).data)


class ImportCreate(APIView):
    @extend_schema(
        operation_id="glossary_imports_create",
        request={"multipart/form-data": s.ImportCreateSerializer},
        responses={201: s.ImportPlanSerializer}, tags=["glossary"],
        description="Upload a CSV or TBX file: returns what importing it would do. Apply it "
        "with its digest.",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        form = s.ImportCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        try:
            batch = imports.import_batch_create(
                user=request.user, filename=upload.name,
                data=upload.read(glossary_io.MAX_UPLOAD_BYTES + 1),
                approve=form.validated_data["approve"],
            )  # fmt: skip
        except glossary_io.GlossaryFormatError as exc:
            raise ServiceError(str(exc)) from None
        return Response(_plan(batch), status=status.HTTP_201_CREATED)


class ImportDetail(APIView):
    @extend_schema(operation_id="glossary_imports_retrieve", responses=s.ImportPlanSerializer,
                   tags=["glossary"],
                   description="The stored plan of an upload, and the progress of a large "
                   "file planned or applied in the background.")  # fmt: skip
    def get(self, request: Request, batch_id: uuid.UUID) -> Response:
        return Response(_plan(selectors.import_batch_get(batch_id=batch_id, user=request.user)))


class ImportApply(APIView):
    @extend_schema(operation_id="glossary_imports_apply", request=s.ImportApplySerializer,
                   responses={200: s.ImportResultSerializer, 202: s.ImportPlanSerializer},
                   tags=["glossary"],
                   description="Apply the plan with this digest, once. A large file is "
                   "applied in the background (202): poll the import until “applied”.")  # fmt: skip
    def post(self, request: Request, batch_id: uuid.UUID) -> Response:
        batch = selectors.import_batch_get(batch_id=batch_id, user=request.user)
        form = s.ImportApplySerializer(data=request.data)
        form.is_valid(raise_exception=True)
        result = imports.import_batch_apply(
            user=request.user, batch=batch, digest=form.validated_data["digest"]
        )
        if result is None:
            batch.refresh_from_db()
            return Response(_plan(batch), status=status.HTTP_202_ACCEPTED)
        return Response(s.ImportResultSerializer(result).data)


class Export(APIView):
    @extend_schema(
        operation_id="glossary_export", parameters=[s.ExportQuerySerializer],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
                   (200, "application/x-tbx+xml"): OpenApiResponse(OpenApiTypes.BINARY)},
        tags=["glossary"],
    )  # fmt: skip
    def get(self, request: Request) -> Any:
        form = s.ExportQuerySerializer(
            data={"format": request.query_params.get("format", "csv"),
                  "lang": request.query_params.getlist("lang")}
        )  # fmt: skip
        form.is_valid(raise_exception=True)
        fmt, languages = form.validated_data["format"], form.validated_data["lang"]
        content_type = "text/csv" if fmt == "csv" else "application/x-tbx+xml"
        suffix = "-" + "-".join(languages) if languages else ""
        return streaming_download(
            glossary_io.export(fmt, languages=languages),
            content_type=f"{content_type}; charset=utf-8",
            filename=f"glossary{suffix}-{timezone.now():%Y%m%d}.{fmt}",
        )
