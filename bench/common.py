"""Shared set-up for benchmarks: an isolated Django/Argos environment and sample text."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: A ~550-word wire story (24 sentences) in the style of a Pentagon briefing report.
PENTAGON_STORY = (Path(__file__).parent / "pentagon_story.txt").read_text(encoding="utf-8")


def isolate(tmp: Path | None = None) -> Path:
    """Point Django and Argos at a throw-away folder, then set Django up."""
    folder = tmp or Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsapp.settings",
        DJANGO_DEBUG="1",
        NEWSAPP_VAR_DIR=str(folder / "var"),
        ARGOS_PACKAGES_DIR=str(folder / "argos-packages"),
        XDG_DATA_HOME=str(folder / "xdg-data"),
        XDG_CONFIG_HOME=str(folder / "xdg-config"),
        XDG_CACHE_HOME=str(folder / "xdg-cache"),
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return folder


def median_seconds(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fix_output_length(tokens: int) -> type:
    """Make every CTranslate2 translation exactly ``tokens`` long.

    Random weights never emit end-of-sentence; fixing the length gives every path the same
    work, like a real model's ~31-token sentences. Returns the wrapper class installed as
    ``ctranslate2.Translator``.
    """
    import ctranslate2

    base = getattr(ctranslate2.Translator, "_bench_base", ctranslate2.Translator)

    class FixedLength(base):  # type: ignore[misc, valid-type]
        _bench_base = base

        def translate_batch(self, source, *args, **kwargs):  # type: ignore[no-untyped-def]
            kwargs["min_decoding_length"] = kwargs["max_decoding_length"] = tokens
            return super().translate_batch(source, *args, **kwargs)

    ctranslate2.Translator = FixedLength
    return FixedLength


#: Generated tokenizers and packages, kept between runs (var/ is not committed).
CACHE = ROOT / "var" / "bench-cache"


def realistic_tokenizer(*, quiet: bool = False) -> Path:
    """A 32k SentencePiece model trained on real English and Korean text found on this
    machine (newsapp.mt.argos.corpus); built on first use, then cached under var/."""
    from newsapp.mt.argos.corpus import tokens_per_word, train_tokenizer

    model, stats = train_tokenizer(CACHE)
    if not quiet:
        sources = ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in stats.sources.items())
        paragraphs = [p for p in PENTAGON_STORY.splitlines() if p.strip()]
        print(
            f"Tokenizer: SentencePiece unigram trained on {stats.total_bytes / 1e6:.1f} MB of "
            f"real text ({sources}); the English story comes to "
            f"{tokens_per_word(model, paragraphs):.2f} tokens per word (test tokenizer: 4.61)."
        )
    return model


def real_shape_package(source: str = "en", target: str = "ko", *, seed: int = 0) -> Path:
    """A random-weight package of the real en↔ko shape with the realistic tokenizer (cached)."""
    from newsapp.mt.argos.synth import REAL_EN_KO, build_package

    tokenizer = realistic_tokenizer()
    name = f"real-{source}_{target}-{seed}-{tokenizer.stem}.argosmodel"
    cached = CACHE / name
    if not cached.is_file():
        print(f"Building the real-shape {source}→{target} package (random weights)…", flush=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            built = build_package(
                Path(tmp), source, target, shape=REAL_EN_KO, seed=seed, tokenizer=tokenizer
            )
            built.replace(cached)
    return cached


def run_test_with_report(
    test: str,
    *,
    folder: Path,
    redis_port: str,
    report_variable: str,
    env: dict[str, str],
    pytest_args: tuple[str, ...] = (),
) -> tuple[subprocess.CompletedProcess[str], str | None]:
    """Run one test module through ``scripts/test.sh`` in ``folder`` (its own var/), telling it
    where to write its figures through ``report_variable``; return the run and the report's
    text (None, after printing the run's output, when the test wrote none)."""
    report = folder / "report.txt"
    done = subprocess.run(
        [str(ROOT / "scripts" / "test.sh"), test, "-q", *pytest_args,
         "--basetemp", str(folder / "pytest")],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env=dict(os.environ, TEST_REDIS_PORT=redis_port, NEWSAPP_VAR_DIR=str(folder / "var"),
                 **env, **{report_variable: str(report)}),
    )  # fmt: skip
    if not report.exists():
        print(done.stdout[-6000:], done.stderr[-3000:], sep="\n")
        return done, None
    return done, report.read_text(encoding="utf-8")
