from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from translate.storage.tmx import tmxfile

from newsapp.memory.models import TMEntry
from tests.memory.samples import SAMPLE_TMX, XXE, record

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_tm_import(tmp_path: Path, editor: User) -> None:
    path = tmp_path / "vendor.tmx"
    path.write_bytes(SAMPLE_TMX)
    out, _ = run("tm_import", str(path), "--user", editor.username)
    assert "vendor.tmx: 3 created, 0 updated, 0 skipped." in out
    assert TMEntry.objects.filter(created_by=editor).count() == 3
    out, _ = run("tm_import", str(path))
    assert "0 created, 0 updated, 3 skipped." in out


def test_tm_import_source_language_option(tmp_path: Path) -> None:
    path = tmp_path / "all.tmx"
    path.write_bytes(
        b'<tmx version="1.4"><header srclang="*all*"/><body><tu>'
        b'<tuv xml:lang="ko"><seg>\xec\x95\x88\xeb\x85\x95.</seg></tuv>'
        b'<tuv xml:lang="en"><seg>Hello.</seg></tuv></tu></body></tmx>'
    )
    out, err = run("tm_import", str(path))
    assert "0 created" in out
    assert "no source language" in err
    out, _ = run("tm_import", str(path), "--source-language", "ko")
    assert "1 created" in out
    assert TMEntry.objects.get().source_language == "ko"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.tmx", None, "does not exist"),
        ("xxe.tmx", XXE, "external entity"),
        ("bad.tmx", b"<tmx>", "Not well-formed XML"),
    ],
)
def test_tm_import_errors(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("tm_import", str(path))


def test_tm_import_unknown_user(tmp_path: Path) -> None:
    path = tmp_path / "vendor.tmx"
    path.write_bytes(SAMPLE_TMX)
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run("tm_import", str(path), "--user", "nobody")


def test_tm_export_to_stdout() -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    record("It should use it.", "それを使うべきだ。", tgt="ja")
    out, _ = run("tm_export")
    store = tmxfile.parsestring(out.encode())
    assert len(store.units) == 2
    out, _ = run("tm_export", "--source", "en", "--target", "ko-KR")
    [unit] = tmxfile.parsestring(out.encode()).units
    assert unit.gettarget("ko") == "그 영향력을 써야 한다."


def test_tm_export_to_a_file(tmp_path: Path) -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    path = tmp_path / "out.tmx"
    out, err = run("tm_export", "--output", str(path))
    assert out == ""
    assert f"Wrote {path}" in err
    assert tmxfile.parsestring(path.read_bytes()).units[0].source == "It should use it."


def test_tm_export_refuses_a_bad_language() -> None:
    with pytest.raises(CommandError, match="not a language code"):
        run("tm_export", "--source", "english")
