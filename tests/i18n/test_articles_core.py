"""The articles app's logic in Korean: choice labels, stored issues rendered in the reader's
language, service refusals, the approval summary — and the English left as it was."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.utils import translation

from glossary import korean
from glossary.checking import SegmentReport, TermCheck
from newsapp.articles import issue_text
from newsapp.articles.models import Article, Segment, SegmentRevision, Translation
from newsapp.articles.selectors.editor import FILTERS, Violations, article_violations
from newsapp.articles.services import comments, workflow
from newsapp.articles.services.xliff import XliffImportResult
from newsapp.core.errors import ServiceError
from newsapp.qa import issues as qa
from tests.factories import ArticleFactory, TranslationFactory
from tests.i18n.english import english_left

KO = "ko"


def test_status_labels_in_korean() -> None:
    with translation.override(KO):
        assert str(Article.Status.DRAFT.label) == "초안"
        assert str(Article.Status.IN_REVIEW.label) == "검토 중"
        assert str(Article.Status.APPROVED.label) == "승인됨"
        assert str(Translation.Status.QUEUED.label) == "대기 중"
        assert str(Translation.Status.FAILED.label) == "실패"
        assert str(Translation.Status.CANCELLED.label) == "취소됨"
        assert str(Segment.State.CONFIRMED.label) == "확정됨"
        assert str(Segment.Kind.HEADLINE.label) == "제목"
        assert str(SegmentRevision.Kind.IMPORT.label) == "가져옴(XLIFF)"
        assert str(Article._meta.verbose_name) == "기사"
        assert str(FILTERS["flagged"]) == "문제 표시"
        memory = Segment(state=Segment.State.MACHINE, origin="tm")
        assert memory.state_label == "번역 메모리"
        assert Article(status="in_review").get_status_display() == "검토 중"
    # English is as it was (tests and pages in English rely on it).
    with translation.override("en"):
        assert Article(status="in_review").get_status_display() == "In review"
        assert Segment(state=Segment.State.MACHINE, origin="tm").state_label == "Memory"


def test_a_qa_issue_in_the_active_language() -> None:
    issue = qa.make(
        "number-changed",
        {
            "source_text": "3.5 million",
            "source_value": "3500000",
            "target_text": "350만",
            "target_value": "3500000",
        },
    ).to_dict()
    with translation.override(KO):
        message = issue_text.issue_message(issue)
    assert message == "원문은 3.5 million(3500000), 번역문은 350만(3500000)입니다"
    with translation.override("en"):
        assert issue_text.issue_message(issue) == issue["message"]


def test_every_qa_code_has_a_template_with_the_same_english() -> None:
    assert set(issue_text.QA_MESSAGES) == set(qa.MESSAGES)
    with translation.override("en"):
        for code, template in qa.MESSAGES.items():
            assert str(issue_text.QA_MESSAGES[code]) == template.text


def test_unknown_codes_and_bad_params_fall_back_to_the_stored_message() -> None:
    with translation.override(KO):
        assert issue_text.issue_message({"code": "new-check", "message": "as stored"}) == (
            "as stored"
        )
        assert issue_text.issue_message({"code": "empty", "params": {}}) == "번역문이 비어 있습니다"
        broken = {"code": "doubled-word", "params": {}, "message": "“x” is written twice"}
        assert issue_text.issue_message(broken) == "“x” is written twice"


def test_a_particle_issue_in_korean() -> None:
    [error] = korean.particle_errors("평양는 성명을 냈다.", "평양")
    assert error.message == "particle error: 평양는 should be 평양은"
    check = {
        "concept_id": 1, "source": "Pyongyang", "expected": "평양", "rendered": False,
        "method": "missed", "problem": error.message,
    }  # fmt: skip
    with translation.override(KO):
        message = issue_text.issue_message(check)
        stored = SegmentReport(checks=[TermCheck(**check)], forbidden=["북괴"]).as_json()
        reasons = issue_text.term_reasons(stored)
    assert "평양는" in message
    assert "평양은" in message
    assert "조사" in message
    assert "particle" not in message
    assert reasons[0] == message
    assert len(reasons) == 2
    assert "북괴" in reasons[1]
    assert "금지" in reasons[1]


def test_term_reasons_keep_the_english() -> None:
    checks = {
        "checks": [
            {"concept_id": 1, "source": "Seoul", "expected": "서울", "rendered": False,
             "method": "missed", "problem": ""},
            {"concept_id": 2, "source": "Busan", "expected": "부산", "rendered": True,
             "method": "present", "problem": ""},
        ],
        "forbidden": ["Dokdo"],
        "reasons": ["Missed term: 서울 (for “Seoul”)", "Forbidden term present: Dokdo"],
    }  # fmt: skip
    with translation.override("en"):
        assert issue_text.term_reasons(checks) == checks["reasons"]
    with translation.override(KO):
        assert issue_text.term_reasons(checks)[0] == "누락된 용어: 서울(“Seoul”의 번역)"


def test_intake_reasons_errors_and_stored_errors() -> None:
    with translation.override(KO):
        assert issue_text.intake_reason("share") == "공유 버튼"
        assert issue_text.intake_reason("MOST POPULAR") == "MOST POPULAR"
        assert issue_text.intake_error("The file is empty.") == "파일이 비어 있습니다."
        assert issue_text.stored_error(workflow.CANCELLED_ERROR) == "번역자가 취소했습니다."
        stopped = issue_text.stored_error("Stopped after 3 attempts. Last error: engine on fire")
        assert stopped == "3번 시도한 뒤 멈췄습니다. 마지막 오류: engine on fire"
        assert issue_text.stored_error("Installed en→ko (version 1.9).") == (
            "en→ko을(를) 설치했습니다(버전 1.9)."
        )
        nested = issue_text.stored_error(
            "Stopped after 2 attempts. Last error: The Argos engine failed unexpectedly (boom)."
        )
        assert nested.startswith("2번 시도한 뒤 멈췄습니다. 마지막 오류: ")
        assert nested.endswith("(boom).")
    with translation.override("en"):
        assert issue_text.intake_reason("share") == "share buttons"
        assert issue_text.stored_error("Installed en→ko.") == "Installed en→ko."
        assert issue_text.stored_error("Cancelled by a translator.") == "Cancelled by a translator."


def test_a_service_refusal_in_korean() -> None:
    with translation.override(KO), pytest.raises(ServiceError) as refused:
        comments.segment_comment_add(segment_id=0, user=None, text="   ")
    assert str(refused.value) == "댓글이 비어 있습니다."
    with translation.override("en"), pytest.raises(ServiceError, match=r"^The comment is empty\.$"):
        comments.segment_comment_add(segment_id=0, user=None, text="   ")


@pytest.mark.django_db
def test_approval_refusal_and_summary_in_korean(editor: User) -> None:
    article = ArticleFactory(status=Article.Status.DRAFT)
    with translation.override(KO), pytest.raises(ServiceError) as refused:
        workflow.article_approve(article=article, user=editor)
    assert str(refused.value) == "검토 중인 기사만 승인할 수 있습니다. 이 기사는 초안 상태입니다."
    TranslationFactory(article=article, status=Translation.Status.FAILED)
    violations: Violations = article_violations(article=article)
    with translation.override(KO):
        assert violations.unfinished == (
            "ko 번역이 실패 상태입니다. 승인하기 전에 다시 시도하거나 기사에서 제거하십시오."
        )
    with translation.override("en"):
        assert violations.unfinished.startswith("The ko translation is failed: retry it")


def test_counts_and_import_summary_in_korean() -> None:
    result = XliffImportResult(applied=(1, 2), unchanged=3)
    rejected = XliffImportResult(conflicts=(4,), errors=("x",))
    with translation.override(KO):
        assert result.summary() == "적용 2개, 변경 없음 3개."
        assert rejected.summary().startswith("아무것도 가져오지 않았습니다: 충돌 1개, 오류 1개.")
    with translation.override("en"):
        assert result.summary() == "2 applied, 3 unchanged."


def test_the_template_filters() -> None:
    page = Template(
        "{% load articles_issues %}{{ issue|issue_message }}|{{ error|stored_error }}|"
        "{% for reason in checks|term_reasons %}{{ reason }}{% endfor %}|{{ 'menu'|intake_reason }}"
    )
    context = Context({
        "issue": qa.make("empty").to_dict(),
        "error": "Cancelled by a translator.",
        "checks": SegmentReport(forbidden=["X"]).as_json(),
    })  # fmt: skip
    with translation.override(KO):
        assert page.render(context) == (
            "번역문이 비어 있습니다|번역자가 취소했습니다."
            '|금지 용어 사용: <span translate="no">X</span>|메뉴'
        )
    # The term is data on a page, and escaped.
    context["checks"] = SegmentReport(forbidden=["<b>X</b>"]).as_json()
    with translation.override(KO):
        assert '<span translate="no">&lt;b&gt;X&lt;/b&gt;</span>' in page.render(context)


def test_an_issue_on_a_page_marks_the_sentence_words_as_data() -> None:
    issue = qa.make(
        "weekday-mismatch",
        {
            "source_text": "on Monday",
            "source_weekday": "Monday",
            "target_text": "화요일에",
            "target_weekday": "Tuesday",
        },
    ).to_dict()
    with translation.override(KO):
        html = issue_text.issue_html(issue, source_language="en", target_language="ko")
    assert html == (
        '원문은 <span lang="en">on Monday</span>(월요일), '
        '번역문은 <span lang="ko">화요일에</span>(화요일)입니다'
    )
    assert english_left(f"<p>{html}</p>") == []
    hostile = qa.make("doubled-word", {"word": "<b>x</b>"}).to_dict()
    with translation.override("en"):
        html = issue_text.issue_html(hostile, source_language="en", target_language="ko")
    assert html == "“&lt;b&gt;x&lt;/b&gt;” is written twice in a row"
    with translation.override(KO):
        html = issue_text.issue_html(hostile, source_language="en", target_language="ko")
    assert html == '“<span lang="ko">&lt;b&gt;x&lt;/b&gt;</span>”이(가) 두 번 연달아 쓰였습니다'
