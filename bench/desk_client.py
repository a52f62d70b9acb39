"""A person at the desk, over HTTP: log in, submit, poll progress, open the editor, save.

Used by bench/load.py and the several-hosts test (tests/netns). Every request is timed and
handed to ``on_request(kind, status, seconds)``; a request that fails to connect counts as
status 0.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise

Recorder = Callable[[str, int, float], None]
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_TRANSLATION = re.compile(r'id="translation-(\d+)"')
_SEGMENT = re.compile(r'id="seg-(\d+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')


class DeskError(RuntimeError):
    pass


@dataclass
class Saved:
    segment: int
    text: str
    status: int


class DeskClient:
    def __init__(
        self, base_url: str, *, on_request: Recorder | None = None, timeout: float = 60.0
    ) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=timeout, follow_redirects=False)
        self.on_request = on_request

    def close(self) -> None:
        self.http.close()

    def request(self, kind: str, method: str, url: str, **kwargs: object) -> httpx.Response:
        start = time.perf_counter()
        try:
            response = self.http.request(method, url, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError:
            if self.on_request:
                self.on_request(kind, 0, time.perf_counter() - start)
            raise
        if self.on_request:
            self.on_request(kind, response.status_code, time.perf_counter() - start)
        return response

    def _csrf_headers(self, htmx: bool = True) -> dict[str, str]:
        headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", "")}
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    # --- pages ----------------------------------------------------------------------------

    def login(self, username: str, password: str) -> None:
        page = self.request("login page", "GET", "/login/")
        token = _CSRF_FIELD.search(page.text)
        if token is None:
            raise DeskError(f"no CSRF token on /login/ ({page.status_code})")
        response = self.request(
            "login", "POST", "/login/",
            data={"username": username, "password": password,
                  "csrfmiddlewaretoken": token.group(1)},
        )  # fmt: skip
        if response.status_code != 302:
            raise DeskError(f"login as {username} failed: {response.status_code}")

    def submit(
        self, title: str, text: str, targets: list[str], source: str = "en", engine: str = ""
    ) -> int:
        """Submit an article through the form; its id."""
        form = self.request("new article page", "GET", "/new/")
        token = _CSRF_FIELD.search(form.text)
        if token is None:
            raise DeskError(f"no CSRF token on /new/ ({form.status_code})")
        data = {"title": title, "text": text, "source_language": source, "engine": engine,
                "target_languages": targets, "csrfmiddlewaretoken": token.group(1)}  # fmt: skip
        response = self.request("submit", "POST", "/new/", data=data)
        location = response.headers.get("Location", "")
        found = re.fullmatch(r"/(\d+)/", location)
        if response.status_code != 302 or not found:
            raise DeskError(f"submit failed: {response.status_code} {response.text[:300]}")
        return int(found.group(1))

    def translations(self, article: int) -> list[int]:
        page = self.request("article page", "GET", f"/{article}/")
        return [int(pk) for pk in _TRANSLATION.findall(page.text)]

    def progress(self, translation: int) -> bool:
        """Poll a translation's card as htmx does; True once it stopped polling (finished)."""
        response = self.request(
            "poll", "GET", f"/translations/{translation}/progress/",
            headers={"HX-Request": "true"},
        )  # fmt: skip
        return response.status_code == 200 and 'hx-trigger="every' not in response.text

    def editor(self, translation: int) -> list[int]:
        page = self.request("editor page", "GET", f"/translations/{translation}/edit/")
        return [int(pk) for pk in _SEGMENT.findall(page.text)]

    def save(self, segment: int, text: str, *, confirm: bool) -> Saved:
        """Open a sentence, save (or confirm) ``text`` as of the version the form showed."""
        form = self.request(
            "open sentence", "GET", f"/segments/{segment}/edit/", headers={"HX-Request": "true"}
        )
        version = _VERSION.search(form.text)
        if version is None:
            raise DeskError(f"no version in the sentence form ({form.status_code})")
        response = self.request(
            "save", "POST", f"/segments/{segment}/save/",
            data={"text": text, "version": version.group(1),
                  "action": "confirm" if confirm else "save"},
            headers=self._csrf_headers(),
        )  # fmt: skip
        return Saved(segment, text, response.status_code)

    def page(self, kind: str, url: str) -> int:
        return self.request(kind, "GET", url).status_code
