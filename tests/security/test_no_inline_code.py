"""The Content-Security-Policy allows no inline code (issue 20): no template may carry an
inline ``<script>``, a ``<style>`` element, a ``style=`` or ``on…=`` attribute, a
``javascript:`` URL or an ``hx-on`` handler (htmx would need ``eval`` for it), and the desk's
own scripts use no ``eval``. The browser tests catch what a template check cannot
(tests/e2e/test_csp.py)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import get_template
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates")),
                 *sorted(ROOT.glob("newsapp/*/templates"))]  # fmt: skip
FORBIDDEN = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "hx-on handler": re.compile(r"\shx-on", re.I),
    "js: value": re.compile(r"hx-va(ls|rs)\s*=\s*['\"]\s*js:", re.I),
}
EVAL = re.compile(r"\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['\"]")


def templates() -> list[Path]:
    found = [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]
    assert len(found) > 30, found  # the walk found the desk's templates
    return found


def offences(text: str) -> list[str]:
    text = re.sub(r"{#.*?#}", "", text, flags=re.S)  # comments may name what is forbidden
    return [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]


def test_no_template_carries_inline_code() -> None:
    bad = {str(p.relative_to(ROOT)): offences(p.read_text(encoding="utf-8")) for p in templates()}
    assert not {path: found for path, found in bad.items() if found}


def test_the_check_catches_each_kind() -> None:
    samples = [
        "<script>alert(1)</script>", "<style>p{}</style>", '<p style="color:red">',
        '<button onclick="go()">', '<a href="javascript:go()">', '<div hx-on:click="go()">',
        "<div hx-vals='js:{a: 1}'>",
    ]  # fmt: skip
    for sample in samples:
        assert offences(sample), sample
    assert not offences('<script src="/static/js/app.js" defer></script>{# <style> #}')


def test_the_desks_scripts_use_no_eval() -> None:
    scripts = [p for p in (ROOT / "static" / "js").glob("*.js") if not p.name.startswith("htmx")]
    assert scripts
    comments = re.compile(r"/\*.*?\*/|^\s*//.*$", re.S | re.M)
    code = {p.name: comments.sub("", p.read_text(encoding="utf-8")) for p in scripts}
    assert not [name for name, text in code.items() if EVAL.search(text)]
    assert EVAL.search("window.eval (x)")
    assert EVAL.search('setTimeout("go()", 1)')


def test_htmx_runs_without_eval_script_tags_or_injected_styles() -> None:
    request = RequestFactory().get("/login/")
    request.user = AnonymousUser()
    html = get_template("registration/login.html").render({"form": None}, request)
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', html)
    assert config, "base.html lost its htmx-config"
    assert config.group(1).replace(" ", "") == (
        '{"allowEval":false,"allowScriptTags":false,"includeIndicatorStyles":false}'
    )


def test_the_policy_allows_no_inline_code_or_eval() -> None:
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name]
        assert "'unsafe-eval'" not in directives[name]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
