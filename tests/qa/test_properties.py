"""Property tests: a number formatted in each style parses back to the same value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from newsapp.qa import formatting
from newsapp.qa.extract import extract
from newsapp.qa.langdata import language
from tests.qa.spelled import english_words, spanish_words

EN = language("en")
ES = language("es")
assert EN is not None
assert ES is not None

whole = st.integers(min_value=0, max_value=10**15 - 1)
cents = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


def _only_value(text: str, lang: str) -> Decimal:
    numbers = extract(text, lang).numbers
    assert len(numbers) == 1, (text, numbers)
    return numbers[0].value


@given(cents)
def test_english_digits(value: Decimal) -> None:
    text = formatting.digits(value, EN)
    assert _only_value(text, "en") == value


@given(cents)
def test_spanish_digits(value: Decimal) -> None:
    text = formatting.digits(value, ES)
    assert _only_value(text, "es") == value


@given(cents)
def test_korean_plain_digits(value: Decimal) -> None:
    assert _only_value(formatting.digits(value, EN), "ko") == value


@given(
    whole.filter(lambda n: n > 0),
    st.sampled_from(["천", "digits", "comma"]),
    st.booleans(),
)
def test_korean_mixed_forms(value: int, inner: str, spaced: bool) -> None:
    text = formatting.korean_mixed(value, inner=inner, spaced=spaced)
    assert _only_value(text, "ko") == value


@given(
    st.decimals(min_value=1, max_value=999, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["thousand", "million", "billion", "trillion"]),
)
def test_english_scale_words(coefficient: Decimal, scale_word: str) -> None:
    assert EN.words is not None
    value = coefficient * EN.words.scales[scale_word]
    text = formatting.scaled(value, EN, scale_word)
    assert _only_value(text, "en") == value


@given(
    st.decimals(min_value=1, max_value=999, places=1, allow_nan=False, allow_infinity=False),
    st.sampled_from(["mil", "millones", "billones"]),
)
def test_spanish_scale_words(coefficient: Decimal, scale_word: str) -> None:
    assert ES.words is not None
    value = coefficient * ES.words.scales[scale_word]
    text = formatting.scaled(value, ES, scale_word)
    assert _only_value(text, "es") == value


@given(st.integers(min_value=2, max_value=10**12 - 1))
def test_english_words(value: int) -> None:
    assert _only_value(english_words(value), "en") == value


@given(st.integers(min_value=2, max_value=10**12 - 1))
def test_spanish_words(value: int) -> None:
    assert _only_value(spanish_words(value), "es") == value


@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_korean_and_english_forms_agree(value: int) -> None:
    """The same value in Korean mixed form and in English digits checks clean."""
    from newsapp.qa import check_segment

    english = f"The budget is {formatting.digits(Decimal(value), EN)} won."
    korean = f"예산은 {formatting.korean_mixed(value)} 원이다."
    assert check_segment(english, korean, source_lang="en", target_lang="ko") == []


_NEWSY = st.lists(
    st.sampled_from(
        [
            *"0123456789.,:-–∼%$₩€() \"«»“”'",
            *("만", "억", "조", "천", "백", "십", "명", "발", "차례", "두 ", "세 ", "원", "달러"),
            *("월", "일", "년", "요일", "오전 ", "시 ", "분", "여"),
            *("billion", " million", " percent", " Jan. ", " Monday", " two", " a ", " G7"),
            *(" mil", " millones", " de ", " enero", " lunes", " y ", "B-52H", "화성-18형"),
        ]
    ),
    max_size=30,
).map("".join)


@given(_NEWSY, _NEWSY, st.sampled_from(["en-ko", "ko-en", "en-es", "es-en", "ko-es"]))
def test_any_text_checks_without_error_and_spans_fit(source: str, target: str, pair: str) -> None:
    from newsapp.qa import check_segment

    source_lang, target_lang = pair.split("-")
    for issue in check_segment(source, target, source_lang=source_lang, target_lang=target_lang):
        assert issue.message
        if issue.source_span is not None:
            assert 0 <= issue.source_span[0] < issue.source_span[1] <= len(source)
        if issue.target_span is not None:
            assert 0 <= issue.target_span[0] < issue.target_span[1] <= len(target)
