"""Enforcement on real engines: Apertium (readable output) and the Argos path (random model)."""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter

import pytest

from glossary import korean
from glossary.checking import FALLBACK, MISSED, PLACEHOLDER, PRESENT, summarize
from glossary.enforcement import Enforcer
from glossary.matching import GlossaryIndex, IndexTerm
from glossary.selectors import ApprovedConcept
from newsapp.articles import text as text_utils
from newsapp.mt.apertium import ApertiumEngine
from newsapp.mt.argos import ArgosEngine
from tests.factories import STORY

KIRBY, UNSC, NK, PY = 1, 2, 3, 4
SPANISH_TERMS = [
    IndexTerm(1, KIRBY, "en", "John Kirby", case_sensitive=True),
    IndexTerm(2, UNSC, "en", "Security Council"),
    IndexTerm(3, UNSC, "es", "Consejo de Seguridad"),
    IndexTerm(4, NK, "en", "North Korea"),
    IndexTerm(5, NK, "es", "Corea del Norte"),
    IndexTerm(6, PY, "en", "Pyongyang"),
    IndexTerm(7, PY, "es", "Pionyang"),
]
SPANISH_RULES = {
    KIRBY: ApprovedConcept(KIRBY, ("John Kirby",), None, True, (), ()),
    UNSC: ApprovedConcept(UNSC, ("Security Council",), "Consejo de Seguridad", False, (), ()),
    NK: ApprovedConcept(NK, ("North Korea",), "Corea del Norte", False, (), ()),
    PY: ApprovedConcept(PY, ("Pyongyang",), "Pionyang", False, (), ()),
}
ARTICLE = (
    "The United States urged North Korea to stop. Press Secretary John Kirby said "
    "Pyongyang must return to talks.\n\n"
    "The UN Security Council will meet on Friday. John Kirby said North Korea and "
    "Pyongyang's allies should listen. The Security Council has met before."
)
EXPECTED_COUNTS = {"John Kirby": 2, "Consejo de Seguridad": 2, "Corea del Norte": 2, "Pionyang": 2}

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None and os.environ.get("CI") != "true",
    reason="apertium is not installed (apt-get install apertium apertium-eng-spa)",
)


@needs_apertium
def test_apertium_article_gets_every_approved_term() -> None:
    index = GlossaryIndex(SPANISH_TERMS)
    enforcer = Enforcer(ApertiumEngine(), "en", "es", rules=SPANISH_RULES, find=index.find)
    segments = text_utils.segment(ARTICLE, "en")
    results = enforcer.translate([s.source for s in segments])
    output = text_utils.assemble(
        (s.paragraph_index, r.text, s.separator) for s, r in zip(segments, results, strict=True)
    )
    for term, count in EXPECTED_COUNTS.items():
        assert output.count(term) == count, (term, output)
    assert not re.search(r"\[X\d+X\]|\[X|X\]", output)
    assert output.count("\n\n") == 1
    summary = summarize([r.report for r in results])
    assert summary["expected"] == summary["rendered"] == 8
    assert summary["success_rate"] == 1.0


@pytest.mark.usefixtures("argos_engine")
def test_argos_random_model_report_accounts_for_every_term() -> None:
    terms = [
        IndexTerm(1, KIRBY, "en", "John Kirby", case_sensitive=True),
        IndexTerm(2, PY, "en", "Pyongyang"),
        IndexTerm(3, PY, "ko", "평양"),
        IndexTerm(4, UNSC, "en", "Security Council"),
        IndexTerm(5, UNSC, "ko", "안보리"),
    ]
    rules = {
        KIRBY: ApprovedConcept(KIRBY, ("John Kirby",), None, True, (), ()),
        PY: ApprovedConcept(PY, ("Pyongyang",), "평양", False, (), ()),
        UNSC: ApprovedConcept(UNSC, ("Security Council",), "안보리", False, (), ()),
    }
    index = GlossaryIndex(terms)
    sentences = [s.source for s in text_utils.segment(STORY, "en")]
    results = Enforcer(ArgosEngine(), "en", "ko", rules=rules, find=index.find).translate(sentences)
    expected = sum(len(index.find(s, "en")) for s in sentences)
    reports = [r.report for r in results]
    summary = summarize(reports)
    assert expected == 4  # John Kirby, Pyongyang x2, Security Council
    assert summary["expected"] == expected
    # An independent count over the output: per sentence, each approved rendering is rendered
    # as often as it stands in the text (Korean: as a word, particles allowed), up to the number
    # of source mentions that ask for it.
    independent = 0
    for sentence, result in zip(sentences, results, strict=True):
        wanted = Counter(
            rules[m.concept_id].target or m.text for m in index.find(sentence, "en")
        )  # fmt: skip
        for rendering, times in wanted.items():
            independent += min(times, len(korean.find_term(result.text, rendering)))
    assert summary["rendered"] == independent
    assert summary["missed"] == expected - independent
    for result in results:
        assert "⟦" not in result.text
        assert "⟧" not in result.text
        for check in result.report.checks:
            # Every term is accounted for by one method, and the method is true to the text.
            assert check.method in {PLACEHOLDER, FALLBACK, PRESENT, MISSED}
            if check.rendered:
                assert korean.find_term(result.text, check.expected), (check, result.text)
            else:
                assert check.method == MISSED
                assert result.report.flagged
                assert any(check.expected in reason for reason in result.report.reasons)
