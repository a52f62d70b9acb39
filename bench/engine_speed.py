"""Seconds per ~550-word article: argostranslate's convenience call vs our engine path vs raw
CTranslate2, on a random-weight model of the real en→ko shape (6+6 layers, d_model 512, 8 heads,
FFN 2048, 32k shared vocabulary, int8).

Random weights never emit end-of-sentence, so every path is forced to the same fixed output
length (min = max decoding length) by wrapping ``ctranslate2.Translator``; argostranslate's
online sentence splitter (MiniSBD downloads a model) is replaced by sentencex, offline.

Run: make bench   (or: .venv/bin/python bench/engine_speed.py)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import PENTAGON_STORY, fix_output_length, isolate, median_seconds

OUTPUT_TOKENS = 31


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-argos", action="store_true", help="skip the slow path (a)")
    args = parser.parse_args()
    folder = isolate()

    import sentencex
    from django.conf import settings

    from newsapp.articles import services
    from newsapp.articles import text as text_utils
    from newsapp.mt import argos, registry
    from tests.argos_packages import REAL_EN_KO, build_package

    FixedLength = fix_output_length(OUTPUT_TOKENS)
    print("Building the real-shape en→ko package (random weights)…", flush=True)
    info = argos.install_from_file(build_package(folder / "build", "en", "ko", shape=REAL_EN_KO))
    settings.MT_ENGINES = ["argos"]
    registry.reset()
    sentences = [s.source for s in text_utils.segment(PENTAGON_STORY, "en")]
    words = len(PENTAGON_STORY.split())
    print(
        f"Article: {words} words, {len(sentences)} sentences; output fixed at "
        f"{OUTPUT_TOKENS} tokens per sentence; cores: {os.cpu_count()}; median of {args.runs}."
    )

    def ours() -> str:
        return services.translate_text_now(text=PENTAGON_STORY, source="en", target="ko")

    import sentencepiece

    model_dir = str(info.path / "model")
    tokenizer = sentencepiece.SentencePieceProcessor(
        model_file=str(info.path / "sentencepiece.model")
    )
    tokens = [tokenizer.encode(s, out_type=str) for s in sentences]

    def raw_runner(inter: int, intra: int, batch: int):  # type: ignore[no-untyped-def]
        raw = FixedLength(model_dir, compute_type="int8", inter_threads=inter, intra_threads=intra)

        def run() -> object:
            return raw.translate_batch(
                tokens,
                max_batch_size=batch,
                batch_type="tokens",
                beam_size=settings.MT_BEAM_SIZE,
                max_decoding_length=OUTPUT_TOKENS,
            )

        run()  # warm up
        return run

    print("Raw CTranslate2 settings scan (same beam, same output length):")
    scan = []
    for inter, intra, batch in [(1, 0, 4096), (1, 2, 4096), (2, 1, 512), (2, 1, 256), (2, 1, 1024)]:
        seconds = median_seconds(raw_runner(inter, intra, batch), args.runs)
        print(f"    inter={inter} intra={intra} batch={batch} tokens: {seconds:.2f} s")
        scan.append((seconds, inter, intra, batch))
    _, inter, intra, batch = min(scan)
    best_raw = raw_runner(inter, intra, batch)
    ours()  # load the model once, as a worker does
    # Alternate (b) and (c) so that machine noise hits both alike.
    b_times, c_times = [], []
    for _ in range(args.runs + 2):
        b_times.append(median_seconds(ours, 1))
        c_times.append(median_seconds(best_raw, 1))
    b, c = statistics.median(b_times), statistics.median(c_times)
    print(
        f"(b) our engine path (MT_* settings: beam {settings.MT_BEAM_SIZE}, inter "
        f"{settings.MT_INTER_THREADS}, intra {settings.MT_INTRA_THREADS}, batch "
        f"{settings.MT_MAX_BATCH_TOKENS} tokens; segmentation included): {b:.2f} s/article"
    )
    print(
        f"(c) raw ctranslate2 translate_batch, best settings "
        f"(inter {inter}, intra {intra}, batch {batch} tokens): {c:.2f} s/article"
    )

    a = None
    if not args.skip_argos:
        import logging

        import argostranslate.translate

        # argostranslate sets its own logger to INFO and logs every token list.
        logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)

        argostranslate.translate.MiniSBDSentencizer.split_sentences = lambda self, text: [
            s for s in sentencex.segment("en", text) if s.strip()
        ]

        def convenience() -> str:
            # argostranslate caches translated paragraphs; time real work, not the cache.
            for installed in argostranslate.translate.installed_translates:
                installed.cached_translation.cache.clear()
            return argostranslate.translate.translate(PENTAGON_STORY, "en", "ko")

        convenience()
        a = median_seconds(convenience, args.runs)
        print(f"(a) argostranslate.translate.translate(): {a:.2f} s/article")

    print()
    if a is not None:
        print(f"(a)/(b) = {a / b:.1f}x   (goal: ≥ 5x)")
    print(f"(b)/(c) = {b / c:.2f}     (goal: ≤ 1.15)")
    try:
        from bench.apertium_speed import apertium_line
    except ImportError:
        return
    print(apertium_line(PENTAGON_STORY))


if __name__ == "__main__":
    main()
