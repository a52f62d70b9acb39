"""Schemathesis against the live schema, with a real token: no 5xx, no response outside the
schema, over every operation and the declared links (stateful phase)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.api.fuzz import run_schemathesis
from tests.api.seed import seed_desk

pytestmark = [pytest.mark.django_db(transaction=True)]

#: CI-sized; bench/api_fuzz.py runs the same with every phase and more examples.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_MAX_EXAMPLES", "10"))
PHASES = os.environ.get("API_FUZZ_PHASES", "examples,fuzzing,stateful")


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server: Any,
    redis_server: object,
    fake_engine: object,
    editor: User,
    translator: User,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.API_THROTTLE_TOKEN_RATE = settings.API_THROTTLE_USER_RATE = "100000/minute"
    settings.API_THROTTLE_TRANSLATE_RATE = "100000/minute"
    seeded = seed_desk(editor=editor, translator=translator, webhook_url="http://127.0.0.1:9/")
    run = run_schemathesis(
        schema_url=f"{live_server.url}/api/schema/", token=seeded["editor_token"],
        out=tmp_path, max_examples=MAX_EXAMPLES, phases=PHASES,
    )  # fmt: skip
    print(f"\nSchemathesis: {run.requests} requests over {run.operations} operations "
          f"in {run.seconds:.1f} s")  # fmt: skip
    if os.environ.get("API_FUZZ_REPORT"):  # bench/api_fuzz.py reads the figures
        Path(os.environ["API_FUZZ_REPORT"]).write_text(
            f"{run.requests} {run.operations} {run.schema_operations} {run.seconds:.1f}\n"
        )
    assert run.returncode == 0, run.output[-8000:]
    assert run.schema_operations >= 40
    assert run.operations == run.schema_operations, run.output[-3000:]  # every one was called
