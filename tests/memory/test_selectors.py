from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from translate.misc.xml_helpers import getXMLlang
from translate.storage.tmx import tmxfile

from newsapp.memory import selectors, services
from newsapp.memory.models import TMEntry, normalise, source_key
from newsapp.memory.selectors import FuzzyMatch
from tests.memory.samples import SAMPLE_TMX, record

pytestmark = pytest.mark.django_db

KIRBY = "Pentagon Press Secretary John Kirby said Pyongyang's launches threaten the region."


# --- exact_matches ---------------------------------------------------------------------------


def test_exact_matches_normalise_whitespace_but_keep_case(django_assert_num_queries: Any) -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    record(KIRBY, "커비 대변인은 위협이라고 말했다.")
    record("It should use it.", "それを使うべきだ。", tgt="ja")
    sources = ["It  should use\tit.", "Unknown sentence.", KIRBY, " " + KIRBY + " ",
               KIRBY.upper(), "it should use IT."]  # fmt: skip
    with django_assert_num_queries(1):
        found = selectors.exact_matches(sources=sources, source_language="en", target_language="ko")
    # Case is meaning in news copy ("US" is not "us"): a different case is no exact match.
    assert found == {
        "It  should use\tit.": "그 영향력을 써야 한다.",
        KIRBY: "커비 대변인은 위협이라고 말했다.",
        " " + KIRBY + " ": "커비 대변인은 위협이라고 말했다.",
    }


def test_exact_matches_are_per_language_pair() -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    assert selectors.exact_matches(
        sources=["It should use it."], source_language="en-US", target_language="ko-KR"
    ) == {"It should use it.": "그 영향력을 써야 한다."}
    assert not selectors.exact_matches(
        sources=["It should use it."], source_language="en", target_language="ja"
    )
    assert not selectors.exact_matches(
        sources=["It should use it."], source_language="ko", target_language="en"
    )


def test_exact_matches_of_nothing_cost_no_query(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert selectors.exact_matches(sources=[], source_language="en", target_language="ko") == {}


def test_a_punctuation_difference_is_not_an_exact_match() -> None:
    record("It should use it.", "x")
    assert not selectors.exact_matches(
        sources=["It should use it!"], source_language="en", target_language="ko"
    )


# --- fuzzy_matches --------------------------------------------------------------------------


def test_fuzzy_matches_score_and_order(django_assert_num_queries: Any) -> None:
    record(
        "China has influence over Pyongyang, Kirby said.",
        "중국은 평양에 영향력이 있다고 커비가 말했다.",
    )
    record(
        "China has influence over Seoul, Kirby said.",
        "중국은 서울에 영향력이 있다고 커비가 말했다.",
    )
    record("China has great influence over Pyongyang, Kirby said.", "큰 영향력")
    record("The weather was fine on Tuesday.", "화요일 날씨는 맑았다.")
    record("China has influence over Pyongyang, Kirby said.", "중국어", tgt="ja")
    with django_assert_num_queries(1):
        matches = selectors.fuzzy_matches(
            text="China has influence over Pyongyang, Kirby says.",
            source_language="en",
            target_language="ko",
        )
    assert [m.target for m in matches] == [
        "중국은 평양에 영향력이 있다고 커비가 말했다.",
        "큰 영향력",
        "중국은 서울에 영향력이 있다고 커비가 말했다.",
    ]
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(75 <= score < 100 for score in scores)
    assert matches[0] == FuzzyMatch(
        source="China has influence over Pyongyang, Kirby said.",
        target="중국은 평양에 영향력이 있다고 커비가 말했다.",
        score=round(
            fuzz.ratio(
                "china has influence over pyongyang, kirby says.",
                "china has influence over pyongyang, kirby said.",
            ),
            1,
        ),
    )


def test_fuzzy_limit_and_threshold() -> None:
    record("China has influence over Pyongyang, Kirby said.", "a")
    record("China has influence over Seoul, Kirby said.", "b")
    record("The weather was fine on Tuesday.", "c")
    query = "China has influence over Pyongyang, Kirby said."
    top = selectors.fuzzy_matches(text=query, source_language="en", target_language="ko", limit=1)
    assert [(m.target, m.score) for m in top] == [("a", 100.0)]
    strict = selectors.fuzzy_matches(
        text=query, source_language="en", target_language="ko", threshold=95
    )
    assert [m.target for m in strict] == ["a"]
    assert not selectors.fuzzy_matches(
        text="Completely unrelated words here.", source_language="en", target_language="ko"
    )
    assert not selectors.fuzzy_matches(text="   ", source_language="en", target_language="ko")


def test_fuzzy_is_case_and_whitespace_insensitive() -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    [match] = selectors.fuzzy_matches(
        text="IT  SHOULD USE IT.", source_language="en", target_language="ko"
    )
    assert match.score == 100.0


def test_the_length_window_skips_only_hopeless_candidates() -> None:
    short = "It rained."
    record(short, "비가 왔다.")
    record(short + " " + "And then it rained again for days and days." * 3, "long")
    low, high = selectors.length_window(len(short.casefold()), 75.0)
    assert low <= len(short) <= high
    assert [m.target for m in selectors.fuzzy_matches(
        text=short, source_language="en", target_language="ko")] == ["비가 왔다."]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    a=st.text(alphabet="abcde ", min_size=1, max_size=40),
    b=st.text(alphabet="abcde ", min_size=0, max_size=80),
    threshold=st.floats(min_value=1, max_value=100),
)
def test_length_window_never_drops_a_match(a: str, b: str, threshold: float) -> None:
    """The prefilter is lossless: every string scoring ≥ threshold has a length inside."""
    if fuzz.ratio(a, b) >= threshold:
        low, high = selectors.length_window(len(a), threshold)
        assert high is not None
        assert low <= len(b) <= high


