"""The Korean catalogues are complete: every string the code marks is in them, translated, not
fuzzy, with the same placeholders (msgfmt --check)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from translate.storage import pypo

ROOT = Path(__file__).resolve().parents[2]
#: What the catalogues are made from (copied, so extraction never touches the checkout).
SOURCES = ["manage.py", "newsapp", "glossary", "templates", "static", "locale", "scripts"]


def catalogues(root: Path) -> list[Path]:
    skip = {".venv", "var", "node_modules", "tests", "bench"}
    return sorted(
        path
        for path in root.rglob("*.po")
        if "/ko/LC_MESSAGES/" in path.as_posix() and not skip & set(path.relative_to(root).parts)
    )


def problems(path: Path) -> list[str]:
    store = pypo.pofile.parsefile(str(path))
    found = []
    header = store.header()
    if header is not None and header.isfuzzy():
        found.append("the header is fuzzy")
    if store.parseheader().get("Language") != "ko":
        found.append("the header does not say Language: ko")
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        if unit.isfuzzy():
            found.append(f"fuzzy: {unit.source!r}")
        elif not unit.istranslated():
            found.append(f"untranslated: {unit.source!r}")
    return found


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sources with the catalogues extracted again, as `scripts/messages.sh
    extract` does: a string marked in the code but missing from a catalogue comes in empty."""
    copy = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
            )
        else:
            shutil.copy2(source, copy / name)
    env = {**os.environ, "PY": sys.executable, "PYTHONPATH": str(copy),
           "DJANGO_SETTINGS_MODULE": "newsapp.settings",
           "NEWSAPP_VAR_DIR": str(copy / "var")}  # fmt: skip
    subprocess.run(["bash", "scripts/messages.sh", "extract"], cwd=copy, env=env, check=True)
    return copy


def test_there_are_korean_catalogues_for_the_project_and_its_apps() -> None:
    found = {path.relative_to(ROOT).as_posix() for path in catalogues(ROOT)}
    for expected in [
        "locale/ko/LC_MESSAGES/django.po",
        "locale/ko/LC_MESSAGES/djangojs.po",
        "glossary/locale/ko/LC_MESSAGES/django.po",
        "newsapp/articles/locale/ko/LC_MESSAGES/django.po",
        "newsapp/accounts/locale/ko/LC_MESSAGES/django.po",
    ]:
        assert expected in found


def test_every_marked_string_is_translated_and_none_is_fuzzy(extracted: Path) -> None:
    report = {}
    for path in catalogues(extracted):
        if found := problems(path):
            report[path.relative_to(extracted).as_posix()] = found
    assert report == {}, "\n".join(
        f"{name}: {len(items)} problem(s), e.g. {items[:5]}" for name, items in report.items()
    )


def test_extraction_finds_nothing_the_committed_catalogues_lack(extracted: Path) -> None:
    """The committed catalogues are what extraction gives (no string marked in the code is missing
    and none is left over), so the tests above judge what ships."""
    for path in catalogues(extracted):
        committed = ROOT / path.relative_to(extracted)
        assert committed.exists(), f"{committed.relative_to(ROOT)} is missing"
        ids = {str(u.source) for u in pypo.pofile.parsefile(str(path)).units if not u.isheader()}
        have = {str(u.source) for u in pypo.pofile.parsefile(str(committed)).units
                if not u.isheader() and not u.isobsolete()}  # fmt: skip
        assert ids - have == set(), f"{committed.relative_to(ROOT)} lacks {sorted(ids - have)[:5]}"


@pytest.mark.parametrize("path", catalogues(ROOT), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_msgfmt_accepts_the_catalogue_and_its_placeholders(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_an_untranslated_and_a_fuzzy_entry_are_reported(tmp_path: Path) -> None:
    """The check itself fails on what it should."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save"\nmsgstr "저장"\n\nmsgid "Cancel"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Approve"\nmsgstr "승인"\n',
        encoding="utf-8",
    )
    assert problems(po) == ["untranslated: 'Cancel'", "fuzzy: 'Approve'"]
