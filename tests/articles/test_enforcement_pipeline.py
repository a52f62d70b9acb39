"""Glossary enforcement inside the translation pipeline: compliance, re-runs, the CLI report."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from glossary import korean
from glossary.models import Term
from newsapp.articles.models import Segment, Translation
from newsapp.articles.services import pipeline, reenforce
from newsapp.mt import registry
from tests.factories import TranslationFactory
from tests.glossary_factories import concept_with_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary() -> None:
    concept_with_terms(("en", "Pyongyang"), ("ko", "평양"), ("ko", "평향", Term.Usage.FORBIDDEN))
    concept_with_terms(("en", "John Kirby"), ("ko", "존 커비"))


def run(translation: Translation) -> None:
    pipeline.translation_run(translation_id=translation.pk, worker="w")
    translation.refresh_from_db()


def test_pipeline_enforces_terms_and_stores_compliance(fake_engine: object, glossary: None) -> None:
    translation = TranslationFactory()
    run(translation)
    second = translation.segments.get(order=1)
    assert "Pyongyang" not in second.target_text
    assert "존 커비" in second.target_text
    assert "평양" in second.target_text
    assert [c["method"] for c in second.term_checks["checks"]] == ["placeholder", "placeholder"]
    assert "⟦" not in "".join(translation.segments.values_list("target_text", flat=True))
    glossary_keys = ("expected", "rendered", "missed", "forbidden", "fallbacks",
                     "flagged_segments", "success_rate")  # fmt: skip
    assert {key: translation.compliance[key] for key in glossary_keys} == {
        "expected": 3, "rendered": 3, "missed": 0, "forbidden": 0, "fallbacks": 0,
        "flagged_segments": 0, "success_rate": 1.0,
    }  # fmt: skip
    assert translation.compliance["qa_errors"] == 0  # the fake's output keeps every figure
    assert translation.term_status == "ok"


def test_reenforce_rewrites_machine_segments_and_only_flags_human_ones(
    fake_engine: object, glossary: None
) -> None:
    translation = TranslationFactory()
    run(translation)
    segments = list(translation.segments.order_by("order"))
    # A person rewrote the sentence that mentions the Security Council.
    human = next(s for s in segments if "Security Council" in s.source)
    Segment.objects.filter(pk=human.pk).update(
        target_text="유엔 안전보장이사회가 수요일에 열린다.", state=Segment.State.EDITED
    )
    concept_with_terms(("en", "Security Council"), ("ko", "안보리"))
    concept_with_terms(("en", "China"), ("ko", "중국"))
    report = reenforce.translation_reenforce(translation_id=translation.pk)
    assert (report.retranslated, report.flagged_human) == (1, 1)
    assert report.unchanged == len(segments) - 2
    human.refresh_from_db()
    assert human.target_text == "유엔 안전보장이사회가 수요일에 열린다."
    assert human.flagged
    assert human.term_checks["reasons"] == ["Missed term: 안보리 (for “Security Council”)"]
    china = translation.segments.get(source__contains="China")
    assert "중국" in china.target_text
    assert china.version == 2
    translation.refresh_from_db()
    assert translation.compliance["missed"] == 1
    assert translation.term_status == "flagged"
    again = reenforce.translation_reenforce(translation_id=translation.pk)
    assert (again.retranslated, again.flagged_human) == (0, 1)


def test_article_page_shows_badge_and_flagged_sentences(
    fake_engine: object, glossary: None, editor_client: Client, translator_client: Client
) -> None:
    translation = TranslationFactory()
    run(translation)
    segment = translation.segments.get(order=1)
    Segment.objects.filter(pk=segment.pk).update(
        flagged=True, term_checks={"reasons": ["Forbidden term present: 평향"]}
    )
    url = reverse("articles:detail", args=[translation.article_id])
    body = editor_client.get(url).content.decode()
    assert "Terms 3/3" in body
    assert "1 flagged sentence" in body
    assert "Forbidden term present: 평향" in body
    assert "Re-run glossary" in body
    assert "Re-run glossary" not in translator_client.get(url).content.decode()


def test_translators_cannot_rerun_enforcement(
    fake_engine: object, translator_client: Client
) -> None:
    translation = TranslationFactory(status="done")
    response = translator_client.post(reverse("articles:reenforce", args=[translation.pk]))
    assert response.status_code == 403


PENTAGON_GLOSSARY = [
    (("en", "John Kirby"), ("es", "John Kirby"), ("ko", "존 커비")),
    (("en", "Pyongyang"), ("es", "Pionyang"), ("ko", "평양")),
    (
        ("en", "UN Security Council"),
        ("es", "Consejo de Seguridad de la ONU"),
        ("ko", "유엔 안보리"),
    ),
    (("en", "North Korea"), ("es", "Corea del Norte"), ("ko", "북한")),
    (("en", "China"), ("es", "China"), ("ko", "중국")),
    (("en", "Joe Biden"), ("es", "Joe Biden"), ("ko", "조 바이든")),
    (("en", "Yonhap"), ("es", "Yonhap"), ("ko", "연합뉴스")),
]
STORY_FILE = Path(__file__).resolve().parents[2] / "bench" / "pentagon_story.txt"


def _report(capsys: pytest.CaptureFixture[str], target: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    for terms in PENTAGON_GLOSSARY:
        concept_with_terms(*terms)
    call_command(
        "translate_file", str(STORY_FILE), "--source", "en", "--target", target, "--report"
    )
    out = capsys.readouterr().out
    text, _, report = out.partition("\n{")
    return text, json.loads("{" + report)


@pytest.mark.skipif(
    shutil.which("apertium") is None and os.environ.get("CI") != "true",
    reason="apertium is not installed",
)
def test_translate_file_report_lists_every_name_apertium(
    capsys: pytest.CaptureFixture[str], settings: object
) -> None:
    settings.MT_ENGINES = ["apertium"]  # type: ignore[attr-defined]
    registry.reset()
    text, report = _report(capsys, "es")
    listed = {row["source"]: row for row in report["terms"]}
    assert set(listed) == {"John Kirby", "Pyongyang", "UN Security Council", "North Korea",
                           "China", "Joe Biden", "Yonhap"}  # fmt: skip
    assert report["engine"] == "apertium"
    assert report["summary"]["expected"] == sum(row["occurrences"] for row in listed.values())
    for row in listed.values():
        assert row["rendered"] == row["occurrences"], row
        assert text.count(row["expected"]) >= row["occurrences"]
    assert "[X" not in text
    registry.reset()


@pytest.mark.usefixtures("argos_engine")
def test_translate_file_report_accounts_for_every_name_argos(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text, report = _report(capsys, "ko")
    assert len(report["terms"]) == 7
    summary = report["summary"]
    assert summary["expected"] == sum(row["occurrences"] for row in report["terms"])
    # Independent of the report's own arithmetic: a term counted as rendered stands in the
    # output (as a Korean word), at least as often as the report says.
    for row in report["terms"]:
        found = len(korean.find_term(text, row["expected"]))
        assert found >= row["rendered"], (row, found)
        assert sum(row["methods"].values()) == row["occurrences"]
        assert row["methods"].get("missed", 0) == row["occurrences"] - row["rendered"]
    missed = [row for row in report["terms"] if row["rendered"] < row["occurrences"]]
    flagged_text = " ".join(" ".join(f["reasons"]) for f in report["flagged"])
    for row in missed:
        assert row["expected"] in flagged_text  # every miss is on a flagged sentence
    assert len(report["flagged"]) == summary["flagged_segments"]
    assert "⟦" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt", "--source", "en", "--target", "es"], "does not exist"),
        (
            [str(STORY_FILE), "--source", "xx", "--target", "es"],
            "Unknown or uninstalled language 'xx'",
        ),
        (
            [str(STORY_FILE), "--source", "ko", "--target", "ja"],
            "No installed engine translates ko→ja",
        ),
    ],
)
def test_translate_file_errors(fake_engine: object, args: list[str], message: str) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("translate_file", *args)