def test_fuzzy_over_a_larger_memory_equals_brute_force(django_assert_num_queries: Any) -> None:
    rng = random.Random(7)
    words = ["the", "un", "council", "china", "kirby", "seoul", "said", "tuesday", "north",
             "south", "talks", "envoy"]  # fmt: skip
    sources = {" ".join(rng.choice(words) for _ in range(rng.randint(2, 14))) for _ in range(3000)}
    TMEntry.objects.bulk_create(
        TMEntry(
            source_text=text,
            target_text=f"t:{text}",
            source_language="en",
            target_language="ko",
            source_key=source_key(text),
            source_length=len(normalise(text)),
        )
        for text in sources
    )
    found = 0
    for query in ["the un council said tuesday", "china kirby seoul talks", "north south envoy"]:
        with django_assert_num_queries(1):
            matches = selectors.fuzzy_matches(
                text=query, source_language="en", target_language="ko", limit=5
            )
        expected = sorted(
            (round(score, 1), text)
            for text in sources
            if (score := fuzz.ratio(query, normalise(text))) >= 75
        )[::-1][:5]
        assert [m.score for m in matches] == [score for score, _ in expected]
        assert all(m.target == f"t:{m.source}" for m in matches)
        found += len(matches)
    assert found >= 5


# --- Search and pairs ----------------------------------------------------------------------


def test_entry_search_filters() -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    record("Kirby said so.", "커비가 그렇게 말했다.")
    record("It should use it.", "それを使うべきだ。", tgt="ja")
    assert selectors.entry_search().count() == 3
    assert selectors.entry_search(q="should").count() == 2
    assert selectors.entry_search(q="should", target_language="ko").count() == 1
    assert selectors.entry_search(q="커비").get().source_text == "Kirby said so."
    assert selectors.entry_search(q="kirby SAID").count() == 1
    assert selectors.language_pairs() == [("en", "ja", 1), ("en", "ko", 2)]


# --- TMX export --------------------------------------------------------------------------------


def _read(data: bytes) -> list[tuple[str | None, list[tuple[str, str]]]]:
    store = tmxfile.parsestring(data)
    out = []
    for unit in store.getunits():
        tuvs = [
            (getXMLlang(node), unit.getNodeText(node, "preserve"))
            for node in unit.getlanguageNodes()
        ]
        out.append((unit.xmlelement.get("srclang"), tuvs))
    return out


def test_export_parses_with_translate_toolkit(editor: Any) -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    services.memory_record(
        source_text="Seoul <said> & \"so\".", target_text="서울은 <그렇게> & 말했다.",
        source_language="en", target_language="ja", user=editor, article_id=None,
    )  # fmt: skip
    data = selectors.tmx_export()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b'srclang="*all*"' in data
    units = _read(data)
    assert sorted(units) == [
        ("en", [("en", "It should use it."), ("ko", "그 영향력을 써야 한다.")]),
        ("en", [("en", 'Seoul <said> & "so".'), ("ja", "서울은 <그렇게> & 말했다.")]),
    ]
    assert b'changeid="eddie"' in data
    assert b'<prop type="x-origin">confirmed</prop>' in data


def test_export_of_one_pair() -> None:
    record("It should use it.", "그 영향력을 써야 한다.")
    record("It should use it.", "それを使うべきだ。", tgt="ja")
    data = selectors.tmx_export(source_language="en", target_language="ja")
    assert [tuvs for _, tuvs in _read(data)] == [
        [("en", "It should use it."), ("ja", "それを使うべきだ。")]
    ]
    assert tmxfile.parsestring(data).sourcelanguage == "en"


def test_export_import_round_trip() -> None:
    services.tmx_import(data=SAMPLE_TMX, user=None)
    record("It should use it.", "desk's own")  # confirmed: overrides the import
    before = sorted(
        TMEntry.objects.values_list(
            "source_text", "target_text", "source_language", "target_language"
        )
    )
    data = selectors.tmx_export()
    TMEntry.objects.all().delete()
    result = services.tmx_import(data=data, user=None)
    assert result == services.ImportResult(created=3, updated=0, skipped=0, errors=())
    after = sorted(
        TMEntry.objects.values_list(
            "source_text", "target_text", "source_language", "target_language"
        )
    )
    assert after == before
