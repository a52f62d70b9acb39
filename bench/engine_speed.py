"""Seconds per ~550-word article at equal beam: argostranslate's convenience call, LibreTranslate's
``/translate`` (when installed in its own environment), our engine path, and raw CTranslate2, on
a random-weight model of the real en→ko shape (6+6 layers, d_model 512, 8 heads, FFN 2048, 32k
shared vocabulary, int8) with a tokenizer trained on real English and Korean text.

Random weights never emit end-of-sentence, so every path is forced to the same fixed output
length (min = max decoding length) by wrapping ``ctranslate2.Translator``; argostranslate's
online sentence splitter (MiniSBD downloads a model) is replaced by sentencex, offline, and its
paragraph cache is bypassed.

LibreTranslate runs from ``var/libretranslate-venv`` through bench/libretranslate_server.py;
``--install-libretranslate`` creates that environment (about 4 minutes; PyPI must be reachable).

Run: make bench   (or: .venv/bin/python bench/engine_speed.py [--install-libretranslate])
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (
    PENTAGON_STORY,
    ROOT,
    fix_output_length,
    isolate,
    median_seconds,
    real_shape_package,
)

OUTPUT_TOKENS = 31
LT_VENV = ROOT / "var" / "libretranslate-venv"
LT_REQUIREMENTS = ["libretranslate==1.9.6", "sentencex>=1.0,<2"]
#: (inter_threads, intra_threads, max batch tokens) tried for raw CTranslate2.
RAW_SCAN = [(1, 0, 4096), (1, 2, 4096), (2, 1, 256), (2, 1, 512), (2, 1, 1024)]


def install_libretranslate() -> None:
    print(f"Installing {' '.join(LT_REQUIREMENTS)} into {LT_VENV.relative_to(ROOT)} …", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(LT_VENV)], check=True)
    subprocess.run(
        [str(LT_VENV / "bin" / "python"), "-m", "pip", "install", "-q", *LT_REQUIREMENTS],
        check=True,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def libretranslate(beam: int, log: Path) -> Iterator[Callable[[], object]]:
    """Start LibreTranslate at ``beam``; yield a function that translates the story once."""
    port = _free_port()
    env = {**os.environ, "ARGOS_BEAM_SIZE": str(beam), "PYTHONUNBUFFERED": "1"}
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(LT_VENV / "bin" / "python"),
                str(ROOT / "bench" / "libretranslate_server.py"),
                "--port",
                str(port),
                "--output-tokens",
                str(OUTPUT_TOKENS),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{base}/languages", timeout=5):  # noqa: S310 - local
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"LibreTranslate did not start; see {log}") from None
                time.sleep(0.5)
        body = json.dumps({"q": PENTAGON_STORY, "source": "en", "target": "ko"}).encode()

        def translate() -> object:
            request = urllib.request.Request(  # noqa: S310 - local
                f"{base}/translate", body, {"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - local
                return json.loads(response.read())["translatedText"]

        yield translate
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds; every path once a round")
    parser.add_argument("--beams", type=int, nargs="+", default=[2, 4])
    parser.add_argument("--skip-argos", action="store_true", help="skip argostranslate")
    parser.add_argument("--skip-libretranslate", action="store_true")
    parser.add_argument(
        "--install-libretranslate",
        action="store_true",
        help=f"create {LT_VENV.relative_to(ROOT)} first (about 4 minutes)",
    )
    args = parser.parse_args()
    if args.install_libretranslate:
        install_libretranslate()
    folder = isolate()

    import sentencepiece
    import sentencex
    from django.conf import settings

    from newsapp.articles import text as text_utils
    from newsapp.articles.services import translate_now
    from newsapp.mt import argos, registry

    info = argos.install_from_file(real_shape_package("en", "ko"))
    fixed_length = fix_output_length(OUTPUT_TOKENS)
    settings.MT_ENGINES = ["argos"]
    registry.reset()
    sentences = [s.source for s in text_utils.segment(PENTAGON_STORY, "en")]
    tokenizer = sentencepiece.SentencePieceProcessor(
        model_file=str(info.path / "sentencepiece.model")
    )
    tokens = [tokenizer.encode(s, out_type=str) for s in sentences]
    words = len(PENTAGON_STORY.split())
    print(
        f"Article: {words} words, {len(sentences)} sentences, {sum(map(len, tokens))} tokens "
        f"({sum(map(len, tokens)) / words:.2f} per word); output fixed at {OUTPUT_TOKENS} "
        f"tokens per sentence; cores: {os.cpu_count()}; median of {args.runs} rounds."
    )

    def ours() -> object:
        return translate_now.translate_text_now(text=PENTAGON_STORY, source="en", target="ko")

    def raw_runner(inter: int, intra: int, batch: int, beam: int) -> Callable[[], object]:
        raw = fixed_length(
            str(info.path / "model"), compute_type="int8", inter_threads=inter, intra_threads=intra
        )

        def run() -> object:
            return raw.translate_batch(
                tokens,
                max_batch_size=batch,
                batch_type="tokens",
                beam_size=beam,
                max_decoding_length=OUTPUT_TOKENS,
            )

        run()  # warm up
        return run

    convenience = None
    if not args.skip_argos:
        import logging

        import argostranslate.settings
        import argostranslate.translate

        # argostranslate sets its own logger to INFO and logs every token list.
        logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)
        argostranslate.translate.MiniSBDSentencizer.split_sentences = lambda self, text: [
            s for s in sentencex.segment("en", text) if s.strip()
        ]

        def convenience() -> object:
            # argostranslate caches translated paragraphs; time real work, not the cache.
            for installed in argostranslate.translate.installed_translates:
                installed.cached_translation.cache.clear()
            return argostranslate.translate.translate(PENTAGON_STORY, "en", "ko")

    use_lt = not args.skip_libretranslate and (LT_VENV / "bin" / "python").exists()
    if not use_lt and not args.skip_libretranslate:
        print(
            "LibreTranslate: not installed in its own environment; run with "
            "--install-libretranslate to include it."
        )

    rows = []
    for beam in args.beams:
        settings.MT_BEAM_SIZE = beam
        print(f"\n— beam {beam} —")
        scan = []
        for inter, intra, batch in RAW_SCAN:
            seconds = median_seconds(raw_runner(inter, intra, batch, beam), args.runs)
            print(f"    raw inter={inter} intra={intra} batch={batch} tokens: {seconds:.2f} s")
            scan.append((seconds, inter, intra, batch))
        _, inter, intra, batch = min(scan)
        best_raw = raw_runner(inter, intra, batch, beam)
        ours()  # load the model once, as a worker does
        paths: dict[str, Callable[[], object]] = {"ours": ours, "raw": best_raw}
        with ExitStack() as stack:
            if convenience is not None:
                argostranslate.settings.beam_size = beam
                convenience()
                paths["argos"] = convenience
            if use_lt:
                log = folder / f"libretranslate-beam{beam}.log"
                paths["lt"] = stack.enter_context(libretranslate(beam, log))
                paths["lt"]()
            # Every path once per round, so that load on the shared machine hits all alike.
            times: dict[str, list[float]] = {name: [] for name in paths}
            for _ in range(args.runs):
                for name, run in paths.items():
                    times[name].append(median_seconds(run, 1))
        median = {name: statistics.median(values) for name, values in times.items()}
        b, c = median["ours"], median["raw"]
        a, lt = median.get("argos"), median.get("lt")
        print(
            f"  ours (beam {beam}, inter {settings.MT_INTER_THREADS}, intra "
            f"{settings.MT_INTRA_THREADS}, batch {settings.MT_MAX_BATCH_TOKENS} tokens; "
            f"segmentation included): {b:.2f} s"
        )
        print(f"  raw CTranslate2, best of the scan (inter {inter}, intra {intra}, batch {batch}):"
              f" {c:.2f} s")  # fmt: skip
        if a is not None:
            print(f"  argostranslate.translate.translate() (ARGOS_BEAM_SIZE={beam}): {a:.2f} s")
        if lt is not None:
            print(f"  LibreTranslate /translate (ARGOS_BEAM_SIZE={beam}): {lt:.2f} s")
        rows.append((beam, a, lt, b, c))

    print(
        "\n| beam | argostranslate | LibreTranslate | ours | raw "
        "| argos/ours | LT/ours | ours/raw |"
    )
    print("|---|---|---|---|---|---|---|---|")

    def cell(value: float | None, fmt: str = "{:.2f} s") -> str:
        return "—" if value is None else fmt.format(value)

    for beam, a, lt, b, c in rows:
        print(
            f"| {beam} | {cell(a)} | {cell(lt)} | {b:.2f} s | {c:.2f} s | "
            f"{cell(a and a / b, '{:.1f}×')} | {cell(lt and lt / b, '{:.1f}×')} | {b / c:.2f} |"
        )
    print("(goals: ours/raw ≤ 1.15; equal-beam ratios are the fair comparison)")
    try:
        from bench.apertium_speed import apertium_line
    except ImportError:
        return
    print(apertium_line(PENTAGON_STORY))


if __name__ == "__main__":
    main()
