"""HTTP helpers shared by the apps' views: file downloads and htmx-aware responses."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header


def download(content: bytes | str, *, content_type: str, filename: str) -> HttpResponse:
    """An attachment named ``filename`` (any script: RFC 6266 ``filename*`` for non-ASCII)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def streaming_download(
    chunks: Iterable[str | bytes], *, content_type: str, filename: str
) -> StreamingHttpResponse:
    """The same, for a file written while it is sent (large exports)."""
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Mark a response that differs for htmx requests (a fragment instead of the page)."""
    patch_vary_headers(response, ("HX-Request",))
    return response
