"""Serve LibreTranslate offline for bench/engine_speed.py. Benchmark-only; run with the Python
of LibreTranslate's own environment (``var/libretranslate-venv``), never ours.

Patches, all in this process only:
- ``check_and_install_models`` becomes a no-op (offline it retries the index download);
- MiniSBD (which downloads a sentence model) is replaced by sentencex;
- argostranslate's paragraph cache is bypassed, so repeated requests do real work;
- every CTranslate2 translation is fixed at ``--output-tokens`` (random weights never stop).

The packages come from ``ARGOS_PACKAGES_DIR``; the beam from ``ARGOS_BEAM_SIZE``.

Usage: var/libretranslate-venv/bin/python bench/libretranslate_server.py --port 5055
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--output-tokens", type=int, default=31)
    parser.add_argument("--languages", default="en,ko")
    args = parser.parse_args()

    import argostranslate.sbd
    import argostranslate.translate
    import libretranslate.init
    import sentencex

    from bench.common import fix_output_length

    libretranslate.init.check_and_install_models = lambda *a, **k: None
    argostranslate.sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [
        s for s in sentencex.segment(self.pkg.from_code, text) if s.strip()
    ]
    argostranslate.translate.CachedTranslation.hypotheses = lambda self, text, num_hypotheses=4: (
        self.underlying.hypotheses(text, num_hypotheses)
    )
    fix_output_length(args.output_tokens)
    sys.argv = [
        "libretranslate",
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--load-only",
        args.languages,
        "--threads",
        "1",
    ]
    from libretranslate.main import main as serve

    serve()


if __name__ == "__main__":
    main()
