"""The glossary in Korean: every page for translators and editors, the review and candidate
actions' messages, an import's row errors, and the enforcement issues shown in the editor."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from glossary.candidates import Candidate
from glossary.checking import TermChecker
from glossary.issue_text import issue_message, report_messages
from glossary.matching import TermMatch
from glossary.models import Concept, ImportBatch, ImportPlanRow, Term
from glossary.services import candidates as candidate_services
from glossary.services import imports
from glossary.services.candidates import Suggestion
from glossary.sources import SourceRef
from glossary.templatetags.glossary_tags import highlight
from glossary.termdata import term_text_normalise
from glossary.texts import Text, localize
from newsapp.core.errors import ServiceError
from tests.glossary_factories import TermFactory, concept_with_terms
from tests.i18n.english import english_left

pytestmark = [pytest.mark.django_db, pytest.mark.backend_independent]


def _korean(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(user)
    return client


def _page(client: Client, url: str, **kwargs: object) -> str:
    response = client.get(url, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, url
    assert response.headers["Content-Language"] == "ko"
    return response.content.decode()


def _text(page: str) -> str:
    """The page's text, without tags (messages mark their data with spans)."""
    return re.sub(r"<[^>]+>", "", page)


def _no_english(page: str) -> None:
    left = english_left(page)
    assert left == [], left


@pytest.fixture
def pyongyang() -> Concept:
    # Korean concept names: a label is data, and the page's <title> cannot mark it.
    return concept_with_terms(("ko", "평양"), ("ja", "平壌"), ("ko", "피양", "forbidden"),
                              subject="지명", definition="북한의 수도")  # fmt: skip


@pytest.fixture
def korean_label(pyongyang: Concept) -> Concept:
    Concept.objects.filter(pk=pyongyang.pk).update(label="평양")
    pyongyang.refresh_from_db()
    return pyongyang


def _candidate() -> int:
    found = [
        Candidate(
            text="존 커비",
            kind="person",
            count=2,  # type: ignore[arg-type]
            sentences=["존 커비 대변인은 월요일 서울에 도착했다."],
            short_forms=["커비"],
        )
    ]
    ref = SourceRef(id=7, title="기사 7", url="/7/", language="ko")
    [row] = candidate_services.candidates_record(source=ref, language="ko", found=found)
    candidate_services.candidate_suggestions_add(
        candidate_id=row.pk,
        suggestions=[
            Suggestion("ja", "ジョン・カービー", "engine"),
            Suggestion("zh", "", "sentence", "in sentence: [zh] 约翰·柯比周一抵达首尔。"),
        ],
    )
    return row.pk


def test_glossary_pages_for_a_translator_are_korean(
    translator: User, korean_label: Concept
) -> None:
    client = _korean(translator)
    listing = _page(client, reverse("glossary:list"))
    assert "용어집" in listing
    assert "개념 제안" in listing
    assert "금지" in listing  # the forbidden term's tag
    _no_english(listing)
    empty = _page(client, reverse("glossary:list") + "?q=없는말")
    assert "일치하는 개념이 없습니다" in empty
    _no_english(empty)
    detail = _page(client, reverse("glossary:concept", args=[korean_label.pk]))
    assert "용어 제안" in detail
    assert "이력" in detail
    _no_english(detail)
    for url in (
        reverse("glossary:propose"),
        reverse("glossary:propose") + "?text=평양&lang=ko",
        reverse("glossary:term_propose", args=[korean_label.pk]),
        reverse("glossary:term_edit", args=[korean_label.terms.get(language="ko", text="평양").pk]),
        reverse("glossary:import"),
    ):
        _no_english(_page(client, url))


