"""The readers behind the benchmarks' realistic tokenizer, on small files made here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from newsapp.mt.argos import corpus

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset={charset}\\n"

msgid "File not found"
msgstr "파일을 찾을 수 없습니다"

msgid "Usage: %s [OPTION]...\\nPrint lines."
msgstr "사용법: %s [옵션]...\\n줄을 \\"출력\\"합니다."

msgid "one file"
msgid_plural "%d files"
msgstr[0] "파일 %d개를 지웠습니다"

msgid "OK"
msgstr "확"
"""


def _mo(tmp_path: Path, charset: str) -> Path:
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt is missing: install the Debian package gettext (system-deps test)")
    po = tmp_path / f"{charset}.po"
    po.write_bytes(PO.format(charset=charset).encode(charset))
    mo = tmp_path / f"{charset}.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(po)], check=True)
    return mo


@pytest.mark.parametrize("charset", ["UTF-8", "EUC-KR"])
def test_korean_lines_read_message_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, charset: str
) -> None:
    mo = _mo(tmp_path, charset)
    monkeypatch.setattr(corpus, "_catalogues", lambda: [mo])
    assert sorted(corpus.korean_lines()) == sorted(
        [
            "파일을 찾을 수 없습니다",
            "사용법: %s [옵션]...",
            '줄을 "출력"합니다.',
            "파일 %d개를 지웠습니다",
        ]
    )  # "확" has a single syllable: too short to be text


def test_wordnet_and_fortune_readers(tmp_path: Path) -> None:
    (tmp_path / "data.noun").write_text(
        "  1 This software and database is being provided to you, the LICENSEE\n"
        "00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 | that which is perceived or known "
        'to exist; "the entity was seen near the border yesterday"\n',
        encoding="latin-1",
    )
    assert list(corpus.wordnet_lines(tmp_path)) == [
        "that which is perceived or known to exist",
        "the entity was seen near the border yesterday",
    ]
    fortunes = tmp_path / "fortunes"
    fortunes.mkdir()
    (fortunes / "wisdom").write_text(
        "A journey of a thousand miles\nbegins with a single step.\n%\nToo short.\n%\n"
    )
    (fortunes / "wisdom.dat").write_bytes(b"\x00\x01")
    assert list(corpus.fortune_lines(fortunes)) == [
        "A journey of a thousand miles begins with a single step."
    ]


def test_too_little_text_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for reader in ("korean_lines", "wordnet_lines", "fortune_lines", "documentation_lines"):
        monkeypatch.setattr(corpus, reader, lambda: iter(["짧은 한국어 문장입니다", "short"]))
    with pytest.raises(RuntimeError, match=r"Install the Debian packages gettext wordnet-base"):
        corpus.build_corpus(tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing half-written is cached
