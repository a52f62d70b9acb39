"""Enforcement with a scripted fake engine: copy, drop, mangle, wrong particle."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from glossary.checking import FALLBACK, MISSED, PLACEHOLDER, PRESENT, summarize
from glossary.enforcement import Enforcer
from glossary.matching import GlossaryIndex, IndexTerm
from glossary.selectors import ApprovedConcept

PYONGYANG, KIRBY, UNSC, NK = 1, 2, 3, 4
TERMS = [
    IndexTerm(1, PYONGYANG, "en", "Pyongyang"),
    IndexTerm(2, PYONGYANG, "ko", "평양"),
    IndexTerm(3, PYONGYANG, "ko", "평향", usage="forbidden"),
    IndexTerm(4, KIRBY, "en", "John Kirby", case_sensitive=True),
    IndexTerm(5, UNSC, "en", "Security Council"),
    IndexTerm(6, UNSC, "ko", "안보리"),
    IndexTerm(7, NK, "en", "North Korea"),
    IndexTerm(8, NK, "ko", "북한"),
]
RULES = {
    PYONGYANG: ApprovedConcept(PYONGYANG, ("Pyongyang",), "평양", False, ("평향",), ()),
    KIRBY: ApprovedConcept(KIRBY, ("John Kirby",), None, True, (), ()),
    UNSC: ApprovedConcept(UNSC, ("Security Council",), "안보리", False, (), ()),
    NK: ApprovedConcept(NK, ("North Korea",), "북한", False, (), ()),
}
INDEX = GlossaryIndex(TERMS)
PLACEHOLDER_RE = re.compile(r"⟦\d+⟧")


class ScriptedEngine:
    """Translates from a table. Masked inputs follow the table too; ``mode`` damages them."""

    placeholder_format = "⟦{n}⟧"

    def __init__(self, table: dict[str, str], mode: str = "copy") -> None:
        self.table, self.mode, self.calls = table, mode, []  # type: ignore[var-annotated]

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        self.calls.append(list(sentences))
        out = []
        for sentence in sentences:
            text = self.table[sentence]
            if "⟦1⟧" in text:
                if self.mode == "drop":
                    text = text.replace("⟦1⟧", "", 1)
                elif self.mode == "mangle":
                    text = text.replace("⟦1⟧", "⟦1", 1)
                elif self.mode == "duplicate":
                    text = text.replace("⟦1⟧", "⟦1⟧ ⟦1⟧", 1)
            out.append(text)
        return out


TABLE = {
    # masked (the engine attaches 는 to the placeholder: wrong after 평양, right after 커비)
    "⟦1⟧ fired a missile.": "⟦1⟧는 미사일을 발사했다.",
    "⟦1⟧ said ⟦2⟧ must stop.": "⟦1⟧는 ⟦2⟧가 멈춰야 한다고 말했다.",
    "The ⟦1⟧ will meet.": "⟦1⟧가 회의를 열 것이다.",
    # unmasked, with the engine's own renderings
    "Pyongyang fired a missile.": "평양시는 미사일을 발사했다.",
    "John Kirby said Pyongyang must stop.": "존 커비는 평양시가 멈춰야 한다고 말했다.",
    "The Security Council will meet.": "안전보장이사회는 회의를 열 것이다.",
    "The weather is fine.": "날씨가 좋다.",
    # terms alone
    "Pyongyang": "평양시",
    "John Kirby": "존 커비",
    "Security Council": "안전보장이사회",
}


def enforce(mode: str, sentences: list[str]) -> list:  # type: ignore[type-arg]
    engine = ScriptedEngine(TABLE, mode)
    return Enforcer(engine, "en", "ko", rules=RULES, find=INDEX.find).translate(sentences)


@pytest.mark.parametrize(
    ("mode", "expected", "method"),
    [
        ("copy", "평양은 미사일을 발사했다.", PLACEHOLDER),
        ("drop", "평양은 미사일을 발사했다.", FALLBACK),
        ("mangle", "평양은 미사일을 발사했다.", FALLBACK),
        ("duplicate", "평양은 미사일을 발사했다.", FALLBACK),
    ],
)
def test_each_engine_behaviour_ends_with_the_approved_term_and_particle(
    mode: str, expected: str, method: str
) -> None:
    [result] = enforce(mode, ["Pyongyang fired a missile."])
    assert result.text == expected
    assert [(c.expected, c.rendered, c.method) for c in result.report.checks] == [
        ("평양", True, method)
    ]
    assert result.report.fallback is (method == FALLBACK)
    assert not result.report.flagged


@pytest.mark.parametrize("mode", ["copy", "drop", "mangle", "duplicate"])
def test_no_output_ever_contains_a_placeholder(mode: str) -> None:
    results = enforce(
        mode,
        [
            "Pyongyang fired a missile.",
            "John Kirby said Pyongyang must stop.",
            "The Security Council will meet.",
            "The weather is fine.",
        ],
    )
    for result in results:
        assert not PLACEHOLDER_RE.search(result.text)
        assert "⟦" not in result.text
        assert "⟧" not in result.text
    assert results[3].text == "날씨가 좋다."
    assert results[3].report.checks == []


def test_do_not_translate_keeps_source_form_with_particle() -> None:
    [result] = enforce("copy", ["John Kirby said Pyongyang must stop."])
    # 커비 is vowel-final (는), 평양 consonant-final (이, not 가)
    assert result.text == "John Kirby는 평양이 멈춰야 한다고 말했다."
    assert [c.method for c in result.report.checks] == [PLACEHOLDER, PLACEHOLDER]


def test_fallback_replaces_engine_renderings_and_fixes_particles() -> None:
    [result] = enforce("drop", ["John Kirby said Pyongyang must stop."])
    # "do not translate": the engine's 존 커비 goes back to John Kirby, and 평양시가 → 평양이
    assert result.text == "John Kirby는 평양이 멈춰야 한다고 말했다."
    checks = {c.source: (c.rendered, c.method) for c in result.report.checks}
    assert checks == {"Pyongyang": (True, FALLBACK), "John Kirby": (True, FALLBACK)}
    assert not result.report.flagged


def test_unplaceable_term_is_flagged_not_lost() -> None:
    table = dict(TABLE)
    table["The Security Council will meet."] = "위원회가 회의를 열 것이다."
    engine = ScriptedEngine(table, "drop")
    [result] = Enforcer(engine, "en", "ko", rules=RULES, find=INDEX.find).translate(
        ["The Security Council will meet."]
    )
    assert result.text == "위원회가 회의를 열 것이다."
    assert [(c.expected, c.method) for c in result.report.checks] == [("안보리", MISSED)]
    assert result.report.reasons == ["Missed term: 안보리 (for “Security Council”)"]


def test_already_rendered_term_counts_as_present() -> None:
    table = dict(TABLE)
    table["Pyongyang fired a missile."] = "평양은 미사일을 발사했다."
    engine = ScriptedEngine(table, "drop")
    [result] = Enforcer(engine, "en", "ko", rules=RULES, find=INDEX.find).translate(
        ["Pyongyang fired a missile."]
    )
    assert result.report.checks[0].method == PRESENT


def test_forbidden_term_in_output_is_flagged() -> None:
    engine = ScriptedEngine({"The weather is fine.": "평향 날씨가 좋다."})
    [result] = Enforcer(engine, "en", "ko", rules=RULES, find=INDEX.find).translate(
        ["The weather is fine."]
    )
    assert result.report.forbidden == ["평향"]
    assert result.report.reasons == ["Forbidden term present: 평향"]


def test_terms_are_translated_alone_once_per_batch() -> None:
    engine = ScriptedEngine(TABLE, "drop")
    Enforcer(engine, "en", "ko", rules=RULES, find=INDEX.find).translate(
        ["Pyongyang fired a missile.", "John Kirby said Pyongyang must stop."]
    )
    _masked, alone, unmasked = engine.calls
    assert alone == ["John Kirby", "Pyongyang"]
    assert len(unmasked) == 2


def test_human_text_check_and_summary() -> None:
    enforcer = Enforcer(ScriptedEngine(TABLE), "en", "ko", rules=RULES, find=INDEX.find)
    good = enforcer.check("Pyongyang fired a missile.", "평양은 미사일을 발사했다.")
    bad = enforcer.check("Pyongyang fired a missile.", "평향은 미사일을 발사했다.")
    assert not good.flagged
    assert bad.flagged
    assert bad.forbidden == ["평향"]
    summary = summarize([good, bad])
    assert summary == {
        "expected": 2, "rendered": 1, "missed": 1, "forbidden": 1, "fallbacks": 0,
        "flagged_segments": 1, "success_rate": 0.5,
    }  # fmt: skip


def test_report_json_round_trip() -> None:
    enforcer = Enforcer(ScriptedEngine(TABLE), "en", "ko", rules=RULES, find=INDEX.find)
    report = enforcer.check("John Kirby said Pyongyang must stop.", "평향이 멈춰야 한다.")
    data = report.as_json()
    assert data["flagged"] is True
    assert [c["method"] for c in data["checks"]] == [MISSED, MISSED]
    assert type(report).from_json(data).as_json() == data


# --- Readings and particle errors ------------------------------------------------------------

G20 = 5
READING_TERMS = [*TERMS, IndexTerm(9, G20, "en", "Group of 20"), IndexTerm(10, G20, "ko", "G20")]
READING_INDEX = GlossaryIndex(READING_TERMS)


def _g20_rules(reading: str) -> dict[int, ApprovedConcept]:
    rule = ApprovedConcept(G20, ("Group of 20",), "G20", False, (), (), target_reading=reading)
    return {**RULES, G20: rule}


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        # Read as the editors recorded it: 지트웬티 ends in a vowel → 는.
        ("지트웬티", "G20는 성명을 냈다."),
        # Without a reading the digit rule reads 20 as 이십 → consonant → 은.
        ("", "G20은 성명을 냈다."),
    ],
)
def test_the_terms_reading_decides_its_particle(reading: str, expected: str) -> None:
    engine = ScriptedEngine({"The ⟦1⟧ issued a statement.": "⟦1⟧는 성명을 냈다."})
    enforcer = Enforcer(engine, "en", "ko", rules=_g20_rules(reading), find=READING_INDEX.find)
    [result] = enforcer.translate(["The Group of 20 issued a statement."])
    assert result.text == expected
    assert [(c.expected, c.rendered) for c in result.report.checks] == [("G20", True)]


def test_a_wrong_particle_is_reported_as_a_particle_error_not_a_missed_term() -> None:
    enforcer = Enforcer(ScriptedEngine(TABLE), "en", "ko", rules=RULES, find=INDEX.find)
    report = enforcer.check("Pyongyang fired a missile.", "평양는 미사일을 발사했다.")
    assert report.flagged
    assert report.reasons == ["Particle error: 평양는 should be 평양은"]
    missed = enforcer.check("Pyongyang fired a missile.", "그들은 미사일을 발사했다.")
    assert missed.reasons == ["Missed term: 평양 (for “Pyongyang”)"]
