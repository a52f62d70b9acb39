"""OpenAPI details drf-spectacular cannot infer: the error responses every operation may
give, the bearer-token scheme, and the links that chain operations (for clients and for
Schemathesis' stateful tests)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from newsapp.api.serializers.common import ErrorSerializer

#: status → when; every operation documents these with the ``Error`` body.
COMMON_ERRORS = {
    "400": "The request is not valid, or a service refused it (code refused).",
    "401": "No credentials, or a token that is unknown, revoked or expired.",
    "403": "The account's role does not allow this.",
    "404": "No such object (or not yours).",
    "415": "A request body in a media type this operation does not read.",
    "429": "Too many requests; Retry-After says how many seconds to wait.",
}


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, description in COMMON_ERRORS.items():
            if code == "415" and self.method in ("GET", "DELETE"):
                continue
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                if code == "429":
                    response["headers"] = {
                        "Retry-After": {
                            "schema": {"type": "integer"},
                            "description": "Seconds to wait before the next request.",
                        }
                    }
                responses[code] = response
        return responses


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "newsapp.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "ndk_…",
            "description": "A personal API token from /account/tokens/.",
        }


#: (operation that creates, status) → links to operations on what it created.
_LINKS: dict[tuple[str, str], dict[str, tuple[Any, ...]]] = {
    ("articles_create", "201"): {
        "GetArticle": ("articles_retrieve", {"id": "$response.body#/id"}),
        "GetFirstTranslation": (
            "translations_retrieve",
            {"id": "$response.body#/translations/0/id"},
        ),
        "ApproveArticle": ("articles_approve", {"id": "$response.body#/id"}),
    },
    ("translations_retrieve", "200"): {
        "GetSegments": ("translations_segments", {"id": "$response.body#/id"}),
        "CancelTranslation": ("translations_cancel", {"id": "$response.body#/id"}),
        "RetryTranslation": ("translations_retry", {"id": "$response.body#/id"}),
    },
    ("glossary_concepts_create", "201"): {
        "GetConcept": ("glossary_concepts_retrieve", {"id": "$response.body#/id"}),
        "UpdateConcept": ("glossary_concepts_update", {"id": "$response.body#/id"}),
        "AddTerm": ("glossary_terms_create", {"id": "$response.body#/id"}),
        "GetFirstTerm": ("glossary_terms_retrieve", {"id": "$response.body#/terms/0/id"}),
        "ApproveFirstTerm": ("glossary_terms_approve", {"id": "$response.body#/terms/0/id"}),
        "RejectFirstTerm": ("glossary_terms_reject", {"id": "$response.body#/terms/0/id"}),
    },
    ("glossary_terms_create", "201"): {
        "GetTerm": ("glossary_terms_retrieve", {"id": "$response.body#/id"}),
        "UpdateTerm": ("glossary_terms_update", {"id": "$response.body#/id"}),
    },
    ("webhooks_create", "201"): {
        "GetWebhook": ("webhooks_retrieve", {"id": "$response.body#/id"}),
        "UpdateWebhook": ("webhooks_update", {"id": "$response.body#/id"}),
        "GetDeliveries": ("webhooks_deliveries", {"id": "$response.body#/id"}),
        "DeleteWebhook": ("webhooks_destroy", {"id": "$response.body#/id"}),
    },
    ("glossary_imports_create", "201"): {
        "ApplyImport": (
            "glossary_imports_apply",
            {"batch_id": "$response.body#/id"},
            {"digest": "$response.body#/digest"},
        ),
    },
}


def add_links(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: OpenAPI links between operations."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status_code, response in operation.get("responses", {}).items():
                links = _LINKS.get((operation.get("operationId", ""), status_code))
                if not links:
                    continue
                response["links"] = {
                    name: {
                        "operationId": spec[0],
                        "parameters": spec[1],
                        **({"requestBody": spec[2]} if len(spec) > 2 else {}),
                    }
                    for name, spec in links.items()
                }
    return result
