from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary import selectors, termdata
from glossary.matching import GlossaryIndex, IndexTerm, TermMatch
from glossary.models import GlossaryVersion, Term
from glossary.services import review
from glossary.services import terms as term_services
from tests.glossary_factories import TermFactory

EN_TERMS = [
    IndexTerm(1, 1, "en", "UN Security Council"),
    IndexTerm(2, 2, "en", "UN", case_sensitive=True),
    IndexTerm(3, 3, "en", "Security Council"),
    IndexTerm(4, 4, "en", "sanction"),
    IndexTerm(5, 5, "en", "policy"),
    IndexTerm(6, 6, "en", "North Korea"),
    IndexTerm(7, 7, "en", "tax"),
    IndexTerm(8, 8, "en", "US", case_sensitive=True),
    IndexTerm(9, 9, "en", "C++ (language)"),
    IndexTerm(10, 10, "en", "Pyongyang"),
    IndexTerm(11, 10, "en", "Pyeongyang", usage="forbidden"),
]
KO_TERMS = [
    IndexTerm(20, 10, "ko", "평양"),
    IndexTerm(21, 21, "ko", "북한"),
    IndexTerm(22, 1, "ko", "안보리"),
    IndexTerm(23, 23, "ko", "미국"),
    IndexTerm(24, 24, "ko", "서울"),
    IndexTerm(25, 2, "ko", "UN"),
    IndexTerm(26, 26, "ko", "국가"),
    IndexTerm(27, 27, "ko", "국가안보실"),
]


@pytest.fixture(scope="module")
def index() -> GlossaryIndex:
    return GlossaryIndex(EN_TERMS + KO_TERMS + [IndexTerm(30, 10, "ja", "平壌")])


def found(index: GlossaryIndex, text: str, language: str = "en") -> list[str]:
    matches = index.find(text, language)
    assert all(text[m.start : m.end] == m.text for m in matches)
    return [m.text for m in matches]


def test_leftmost_longest(index: GlossaryIndex) -> None:
    text = "The UN Security Council met; the Security Council and the UN agreed."
    assert found(index, text) == ["UN Security Council", "Security Council", "UN"]
    matches = index.find(text, "en")
    assert [(m.concept_id, m.term_id) for m in matches] == [(1, 1), (3, 3), (2, 2)]


def test_a_failed_long_candidate_leaves_room_for_shorter_ones(index: GlossaryIndex) -> None:
    assert found(index, "UN Security Councilman") == ["UN"]
    assert found(index, "xUN Security Council") == ["Security Council"]


@pytest.mark.parametrize("text", ["UNESCO", "run", "FUN", "UN2", "a-UNb"])
def test_word_boundaries(index: GlossaryIndex, text: str) -> None:
    assert found(index, text) == []


def test_case_per_term(index: GlossaryIndex) -> None:
    assert found(index, "us and US, un and UN") == ["US", "UN"]
    assert found(index, "NORTH KOREA and north korea") == ["NORTH KOREA", "north korea"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("new sanctions", ["sanctions"]),
        ("the sanctions' effect", ["sanctions"]),
        ("a sanction", ["sanction"]),
        ("policies and a policy", ["policies", "policy"]),
        ("taxes", ["taxes"]),
        ("North Korea's army", ["North Korea"]),
        ("North Korea’s army", ["North Korea"]),
        ("North\nKorea", ["North\nKorea"]),
        ("sanctioned", []),
        ("police", []),
        ("Security Councils", ["Security Councils"]),
    ],
)
def test_english_inflection(index: GlossaryIndex, text: str, expected: list[str]) -> None:
    assert found(index, text) == expected


def test_offsets_survive_characters_that_lower_changes(index: GlossaryIndex) -> None:
    text = "İstanbul, ß and Σ: the UN in Pyongyang"
    assert found(index, text) == ["UN", "Pyongyang"]


def test_metacharacters_are_literal(index: GlossaryIndex) -> None:
    assert found(index, "Learn C++ (language) fast") == ["C++ (language)"]
    assert found(index, "Learn C (language) fast") == []


def test_forbidden_terms_are_reported_with_their_usage(index: GlossaryIndex) -> None:
    matches = index.find("Pyeongyang or Pyongyang", "en")
    assert [(m.text, m.usage, m.concept_id) for m in matches] == [
        ("Pyeongyang", "forbidden", 10),
        ("Pyongyang", "preferred", 10),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("평양은 조용했다", ["평양"]),
        ("평양에서 열린 회의", ["평양"]),
        ("안보리가 소집됐다", ["안보리"]),
        ("북한측은 부인했다", ["북한"]),
        ("미국과의 관계", ["미국"]),
        ("서울로 갔다", ["서울"]),
        ("UN은 발표했다", ["UN"]),
        ("「평양」은", ["평양"]),
        ("국가안보실은 밝혔다", ["국가안보실"]),
        # false-positive traps
        ("북한산에 올랐다", []),
        ("남북한 관계", []),
        ("평양냉면을 먹었다", []),
        ("평양고 학생", []),  # 고 after a consonant is not the copula
        ("미국인들", []),
        ("국가안보실장은", []),
        ("UNESCO는", []),
    ],
)
def test_korean_particles(index: GlossaryIndex, text: str, expected: list[str]) -> None:
    assert found(index, text, "ko") == expected