def test_forms_with_errors_and_messages_are_korean(translator: User, korean_label: Concept) -> None:
    client = _korean(translator)
    url = reverse("glossary:term_propose", args=[korean_label.pk])
    refused = client.post(url, {"language": "ko", "text": "평양", "usage": "preferred",
                                "term_type": "fullForm"})  # fmt: skip
    page = refused.content.decode()
    assert "이 개념에는 이미 한국어 용어 “평양”이(가) 있습니다." in _text(page)
    _no_english(page)
    empty = client.post(url, {"language": "ko", "text": "", "usage": "preferred"}).content.decode()
    assert "필수 항목입니다" in empty  # Django's own "This field is required."
    _no_english(empty)
    done = client.post(url, {"language": "ko", "text": "평양시", "usage": "admitted",
                             "term_type": "variant"}, follow=True)  # fmt: skip
    page = done.content.decode()
    assert "제안됨: 한국어 “평양시 (ko)”." in _text(page)
    assert "허용" in page
    _no_english(page)


def test_review_queue_and_bulk_review_in_korean(
    editor: User, translator: User, korean_label: Concept
) -> None:
    proposed = TermFactory(concept=korean_label, language="zh", text="平壤",
                           status=Term.Status.PROPOSED, proposed_by=translator)  # fmt: skip
    client = _korean(editor)
    queue = _page(client, reverse("glossary:review"))
    assert "검토 대기열" in queue
    assert "대기 중인 제안 1건, 오래된 순입니다." in queue
    _no_english(queue)
    nothing = client.post(reverse("glossary:review_bulk"), {"decision": "approve"}, follow=True)
    assert "먼저 제안을 하나 이상 고르십시오." in nothing.content.decode()
    approved = client.post(
        reverse("glossary:review_bulk"), {"decision": "approve", "term": [proposed.pk]}, follow=True
    )
    page = approved.content.decode()
    assert "제안 1건을 승인했습니다." in page
    assert "검토할 것이 없습니다." in page
    _no_english(page)
    detail = _page(client, reverse("glossary:concept", args=[korean_label.pk]))
    assert "승인됨" in detail
    _no_english(detail)
    for url in (reverse("glossary:concept_edit", args=[korean_label.pk]),):
        _no_english(_page(client, url))


def test_candidates_pages_in_korean(editor: User, translator: User) -> None:
    pk = _candidate()
    client = _korean(editor)
    queue = _page(client, reverse("glossary:candidates"))
    assert "용어 후보" in queue
    assert "문장 안에서: [zh] 约翰·柯比周一抵达首尔。" in _text(queue)
    assert "추천 번역어" in queue
    assert "인물" in queue
    _no_english(queue)
    _no_english(_page(client, reverse("glossary:candidate_variant", args=[pk])))
    dismissed = client.post(reverse("glossary:candidate_dismiss", args=[pk]), follow=True)
    page = dismissed.content.decode()
    assert "무시했습니다: “존 커비”(제외 목록)." in _text(page)
    _no_english(page)
    ignored = _page(client, reverse("glossary:ignored"))
    assert "제외 목록" in ignored
    assert "존 커비" in ignored
    _no_english(ignored)
    _no_english(_page(client, reverse("glossary:candidates") + "?status=dismissed&days=all"))
    panel = _page(_korean(translator), reverse("glossary:candidates_source", args=[7]))
    _no_english(panel)


def test_an_import_s_row_errors_are_shown_in_the_reader_s_language(
    translator: User, korean_label: Concept
) -> None:
    csv = "en,ko\nSeoul {bogus},서울\n,\nBusan,부산\n"
    client = _korean(translator)
    upload = SimpleUploadedFile("terms.csv", csv.encode(), content_type="text/csv")
    response = client.post(reverse("glossary:import"), {"file": upload})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    refused = ImportPlanRow.objects.get(batch=batch, action="refuse")
    # Stored in English with its msgid and parameters, whatever the uploader's language.
    assert refused.detail["reason"].startswith("Unknown flag “bogus”")
    assert refused.detail["reason_text"]["params"]["flag"] == "bogus"
    page = _page(client, response.url)
    assert "“Seoul {bogus}”에 알 수 없는 표시 “bogus”가 있습니다" in _text(page)
    assert "2행" in page
    assert "새로 만들 개념 1개" in page
    _no_english(page)
    # An English reader of the same batch reads it in English.
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(translator)
    assert "Unknown flag “bogus” in “Seoul {bogus}”" in english.get(response.url).content.decode()


