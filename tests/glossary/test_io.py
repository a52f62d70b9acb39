from __future__ import annotations

import csv
import io as stdio

import pytest
from django.contrib.auth.models import User

from glossary import io
from glossary.io import GlossaryFormatError
from glossary.models import Concept, ConceptHistory, Term
from glossary.services import imports
from glossary.services import terms as term_services
from glossary.termdata import TermData
from newsapp.core import errors
from tests.glossary_factories import concept_with_terms

Usage = Term.Usage
Status = Term.Status

CSV = (
    "subject,definition,url,en,en:admitted,ko,ko:forbidden\n"
    "diplomacy,Principal UN organ,https://www.un.org/securitycouncil/,"
    "UN Security Council {properNoun} | Security Council {noun},UNSC {case},"
    "유엔 안전보장이사회 | 안보리,안전보장위원회\n"
    "places,Capital of North Korea,,Pyongyang,,평양,\n"
    "brands,,,Samsung {dnt case},,,\n"
)

XXE = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec>
<term>&xxe;</term></termSec></langSec></conceptEntry></body></text></tbx>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&lol3;</term>
</termSec></langSec></conceptEntry></body></text></tbx>"""

TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en"><text><body>
<termEntry id="t7">
  <descripGrp><descrip type="subjectField">defense</descrip></descripGrp>
  <langSet xml:lang="en">
    <descrip type="definition">Intercontinental ballistic missile</descrip>
    <tig><term>ICBM</term><termNote type="partOfSpeech">noun</termNote></tig>
    <ntig><termGrp><term>intercontinental ballistic missile</term>
      <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termGrp></ntig>
  </langSet>
  <langSet xml:lang="ko"><tig><term>대륙간탄도미사일</term></tig></langSet>
</termEntry>
</body></text></martif>"""


def plan(content: str, fmt: str = "csv") -> io.ImportPlan:
    return io.plan_import(io.load(content, fmt), fmt=fmt)


def apply(content: str, fmt: str = "csv", *, approve: bool = True) -> imports.ImportResult:
    return imports.glossary_import_apply(plan=plan(content, fmt), user=None, approve=approve)


def snapshot() -> list[tuple[object, ...]]:
    """The glossary's content, independent of ids and review metadata."""
    rows = []
    for concept in Concept.objects.prefetch_related("terms").order_by("label"):
        terms = sorted(
            (t.language, t.text, t.usage, t.case_sensitive, t.do_not_translate,
             t.part_of_speech, t.term_type, t.reading, t.note)
            for t in concept.terms.all()
        )  # fmt: skip
        rows.append((concept.subject, concept.definition, concept.external_url, tuple(terms)))
    return rows


# --- CSV parsing -------------------------------------------------------------------------


def test_csv_parses_columns_usages_and_flags() -> None:
    first, second, third = io.parse_csv(CSV)
    assert (first.where, first.subject, first.external_url) == (
        "row 2",
        "diplomacy",
        "https://www.un.org/securitycouncil/",
    )
    fields = [
        (t.language, t.text, t.usage, t.part_of_speech, t.case_sensitive) for t in first.terms
    ]
    assert fields == [
        ("en", "UN Security Council", "preferred", "properNoun", False),
        ("en", "Security Council", "preferred", "noun", False),
        ("en", "UNSC", "admitted", "", True),
        ("ko", "유엔 안전보장이사회", "preferred", "", False),
        ("ko", "안보리", "preferred", "", False),
        ("ko", "안전보장위원회", "forbidden", "", False),
    ]  # fmt: skip
    assert [t.text for t in second.terms] == ["Pyongyang", "평양"]
    assert third.terms[0].do_not_translate
    assert third.terms[0].case_sensitive


def test_csv_accepts_bom_semicolons_and_quoted_newlines() -> None:
    content = '\ufeffen;ko;definition\r\nSeoul;서울;"two\nlines"\r\n'
    [row] = io.parse_csv(content)
    assert ([t.text for t in row.terms], row.definition) == (["Seoul", "서울"], "two\nlines")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("subject,definition\nx,y\n", "no language column"),
        ("en,colour\nx,y\n", "Column 2 “colour”"),
        ("en,ko,en\nx,y,z\n", "appears twice"),
        ("en,ko:maybe\nx,y\n", "Column 2"),
    ],
)
def test_unreadable_csv_files_are_refused_whole(content: str, message: str) -> None:
    with pytest.raises(GlossaryFormatError, match=message):
        io.parse_csv(content)


