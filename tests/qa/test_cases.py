"""The table of news translation pairs: correct ones raise nothing, wrong ones the right codes."""

from __future__ import annotations

from collections import Counter

import pytest

from newsapp.qa import check_segment
from tests.qa.cases import CASES, Case


def _check(case: Case) -> list[str]:
    source_lang, target_lang = case.direction.split("-")
    issues = check_segment(
        case.source,
        case.target,
        source_lang=source_lang,
        target_lang=target_lang,
        truncated=case.truncated,
    )
    return sorted(issue.code for issue in issues)


def test_the_table_is_large_and_balanced() -> None:
    counts = Counter((case.direction, bool(case.codes)) for case in CASES)
    assert len(CASES) >= 200
    for direction in ("en-ko", "ko-en", "en-es", "es-en"):
        assert counts[direction, False] >= 25, direction
        assert counts[direction, True] >= 25, direction
    correct = sum(not case.codes for case in CASES)
    assert abs(correct - (len(CASES) - correct)) <= 2


@pytest.mark.parametrize(
    "case", [c for c in CASES if not c.codes], ids=lambda c: f"{c.direction}:{c.target[:30]}"
)
def test_correct_translation_raises_nothing(case: Case) -> None:
    assert _check(case) == []


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.codes], ids=lambda c: f"{c.direction}:{c.target[:30]}"
)
def test_wrong_translation_raises_its_codes(case: Case) -> None:
    assert _check(case) == sorted(case.codes)