def test_a_file_error_is_korean(translator: User) -> None:
    client = _korean(translator)
    upload = SimpleUploadedFile("terms.csv", b"en,ko,en\nx,y,z\n", content_type="text/csv")
    page = client.post(reverse("glossary:import"), {"file": upload}).content.decode()
    assert "머리글에 “en” 열이 두 번 있습니다." in _text(page)
    _no_english(page)


def test_a_stored_batch_error_is_shown_in_korean(translator: User) -> None:
    batch = imports.import_batch_create(
        user=translator, filename="t.csv", data=b"en\nSeoul\n", approve=False
    )
    try:
        raise ServiceError(Text("This file was already imported."))
    except ServiceError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(
            status="failed", **imports._error_fields(exc)
        )
    page = _page(_korean(translator), reverse("glossary:import_preview", args=[batch.pk]))
    assert "이 파일은 이미 가져왔습니다." in page
    _no_english(page)


def test_a_particle_issue_in_korean() -> None:
    match = TermMatch(start=0, end=9, concept_id=1, term_id=1, term="Pyongyang",
                      text="Pyongyang", usage="preferred")  # fmt: skip

    class Rule:
        do_not_translate = False
        forbidden: tuple[str, ...] = ()
        source_readings: tuple[tuple[str, str], ...] = ()

        def rendering_for(self, term_type: str) -> tuple[str, str]:
            return ("평양", "")

    checker = TermChecker("en", "ko", rules={1: Rule()}, find=lambda text, lang: [match])  # type: ignore[dict-item]
    report = checker.check("Pyongyang is cold.", "평양는 춥다.")
    data = report.as_json()
    assert data["reasons"] == ["Particle error: 평양는 should be 평양은"]  # English, as before
    [issue] = data["issues"]
    assert issue["code"] == "glossary.particle_error"
    with translation.override("ko"):
        assert issue_message(issue) == "조사 오류: ‘평양는’ 대신 ‘평양은’ 형태를 써야 합니다."
        assert report_messages(data) == ["조사 오류: ‘평양는’ 대신 ‘평양은’ 형태를 써야 합니다."]
        # A report stored before the codes: read from its English reason.
        old = {"reasons": ["Particle error: 평양는 should be 평양은",
                           "Missed term: 평양 (for “Pyongyang”)",
                           "Forbidden term present: 피양"]}  # fmt: skip
        assert report_messages(old) == [
            "조사 오류: ‘평양는’ 대신 ‘평양은’ 형태를 써야 합니다.",
            "누락된 용어: 평양(“Pyongyang”의 번역)",
            "금지 용어 사용: 피양",
        ]
        assert issue_message({"code": "qa.number", "message": "x"}) is None
    with translation.override("en"):
        assert issue_message(issue) == "Particle error: 평양는 should be 평양은"


def test_service_refusals_keep_english_and_read_in_korean() -> None:
    with pytest.raises(ServiceError) as caught:
        term_text_normalise("")
    assert str(caught.value) == "The term is empty."
    with translation.override("ko"):
        assert localize(caught.value) == "용어가 비어 있습니다."
        assert Term.Usage.FORBIDDEN.label == "금지"
        assert Term.Usage.PREFERRED.label == "권장"
        assert Term.Usage.ADMITTED.label == "허용"