@pytest.mark.django_db
def test_preview_lists_refused_rows_with_row_and_reason() -> None:
    holder = concept_with_terms(("en", "Security Council"))
    content = (
        "id,en,ko,url\n"
        ",Seoul,서울,\n"                     # row 2: fine
        ",,,\n"                              # row 3: blank, skipped
        ",,,https://example.org\n"           # row 4: no terms
        ",Seoul,,\n"                         # row 5: Seoul is claimed by row 2
        ",a | b {bogus},,\n"                 # row 6: unknown flag
        "999,Tokyo,,\n"                      # row 7: unknown id: created
        f"{holder.pk},Busan,,\n"             # row 8: shares no term with that concept
        ",Security Council,,\n"              # row 9: same preferred term: update, unchanged
        ",Pyongyang,,javascript:alert(1)\n"  # row 10: unsafe URL
        ",x,y,z,w\n"                         # row 11: too many cells
    )  # fmt: skip
    result = plan(content)
    refused = {item.where: item.reason for item in result.refused}
    assert refused == {
        "row 4": "No terms in this row.",
        "row 5": "“Seoul” is also a preferred en term in row 2.",
        "row 6": refused["row 6"],
        "row 8": refused["row 8"],
        "row 10": "“javascript:alert(1)” is not an http(s) URL.",
        "row 11": "5 cells for 4 columns (a stray comma or quote?).",
    }
    assert "Unknown flag “bogus”" in refused["row 6"]
    assert f"Concept #{holder.pk} has none of this row's terms" in refused["row 8"]
    assert [i.where for i in result.creates] == ["row 2", "row 7"]
    assert [(i.where, i.concept_id) for i in result.unchanged] == [("row 9", holder.pk)]
    update = plan(f"id,en,ko\n{holder.pk},Security Council,안보리\n").updates
    assert [(i.concept_id, [t.text for t in i.new_terms]) for i in update] == [
        (holder.pk, ["안보리"])
    ]


@pytest.mark.django_db
def test_preview_refuses_a_term_preferred_in_another_concept() -> None:
    holder = concept_with_terms(("en", "Security Council"), ("ko", "안보리"))
    other = concept_with_terms(("en", "UNSC"))
    result = plan(f"id,en,ko\n{other.pk},UNSC,안보리\n,Security Council,\n,UNSC,안보리\n")
    reasons = [item.reason for item in result.refused]
    assert reasons[0] == (
        f"“안보리” is already the approved preferred ko term of concept #{holder.pk} "
        "“Security Council”."
    )
    assert (
        reasons[1]
        == f"Its preferred terms belong to different concepts (#{holder.pk}, #{other.pk})."
    )
    assert [i.action for i in result.items] == ["refuse", "unchanged", "refuse"]


@pytest.mark.django_db
def test_preview_writes_nothing(django_assert_max_num_queries: object) -> None:
    concept_with_terms(("en", "Seoul"))
    before = (Concept.objects.count(), Term.objects.count(), ConceptHistory.objects.count())
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        result = plan(CSV)
    assert len(result.creates) == 3
    assert (Concept.objects.count(), Term.objects.count(), ConceptHistory.objects.count()) == before


@pytest.mark.django_db
def test_import_enters_proposed_unless_approved() -> None:
    result = apply(CSV, approve=False)
    assert (result.created, result.terms_added) == (3, 9)
    assert set(Term.objects.values_list("status", flat=True)) == {Status.PROPOSED}
    assert ConceptHistory.objects.filter(action=ConceptHistory.Action.IMPORTED).count() == 3
    Term.objects.all().delete()
    Concept.objects.all().delete()
    apply(CSV, approve=True)
    assert set(Term.objects.values_list("status", flat=True)) == {Status.APPROVED}


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing() -> None:
    apply(CSV)
    again = plan(CSV)
    assert [i.action for i in again.items] == ["unchanged"] * 3


