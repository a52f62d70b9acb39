"""Page-numbered lists: ``?page=2&page_size=50`` (at most 100), with count and links."""

from __future__ import annotations

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
