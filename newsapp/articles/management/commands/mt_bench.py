"""Measure the Argos engine on this machine and print the MT_* settings and worker count to use.

Runs the thread and batch scan on an installed package (or, when none is installed, on a
generated package of the real en→ko shape, and says so), then measures one worker process
against two. Background in docs/operations.md, "Sizing MT workers".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from newsapp.articles import text as text_utils
from newsapp.mt.argos import packs, tuning
from newsapp.mt.base import MTError

#: Output length forced on a generated package (random weights never stop by themselves).
GENERATED_OUTPUT_TOKENS = 31
#: A second worker process must bring this much more throughput to be worth its memory.
WORTH_A_SECOND_PROCESS = 1.15


class Command(BaseCommand):
    help = "Scan CTranslate2 threads and batch sizes, measure worker memory, print settings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pair", nargs=2, metavar=("SRC", "TGT"), help="default: en ko")
        parser.add_argument(
            "--text", type=Path, help="an article in the source language (default: the sample)"
        )
        parser.add_argument("--beam", type=int, default=settings.MT_BEAM_SIZE)
        parser.add_argument("--runs", type=int, default=3, help="timed runs per setting")
        parser.add_argument("--quick", action="store_true", help="fewer batch sizes")
        parser.add_argument(
            "--articles", type=int, default=3, help="articles per process in the worker test"
        )
        parser.add_argument(
            "--rounds", type=int, default=3, help="alternating one- and two-process rounds"
        )
        parser.add_argument("--skip-workers", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._bench(options)
        except MTError as exc:
            raise CommandError(str(exc)) from None

    def _package(self, source: str, target: str) -> tuple[Path, int | None]:
        for info in packs.installed_packages():
            if (info.source, info.target) == (source, target):
                self.stdout.write(f"Package: {info.path.name} (installed, version {info.version}).")
                return info.path, None
        from newsapp.mt.argos import corpus, synth

        cache = Path(settings.VAR_DIR) / "mt-bench"
        try:
            tokenizer, _ = corpus.train_tokenizer(cache)
            note = "tokenizer trained on real text found on this machine"
        except RuntimeError as exc:
            tokenizer, note = None, f"TINY test tokenizer, so token counts are unrealistic: {exc}"
        name = f"generated-{source}_{target}-{tokenizer.stem if tokenizer else 'tiny'}"
        package_dir = cache / name
        if not (package_dir / "metadata.json").is_file():
            self.stdout.write("Generating a real-shape package (random weights)…")
            synth.write_package(
                cache / f".{name}", source, target, shape=synth.REAL_EN_KO, tokenizer=tokenizer
            ).rename(package_dir)
        self.stdout.write(
            self.style.WARNING(
                f"No {source}→{target} package is installed: measuring a GENERATED package of "
                f"the real en↔ko shape (6+6 layers, d512, 32k vocabulary, int8; {note}), with "
                f"outputs fixed at {GENERATED_OUTPUT_TOKENS} tokens per sentence. Install the "
                "real package and run this again for figures to act on."
            )
        )
        return package_dir, GENERATED_OUTPUT_TOKENS

    def _text(self, path: Path | None, source: str) -> str:
        if path is None:
            sample = Path(settings.BASE_DIR) / "bench" / "pentagon_story.txt"
            if source != "en" or not sample.is_file():
                raise CommandError(f"Give --text FILE with an article in {source!r}.")
            path = sample
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path} cannot be read as UTF-8 text: {exc}") from None

    def _bench(self, options: dict[str, Any]) -> None:
        source, target = options["pair"] or ("en", "ko")
        text = self._text(options["text"], source)
        package_dir, output_tokens = self._package(source, target)
        sentences = [s.source for s in text_utils.segment(text, source)]
        core_count = tuning.cores()
        tokens = tuning.token_count(package_dir, sentences)
        self.stdout.write(
            f"Article: {len(text.split())} words, {len(sentences)} sentences, {tokens} tokens; "
            f"beam {options['beam']}; {core_count} cores; median of {options['runs']} runs."
        )
        self.stdout.write("\n inter  intra  batch tokens   s/article")
        timings = []
        for setting in tuning.candidates(core_count, quick=options["quick"]):
            seconds = tuning.time_setting(
                package_dir,
                sentences,
                setting,
                beam=options["beam"],
                runs=options["runs"],
                output_tokens=output_tokens,
                max_decoding_length=settings.MT_MAX_DECODING_LENGTH,
            )
            timings.append((seconds, setting))
            self.stdout.write(
                f" {setting.inter_threads:5d}  {setting.intra_threads:5d}  "
                f"{setting.batch_tokens:12d}   {seconds:9.2f}"
            )
        seconds, best = min(timings, key=lambda t: t[0])
        self.stdout.write(f"\nFastest: {seconds:.2f} s per article.")
        concurrency, chosen, memory = 1, best, None
        if not options["skip_workers"]:
            concurrency, chosen, memory = self._workers(
                package_dir, sentences, best, core_count, options, output_tokens
            )
        self.stdout.write("\nSettings to use (environment of the MT workers):")
        for key, value in chosen.env().items():
            self.stdout.write(f"  {key}={value}")
        self.stdout.write(f"  WORKER_CONCURRENCY={concurrency}   # celery worker --concurrency")
        if memory is not None:
            self.stdout.write(
                f"Memory per worker process: {memory:.0f} MB RSS with Django and this model "
                "loaded, after translating (each further language direction a process serves "
                "adds its own model)."
            )

    def _workers(
        self,
        package_dir: Path,
        sentences: list[str],
        best: tuning.Setting,
        core_count: int,
        options: dict[str, Any],
        output_tokens: int | None,
    ) -> tuple[int, tuning.Setting, float]:
        def run(processes: int, setting: tuning.Setting) -> tuning.WorkerRun:
            return tuning.run_workers(
                package_dir,
                sentences,
                setting,
                processes=processes,
                articles=options["articles"],
                beam=options["beam"],
                output_tokens=output_tokens,
            )

        split = tuning.Setting(
            max(best.inter_threads // 2, 1),
            best.intra_threads if best.inter_threads >= 2 else max(best.intra_threads // 2, 1),
            best.batch_tokens,
        )
        # Alternate one and two processes so that other load on the machine hits both alike.
        ones, twos = [], []
        for _ in range(options["rounds"]):
            ones.append(run(1, best))
            if core_count >= 2:
                twos.append(run(2, split))
        one = _median_run(ones)
        memory = one.rss_mb[0]
        self.stdout.write(
            f"\n1 worker process: {one.articles_per_minute:.1f} articles/min, {memory:.0f} MB RSS "
            f"(median of {len(ones)} rounds)."
        )
        if not twos:
            return 1, best, memory
        two = _median_run(twos)
        gain = two.articles_per_minute / one.articles_per_minute
        total = sum(two.rss_mb)
        self.stdout.write(
            f"2 worker processes (threads split: inter {split.inter_threads}, intra "
            f"{split.intra_threads}): {two.articles_per_minute:.1f} articles/min "
            f"({gain:.2f}× the throughput) for {total:.0f} MB RSS ({total / memory:.2f}× the "
            "memory)."
        )
        if gain >= WORTH_A_SECOND_PROCESS:
            return 2, split, max(two.rss_mb)
        self.stdout.write(
            f"A second process adds less than {WORTH_A_SECOND_PROCESS:.2f}× throughput: "
            "run one worker process and let its threads use the cores."
        )
        return 1, best, memory


def _median_run(runs: list[tuning.WorkerRun]) -> tuning.WorkerRun:
    return sorted(runs, key=lambda r: r.articles_per_minute)[len(runs) // 2]
