"""``Vary: HX-Request`` on every response whose view looked at ``request.htmx``.

A view that answers a page to a browser and a fragment to htmx at one URL must say so, or a
cache (the browser's back button included) can serve the fragment as the page. Rather than
trusting every view to remember, this middleware wraps ``request.htmx`` (set by django-htmx's
middleware, which must come first) and marks the response when the view consulted it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers


class _Watched:
    """``request.htmx`` that records whether the view asked about it."""

    def __init__(self, details: Any) -> None:
        self._details = details
        self.consulted = False

    def __bool__(self) -> bool:
        self.consulted = True
        return bool(self._details)

    def __getattr__(self, name: str) -> Any:
        self.consulted = True
        return getattr(self._details, name)


class VaryOnHtmxMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        watched = _Watched(request.htmx)  # type: ignore[attr-defined]
        request.htmx = watched  # type: ignore[attr-defined]
        response = self.get_response(request)
        if watched.consulted:
            patch_vary_headers(response, ("HX-Request",))
        return response
