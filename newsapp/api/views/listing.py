"""The list endpoints' one shape: validate the query filters, search, paginate, serialise."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response


def filtered_list(
    view: generics.GenericAPIView[Any],
    request: Request,
    *,
    filters: type[serializers.Serializer[Any]],
    search: Callable[..., Any],
    serializer: type[serializers.Serializer[Any]],
) -> Response:
    """``search(q=…, **filters)`` paginated by ``view``; the query's ``search`` becomes ``q``."""
    form = filters(data=request.query_params)
    form.is_valid(raise_exception=True)
    query = dict(form.validated_data)
    query["q"] = query.pop("search", "")
    page = view.paginate_queryset(search(**query))
    return view.get_paginated_response(serializer(page, many=True).data)
