"""The Pentagon story's figures: the right Korean version passes, the wrong one is caught."""

from __future__ import annotations

import pytest

from newsapp.qa import check_segment
from tests.qa.pentagon import ISSUE_FIGURES, SENTENCES, Sentence, english, korean


def test_the_story_carries_the_figures_the_issue_names() -> None:
    text = english()
    for figure in ISSUE_FIGURES:
        assert figure in text


@pytest.mark.parametrize("sentence", SENTENCES, ids=lambda s: s.english[:40])
def test_right_korean_raises_nothing(sentence: Sentence) -> None:
    assert (
        check_segment(sentence.english, sentence.korean_right, source_lang="en", target_lang="ko")
        == []
    )


@pytest.mark.parametrize("sentence", SENTENCES, ids=lambda s: s.english[:40])
def test_wrong_korean_raises_errors_with_the_values(sentence: Sentence) -> None:
    issues = check_segment(
        sentence.english, sentence.korean_wrong, source_lang="en", target_lang="ko"
    )
    assert sorted(i.code for i in issues) == sorted(sentence.wrong_codes)
    assert all(i.severity == "error" for i in issues)
    for issue in issues:
        assert issue.source_span is not None
        assert issue.target_span is not None
        start, end = issue.target_span
        assert sentence.korean_wrong[start:end] in issue.message


def test_messages_name_the_wrong_figures() -> None:
    first, second = SENTENCES[0], SENTENCES[1]
    messages = [
        i.message
        for s in (first, second)
        for i in check_segment(s.english, s.korean_wrong, source_lang="en", target_lang="ko")
    ]
    assert "source says four (4); target says 세 차례 (3)" in messages
    assert "source says Monday (Monday); target says 화요일 (Tuesday)" in messages
    assert "source says two (2); target says 세 차례 (3)" in messages


def test_the_whole_story_at_once() -> None:
    """Checked as one block, the right story is clean and the wrong one raises errors of every
    kind. (Per sentence the codes are exact, see above; across a paragraph the values are one
    multiset, so a wrong figure may pair with another sentence's.)"""
    assert check_segment(english(), korean(right=True), source_lang="en", target_lang="ko") == []
    wrong = check_segment(english(), korean(right=False), source_lang="en", target_lang="ko")
    errors = [i.code for i in wrong if i.severity == "error"]
    assert {"number-changed", "date-mismatch", "weekday-mismatch"} <= set(errors)
    assert len(errors) >= 10
