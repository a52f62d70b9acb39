"""Playwright helpers for the browser tests: one ``Desk`` per test, one ``Tab`` per person.

Every tab records console errors, uncaught page errors and Content-Security-Policy violations
(a ``securitypolicyviolation`` listener in every page, besides Chrome's console message);
``Desk.assert_clean()`` fails the test on any of them. ``Tab.shoot()`` saves full-page
screenshots under ``var/screenshots/`` and checks, at each width, that nothing overflows the
viewport horizontally and that no table heading wraps. ``assert_hangul_font`` and
``assert_focus_visible`` check what a person sees: Hangul drawn with a Korean font (not empty
boxes), and a focus ring on every Tab stop.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response, expect

from tests.conftest import PASSWORD
from tests.processes import Worker

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
]
WIDE, NARROW, HEIGHT = 1280, 800, 900
#: What Chrome logs for the 409 of a conflicting save (the editor swaps the response in).
CONFLICT_CONSOLE_ERROR = (
    "Failed to load resource: the server responded with a status of 409 (Conflict)"
)
#: Font families that hold Hangul (the page's stack names Noto Sans KR and NanumGothic).
KOREAN_FONT = re.compile(
    r"nanum|noto sans (cjk|kr)|source han|malgun|apple sd|baekmuk|un ?(dotum|batang)", re.I
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")

#: Installed in every page before its own scripts: each CSP violation reaches the test through
#: a binding, whatever the console says about it.
_CSP_LISTENER_JS = """document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective || event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample.slice(0, 60)})` : "")
  );
});"""
#: Chrome's console wording for a refused resource or inline code.
CSP_CONSOLE = re.compile(r"Content Security Policy", re.I)

_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const right = el.getBoundingClientRect().right;
    const visible = getComputedStyle(el).overflowX === "visible";
    if (right > width + 1 || (visible && el.scrollWidth > el.clientWidth + 1)) {
      const name = `${el.tagName.toLowerCase()}.${el.className}`;
      wide.push(`${name}: right ${right}px, content ${el.scrollWidth}px`);
    }
  }
  return [`page ${document.documentElement.scrollWidth}px wide in ${width}px`, ...wide.slice(0, 8)];
}"""

_WRAPPED_HEADERS_JS = """() => Array.from(document.querySelectorAll("th")).filter(th => {
  const range = document.createRange();
  range.selectNodeContents(th);
  return new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size > 1;
}).map(th => th.textContent.trim())"""

_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    element: `${el.tagName.toLowerCase()} ${(el.innerText || el.name || el.id || "").slice(0, 40)}`,
    focusVisible: el.matches(":focus-visible"),
    outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
    shadow: style.boxShadow,
  };
}"""


def wait_until(
    predicate: Callable[[], object], *, timeout: float, what: str, worker: Worker | None = None
) -> None:
    """Poll ``predicate`` every 0.2 s; on timeout fail with the worker's log tail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker is not None and not worker.alive:
            raise AssertionError(f"the worker died while waiting for {what}:\n{worker.tail()}")
        time.sleep(0.2)
    tail = f"\nworker log:\n{worker.tail()}" if worker is not None else ""
    raise AssertionError(f"timed out after {timeout}s waiting for {what}{tail}")


class Tab:
    """One person's browser window (its own context: cookies, session)."""

    def __init__(self, context: BrowserContext, base_url: str, who: str) -> None:
        self.context, self.base_url, self.who = context, base_url, who
        self.errors: list[str] = []
        self._expected: list[str] = []
        context.expose_binding("__reportCspViolation", self._on_csp_violation)
        context.add_init_script(_CSP_LISTENER_JS)
        self.page: Page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _on_csp_violation(self, source: object, report: str) -> None:
        self.errors.append(f"CSP violation at {self.page.url}: {report}")

    @property
    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if e.startswith("CSP violation") or CSP_CONSOLE.search(e)]

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if CSP_CONSOLE.search(message.text):  # never an expected error
            self.errors.append(f"console error at {self.page.url}: {message.text}")
            return
        if message.text in self._expected:
            self._expected.remove(message.text)
            return
        self.errors.append(f"console error at {self.page.url}: {message.text}")

    @contextmanager
    def expecting_console_error(self, text: str) -> Iterator[None]:
        """Allow exactly one console error with exactly this text inside the block."""
        self._expected.append(text)
        yield
        assert text not in self._expected, f"expected the console error {text!r}; none came"

    # --- navigation --------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Response:
        response = self.page.goto(self.url(path))
        assert response is not None
        return response

    def login(self, username: str, password: str = PASSWORD) -> None:
        self.goto("/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Log in").click()
        expect(self.page.locator(".whoami")).to_contain_text(username)
        # The header can be in the DOM before the page's deferred scripts (htmx) have run; a test
        # that talks to them right after logging in must not race them.
        self.page.wait_for_load_state("load")

    # --- checks --------------------------------------------------------------------------------

    def settle(self) -> None:
        """Wait for the page's load event (its stylesheet) and its fonts."""
        self.page.wait_for_load_state("load")
        self.page.evaluate("document.fonts.ready.then(() => true)")

    def assert_layout_fits(self) -> None:
        """Nothing sticks out of the viewport sideways, and no table heading is split."""
        self.settle()
        overflow = self.page.evaluate(_OVERFLOW_JS)
        assert not overflow, f"{self.page.url} overflows horizontally: {overflow}"
        wrapped = self.page.evaluate(_WRAPPED_HEADERS_JS)
        assert not wrapped, f"{self.page.url}: table headings wrap: {wrapped}"

    def shoot(self, name: str, *, narrow: bool = False) -> None:
        """Save ``name.png`` at 1280 px (and ``name-800.png`` at 800 px when ``narrow``), after
        checking the layout fits at each width."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.assert_layout_fits()
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        if narrow:
            self.page.set_viewport_size({"width": NARROW, "height": HEIGHT})
            try:
                self.assert_layout_fits()
                self.page.screenshot(path=SCREENSHOTS / f"{name}-{NARROW}.png", full_page=True)
            finally:
                self.page.set_viewport_size({"width": WIDE, "height": HEIGHT})

    def assert_hangul_font(self, selector: str) -> None:
        """The Hangul in the first element matching ``selector`` is drawn with a Korean font
        (not as empty boxes from a font without Hangul)."""
        self.settle()
        element = self.page.locator(selector).first
        expect(element).to_be_visible()
        assert HANGUL.search(element.inner_text()), f"no Hangul in {selector}"
        cdp = self.context.new_cdp_session(self.page)
        try:
            root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            cdp.send("CSS.enable")
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        finally:
            cdp.detach()
        korean = [f for f in fonts if KOREAN_FONT.search(f["familyName"]) and f["glyphCount"]]
        assert korean, f"Hangul in {selector} is not drawn with a Korean font: {fonts}"

    def assert_focus_visible(self, stops: int = 8) -> None:
        """Tab through the first ``stops`` focusable elements: each shows a focus ring."""
        self.settle()
        for _ in range(stops):
            self.page.keyboard.press("Tab")
            focus = self.page.evaluate(_FOCUS_JS)
            assert focus is not None, "Tab moved the focus nowhere"
            assert focus["focusVisible"], f"not :focus-visible after Tab: {focus}"
            visible = focus["outline"] >= 2 or focus["shadow"] != "none"
            assert visible, f"no visible focus style: {focus}"

    def csrf_token(self) -> str:
        token = self.page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        assert token
        return token


class Desk:
    """The browser side of one test: tabs for the people in it."""

    def __init__(self, browser: Browser, base_url: str, worker: Worker | None) -> None:
        self.browser, self.base_url, self.worker = browser, base_url, worker
        self.tabs: list[Tab] = []

    def open(self, username: str | None = None) -> Tab:
        context = self.browser.new_context(
            viewport={"width": WIDE, "height": HEIGHT}, accept_downloads=True, locale="en-US"
        )
        context.set_default_timeout(15_000)
        tab = Tab(context, self.base_url, username or "anonymous")
        self.tabs.append(tab)
        if username:
            tab.login(username)
        return tab

    def wait(self, predicate: Callable[[], object], *, timeout: float = 45, what: str) -> None:
        wait_until(predicate, timeout=timeout, what=what, worker=self.worker)

    def assert_clean(self) -> None:
        errors = [error for tab in self.tabs for error in tab.errors]
        assert not errors, "browser errors:\n" + "\n".join(errors)

    def close(self) -> None:
        for tab in self.tabs:
            tab.context.close()
