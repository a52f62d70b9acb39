"""API fuzzing at length: Schemathesis over every operation of the live schema, all four
phases (explicit examples, coverage, fuzzing, stateful links), with a real token.

It runs the same pytest test as `make test` (tests/api/test_schema_fuzz.py: live server,
seeded desk, fake engine, the checks "no 5xx" and "responses match the schema") with more
examples and the coverage phase, and prints the number of generated requests, the
operations they reached and the time, measured in this run.

Run: .venv/bin/python bench/api_fuzz.py [--max-examples 25] [--redis-port 6423]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--redis-port", default=os.environ.get("TEST_REDIS_PORT", "6423"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="api-fuzz-") as folder:
        report = Path(folder) / "figures.txt"
        env = dict(
            os.environ,
            TEST_REDIS_PORT=str(args.redis_port),
            NEWSAPP_VAR_DIR=str(Path(folder) / "var"),
            API_FUZZ_PHASES="examples,coverage,fuzzing,stateful",
            API_FUZZ_MAX_EXAMPLES=str(args.max_examples),
            API_FUZZ_REPORT=str(report),
        )
        done = subprocess.run(
            [str(ROOT / "scripts" / "test.sh"), "tests/api/test_schema_fuzz.py", "-q",
             "-p", "no:logging", "--basetemp", str(Path(folder) / "pytest")],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if not report.exists():
            print(done.stdout[-6000:], done.stderr[-3000:], sep="\n")
            return 1
        requests, operations, schema_operations, seconds = report.read_text().split()
    verdict = "no 5xx, no schema violation" if done.returncode == 0 else "FAILURES (see above)"
    if done.returncode != 0:
        print(done.stdout[-8000:])
    print(f"Schemathesis, all phases, --max-examples {args.max_examples}:")
    print(f"  generated requests: {int(requests):,}")
    print(f"  operations called: {operations} of {schema_operations}")
    print(f"  time: {float(seconds):.0f} s")
    print(f"  result: {verdict}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
