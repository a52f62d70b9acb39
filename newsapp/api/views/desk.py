"""Translation memory, engines and language pairs, synchronous translation."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from newsapp.api.serializers import desk as s
from newsapp.api.serializers.common import ErrorSerializer
from newsapp.api.throttling import TokenRateThrottle, TranslateRateThrottle, UserRateThrottle
from newsapp.api.views.listing import filtered_list
from newsapp.articles.services.translate_now import translate_text_now
from newsapp.memory import selectors as memory
from newsapp.mt import registry
from newsapp.mt.base import MTError, MTTransientError


class MemoryLookup(APIView):
    @extend_schema(
        operation_id="memory_lookup", request=s.MemoryLookupSerializer,
        responses=s.MemoryLookupResultSerializer, tags=["memory"],
        description="The exact match (normalised: case and spacing ignored) and the best "
        "fuzzy matches for one sentence.",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        form = s.MemoryLookupSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        languages = {"source_language": data["source_language"],
                     "target_language": data["target_language"]}  # fmt: skip
        exact = memory.exact_matches(sources=[data["text"]], **languages)
        fuzzy = memory.fuzzy_matches(
            text=data["text"], limit=data["limit"], threshold=data["threshold"], **languages
        )
        body = {"exact": exact.get(data["text"]), "fuzzy": fuzzy}
        return Response(s.MemoryLookupResultSerializer(body).data)


class MemoryEntries(generics.GenericAPIView[Any]):
    serializer_class = s.MemoryEntrySerializer

    @extend_schema(operation_id="memory_entries_list", parameters=[s.MemoryFilterSerializer],
                   responses=s.MemoryEntrySerializer(many=True), tags=["memory"])  # fmt: skip
    def get(self, request: Request) -> Response:
        return filtered_list(
            self,
            request,
            filters=s.MemoryFilterSerializer,
            search=memory.entry_search,
            serializer=s.MemoryEntrySerializer,
        )


class Engines(APIView):
    @extend_schema(operation_id="engines_list", responses=s.EngineSerializer(many=True),
                   tags=["engines"])  # fmt: skip
    def get(self, request: Request) -> Response:
        rows = []
        for engine in registry.enabled_engines():
            try:
                pairs = sorted(engine.available_pairs())
            except MTError:
                pairs = []
            rows.append({"name": engine.name, "label": engine.label,
                         "pairs": [list(pair) for pair in pairs]})  # fmt: skip
        return Response(s.EngineSerializer(rows, many=True).data)


class LanguagePairs(APIView):
    @extend_schema(operation_id="language_pairs_list",
                   responses=s.LanguagePairSerializer(many=True), tags=["engines"])  # fmt: skip
    def get(self, request: Request) -> Response:
        offers = [{"source": o.source, "target": o.target, "engines": list(o.engines)}
                  for o in registry.available_pairs()]  # fmt: skip
        return Response(s.LanguagePairSerializer(offers, many=True).data)


class EngineBusy(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "engine_busy"
    default_detail = "The translation engine is busy; try again in a moment."


class Translate(APIView):
    throttle_classes = [TokenRateThrottle, UserRateThrottle, TranslateRateThrottle]

    @extend_schema(
        operation_id="translate", request=s.TranslateRequestSerializer,
        responses={200: s.TranslateResponseSerializer, 503: ErrorSerializer}, tags=["translate"],
        description="Translate a short text now, with the glossary enforced, and report each "
        "term. Longer texts go through articles.",
    )  # fmt: skip
    def post(self, request: Request) -> Response:
        form = s.TranslateRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            result = translate_text_now(
                text=data["text"], source=data["source"], target=data["target"],
                engine=data["engine"],
            )  # fmt: skip
        except MTTransientError:
            raise EngineBusy() from None
        except MTError as exc:
            raise exceptions.ValidationError(
                {"non_field_errors": [f"The engine could not translate this text: {exc}"]}
            ) from None
        body = {"text": result.text, "engine": result.engine, "report": result.report()}
        return Response(s.TranslateResponseSerializer(body).data)