KO_SPACED_TERMS = [
    IndexTerm(40, 40, "ko", "유엔 안전보장이사회"),
    IndexTerm(41, 41, "ko", "존 커비"),
    IndexTerm(42, 42, "ko", "도발"),
    IndexTerm(43, 43, "ko", "러시아"),
    IndexTerm(44, 44, "ko", "미국"),
    IndexTerm(45, 45, "ko", "유엔 안보리"),
    IndexTerm(46, 46, "ko", "유엔안보리"),
    IndexTerm(47, 47, "ko", "가 나 다 라 마"),
    IndexTerm(48, 48, "ko", "안전보장이사회"),
]


@pytest.fixture(scope="module")
def ko_index() -> GlossaryIndex:
    return GlossaryIndex(KO_SPACED_TERMS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spaces inside a term match zero or more whitespace characters
        ("유엔안전보장이사회는 결의했다", [(0, 9, 40)]),
        ("유엔  안전보장이사회가 소집됐다", [(0, 11, 40)]),
        ("유엔\n\n안전보장이사회", [(0, 11, 40)]),
        ("유엔 안전보장이사회로", [(0, 10, 40)]),
        ("어제  오후   존커비는 말했다", [(9, 12, 41)]),
        ("존   커비가 \n\n 존 커비를", [(0, 6, 41), (11, 15, 41)]),
        ("존커비은 말했다", []),  # the particle must still agree
        ("주유엔안전보장이사회", []),  # continues a longer word on the left
        # a literal term beats another term's spacing of the same letters
        ("유엔안보리는", [(0, 5, 46)]),
        ("유엔 안보리는", [(0, 6, 45)]),
        ("유엔  안보리는", [(0, 7, 45)]),
        # more gaps than the spacings cover: all spaces or none
        ("가 나 다 라 마", [(0, 9, 47)]),
        ("가나다라마", [(0, 5, 47)]),
        ("가나 다라마", []),
        # derivational suffixes make another word
        ("미국인 관광객", []),
        ("러시아인들이", []),
        ("도발적 행위", []),
        ("도발적인 발언", []),
        ("미국인과 러시아인", []),
        ("배후가 미국인 것으로 드러났다", [(4, 6, 44)]),  # the copula before 것
        ("미국은 도발을 규탄했다", [(0, 2, 44), (4, 6, 42)]),
    ],
)
def test_korean_spacing_and_derivation(
    ko_index: GlossaryIndex, text: str, expected: list[tuple[int, int, int]]
) -> None:
    matches = ko_index.find(text, "ko")
    assert all(text[m.start : m.end] == m.text for m in matches)
    assert [(m.start, m.end, m.term_id) for m in matches] == expected


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="평양커비서울안보리", min_size=1, max_size=3), min_size=2, max_size=4
    ),
    gaps=st.lists(st.sampled_from(["", " ", "  ", "\n", " \n\n "]), min_size=3, max_size=3),
    before=st.sampled_from(["", "어제 ", "회의  ", "\n\n"]),
)
def test_korean_term_found_whatever_its_spacing(
    words: list[str], gaps: list[str], before: str
) -> None:
    term = " ".join(words)
    written = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=False))
    text = f"{before}{written}에서 밝혔다"
    matches = _index([(term, False, "ko")]).find(text, "ko")
    assert [(m.start, m.end, m.term) for m in matches] == [
        (len(before), len(before) + len(written), term)
    ]


def test_korean_spans_exclude_the_particle(index: GlossaryIndex) -> None:
    [match] = index.find("어제 평양에서는", "ko")
    assert (match.start, match.end, match.concept_id) == (3, 5, 10)


def test_unspaced_languages_match_substrings(index: GlossaryIndex) -> None:
    assert found(index, "平壌で会談", "ja") == ["平壌"]


def test_unknown_language_and_empty_text(index: GlossaryIndex) -> None:
    assert index.find("UN", "de") == []
    assert index.find("", "en") == []


# --- Properties -----------------------------------------------------------------------

ALPHABET = "abcAB12 .*+?()[]{}|^$\\-'"
term_texts = st.text(alphabet=ALPHABET, min_size=1, max_size=8).map(lambda s: " ".join(s.split()))
term_lists = st.lists(
    st.tuples(term_texts.filter(bool), st.booleans(), st.sampled_from(["en", "fr", "ko", "ja"])),
    min_size=1, max_size=12,
)  # fmt: skip
haystacks = st.text(alphabet=ALPHABET + "평양은에서 \nİß", max_size=120)


