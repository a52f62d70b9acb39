"""`manage.py mt_bench` and its scan helpers, on the tiny installed test packages."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsapp.mt.argos import tuning

ARTICLE = (
    "The United States urged North Korea on Tuesday to cease its provocations. "
    "Pentagon Press Secretary John Kirby told reporters that Pyongyang must stop.\n\n"
    "China has influence over North Korea and should use it, he said."
)


@pytest.mark.parametrize(
    ("cores", "layouts"),
    [
        (1, [(1, 1)]),
        (2, [(1, 1), (1, 2), (2, 1)]),
        (8, [(1, 1), (1, 8), (2, 4), (4, 2), (8, 1)]),
    ],
)
def test_thread_layouts_use_every_core(cores: int, layouts: list[tuple[int, int]]) -> None:
    assert tuning.thread_layouts(cores) == layouts


def test_candidates_cover_layouts_and_batches() -> None:
    settings = tuning.candidates(2)
    assert len(settings) == 3 * len(tuning.BATCH_TOKENS)
    assert {s.batch_tokens for s in tuning.candidates(2, quick=True)} == {512, 1024}


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_mt_bench_prints_settings_from_its_scan(argos_engine: None, article: Path) -> None:
    out = StringIO()
    call_command(
        "mt_bench", "--text", str(article), "--quick", "--runs", "1", "--skip-workers", stdout=out
    )
    text = out.getvalue()
    assert "translate-en_ko-0_1 (installed" in text
    assert "Article: 35 words, 3 sentences" in text
    rows = re.findall(r"^\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)$", text, re.MULTILINE)
    assert len(rows) == len(tuning.candidates(tuning.cores(), quick=True))
    best = min(float(r[3]) for r in rows)
    fastest = {r[:3] for r in rows if float(r[3]) == best}  # equal when rounded
    chosen = re.search(
        r"MT_INTER_THREADS=(\d+)\n  MT_INTRA_THREADS=(\d+)\n  MT_MAX_BATCH_TOKENS=(\d+)\n", text
    )
    assert chosen
    assert chosen.groups() in fastest
    assert "WORKER_CONCURRENCY=1" in text


def test_mt_bench_measures_worker_processes(argos_engine: None, article: Path) -> None:
    out = StringIO()
    call_command(
        "mt_bench",
        "--text",
        str(article),
        "--quick",
        "--runs",
        "1",
        "--articles",
        "1",
        "--rounds",
        "1",
        stdout=out,
    )
    text = out.getvalue()
    one = re.search(r"1 worker process: ([\d.]+) articles/min, (\d+) MB RSS", text)
    assert one, text
    assert float(one.group(1)) > 0
    assert 50 < int(one.group(2)) < 4000  # Django and a model are loaded
    assert re.search(r"Memory per worker process: \d+ MB RSS", text)
    if tuning.cores() >= 2:
        assert re.search(r"2 worker processes .* \(([\d.]+)× the throughput\)", text)


def test_mt_bench_needs_a_text_in_the_source_language(argos_engine: None) -> None:
    with pytest.raises(CommandError, match="Give --text FILE with an article in 'ko'"):
        call_command("mt_bench", "--pair", "ko", "en", stdout=StringIO())
