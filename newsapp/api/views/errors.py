"""The JSON 404 for addresses under /api/ that match no endpoint."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView


@extend_schema(exclude=True)
class ApiNotFound(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []

    def _missing(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        raise NotFound("No such API address; see /api/docs/.")

    get = post = put = patch = delete = head = options = _missing
