"""One error body for every refusal: ``{"status", "code", "detail", "errors"?}``.

``ServiceError`` (a refusal the services explain) becomes 400 ``refused``; Django's
``PermissionDenied`` (services refusing non-editors) becomes 403; DRF's own errors keep
their status (400 validation, 401, 403, 404, 405, 415, 429 with ``Retry-After``). The shape
is documented in docs/api.md and in the OpenAPI schema (``Error``).
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from newsapp.core.errors import ServiceError


class Refused(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"
    default_detail = "The request was refused."


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_message(value)
        return ""
    if isinstance(detail, list):
        for value in detail:
            found = _first_message(value)
            if found:
                return found
        return ""
    return str(detail)


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return "invalid" if isinstance(exc, exceptions.ValidationError) else exc.default_code


def error_body(exc: exceptions.APIException, status_code: int) -> dict[str, Any]:
    detail = exc.detail
    body: dict[str, Any] = {"status": status_code, "code": _code(exc)}
    if isinstance(detail, dict):
        general = detail.get("non_field_errors")
        fields = {name: value for name, value in detail.items() if name != "non_field_errors"}
        body["detail"] = _first_message(general) if general else _first_message(detail)
        if fields:
            body["errors"] = fields
    elif isinstance(detail, list):
        body["detail"] = " ".join(str(item) for item in detail) or "The request is not valid."
    else:
        body["detail"] = str(detail)
    return body


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ServiceError):
        exc = Refused(str(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    api_exc = exc if isinstance(exc, exceptions.APIException) else None
    if api_exc is None:  # Http404 / PermissionDenied, converted by DRF
        converted: exceptions.APIException = (
            exceptions.NotFound() if response.status_code == 404
            else exceptions.PermissionDenied(str(exc) or None)
        )  # fmt: skip
        api_exc = converted
    response.data = error_body(api_exc, response.status_code)
    return response
