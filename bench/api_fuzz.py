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
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import run_test_with_report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--redis-port", default=os.environ.get("TEST_REDIS_PORT", "6423"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="api-fuzz-") as folder:
        done, text = run_test_with_report(
            "tests/api/test_schema_fuzz.py", folder=Path(folder),
            redis_port=str(args.redis_port), report_variable="API_FUZZ_REPORT",
            env={"API_FUZZ_PHASES": "examples,coverage,fuzzing,stateful",
                 "API_FUZZ_MAX_EXAMPLES": str(args.max_examples)},
            pytest_args=("-p", "no:logging"),
        )  # fmt: skip
        if text is None:
            return 1
        requests, operations, schema_operations, seconds = text.split()
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
