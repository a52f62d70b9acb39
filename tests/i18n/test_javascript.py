"""The JavaScript's words: every text a script shows goes through the JavaScript catalogue
(``gettext``/``interpolate`` from ``{% url 'javascript-catalog' %}``), which speaks Korean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from translate.storage import pypo

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "static" / "js"
CATALOGUE = ROOT / "locale" / "ko" / "LC_MESSAGES" / "djangojs.po"
#: Vendored or with no text of their own.
NOT_OURS = re.compile(r"^htmx-.*\.js$")
#: A literal with English words written straight into the page or a dialog, not via gettext.
BARE_TEXT = re.compile(
    r"""(textContent|innerText|innerHTML|placeholder|title)\s*=\s*["'][A-Za-z]"""
    r"""|(confirm|alert|prompt|fail)\(\s*["'][A-Za-z]"""
    r"""|["'][A-Z][a-z]+[:,]? [^"']*["']\s*\+"""
    r"""|[=?:]\s*["'][A-Z][a-z]+[:,]? [a-z]"""
)

pytestmark = [pytest.mark.django_db, pytest.mark.backend_independent]


def _translations() -> dict[str, str]:
    store = pypo.pofile.parsefile(str(CATALOGUE))
    return {str(u.source): str(u.target) for u in store.units if not u.isheader() and u.source}


def _catalogue(language: str) -> dict[str, object]:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/jsi18n/")
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(match.group(1)) if match else {}  # English: no catalogue at all


def test_scripts_write_no_bare_english() -> None:
    found = []
    for path in sorted(SCRIPTS.glob("*.js")):
        if NOT_OURS.match(path.name):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith(("//", "*", "/*")):
                continue
            if BARE_TEXT.search(line) and "gettext(" not in line:
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []


def test_the_korean_javascript_catalogue() -> None:
    translations = _translations()
    assert len(translations) >= 8
    assert all(translations.values())
    korean = _catalogue("ko")
    for msgid, msgstr in translations.items():
        assert korean.get(msgid) == msgstr, msgid
    assert korean["Discard your unsaved change to this sentence?"] == (
        "이 문장에서 저장하지 않은 변경 내용을 버리시겠습니까?"
    )
    # The same placeholders on both sides (interpolate fills them by name).
    for msgid, msgstr in translations.items():
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", msgstr))
    # English pages get no catalogue: the scripts' own English shows.
    assert _catalogue("en") == {}
