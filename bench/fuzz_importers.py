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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="inputs per importer")
    parser.add_argument("--redis-port", default=os.environ.get("TEST_REDIS_PORT", "6424"))
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="importer-fuzz-") as folder:
        report = Path(folder) / "report.txt"
        env = dict(
            os.environ,
            TEST_REDIS_PORT=str(args.redis_port),
            NEWSAPP_VAR_DIR=str(Path(folder) / "var"),
            FUZZ_EXAMPLES=str(args.examples),
            FUZZ_REPORT=str(report),
        )
        done = subprocess.run(
            [str(ROOT / "scripts" / "test.sh"), "tests/security/test_fuzz_importers.py", "-q",
             "-p", "no:cacheprovider", "--basetemp", str(Path(folder) / "pytest")],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if not report.exists():
            print(done.stdout[-6000:], done.stderr[-3000:], sep="\n")
            return 1
        text = report.read_text(encoding="utf-8")
    print(f"Importer fuzzing, {args.examples} inputs per importer "
          f"({time.monotonic() - started:.0f} s):")  # fmt: skip
    print(text)
    failed = done.returncode != 0 or "\n--- " in text
    if done.returncode != 0:
        print(done.stdout[-6000:])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