def _index(specs: list[tuple[str, bool, str]]) -> GlossaryIndex:
    return GlossaryIndex(
        IndexTerm(term_id=i, concept_id=i, language=lang, text=text, case_sensitive=case)
        for i, (text, case, lang) in enumerate(specs, start=1)
    )


def _check_spans(text: str, matches: list[TermMatch]) -> None:
    previous_end = 0
    for match in matches:
        assert 0 <= match.start < match.end <= len(text)
        assert match.start >= previous_end, "overlapping or unordered spans"
        assert text[match.start : match.end] == match.text
        previous_end = match.end


@settings(max_examples=300, deadline=None)
@given(specs=term_lists, text=haystacks, language=st.sampled_from(["en", "fr", "ko", "ja"]))
def test_spans_are_ordered_disjoint_in_bounds_and_stable(
    specs: list[tuple[str, bool, str]], text: str, language: str
) -> None:
    index = _index(specs)
    first = index.find(text, language)
    _check_spans(text, first)
    assert index.find(text, language) == first  # idempotent
    assert _index(specs).find(text, language) == first  # and after rebuilding


@settings(max_examples=300, deadline=None)
@given(term=term_texts.filter(bool), language=st.sampled_from(["fr", "en", "ja"]))
def test_any_term_is_found_literally_between_spaces(term: str, language: str) -> None:
    text = f"☃ {term} ☃"
    matches = _index([(term, False, language)]).find(text, language)
    assert [(m.start, m.text) for m in matches] == [(2, term)]


@settings(max_examples=200, deadline=None)
@given(
    term=st.text(alphabet="ab.*+?()[]|^$\\", min_size=1, max_size=6),
    filler=st.text("xy", max_size=6),
)
def test_metacharacter_terms_never_match_as_patterns(term: str, filler: str) -> None:
    """A term only matches its own characters: never a regex-like expansion of them."""
    text = f"{filler} {term.replace('.', 'x').replace('*', '')} {filler}"
    matches = _index([(term, False, "ja")]).find(text, "ja")
    assert all(m.text == term for m in matches)
    assert bool(matches) == (term in text)


# --- Database-backed cache ---------------------------------------------------------------


@pytest.mark.django_db
def test_find_terms_uses_approved_terms_only() -> None:
    TermFactory(text="Pyongyang")
    TermFactory(text="Seoul", status=Term.Status.PROPOSED)
    TermFactory(text="Tokyo", status=Term.Status.REJECTED)
    assert [m.text for m in selectors.find_terms("Pyongyang, Seoul, Tokyo", "en")] == ["Pyongyang"]


@pytest.mark.django_db
def test_cache_is_reused_and_rebuilt_on_approval(
    editor: User, translator: User, django_assert_num_queries: object
) -> None:
    TermFactory(text="Pyongyang")
    selectors.find_terms("warm up", "en")
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert len(selectors.find_terms("Pyongyang", "en")) == 1
    concept = term_services.concept_propose(
        user=translator, terms=[termdata.TermData(language="en", text="Seoul")]
    )
    assert selectors.find_terms("Seoul", "en") == []
    review.term_approve(user=editor, term=concept.terms.get())
    assert [m.text for m in selectors.find_terms("Seoul", "en")] == ["Seoul"]


@pytest.mark.django_db
def test_other_processes_changes_are_seen_after_the_check_interval(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: object
) -> None:
    now = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now[0])
    term = TermFactory(text="Pyongyang")
    assert len(selectors.find_terms("Pyongyang", "en")) == 1
    # Another process renames the term and bumps the version; this process has no hint.
    Term.objects.filter(pk=term.pk).update(text="Pyeongyang")
    GlossaryVersion.objects.filter(pk=1).update(version=999, stamp="other")
    now[0] += 0.5
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert len(selectors.find_terms("Pyongyang", "en")) == 1  # within the 1 s interval
    now[0] += 1.0
    # the stamp, the change records since this process's build, then the terms (none recorded
    # for version 999: an unknown change, so the matcher is rebuilt whole)
    with django_assert_num_queries(3):  # type: ignore[operator]
        assert selectors.find_terms("Pyongyang", "en") == []
    assert [m.text for m in selectors.find_terms("Pyeongyang", "en")] == ["Pyeongyang"]


@pytest.mark.django_db
def test_find_terms_many_checks_the_version_once(django_assert_num_queries: object) -> None:
    TermFactory(text="Pyongyang")
    with django_assert_num_queries(2):  # type: ignore[operator]
        result = selectors.find_terms_many(["Pyongyang", "none", "Pyongyang's"], "en")
    assert [len(r) for r in result] == [1, 0, 1]


def test_terms_whose_lowercase_changes_length() -> None:
    index = GlossaryIndex(
        [IndexTerm(1, 1, "tr", "İstanbul Zirvesi"), IndexTerm(2, 2, "tr", "Ankara")]
    )
    text = "İSTANBUL ZİRVESİ ve İstanbul Zirvesi, Ankara"
    assert [m.text for m in index.find(text, "tr")] == ["İstanbul Zirvesi", "Ankara"]