@pytest.mark.django_db
def test_import_updates_add_terms_and_propose_changes_to_approved_ones() -> None:
    concept = concept_with_terms(("en", "Pyongyang"), ("ko", "평양"))
    result = apply(f"id,en,ja,ko:forbidden\n{concept.pk},Pyongyang {{properNoun}},平壌,평향\n",
                   approve=False)  # fmt: skip
    assert (result.updated, result.terms_added, result.terms_changed) == (1, 2, 1)
    en = concept.terms.get(language="en", revision_of=None)
    assert en.part_of_speech == ""
    assert en.revisions.get().part_of_speech == "properNoun"
    assert concept.terms.get(language="ja").status == Status.PROPOSED


@pytest.mark.django_db
def test_apply_refuses_when_the_glossary_changed_meanwhile() -> None:
    stale = plan("en\nSeoul\n")
    concept_with_terms(("en", "Seoul"))  # approved elsewhere after the preview
    with pytest.raises(errors.ServiceError, match="changed since the preview"):
        imports.glossary_import_apply(plan=stale, user=None, approve=True)
    assert Term.objects.count() == 1


@pytest.mark.django_db
def test_digest_follows_the_glossary() -> None:
    first = plan(CSV).digest()
    assert plan(CSV).digest() == first
    concept_with_terms(("en", "Pyongyang"))
    assert plan(CSV).digest() != first


# --- Round trips -----------------------------------------------------------------------------

TRICKY = ["=SUM(A1:A2)", "+cmd", "-flag", "@user", "\tTab", "'quoted"]


@pytest.fixture
def rich_glossary(editor: User) -> None:
    term_services.concept_propose(
        user=editor, approve=True, subject="Defense", definition="=HYPERLINK(\"x\")",
        external_url="https://example.org/icbm",
        terms=[
            TermData(language="en", text="ICBM", case_sensitive=True, part_of_speech="noun",
                     term_type="acronym", reading="아이시비엠", note="Spell out on first use"),
            TermData(language="en", text="intercontinental ballistic missile", usage="admitted"),
            TermData(language="ko", text="대륙간탄도미사일"),
            TermData(language="ko", text="대륙간 미사일", usage="forbidden"),
        ],
    )  # fmt: skip
    term_services.concept_propose(
        user=editor, approve=True, subject="brands",
        terms=[TermData(language="en", text="Samsung", do_not_translate=True,
                        part_of_speech="properNoun"),
               TermData(language="ja", text="サムスン")],
    )  # fmt: skip
    for text in TRICKY:
        term_services.concept_propose(user=editor, approve=True, definition=text,
                                 terms=[TermData(language="en", text=f"{text} term")])  # fmt: skip


def _export(fmt: str, **kwargs: object) -> str:
    return "".join(io.export(fmt, **kwargs))  # type: ignore[arg-type]


def _reimport_into_empty_glossary(content: str, fmt: str) -> None:
    Term.objects.all().delete()
    Concept.objects.all().delete()
    result = apply(content, fmt)
    assert result.refused == 0


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(rich_glossary: None) -> None:
    content = _export("csv")
    assert content.startswith("\ufeffid,subject,definition,url,en,en:admitted,ja,ko,ko:forbidden")
    cells = [cell for row in csv.reader(stdio.StringIO(content.lstrip("\ufeff"))) for cell in row]
    for cell in cells:
        assert not cell.startswith(io.FORMULA_STARTS), cell
    assert "'=SUM(A1:A2)" in cells
    assert '\'=HYPERLINK("x")' in cells
    assert "'-flag" in cells


@pytest.mark.django_db
def test_csv_round_trip(rich_glossary: None) -> None:
    notes = dict(Term.objects.values_list("text", "note"))
    before = snapshot()
    content = _export("csv")
    assert [i.action for i in plan(content).items] == ["unchanged"] * (2 + len(TRICKY))
    _reimport_into_empty_glossary(content, "csv")
    # CSV carries everything but term notes
    notes["ICBM"] = ""
    expected = [(*row[:3], tuple((*t[:8], notes.get(t[1], "") if t[1] != "ICBM" else "")
                                 for t in row[3])) for row in before]  # fmt: skip
    assert snapshot() == expected


