"""What the extractors read in each language (values written out by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from newsapp.qa.extract import extract

D = Decimal

NUMBERS = [
    # English: separators, scale words, spelled out, units, codes, times.
    ("en", "$5 billion", [D(5_000_000_000)]),
    ("en", "1.2 million people", [D(1_200_000)]),
    ("en", "28,500 troops", [D(28_500)]),
    ("en", "656.9 trillion won", [D(656_900_000_000_000)]),
    ("en", "two hundred forty-five", [D(245)]),
    ("en", "a million people", [D(1_000_000)]),
    ("en", "seventy percent", [D(70)]),
    ("en", "the seventh test", [D(7)]),
    ("en", "the 21st century", [D(21)]),
    ("en", "in the 1980s", [D(1980)]),
    ("en", "twice", [D(2)]),
    ("en", "tens of thousands of people", []),
    ("en", "hundreds of thousands", []),
    ("en", "dozens of missiles", []),
    ("en", "the two Koreas", []),
    ("en", "in mid-2017", [D(2017)]),
    ("en", "B-52H bombers", [D(52)]),
    ("en", "the G7 summit", [D(7)]),
    ("en", "H5N1 flu", [D(-1)]),
    ("en", "at 7:11 a.m.", [D(7), D(11)]),
    ("en", "at 7 p.m.", [D(19)]),
    ("en", "the 14 trillion-won budget", [D(14_000_000_000_000)]),
    ("en", "two decades", [D(20)]),
    # Spanish: 1.234,5; mil millones; billón is a trillion.
    ("es", "5.000 millones de dólares", [D(5_000_000_000)]),
    ("es", "5 mil millones", [D(5_000_000_000)]),
    ("es", "cinco mil millones", [D(5_000_000_000)]),
    ("es", "1,6 billones de euros", [D(1_600_000_000_000)]),
    ("es", "28.500 soldados", [D(28_500)]),
    ("es", "treinta y cinco", [D(35)]),
    ("es", "doscientos mil", [D(200_000)]),
    ("es", "un millón", [D(1_000_000)]),
    ("es", "el 70 %", [D(70)]),
    ("es", "el 70 por ciento", [D(70)]),
    ("es", "decenas de miles de personas", []),
    ("es", "miles de millones", []),
    ("es", "a las 16.00 horas", [D(16)]),
    ("es", "el decimoquinto", [D(15)]),
    # Korean: mixed myriad forms, native numerals and counters, Sino-Korean.
    ("ko", "50억 달러", [D(5_000_000_000)]),
    ("ko", "120만 명", [D(1_200_000)]),
    ("ko", "2만8천500명", [D(28_500)]),
    ("ko", "2만 8천500명", [D(28_500)]),
    ("ko", "2만8500명", [D(28_500)]),
    ("ko", "2만8,500명", [D(28_500)]),
    ("ko", "3천억 원", [D(300_000_000_000)]),
    ("ko", "656조9천억 원", [D(656_900_000_000_000)]),
    ("ko", "656조 9천억 원", [D(656_900_000_000_000)]),
    ("ko", "1억5천만 원", [D(150_000_000)]),
    ("ko", "1.5조 원", [D(1_500_000_000_000)]),
    ("ko", "네 차례", [D(4)]),
    ("ko", "두 발을", [D(2)]),
    ("ko", "세 대", [D(3)]),
    ("ko", "스물다섯 명", [D(25)]),
    ("ko", "열두 척", [D(12)]),
    ("ko", "세 번째", [D(3)]),
    ("ko", "천 명", [D(1000)]),
    ("ko", "백만 달러", [D(1_000_000)]),
    ("ko", "이틀간", [D(2)]),
    ("ko", "20여 명", [D(20)]),
    ("ko", "두 정상", [D(2)]),
    # Not numbers: 세대 (generation), 이번 (this time), 수만 (tens of thousands), 한두.
    ("ko", "미래 세대", []),
    ("ko", "이번 발사", []),
    ("ko", "수만 명", []),
    ("ko", "수십억 달러", []),
    ("ko", "한두 차례", []),
    ("ko", "조사 대상", []),
    ("ko", "3분의 1", []),
    ("ko", "121경기", [D(121)]),
    ("ko", "오후 3시 30분", [D(15), D(30)]),
    ("ko", "7시간", [D(7)]),
    ("ko", "화성-18형", [D(18)]),
]


@pytest.mark.parametrize(("lang", "text", "values"), NUMBERS, ids=[n[1] for n in NUMBERS])
def test_numbers(lang: str, text: str, values: list[Decimal]) -> None:
    assert [n.value for n in extract(text, lang).numbers] == values


DATES = [
    ("en", "on Jan. 5", [(None, 1, 5)]),
    ("en", "in November 2017", [(2017, 11, None)]),
    ("en", "on Sept. 19, 2018", [(2018, 9, 19)]),
    ("en", "from May 19 to 21", [(None, 5, 21), (None, 5, 19)]),
    ("en", "in March", [(None, 3, None)]),
    ("en", "they may go", []),
    ("en", "May said", []),
    ("es", "el 5 de enero", [(None, 1, 5)]),
    ("es", "en noviembre de 2017", [(2017, 11, None)]),
    ("es", "del 19 al 21 de mayo", [(None, 5, 21), (None, 5, 19)]),
    ("ko", "1월 5일", [(None, 1, 5)]),
    ("ko", "2017년 11월", [(2017, 11, None)]),
    ("ko", "2021년 1월 5일", [(2021, 1, 5)]),
    ("ko", "지난 28일", [(None, None, 28)]),
    ("ko", "5일간", []),
    ("ko", "3일 동안", []),
    ("ko", "1∼9월", [(None, 9, None), (None, 1, None)]),
    ("ko", "5·18 민주화운동", [(None, 5, 18)]),
]


@pytest.mark.parametrize(("lang", "text", "dates"), DATES, ids=[d[1] for d in DATES])
def test_dates(lang: str, text: str, dates: list[tuple[int | None, ...]]) -> None:
    assert [(d.year, d.month, d.day) for d in extract(text, lang).dates] == dates


@pytest.mark.parametrize(
    ("lang", "text", "weekday"),
    [
        ("en", "said Monday", 0),
        ("ko", "월요일 밝혔다", 0),
        ("es", "dijo el lunes", 0),
        ("en", "on Sunday", 6),
        ("ko", "일요일에", 6),
        ("es", "el domingo", 6),
    ],
)
def test_weekdays(lang: str, text: str, weekday: int) -> None:
    assert [w.weekday for w in extract(text, lang).weekdays] == [weekday]


def test_santo_domingo_is_a_place() -> None:
    assert extract("en Santo Domingo", "es").weekdays == ()


def test_units_and_currencies() -> None:
    units = [n.unit for n in extract("$5 billion, 50 won, 70 percent, 6 km", "en").numbers]
    assert units == ["USD", "KRW", "%", "km"]
    units = [n.unit for n in extract("50억 달러, 3천억 원을, 70%, 6천㎞, 3원칙", "ko").numbers]
    assert units == ["USD", "KRW", "%", "km", None]


def test_spanish_comma_thousands_is_ambiguous() -> None:
    (mention,) = extract("6,000 kilómetros", "es").numbers
    assert mention.value == D(6)
    assert mention.readings == {D(6), D(6000)}
    assert mention.alt_reading == D(6000)


def test_spans_point_at_the_text() -> None:
    text = "미국은 50억 달러를 약속했다."
    (mention,) = extract(text, "ko").numbers
    assert text[slice(*mention.span)] == "50억 달러"
