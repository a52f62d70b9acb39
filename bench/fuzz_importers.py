"""Importer fuzzing at length: the CI test (tests/security/test_fuzz_importers.py) with N
inputs per importer, fresh random ones each run, failures recorded instead of stopping.

Prints, per importer (glossary CSV and TBX, TMX, XLIFF, the article form, the article
readers, .argosmodel archives), the inputs tried and the failures (an unhandled exception, a
5xx, a file written outside its folder), then the first tracebacks of any failure.

Run: .venv/bin/python bench/fuzz_importers.py --examples 1000 [--redis-port 6424]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import run_test_with_report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="inputs per importer")
    parser.add_argument("--redis-port", default=os.environ.get("TEST_REDIS_PORT", "6424"))
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="importer-fuzz-") as folder:
        done, text = run_test_with_report(
            "tests/security/test_fuzz_importers.py", folder=Path(folder),
            redis_port=str(args.redis_port), report_variable="FUZZ_REPORT",
            env={"FUZZ_EXAMPLES": str(args.examples)}, pytest_args=("-p", "no:cacheprovider"),
        )  # fmt: skip
        if text is None:
            return 1
    print(f"Importer fuzzing, {args.examples} inputs per importer "
          f"({time.monotonic() - started:.0f} s):")  # fmt: skip
    print(text)
    failed = done.returncode != 0 or "\n--- " in text
    if done.returncode != 0:
        print(done.stdout[-6000:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