@pytest.mark.django_db
def test_tbx_round_trip(rich_glossary: None) -> None:
    before = snapshot()
    content = _export("tbx")
    assert 'type="administrativeStatus">deprecatedTerm-admn-sts<' in content
    assert '<termNote type="termType">acronym</termNote>' in content
    assert '<termNote type="pronunciation">아이시비엠</termNote>' in content
    assert '<descrip type="subjectField">defense</descrip>' in content
    assert [i.action for i in plan(content, "tbx").items] == ["unchanged"] * (2 + len(TRICKY))
    _reimport_into_empty_glossary(content, "tbx")
    assert snapshot() == before


@pytest.mark.django_db
def test_csv_carries_term_type_and_reading(rich_glossary: None) -> None:
    content = _export("csv")
    assert "ICBM {case noun acronym reading=아이시비엠}" in content
    [parsed] = io.parse_csv("en,ko\nKirby {short reading=커비},커비 {short}\n")
    assert [(t.text, t.term_type, t.reading) for t in parsed.terms] == [
        ("Kirby", "shortForm", "커비"), ("커비", "shortForm", ""),
    ]  # fmt: skip
    [refused] = io.parse_csv("en\nNATO {reading=nato}\n")
    assert "not a reading" in refused.error


@pytest.mark.django_db
def test_export_by_language(rich_glossary: None) -> None:
    content = _export("csv", languages=["ko", "en"])
    header = content.lstrip("\ufeff").splitlines()[0]
    assert header == "id,subject,definition,url,ko,ko:forbidden,en,en:admitted"
    assert "サムスン" not in content
    assert 'xml:lang="ja"' not in _export("tbx", languages=["en"])


def test_tbx_v2_is_read() -> None:
    [entry] = io.parse_tbx(TBX_V2)
    assert (entry.ref, entry.subject, entry.definition) == (
        "t7",
        "defense",
        "Intercontinental ballistic missile",
    )
    assert [(t.language, t.text, t.usage, t.part_of_speech) for t in entry.terms] == [
        ("en", "ICBM", "preferred", "noun"),
        ("en", "intercontinental ballistic missile", "admitted", ""),
        ("ko", "대륙간탄도미사일", "preferred", ""),
    ]


# --- Hostile XML ---------------------------------------------------------------------------


def test_external_entities_are_refused() -> None:
    with pytest.raises(GlossaryFormatError) as refused:
        io.parse_tbx(XXE)
    assert "external entity" in str(refused.value)
    assert "file:///etc/passwd" in str(refused.value)


def test_entity_expansion_is_refused() -> None:
    with pytest.raises(GlossaryFormatError, match="Entity declarations are refused"):
        io.parse_tbx(BILLION_LAUGHS)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<tbx><text>", "Not well-formed XML"),
        ("<html><body/></html>", "root element is <html>"),
    ],
)
def test_broken_xml_is_refused_clearly(content: str, message: str) -> None:
    with pytest.raises(GlossaryFormatError, match=message):
        io.parse_tbx(content)


def test_unknown_status_refuses_the_entry_only() -> None:
    content = (
        '<tbx><text><body><conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>A</term>'
        '<termNote type="administrativeStatus">maybe</termNote></termSec></langSec>'
        '</conceptEntry><conceptEntry><langSec xml:lang="en"><termSec><term>B</term>'
        "</termSec></langSec></conceptEntry></body></text></tbx>"
    )
    first, second = io.parse_tbx(content)
    assert first.where == "entry 1 (c1)"
    assert "Unknown administrativeStatus" in first.error
    assert second.error == ""
    assert second.terms[0].text == "B"


def test_uploads_must_be_utf8() -> None:
    with pytest.raises(GlossaryFormatError, match="not UTF-8"):
        io.decode_upload("café".encode("latin-1"))
    assert io.decode_upload(b"\xef\xbb\xbfen\n") == "en\n"


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [("a.csv", "<x>", "csv"), ("a.TBX", "en", "tbx"), ("a", "  <tbx/>", "tbx"), ("a", "en", "csv")],
)
def test_detect_format(name: str, content: str, fmt: str) -> None:
    assert io.detect_format(name, content) == fmt


@pytest.mark.parametrize("cell", ["=1", "+1", "-1", "@a", "\tx", "\rx", "plain", "'x", ""])
def test_neutralise_round_trips(cell: str) -> None:
    assert io.unneutralise(io.neutralise(cell)) == cell
