"""The public API: codes and messages, severities, the text checks, other languages, purity."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsapp.qa import MESSAGES, QAIssue, available_languages, check_segment, render

QA = Path(__file__).resolve().parents[2] / "newsapp" / "qa"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "qa.md"


def codes(issues: list[QAIssue]) -> list[str]:
    return [i.code for i in issues]


def test_languages_with_data() -> None:
    assert available_languages() == ("en", "es", "ko")


def test_every_code_has_a_template_and_is_documented() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    for code, template in MESSAGES.items():
        assert template.severity in ("error", "warning")
        assert f"`{code}`" in documented, code


def test_message_is_rendered_from_the_table_and_params() -> None:
    (issue,) = check_segment(
        "The United States pledged $5 billion.",
        "미국은 5억 달러를 약속했다.",
        source_lang="en",
        target_lang="ko",
    )
    assert issue.code == "number-changed"
    assert issue.severity == "error"
    assert (
        issue.message
        == "source says $5 billion (5,000,000,000); target says 5억 달러 (500,000,000)"
    )
    assert issue.params == {
        "source_text": "$5 billion",
        "source_value": "5,000,000,000",
        "target_text": "5억 달러",
        "target_value": "500,000,000",
    }
    assert render(issue.code, issue.params) == issue.message
    assert issue.source_span == (26, 36)
    assert issue.target_span == (4, 9)
    assert json.loads(json.dumps(issue.to_dict()))["params"] == issue.params


def test_issues_are_frozen_and_hashable() -> None:
    (issue,) = check_segment("He left.", "", source_lang="en", target_lang="ko")
    with pytest.raises(AttributeError):
        issue.code = "other"  # type: ignore[misc]
    assert len({issue, issue}) == 1


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # A dropped number in digits is an error; spelled out, a warning.
        ("Police arrested 14 people and 3 minors.", "경찰은 14명을 체포했다.", "error"),
        ("Police arrested 14 people and three minors.", "경찰은 14명을 체포했다.", "warning"),
        # A number written twice in the source and once in the target: a warning.
        ("Of the 300 seats, the party won 300.", "이 정당은 300석을 모두 얻었다.", "warning"),
        # A zero is often said in words (190-0 as "all 190 in favor"): a warning.
        ("The assembly voted 190-0.", "국회는 190명 전원 찬성으로 가결했다.", "warning"),
    ],
)
def test_missing_number_severity(source: str, target: str, expected: str) -> None:
    (issue,) = check_segment(source, target, source_lang="en", target_lang="ko")
    assert issue.code == "number-missing"
    assert issue.severity == expected


def test_an_added_number_is_a_warning() -> None:
    (issue,) = check_segment(
        "The United States pledged $5 billion.",
        "미국은 50억 달러(약 6조5천억 원)를 약속했다.",
        source_lang="en",
        target_lang="ko",
    )
    assert (issue.code, issue.severity) == ("number-added", "warning")
    assert "6조5천억 원" in issue.message


def test_rounding() -> None:
    # Rounded to the written precision and very close: nothing to say.
    assert (
        check_segment(
            "서울시는 예산을 45조7천405억 원으로 편성했다.",
            "Seoul set its budget at 45.74 trillion won.",
            source_lang="ko",
            target_lang="en",
        )
        == []
    )
    # Rounded, but 2.4% off: a warning.
    (issue,) = check_segment(
        "인구는 123만 명이다.", "The population is 1.2 million.", source_lang="ko", target_lang="en"
    )
    assert (issue.code, issue.severity) == ("number-changed", "warning")
    # "About" and 4% off: a warning; without "about", an error.
    (issue,) = check_segment(
        "About 2,600 people fled.", "약 2천500명이 대피했다.", source_lang="en", target_lang="ko"
    )
    assert (issue.code, issue.severity) == ("number-changed", "warning")
    (issue,) = check_segment(
        "11 people died.", "10명이 숨졌다.", source_lang="en", target_lang="ko"
    )
    assert (issue.code, issue.severity) == ("number-changed", "error")


def test_vague_quantities_are_not_numbers() -> None:
    assert (
        check_segment(
            "Tens of thousands rallied.",
            "수만 명이 집회를 열었다.",
            source_lang="en",
            target_lang="ko",
        )
        == []
    )
    (issue,) = check_segment(
        "Tens of thousands rallied.", "3만 명이 집회를 열었다.", source_lang="en", target_lang="ko"
    )
    assert (issue.code, issue.severity) == ("number-added", "warning")


def test_weekday_written_as_a_date_is_news_style() -> None:
    assert (
        check_segment(
            "Kirby said Monday.",
            "커비는 27일(현지시간) 말했다.",
            source_lang="en",
            target_lang="ko",
        )
        == []
    )
    assert (
        check_segment(
            "북한은 18일 미사일을 발사했다.",
            "North Korea fired a missile on Thursday.",
            source_lang="ko",
            target_lang="en",
        )
        == []
    )
    (issue,) = check_segment(
        "Kirby said Monday.", "커비는 말했다.", source_lang="en", target_lang="ko"
    )
    assert (issue.code, issue.severity) == ("weekday-missing", "warning")


def test_dates_missing_and_added_are_warnings() -> None:
    (issue,) = check_segment(
        "The talks began in November.", "회담이 시작됐다.", source_lang="en", target_lang="ko"
    )
    assert (issue.code, issue.severity) == ("date-missing", "warning")
    (issue,) = check_segment(
        "The talks began.", "회담은 11월 시작됐다.", source_lang="en", target_lang="ko"
    )
    assert (issue.code, issue.severity) == ("date-added", "warning")


def test_a_name_that_loses_its_letters_is_a_warning() -> None:
    (issue,) = check_segment(
        "Two B-52H bombers arrived.",
        "B-52 폭격기 2대가 도착했다.",
        source_lang="en",
        target_lang="ko",
    )
    assert (issue.code, issue.severity) == ("code-changed", "warning")
    (issue,) = check_segment(
        "Two B-52H bombers arrived.",
        "B-25H 폭격기 2대가 도착했다.",
        source_lang="en",
        target_lang="ko",
    )
    assert (issue.code, issue.severity) == ("code-changed", "error")


def test_truncated_and_empty() -> None:
    assert codes(
        check_segment("He left.", "그는", source_lang="en", target_lang="ko", truncated=True)
    ) == ["truncated"]
    assert codes(check_segment("He left.", " ", source_lang="en", target_lang="ko")) == ["empty"]
    assert check_segment("", "", source_lang="en", target_lang="ko") == []


def test_untranslated() -> None:
    same = check_segment(
        "He left Seoul today.", "He left Seoul today.", source_lang="en", target_lang="ko"
    )
    assert [(i.code, i.severity) for i in same] == [("untranslated", "error")]
    # Another script expected, none used: a warning.
    latin = check_segment(
        "He left Seoul on Monday.", "He departed Seoul Monday.", source_lang="en", target_lang="ko"
    )
    assert [(i.code, i.severity) for i in latin] == [("untranslated", "warning")]
    # A short name may stay as it is.
    assert check_segment("Joe Biden", "Joe Biden", source_lang="en", target_lang="es") == []


def test_brackets_and_quotes_follow_the_source() -> None:
    # The source itself opens a quotation that ends in a later sentence: nothing to say.
    assert (
        check_segment(
            '"We will respond.', '"우리는 대응할 것이다.', source_lang="en", target_lang="ko"
        )
        == []
    )
    (issue,) = check_segment(
        "Seoul (South Korea) said so.",
        "서울(한국은 그렇게 말했다.",
        source_lang="en",
        target_lang="ko",
    )
    assert issue.params == {"bracket": "("}
    assert issue.target_span == (2, 3)


def test_doubled_words_the_source_also_doubles_are_fine() -> None:
    assert (
        check_segment(
            "He said that that was wrong.",
            "Dijo que eso era un error.",
            source_lang="en",
            target_lang="es",
        )
        == []
    )
    assert (
        check_segment(
            "Lo que que dijo.", "What he said that that meant.", source_lang="es", target_lang="en"
        )
        == []
    )
    (issue,) = check_segment("He left.", "Él se se fue.", source_lang="en", target_lang="es")
    assert issue.params == {"word": "se"}


def test_a_language_without_data_gets_the_text_checks_only() -> None:
    assert (
        check_segment(
            "He paid $5 billion.", "彼は50億ドルを払った。", source_lang="en", target_lang="ja"
        )
        == []
    )
    assert codes(check_segment("He left.", "", source_lang="en", target_lang="ja")) == ["empty"]
    assert (
        codes(
            check_segment(
                "He paid (a lot.", "彼は(たくさん払った。", source_lang="en", target_lang="ja"
            )
        )
        == []
    )


def test_language_codes_with_regions() -> None:
    assert codes(
        check_segment(
            "He paid $5 billion.", "그는 5억 달러를 냈다.", source_lang="en-US", target_lang="ko_KR"
        )
    ) == ["number-changed"]


def test_the_package_imports_no_django_and_no_project_app() -> None:
    allowed_roots = set(sys.stdlib_module_names)
    for path in QA.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: inside the package
                    continue
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert roots <= allowed_roots, (path.name, roots)


def test_the_package_runs_on_its_own() -> None:
    """Loaded as a top-level package (without newsapp/__init__, which starts Celery), it
    checks a sentence and Django is never imported."""
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('qa', {str(QA / '__init__.py')!r},"
        f" submodule_search_locations=[{str(QA)!r}])\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules['qa'] = module\n"
        "spec.loader.exec_module(module)\n"
        "issues = module.check_segment(\n"
        "    '$5 billion', '5억 달러', source_lang='en', target_lang='ko'\n"
        ")\n"
        "print([i.code for i in issues], 'django' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['number-changed'] False"
