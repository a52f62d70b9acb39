"""Short forms and acronyms in enforcement (TBX term types), with a scripted engine.

A concept "John Kirby" (en full "John Kirby", short "Kirby"; ko full "존 커비", short "커비"):
a later "Kirby" renders as 커비, with its particle made to agree; "UNSC" renders as 안보리.
A short form alone, without its full form anywhere, is handled the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from glossary.checking import FALLBACK, PLACEHOLDER, PRESENT, TermChecker
from glossary.enforcement import Enforcer
from glossary.matching import GlossaryIndex, IndexTerm
from glossary.models import Term
from glossary.selectors import ApprovedConcept, approved_terms_by_concept, index_terms
from tests.glossary_factories import ConceptFactory, TermFactory

FULL, SHORT, ACRONYM = "fullForm", "shortForm", "acronym"
KIRBY, UNSC, AUSTIN, PYONGYANG = 1, 2, 3, 4

TERMS = [
    IndexTerm(1, KIRBY, "en", "John Kirby"),
    IndexTerm(2, KIRBY, "en", "Kirby", term_type=SHORT),
    IndexTerm(3, UNSC, "en", "UN Security Council"),
    IndexTerm(4, UNSC, "en", "UNSC", case_sensitive=True, term_type=ACRONYM),
    IndexTerm(5, AUSTIN, "en", "Lloyd Austin"),
    IndexTerm(6, AUSTIN, "en", "Austin", term_type=SHORT),
    IndexTerm(7, PYONGYANG, "en", "Pyongyang"),
]
INDEX = GlossaryIndex(TERMS)

RULES = {
    "ko": {
        KIRBY: ApprovedConcept(KIRBY, ("John Kirby", "Kirby"), "존 커비", False, (), (),
                               target_forms=((SHORT, "커비", ""),)),
        UNSC: ApprovedConcept(UNSC, ("UN Security Council", "UNSC"), "유엔 안전보장이사회",
                              False, (), (), target_forms=((ACRONYM, "안보리", ""),)),
        # no Korean short form: "Austin" renders as the full form
        AUSTIN: ApprovedConcept(AUSTIN, ("Lloyd Austin", "Austin"), "로이드 오스틴", False, (), ()),
        PYONGYANG: ApprovedConcept(PYONGYANG, ("Pyongyang",), "평양", False, (), ()),
    },
    "es": {
        KIRBY: ApprovedConcept(KIRBY, ("John Kirby", "Kirby"), "John Kirby", False, (), (),
                               target_forms=((SHORT, "Kirby", ""),)),
        UNSC: ApprovedConcept(UNSC, ("UN Security Council", "UNSC"),
                              "Consejo de Seguridad de la ONU", False, (), (),
                              target_forms=((ACRONYM, "CSNU", ""),)),
        AUSTIN: ApprovedConcept(AUSTIN, ("Lloyd Austin", "Austin"), "Lloyd Austin", False, (), ()),
        PYONGYANG: ApprovedConcept(PYONGYANG, ("Pyongyang",), "Pionyang", False, (), ()),
    },
}  # fmt: skip


class ScriptedEngine:
    """Translates from a table; ``drop`` loses the first placeholder (the fallback runs)."""

    placeholder_format = "⟦{n}⟧"

    def __init__(self, table: dict[str, str], *, drop: bool = False) -> None:
        self.table, self.drop = table, drop

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        out = []
        for sentence in sentences:
            text = self.table[sentence]
            out.append(text.replace("⟦1⟧", "", 1) if self.drop else text)
        return out


#: The engine writes particles without knowing the term (here the consonant forms: 은, 이,
#: 을), so every vowel-final 커비 and 안보리 needs its particle changed.
KO_TABLE = {
    "⟦1⟧ said the ⟦2⟧ must act.": "⟦1⟧은 ⟦2⟧이 행동해야 한다고 말했다.",
    "⟦1⟧ said the ⟦2⟧ would meet.": "⟦1⟧은 ⟦2⟧이 회의를 열 것이라고 말했다.",
    "The ⟦1⟧ condemned ⟦2⟧, ⟦3⟧ added.": "⟦1⟧은 ⟦2⟧을 규탄했다고 ⟦3⟧이 덧붙였다.",
    "⟦1⟧ met ⟦2⟧.": "⟦1⟧은 ⟦2⟧과 만났다.",
    # unmasked, for the fallback
    "Kirby said the UNSC would meet.": "커어비는 유엔안보리가 회의를 열 것이라고 말했다.",
    "Kirby": "커어비",
    "UNSC": "유엔안보리",
}
ES_TABLE = {
    "⟦1⟧ said the ⟦2⟧ must act.": "⟦1⟧ dijo que el ⟦2⟧ debe actuar.",
    "⟦1⟧ said the ⟦2⟧ would meet.": "⟦1⟧ dijo que el ⟦2⟧ se reuniría.",
    "The ⟦1⟧ condemned ⟦2⟧, ⟦3⟧ added.": "El ⟦1⟧ condenó a ⟦2⟧, añadió ⟦3⟧.",
    "⟦1⟧ met ⟦2⟧.": "⟦1⟧ se reunió con ⟦2⟧.",
    "Kirby said the UNSC would meet.": "Kirby dijo que el UNSC se reuniría.",
    "Kirby": "Kirby",
    "UNSC": "UNSC",
}
TABLES = {"ko": KO_TABLE, "es": ES_TABLE}

#: One article: the full forms first, then the short forms and the acronym.
ARTICLE = [
    "John Kirby said the UN Security Council must act.",
    "Kirby said the UNSC would meet.",
    "The UNSC condemned Pyongyang, Kirby added.",
    "Kirby met Austin.",
]


def _enforcer(target: str, *, drop: bool = False) -> Enforcer:
    engine = ScriptedEngine(TABLES[target], drop=drop)
    return Enforcer(engine, "en", target, rules=RULES[target], find=INDEX.find)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("ko", [
            "존 커비는 유엔 안전보장이사회가 행동해야 한다고 말했다.",
            "커비는 안보리가 회의를 열 것이라고 말했다.",
            "안보리는 평양을 규탄했다고 커비가 덧붙였다.",
            "커비는 로이드 오스틴과 만났다.",
        ]),
        ("es", [
            "John Kirby dijo que el Consejo de Seguridad de la ONU debe actuar.",
            "Kirby dijo que el CSNU se reuniría.",
            "El CSNU condenó a Pionyang, añadió Kirby.",
            "Kirby se reunió con Lloyd Austin.",
        ]),
    ],
)  # fmt: skip
def test_full_then_short_then_acronym_mentions(target: str, expected: list[str]) -> None:
    results = _enforcer(target).translate(ARTICLE)
    assert [r.text for r in results] == expected
    assert all(c.method == PLACEHOLDER for r in results for c in r.report.checks)
    assert not any(r.report.flagged for r in results)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("John Kirby said the UN Security Council must act.", ["존 커비", "유엔 안전보장이사회"]),
        ("Kirby said the UNSC would meet.", ["커비", "안보리"]),
        ("The UNSC condemned Pyongyang, Kirby added.", ["안보리", "평양", "커비"]),
        ("Kirby met Austin.", ["커비", "로이드 오스틴"]),  # no Korean short form: the full one
    ],
)
def test_each_mention_expects_the_target_term_of_its_type(
    sentence: str, expected: list[str]
) -> None:
    checker = TermChecker("en", "ko", rules=RULES["ko"], find=INDEX.find)
    assert [item.rendering for item in checker.expected_terms(sentence)] == expected


def test_a_short_form_alone_renders_as_the_target_short_form() -> None:
    # No "John Kirby" anywhere: the short form is still recognised and rendered short.
    [result] = _enforcer("ko").translate(["Kirby said the UNSC would meet."])
    assert result.text == "커비는 안보리가 회의를 열 것이라고 말했다."
    assert [(c.source, c.expected) for c in result.report.checks] == [
        ("Kirby", "커비"), ("UNSC", "안보리"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("ko", "커비는 안보리가 회의를 열 것이라고 말했다."),
        ("es", "Kirby dijo que el CSNU se reuniría."),
    ],
)
def test_fallback_replaces_the_engine_renderings_with_the_short_forms(
    target: str, expected: str
) -> None:
    [result] = _enforcer(target, drop=True).translate(["Kirby said the UNSC would meet."])
    assert result.text == expected
    methods = {c.source: c.method for c in result.report.checks}
    # Spanish keeps "Kirby" as the engine wrote it: already the approved short form
    assert methods == {"Kirby": FALLBACK if target == "ko" else PRESENT, "UNSC": FALLBACK}
    assert result.report.fallback


@pytest.mark.parametrize(
    ("written", "flagged", "reason"),
    [
        ("커비는 안보리가 회의를 열 것이라고 말했다.", False, None),
        ("커비은 안보리가 회의를 열 것이라고 말했다.", True,
         "Particle error: 커비은 should be 커비는"),
        ("커비는 안보리이 회의를 열 것이라고 말했다.", True,
         "Particle error: 안보리이 should be 안보리가"),
        ("커비는 유엔 안전보장이사회가 회의를 열 것이라고 말했다.", True,
         "Missed term: 안보리 (for “UNSC”)"),
    ],
)  # fmt: skip
def test_a_person_s_text_is_checked_against_the_short_forms(
    written: str, flagged: bool, reason: str | None
) -> None:
    checker = TermChecker("en", "ko", rules=RULES["ko"], find=INDEX.find)
    report = checker.check("Kirby said the UNSC would meet.", written)
    assert report.flagged is flagged
    assert report.reasons == ([reason] if reason else [])


def test_an_admitted_target_short_form_is_used_when_there_is_no_preferred_one() -> None:
    forms = ((SHORT, "커비", ""), (ACRONYM, "JK", "제이케이"))
    rule = ApprovedConcept(
        KIRBY, ("John Kirby", "Kirby"), "존 커비", False, (), (), target_forms=forms
    )
    assert rule.rendering_for(SHORT) == ("커비", "")
    assert rule.rendering_for(ACRONYM) == ("JK", "제이케이")
    assert rule.rendering_for("abbreviation") == ("존 커비", "")
    assert rule.rendering_for(FULL) == ("존 커비", "")
    assert rule.rendering_for("variant") == ("존 커비", "")


# --- From the database: the selectors carry the term types ------------------------------


def _kirby_concept(*, ko_short_usage: str = Term.Usage.PREFERRED) -> int:
    concept = ConceptFactory()
    specs = [
        ("ko", "커비", SHORT, ko_short_usage),  # written first: must not become the main rendering
        ("en", "John Kirby", FULL, Term.Usage.PREFERRED),
        ("en", "Kirby", SHORT, Term.Usage.PREFERRED),
        ("ko", "존 커비", FULL, Term.Usage.PREFERRED),
    ]
    for language, text, term_type, usage in specs:
        TermFactory(concept=concept, language=language, text=text, term_type=term_type,
                    usage=usage)  # fmt: skip
    return concept.pk


@pytest.mark.django_db
@pytest.mark.parametrize("usage", [Term.Usage.PREFERRED, Term.Usage.ADMITTED])
def test_approved_terms_carry_target_short_forms(usage: str) -> None:
    concept_id = _kirby_concept(ko_short_usage=usage)
    rule = approved_terms_by_concept("en", "ko")[concept_id]
    assert rule.target == "존 커비"
    assert rule.target_forms == ((SHORT, "커비", ""),)
    assert rule.rendering_for(SHORT) == ("커비", "")
    back = approved_terms_by_concept("ko", "en")[concept_id]
    assert back.target == "John Kirby"
    assert back.rendering_for(SHORT) == ("Kirby", "")


@pytest.mark.django_db
def test_index_terms_carry_the_term_type() -> None:
    _kirby_concept()
    types = {term.text: term.term_type for term in index_terms(language="en")}
    assert types == {"John Kirby": FULL, "Kirby": SHORT}


@pytest.mark.django_db
def test_the_enforcer_renders_a_short_form_from_the_database_glossary() -> None:
    _kirby_concept()
    table = {"⟦1⟧ said the talks went well.": "⟦1⟧은 회담이 잘 진행됐다고 말했다."}
    enforcer = Enforcer(ScriptedEngine(table), "en", "ko")
    [result] = enforcer.translate(["Kirby said the talks went well."])
    assert result.text == "커비는 회담이 잘 진행됐다고 말했다."
