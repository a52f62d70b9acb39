"""Figures of the production-stack tests, printed again at the end of the run."""

from __future__ import annotations

from typing import Any

import pytest

FIGURES = pytest.StashKey[list[str]]()


def report(config: pytest.Config, line: str) -> None:
    print(f"\n[prod] {line}")
    config.stash.setdefault(FIGURES, []).append(line)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines = config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("production-stack figures")
        for line in lines:
            terminalreporter.write_line(line)
