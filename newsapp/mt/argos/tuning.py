"""The measurements behind ``manage.py mt_bench``: which CTranslate2 thread and batch settings
translate an article fastest on this machine, how much memory one worker process holds, and
whether a second worker process adds throughput.

Worker figures come from fresh processes (``python -m newsapp.mt.argos.tuning``) that set
Django up, load the model and translate the article, as a worker does.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsapp.mt.argos.engine import open_tokenizer, open_translator

BATCH_TOKENS = (256, 512, 1024, 2048)


@dataclass(frozen=True)
class Setting:
    inter_threads: int
    intra_threads: int
    batch_tokens: int

    def env(self) -> dict[str, str]:
        return {
            "MT_INTER_THREADS": str(self.inter_threads),
            "MT_INTRA_THREADS": str(self.intra_threads),
            "MT_MAX_BATCH_TOKENS": str(self.batch_tokens),
        }


@dataclass(frozen=True)
class WorkerRun:
    processes: int
    setting: Setting
    articles_per_minute: float
    rss_mb: list[float]  # per process, after translating


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def thread_layouts(core_count: int) -> list[tuple[int, int]]:
    """(inter, intra) pairs that use every core, from one batch at a time on all cores to one
    core per batch, plus the one-thread baseline."""
    layouts = {(1, 1)}
    inter = 1
    while inter <= core_count:
        layouts.add((inter, max(core_count // inter, 1)))
        inter *= 2
    return sorted(layouts)


def candidates(core_count: int, quick: bool = False) -> list[Setting]:
    batches = (512, 1024) if quick else BATCH_TOKENS
    return [
        Setting(inter, intra, batch)
        for inter, intra in thread_layouts(core_count)
        for batch in batches
    ]


def time_setting(
    package_dir: Path,
    sentences: Sequence[str],
    setting: Setting,
    *,
    beam: int,
    runs: int,
    output_tokens: int | None,
    max_decoding_length: int,
) -> float:
    """Median seconds to translate ``sentences`` in one call with ``setting``."""
    translator = open_translator(
        package_dir / "model",
        inter_threads=setting.inter_threads,
        intra_threads=setting.intra_threads,
    )
    tokenizer = open_tokenizer(package_dir)
    tokens = [tokenizer.encode(s.strip(), out_type=str) for s in sentences]
    lengths = (
        {"min_decoding_length": output_tokens, "max_decoding_length": output_tokens}
        if output_tokens
        else {"max_decoding_length": max_decoding_length}
    )

    def run() -> float:
        start = time.perf_counter()
        translator.translate_batch(
            tokens,
            max_batch_size=setting.batch_tokens,
            batch_type="tokens",
            beam_size=beam,
            **lengths,
        )
        return time.perf_counter() - start

    run()  # warm up
    seconds = statistics.median(run() for _ in range(runs))
    return seconds


def token_count(package_dir: Path, sentences: Sequence[str]) -> int:
    tokenizer = open_tokenizer(package_dir)
    return sum(len(tokenizer.encode(s.strip())) for s in sentences)


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_workers(
    package_dir: Path,
    sentences: Sequence[str],
    setting: Setting,
    *,
    processes: int,
    articles: int,
    beam: int,
    output_tokens: int | None,
) -> WorkerRun:
    """Start ``processes`` worker-like processes at once, each translating the article
    ``articles`` times; return the combined throughput and each one's memory."""
    text_file = package_dir.parent / f"mt-bench-article-{os.getpid()}.json"
    text_file.write_text(json.dumps(list(sentences)), encoding="utf-8")
    env = {**os.environ, **setting.env(), "MT_BEAM_SIZE": str(beam)}
    if output_tokens:
        env["MT_MAX_DECODING_LENGTH"] = str(output_tokens)
    command = [
        sys.executable,
        "-m",
        "newsapp.mt.argos.tuning",
        str(package_dir),
        str(text_file),
        str(articles),
    ]
    try:
        children = [
            subprocess.Popen(
                command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
            for _ in range(processes)
        ]
        for child in children:  # each has loaded the model and warmed up
            if child.stdout is None or child.stdout.readline().strip() != "ready":
                raise RuntimeError("a measuring process failed to start")
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        reports = []
        for child in children:
            out, _ = child.communicate(timeout=3600)
            if child.returncode:
                raise RuntimeError(f"a measuring process failed (exit {child.returncode})")
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        text_file.unlink(missing_ok=True)
    # Throughput over the span in which all processes worked.
    span = max(r["end"] for r in reports) - min(r["start"] for r in reports)
    return WorkerRun(
        processes=processes,
        setting=setting,
        articles_per_minute=60 * processes * articles / span,
        rss_mb=[r["rss_mb"] for r in reports],
    )


def _worker_main(package_dir: Path, text_file: Path, articles: int) -> None:
    """One measuring process: Django, the model, the article ``articles`` times."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
    import django

    django.setup()
    from newsapp.mt.argos.engine import ArgosEngine, _load
    from newsapp.mt.argos.packs import read_package

    info = read_package(package_dir)
    if info is None:
        raise SystemExit(f"{package_dir} is not a translation package")
    sentences = json.loads(text_file.read_text(encoding="utf-8"))
    engine = ArgosEngine()
    model = _load(info)
    engine._run(model, sentences[:2])  # warm up, as the first article of a worker does
    print("ready", flush=True)
    sys.stdin.readline()  # "go": every measuring process starts at once
    start = time.time()
    for _ in range(articles):
        engine._run(model, sentences)
    end = time.time()
    print(json.dumps({"start": start, "end": end, "rss_mb": _status_mb("VmRSS")}))


if __name__ == "__main__":
    _worker_main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
