"""The API's parsers: JSON, multipart and form bodies as DRF parses them, with every text value
(and key) ``text_clean``-ed (``newsapp.core.sanitize``), so no serializer, and nothing stored
through the API, ever sees a control character that would break an export. One seam for
every endpoint, instead of a rule each serializer must remember. File contents are left to
their importers, which clean them too."""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from rest_framework import parsers

from newsapp.core.sanitize import data_clean, text_clean


def _query_clean(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(text_clean(key), [text_clean(v) for v in values])
    cleaned._mutable = False
    return cleaned


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        return data_clean(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        return _query_clean(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        parsed = super().parse(stream, media_type, parser_context)
        return parsers.DataAndFiles(_query_clean(parsed.data), parsed.files)
