"""What forbidden glossary terms cost the Argos engine per call: encoding them for
``suppress_sequences`` the first time (per term and model) and on later calls (cached), on the
real-shape en→ko model with the realistic tokenizer. Some terms hold characters the tokenizer
cannot spell (rare Hangul, Hanja, emoji); they are skipped, and the call succeeds.

Run: .venv/bin/python bench/forbidden_terms.py [--terms 2000]
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import PENTAGON_STORY, fix_output_length, isolate, real_shape_package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=2000)
    args = parser.parse_args()
    isolate()
    from newsapp.articles import text as text_utils
    from newsapp.mt import argos
    from newsapp.mt.argos import engine as engine_module

    logging.getLogger(engine_module.__name__).setLevel(logging.ERROR)  # one line per term
    argos.install_from_file(real_shape_package("en", "ko"))
    fix_output_length(31)
    rng = random.Random(5)
    common = list("가나다라마바사아자차카타파하국민대한서울평양북남중일미영독정부군경제회의")
    rare = ["똠", "뷁", "龜", "鑑", "🚀", "쀍"]
    terms = [
        "".join(rng.choice(common) for _ in range(rng.randint(2, 4)))
        + (rng.choice(rare) if i % 10 == 0 else "")
        for i in range(args.terms)
    ]
    engine = argos.ArgosEngine()
    sentences = [s.source for s in text_utils.segment(PENTAGON_STORY, "en")]
    info = argos.installed_packages()[0]
    model = engine_module._load(info)

    start = time.perf_counter()
    sequences = engine._suppress(model, terms)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    engine._suppress(model, terms)
    warm = time.perf_counter() - start
    skipped = sum(1 for t in terms if model.suppress_cache[t] == ())
    print(
        f"{len(terms):,} forbidden terms → {len(sequences or []):,} token sequences; "
        f"{skipped} skipped (a piece outside the vocabulary)"
    )
    print(f"encoding, first call: {cold * 1000:.1f} ms; later calls (cached): {warm * 1000:.1f} ms")
    engine.translate_batch(sentences, "en", "ko")
    start = time.perf_counter()
    engine.translate_batch(sentences, "en", "ko")
    plain = time.perf_counter() - start
    start = time.perf_counter()
    out = engine.translate_batch(sentences, "en", "ko", avoid=terms)
    guarded = time.perf_counter() - start
    print(
        f"article ({len(sentences)} sentences): {plain:.2f} s without avoid, {guarded:.2f} s "
        f"with all {len(terms):,} terms suppressed; {len(out)} sentences translated"
    )


if __name__ == "__main__":
    main()
