"""Run Schemathesis (its CLI, in a child process) against the live API and read its report."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

#: What must hold for every generated request.
CHECKS = (
    "not_a_server_error",
    "response_schema_conformance",
    "status_code_conformance",
    "content_type_conformance",
)


@dataclass
class FuzzRun:
    returncode: int
    output: str
    report: dict[str, Any]
    seconds: float

    @property
    def requests(self) -> int:
        """Requests Schemathesis sent (the HAR log's entries)."""
        return int(self.report.get("requests", 0))

    @property
    def operations(self) -> int:
        """Operations of the schema that received at least one request."""
        return int(self.report.get("operations", 0))

    @property
    def schema_operations(self) -> int:
        return int(self.report.get("schema_operations", 0))


def run_schemathesis(
    *, schema_url: str, token: str, out: Path, max_examples: int, seed: int = 1,
    phases: str = "examples,coverage,fuzzing,stateful", max_time: int | None = None,
) -> FuzzRun:  # fmt: skip
    """``st run`` with the token, the CHECKS, one worker (SQLite), a HAR log to count requests."""
    har = out / "requests.har"
    command = [
        str(Path(sys.executable).with_name("st")), "run", schema_url,
        "--header", f"Authorization: Bearer {token}",
        "--checks", ",".join(CHECKS),
        "--phases", phases,
        "--max-examples", str(max_examples),
        "--seed", str(seed),
        "--workers", "1",
        "--suppress-health-check", "all",
        "--request-timeout", "30",
        "--report", "har", "--report-har-path", str(har),
        "--output-truncate", "true",
        "--warnings", "off",
    ]  # fmt: skip
    if max_time:
        command += ["--max-time", str(max_time)]
    started = time.monotonic()
    # Run in ``out``: Schemathesis keeps a cache of earlier runs (.schemathesis/) in its working
    # folder and replays it; each run starts from nothing, and nothing lands in the checkout.
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=1800, check=False, cwd=out
    )
    seconds = time.monotonic() - started
    (out / "schemathesis.txt").write_text(done.stdout + done.stderr)
    entries = json.loads(har.read_text())["log"]["entries"] if har.exists() else []
    templates = _operations(schema_url)
    reached = {
        operation
        for entry in entries
        if (operation := _operation(templates, entry["request"]["method"],
                                    entry["request"]["url"])) is not None
    }  # fmt: skip
    return FuzzRun(
        returncode=done.returncode,
        output=done.stdout + done.stderr,
        report={
            "requests": len(entries),
            "operations": len(reached),
            "schema_operations": len(templates),
        },
        seconds=seconds,
    )


def _operations(schema_url: str) -> dict[tuple[str, str], re.Pattern[str]]:
    """(METHOD, path template) → a pattern matching its concrete paths."""
    schema = httpx.get(schema_url, headers={"Accept": "application/json"}, timeout=30).json()
    found = {}
    for template, item in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                found[(method.upper(), template)] = pattern
    return found


def _operation(
    templates: dict[tuple[str, str], re.Pattern[str]], method: str, url: str
) -> tuple[str, str] | None:
    path = urlsplit(url).path
    for (template_method, template), pattern in templates.items():
        if template_method == method and pattern.match(path):
            return template_method, template
    return None
