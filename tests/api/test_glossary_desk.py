"""Glossary, memory, engines, /translate, throttling and the error body."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from glossary.models import Concept, Term
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.memory.services import memory_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def pyongyang(editor: User) -> Concept:
    return term_services.concept_propose(
        user=editor, approve=True,
        terms=[TermData("en", "Pyongyang"), TermData("ko", "평양"), TermData("ja", "平壌"),
               TermData("ko", "평향", usage=Term.Usage.FORBIDDEN)],
    )  # fmt: skip


def test_propose_then_an_editor_approves(translator_api: APIClient, editor_api: APIClient) -> None:
    created = translator_api.post(
        "/api/v1/glossary/concepts/",
        {"terms": [{"language": "en", "text": "Security Council"},
                   {"language": "ko", "text": "안보리"}], "subject": "Diplomacy"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    concept = created.json()
    assert concept["subject"] == "diplomacy"
    assert {t["status"] for t in concept["terms"]} == {"proposed"}
    korean = next(t for t in concept["terms"] if t["language"] == "ko")
    refused = translator_api.post(f"/api/v1/glossary/terms/{korean['id']}/approve/")
    assert refused.status_code == 403
    queue = editor_api.get("/api/v1/glossary/review/").json()
    assert {row["text"] for row in queue["results"]} == {"Security Council", "안보리"}
    approved = editor_api.post(f"/api/v1/glossary/terms/{korean['id']}/approve/",
                               {"comment": "house style"}, format="json")  # fmt: skip
    assert approved.json()["status"] == "approved"
    assert approved.json()["review_comment"] == "house style"
    twice = editor_api.post(f"/api/v1/glossary/terms/{korean['id']}/approve/")
    assert twice.status_code == 400
    assert "not waiting for review" in twice.json()["detail"]


def test_a_translator_cannot_approve_by_proposing(translator_api: APIClient) -> None:
    response = translator_api.post(
        "/api/v1/glossary/concepts/",
        {"terms": [{"language": "en", "text": "Seoul"}], "approve": True}, format="json",
    )  # fmt: skip
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Concept.objects.exists()


def test_editing_an_approved_term_proposes_a_change(
    pyongyang: Concept, translator_api: APIClient, editor_api: APIClient
) -> None:
    korean = pyongyang.terms.get(language="ko", usage="preferred")
    response = translator_api.put(f"/api/v1/glossary/terms/{korean.pk}/",
                                  {"language": "ko", "text": "평양시"}, format="json")  # fmt: skip
    assert response.status_code == 200, response.json()
    change = response.json()
    assert (change["status"], change["revision_of"], change["text"]) == (
        "proposed", korean.pk, "평양시"
    )  # fmt: skip
    assert Term.objects.get(pk=korean.pk).text == "평양"  # still in force
    rejected = editor_api.post(f"/api/v1/glossary/terms/{change['id']}/reject/")
    assert rejected.status_code == 200
    bad = translator_api.put(f"/api/v1/glossary/terms/{korean.pk}/",
                             {"language": "ko", "text": "|"}, format="json")  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["code"] == "refused"


def test_concept_search_and_detail(pyongyang: Concept, translator_api: APIClient) -> None:
    found = translator_api.get("/api/v1/glossary/concepts/", {"search": "pyong"}).json()
    assert [c["id"] for c in found["results"]] == [pyongyang.pk]
    none = translator_api.get("/api/v1/glossary/concepts/", {"search": "tokyo"}).json()
    assert none["results"] == []
    detail = translator_api.get(f"/api/v1/glossary/concepts/{pyongyang.pk}/").json()
    assert {t["text"] for t in detail["terms"]} == {"Pyongyang", "평양", "平壌", "평향"}


def test_lookup_gives_approved_renderings_per_target(
    pyongyang: Concept, translator_api: APIClient
) -> None:
    response = translator_api.post(
        "/api/v1/glossary/lookup/",
        {"text": "Talks in Pyongyang's capital. PYONGYANG said no.", "language": "en",
         "targets": ["ko", "ja", "es"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200
    matches = response.json()["matches"]
    assert [(m["start"], m["text"]) for m in matches] == [(9, "Pyongyang"), (30, "PYONGYANG")]
    renderings = matches[0]["renderings"]
    assert set(renderings) == {"ko", "ja"}  # the glossary has no Spanish term
    assert renderings["ko"]["term"] == "평양"
    assert renderings["ko"]["forbidden"] == ["평향"]
    assert renderings["ja"]["term"] == "平壌"


def test_import_preview_then_apply_and_export(
    editor_api: APIClient, translator_api: APIClient
) -> None:
    csv = "en,ko\nUnited Nations,유엔\nSeoul,서울\n".encode()
    preview = editor_api.post(
        "/api/v1/glossary/imports/",
        {"file": SimpleUploadedFile("terms.csv", csv), "approve": True}, format="multipart",
    )  # fmt: skip
    assert preview.status_code == 201, preview.json()
    plan = preview.json()
    assert (plan["creates"], plan["updates"], plan["refused"]) == (2, 0, [])
    stale = editor_api.post(f"/api/v1/glossary/imports/{plan['id']}/apply/",
                            {"digest": "0" * 64}, format="json")  # fmt: skip
    assert stale.status_code == 400
    applied = editor_api.post(f"/api/v1/glossary/imports/{plan['id']}/apply/",
                              {"digest": plan["digest"]}, format="json")  # fmt: skip
    assert applied.status_code == 200, applied.json()
    assert applied.json()["created"] == 2
    assert Term.objects.filter(status="approved").count() == 4
    others = translator_api.post(f"/api/v1/glossary/imports/{plan['id']}/apply/",
                                 {"digest": plan["digest"]}, format="json")  # fmt: skip
    assert others.status_code == 404  # someone else's upload
    export = translator_api.get("/api/v1/glossary/export/", {"format": "csv", "lang": ["en", "ko"]})
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode()
    assert "United Nations" in text
    assert "유엔" in text
    tbx = translator_api.get("/api/v1/glossary/export/", {"format": "tbx"})
    assert b"<tbx" in b"".join(tbx.streaming_content)
    bad = editor_api.post("/api/v1/glossary/imports/",
                          {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")},
                          format="multipart")  # fmt: skip
    assert bad.status_code == 400


def test_memory_lookup_exact_and_fuzzy(translator: User, translator_api: APIClient) -> None:
    memory_record(
        source_text="The ministers met in Seoul.", target_text="장관들은 서울에서 만났다.",
        source_language="en", target_language="ko", user=translator, article_id=None,
    )  # fmt: skip
    exact = translator_api.post(
        "/api/v1/memory/lookup/",
        {"text": "The ministers  met in Seoul.", "source_language": "en", "target_language": "ko"},
        format="json",
    ).json()  # fmt: skip
    assert exact["exact"] == "장관들은 서울에서 만났다."
    fuzzy = translator_api.post(
        "/api/v1/memory/lookup/",
        {"text": "The ministers met in Tokyo.", "source_language": "en", "target_language": "ko"},
        format="json",
    ).json()  # fmt: skip
    assert fuzzy["exact"] is None
    [match] = fuzzy["fuzzy"]
    assert match["target"] == "장관들은 서울에서 만났다."
    assert 75 <= match["score"] < 100
    entries = translator_api.get("/api/v1/memory/entries/", {"search": "seoul"}).json()
    assert entries["count"] == 1


def test_engines_and_pairs(translator_api: APIClient, fake_engine: object) -> None:
    [engine] = translator_api.get("/api/v1/engines/").json()
    assert engine["name"] == "fake"
    assert ["en", "ko"] in engine["pairs"]
    pairs = translator_api.get("/api/v1/language-pairs/").json()
    assert {"source": "en", "target": "ko", "engines": ["fake"]} in pairs


def test_translate_enforces_the_glossary_and_reports(
    pyongyang: Concept, translator_api: APIClient, fake_engine: object
) -> None:
    response = translator_api.post(
        "/api/v1/translate", {"text": "Pyongyang fired.", "source": "en", "target": "ko"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    body = response.json()
    assert "평양" in body["text"]
    assert body["engine"] == "fake"
    assert body["report"]["summary"]["expected"] == 1
    assert body["report"]["terms"][0]["expected"] == "평양"


def test_translate_has_a_size_cap_and_refuses_unknown_pairs(
    translator_api: APIClient, fake_engine: object, settings: Any
) -> None:
    settings.API_TRANSLATE_MAX_CHARS = 10
    long = translator_api.post(
        "/api/v1/translate", {"text": "x" * 11, "source": "en", "target": "ko"}, format="json"
    )
    assert long.status_code == 400
    assert "at most 10" in long.json()["errors"]["text"][0]
    pair = translator_api.post(
        "/api/v1/translate", {"text": "Hi.", "source": "en", "target": "fr"}, format="json"
    )
    assert pair.status_code == 400
    assert pair.json()["code"] == "refused"


def test_throttled_per_token_with_retry_after(
    translator: User, translator_api: APIClient, settings: Any
) -> None:
    from tests.api.conftest import token_client

    settings.API_THROTTLE_TOKEN_RATE = "3/minute"
    for _ in range(3):
        assert translator_api.get("/api/v1/engines/").status_code == 200
    refused = translator_api.get("/api/v1/engines/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    # The same user's other token has its own allowance.
    assert token_client(translator).get("/api/v1/engines/").status_code == 200


def test_throttled_per_user_across_tokens(
    translator: User, translator_api: APIClient, settings: Any
) -> None:
    from tests.api.conftest import token_client

    settings.API_THROTTLE_USER_RATE = "2/minute"
    other = token_client(translator)
    assert translator_api.get("/api/v1/engines/").status_code == 200
    assert other.get("/api/v1/engines/").status_code == 200
    assert other.get("/api/v1/engines/").status_code == 429


def test_translate_has_its_own_tighter_rate(
    translator_api: APIClient, fake_engine: object, settings: Any
) -> None:
    settings.API_THROTTLE_TRANSLATE_RATE = "1/minute"
    body = {"text": "Hi.", "source": "en", "target": "ko"}
    assert translator_api.post("/api/v1/translate", body, format="json").status_code == 200
    assert translator_api.post("/api/v1/translate", body, format="json").status_code == 429
    assert translator_api.get("/api/v1/engines/").status_code == 200


def test_session_auth_needs_csrf_for_writes(translator: User) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(translator)
    assert client.get("/api/v1/engines/").status_code == 200
    refused = client.post("/api/v1/glossary/lookup/", {"text": "x", "language": "en"},
                          format="json")  # fmt: skip
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]


def test_schema_and_docs_are_served_without_a_cdn(client: Any) -> None:
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/articles/" in paths
    assert "/api/v1/translate" in paths
    for page in ("/api/docs/", "/api/redoc/"):
        html = client.get(page).content.decode()
        assert not re.search(r"cdn\.|cdnjs|jsdelivr|unpkg", html.lower())  # no CDN host
        assert "/static/drf_spectacular_sidecar/" in html
