"""QA check speed: one 500-sentence translation through ``check_segment``.

Builds a 500-sentence translation per direction (en→ko, ko→en, en→es, es→en) from the
false-alarm corpus (news sentences with numbers and dates, cycled to 500), then prints the
median time over several runs to check every sentence (wall clock, and CPU time of this
process, which a busy shared machine disturbs less), and the first (cold) run, which compiles
the language tables' patterns. Goal: under 200 ms per 500-sentence translation.

Run: .venv/bin/python bench/qa_speed.py [--sentences 500] [--runs 7]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.qa_false_alarms import DIRECTIONS, load  # noqa: E402
from newsapp.qa import check_segment  # noqa: E402

GOAL_MS = 200.0


def check_all(pairs: list[tuple[str, str]], source_lang: str, target_lang: str) -> int:
    issues = 0
    for source, target in pairs:
        issues += len(
            check_segment(source, target, source_lang=source_lang, target_lang=target_lang)
        )
    return issues


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"{args.sentences} sentences per translation, median of {args.runs} runs")
    print(
        f"{'direction':<10}{'chars':>9}{'cold ms':>10}{'median ms':>11}{'min ms':>9}{'CPU ms':>9}"
    )
    worst = 0.0
    for direction in DIRECTIONS:
        source_lang, target_lang = direction.split("-")
        pairs = list(itertools.islice(itertools.cycle(load(direction)), args.sentences))
        chars = sum(len(s) + len(t) for s, t in pairs)
        start = time.perf_counter()
        check_all(pairs, source_lang, target_lang)
        cold = (time.perf_counter() - start) * 1000
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            check_all(pairs, source_lang, target_lang)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        median = statistics.median(times)
        worst = max(worst, median)
        print(
            f"{direction:<10}{chars:>9}{cold:>10.1f}{median:>11.1f}{min(times):>9.1f}"
            f"{statistics.median(cpu):>9.1f}"
        )
    verdict = "met" if worst < GOAL_MS else "NOT met"
    print(
        f"\nGoal: a {args.sentences}-sentence translation under {GOAL_MS:.0f} ms: {verdict} "
        f"(slowest direction {worst:.1f} ms)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
