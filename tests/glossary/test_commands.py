from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from glossary.models import Term
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.django_db

CSV = "subject,en,ko\nplaces,Seoul,서울\nplaces,Busan {bogus},부산\n"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "glossary.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_import_proposes_and_reports_refused_rows(csv_file: Path) -> None:
    out, err = run("glossary_import", str(csv_file))
    assert "1 to create, 0 to update, 0 unchanged, 1 refused" in out
    assert "waiting for review" in out
    assert "refused row 3: Unknown flag “bogus”" in err
    assert set(Term.objects.values_list("text", "status")) == {
        ("Seoul", "proposed"),
        ("서울", "proposed"),
    }


def test_import_approve_and_user(csv_file: Path, editor: User) -> None:
    run("glossary_import", str(csv_file), "--approve", "--user", editor.username)
    term = Term.objects.get(text="Seoul")
    assert (term.status, term.reviewed_by, term.proposed_by) == ("approved", editor, editor)


def test_import_dry_run_writes_nothing(csv_file: Path) -> None:
    out, _ = run("glossary_import", str(csv_file), "--dry-run")
    assert "Nothing imported." in out
    assert not Term.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><tbx>&e;</tbx>', "external entity"),
        ("colour\nred\n", "Column 1 “colour”"),
    ],
)
def test_import_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / ("g.tbx" if content and content.startswith("<") else "g.csv")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("glossary_import", str(path))


def test_import_unknown_user(csv_file: Path) -> None:
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run("glossary_import", str(csv_file), "--user", "nobody")


def test_export_csv_to_stdout_by_language() -> None:
    concept_with_terms(("en", "Seoul"), ("ko", "서울"), ("ja", "ソウル"))
    out, _ = run("glossary_export", "--format", "csv", "--lang", "en", "--lang", "ko")
    assert out.lstrip("\ufeff").splitlines() == ["id,subject,definition,url,en,ko",
                                                 out.splitlines()[1]]  # fmt: skip
    assert "Seoul" in out
    assert "서울" in out
    assert "ソウル" not in out


def test_export_tbx_to_a_file_and_back(tmp_path: Path) -> None:
    concept_with_terms(("en", "Seoul"), ("ko", "서울"))
    target = tmp_path / "out.tbx"
    _, err = run("glossary_export", "--format", "tbx", "--output", str(target))
    assert f"Wrote {target}" in err
    assert "<term>서울</term>" in target.read_text(encoding="utf-8")
    out, _ = run("glossary_import", str(target))
    assert "0 to create, 0 to update, 1 unchanged, 0 refused" in out


def test_export_rejects_bad_language() -> None:
    with pytest.raises(CommandError, match="not a language code"):
        run("glossary_export", "--lang", "English")
