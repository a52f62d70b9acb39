"""Pipeline overhead: ten articles through a real Celery worker against ten synchronous engine
calls for the same sentences (issue 18's goal: at most 1.10×).

Both sides use the same real-shape en→ko Argos package (random weights, the realistic
tokenizer) with every output fixed at 31 tokens (``MT_MAX_DECODING_LENGTH``: random weights
never end a sentence by themselves). The engine side is ``ArgosEngine.translate_batch`` of
each article's sentences, one call per article, nothing else. The pipeline side is
``article_create`` for ten articles at once and a worker (concurrency 1, as on a 2-core
machine) taking them through leases, glossary enforcement, QA checks, progress and bulk
saves, timed from the first submit until the last translation is done. The MT cache is off,
so no article borrows another's sentences. Rounds alternate the two sides; medians printed.

Run: .venv/bin/python bench/pipeline_speed.py [--articles 10] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import PENTAGON_STORY, ROOT, isolate, real_shape_package

OUTPUT_TOKENS = 31


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    package = real_shape_package("en", "ko")  # before isolate: prints the tokenizer line
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-pipeline-"))
    port = _free_port()
    os.environ.update(
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        MT_ENGINES="argos",
        MT_CACHE="0",
        MT_MAX_DECODING_LENGTH=str(OUTPUT_TOKENS),
        SWEEPER_INTERVAL_SECONDS="3600",
    )
    isolate(folder)
    redis = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind",
         "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker: subprocess.Popen[bytes] | None = None
    log = folder / "worker.log"
    try:
        from django.contrib.auth.models import Group, User

        from newsapp.articles.models import Translation
        from newsapp.articles.services.intake import article_create
        from newsapp.mt import argos, registry

        argos.install_from_file(package)
        registry.reset()
        engine = registry.get_engine("argos")
        author = User.objects.create_user("bench")
        author.groups.add(Group.objects.get_or_create(name="Translators")[0])

        # Ten different articles: the story with its paragraphs rotated, a number in each.
        paragraphs = [p for p in PENTAGON_STORY.split("\n\n") if p.strip()]
        stories = []
        for i in range(args.articles):
            turned = paragraphs[i % len(paragraphs) :] + paragraphs[: i % len(paragraphs)]
            stories.append(f"Report {i + 1}.\n\n" + "\n\n".join(turned))
        from newsapp.articles import text as text_utils

        sentences = [[s.source for s in text_utils.segment(story, "en")] for story in stories]
        total = sum(map(len, sentences))

        with open(log, "wb") as out:
            worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "newsapp", "worker", "-Q", "mt,celery",
                 "--concurrency", "1", "--pool", "prefork", "-l", "INFO", "--without-gossip",
                 "--without-mingle", "-n", "bench@%h"],
                cwd=ROOT, env=os.environ.copy(), stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        _wait(lambda: " ready." in log.read_text(errors="replace"), 60, "the worker")

        def engine_alone() -> float:
            start = time.perf_counter()
            for batch in sentences:
                engine.translate_batch(batch, "en", "ko")
            return time.perf_counter() - start

        def through_worker() -> float:
            start = time.perf_counter()
            created = [
                article_create(author=author, title=f"Report {i + 1}", text=story,
                               source_language="en", target_languages=["ko"])
                for i, story in enumerate(stories)
            ]  # fmt: skip
            ids = [a.pk for a in created]

            def finished() -> bool:
                states = Translation.objects.filter(article_id__in=ids).values_list(
                    "status", flat=True
                )
                if any(s == Translation.Status.FAILED for s in states):
                    raise SystemExit(f"a translation failed; see {log}")
                return all(s == Translation.Status.DONE for s in states)

            _wait(finished, 900, "the articles")
            return time.perf_counter() - start

        engine_alone()  # load the model in this process too
        print(
            f"{args.articles} articles, {total} sentences, output {OUTPUT_TOKENS} tokens each; "
            f"worker concurrency 1; cores: {os.cpu_count()}; {args.rounds} rounds."
        )
        alone, piped = [], []
        for round_ in range(args.rounds):
            alone.append(engine_alone())
            piped.append(through_worker())
            print(
                f"round {round_ + 1}: engine alone {alone[-1]:.2f} s, through the worker "
                f"{piped[-1]:.2f} s ({piped[-1] / alone[-1]:.2f}×)",
                flush=True,
            )
        a, p = statistics.median(alone), statistics.median(piped)
        ratios = sorted(q / e for q, e in zip(piped, alone, strict=True))
        print(
            f"median: engine alone {a:.2f} s, pipeline {p:.2f} s; ratio of medians {p / a:.2f}×, "
            f"median of the rounds' ratios {statistics.median(ratios):.2f}× "
            f"(range {ratios[0]:.2f}–{ratios[-1]:.2f}; goal ≤ 1.10)"
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        redis.terminate()
        redis.wait(10)


if __name__ == "__main__":
    main()