def test_more_pages_and_outcomes_in_korean(
    translator: User, editor: User, korean_label: Concept
) -> None:
    client = _korean(translator)
    # The new-concept form, refused.
    refused = client.post(reverse("glossary:propose"), {
        "terms-TOTAL_FORMS": "3", "terms-INITIAL_FORMS": "0", "terms-MIN_NUM_FORMS": "3",
        "terms-MAX_NUM_FORMS": "10",
        **{f"terms-{i}-language": "ko" for i in range(3)},
        **{f"terms-{i}-usage": "preferred" for i in range(3)},
    })  # fmt: skip
    page = refused.content.decode()
    assert "용어를 하나 이상 입력하십시오." in _text(page)
    _no_english(page)
    # A translator's change to an approved term waits; the concept shows it pending.
    term = korean_label.terms.get(language="ko", text="평양")
    edit = reverse("glossary:term_edit", args=[term.pk])
    changed = client.post(edit, {"language": "ko", "text": "평양", "usage": "preferred",
                                 "term_type": "fullForm", "note": "수도"}, follow=True)  # fmt: skip
    page = changed.content.decode()
    assert "변경이 편집자의 검토를 기다립니다." in page
    assert "대기 중인 변경" in page
    _no_english(page)
    _no_english(_page(client, edit))  # the form with the pending change
    # The editor sees the change in the queue, with what it changes, and approves it (htmx).
    boss = _korean(editor)
    queue = _page(boss, reverse("glossary:review"))
    assert "승인된" in queue
    _no_english(queue)
    revision = Term.objects.get(revision_of=term)
    outcome = boss.post(reverse("glossary:term_review", args=[revision.pk]),
                        {"decision": "approve"}, HTTP_HX_REQUEST="true")  # fmt: skip
    assert "승인함" in outcome.content.decode()
    _no_english("<html><body>" + outcome.content.decode() + "</body></html>")
    detail = _page(boss, reverse("glossary:concept", args=[korean_label.pk]))
    assert "변경 승인" in detail
    _no_english(detail)


def test_a_translator_s_import_holds_back_concept_changes_in_korean(
    translator: User, korean_label: Concept
) -> None:
    csv = f"id,definition,ko\n{korean_label.pk},새 정의,평양 | 평양직할시\n".encode()
    client = _korean(translator)
    upload = SimpleUploadedFile("terms.csv", csv, content_type="text/csv")
    response = client.post(reverse("glossary:import"), {"file": upload})
    page = _page(client, response.url)
    assert "보류됨(편집자만 가능): 정의" in _text(page)
    assert "수정할 개념 1개" in page
    _no_english(page)
    applied = client.post(response.url, {"digest": ImportBatch.objects.get().plan_digest},
                          follow=True)  # fmt: skip
    page = applied.content.decode()
    assert "검토를 기다립니다." in page
    _no_english(page)


def test_accepting_a_candidate_in_korean(editor: User) -> None:
    pk = _candidate()
    client = _korean(editor)
    data = {
        "c{pk}-TOTAL_FORMS": "1",
        "c{pk}-INITIAL_FORMS": "0",
        "c{pk}-0-language": "ko",
        "c{pk}-0-text": "존 커비",
        "c{pk}-0-term_type": "fullForm",
        "c{pk}-definition": "",
    }
    post = {key.format(pk=pk): value for key, value in data.items()}
    outcome = client.post(reverse("glossary:candidate_accept", args=[pk]), post,
                          HTTP_HX_REQUEST="true")  # fmt: skip
    fragment = outcome.content.decode()
    assert "수락함" in fragment
    _no_english("<html><body>" + fragment + "</body></html>")
    queue = _page(client, reverse("glossary:candidates") + "?status=accepted&days=all")
    assert "수락됨" in queue
    _no_english(queue)


def test_the_term_tooltip_names_languages_in_korean() -> None:
    concept_with_terms(("en", "Kaesong"), ("ko", "개성"), ("ko", "개썽", "forbidden"))
    with translation.override("ko"):
        marked = str(highlight("Kaesong is near.", "en", ["ko"]))
    assert 'title="한국어: 개성(개썽 금지)"' in marked
    with translation.override("en"):
        assert 'title="ko: 개성 (not 개썽)"' in str(highlight("Kaesong is near.", "en", ["ko"]))
