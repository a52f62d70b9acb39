"""Tests for glossary.korean: final sounds, particle agreement and particle-aware matching."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.korean import (
    ALTERNATIONS,
    FIXED_PARTICLES,
    PARTICLES,
    SUFFIXES,
    WORD_READINGS,
    Sound,
    agree,
    final_sound,
    find_term,
    particle_after,
    substitute,
)

P = "⟦1⟧"
Q = "⟦2⟧"

# Terms by final sound.
C = "평양"  # consonant
V = "커비"  # vowel
R = "서울"  # ㄹ

# (id, text with P, term, expected)
SUBSTITUTE_CASES: list[tuple[str, str, str, str]] = [
    # 은/는
    ("eun-from-neun", f"{P}는 밝혔다.", C, "평양은 밝혔다."),
    ("neun-from-eun", f"{P}은 밝혔다.", V, "커비는 밝혔다."),
    ("eun-kept", f"{P}은 밝혔다.", C, "평양은 밝혔다."),
    ("neun-kept", f"{P}는 밝혔다.", V, "커비는 밝혔다."),
    ("eun-after-rieul", f"{P}는", R, "서울은"),
    # 이/가
    ("i-from-ga", f"{P}가 발표했다", C, "평양이 발표했다"),
    ("ga-from-i", f"{P}이 발표했다", V, "커비가 발표했다"),
    ("i-after-rieul", f"{P}가 공습했다", "이스라엘", "이스라엘이 공습했다"),
    ("i-kept", f"{P}이 발표했다", C, "평양이 발표했다"),
    ("ga-after-anbori", f"{P}이 소집됐다", "안보리", "안보리가 소집됐다"),
    # 을/를
    ("eul-from-reul", f"{P}를 방문했다", C, "평양을 방문했다"),
    ("reul-from-eul", f"{P}을 만났다", V, "커비를 만났다"),
    ("eul-after-rieul", f"{P}를 떠났다", R, "서울을 떠났다"),
    # 과/와
    ("gwa-from-wa", f"{P}와 서울", C, "평양과 서울"),
    ("wa-from-gwa", f"{P}과 평양", V, "커비와 평양"),
    ("gwa-after-rieul", f"{P}와 평양", R, "서울과 평양"),
    ("gwa-ui", f"{P}와의 관계", C, "평양과의 관계"),
    ("wa-ui", f"{P}과의 회담", V, "커비와의 회담"),
    ("gwa-do", f"{P}와도 협의", C, "평양과도 협의"),
    ("wa-neun", f"{P}과는 달리", V, "커비와는 달리"),
    ("gwa-man", f"{P}와만 대화", C, "평양과만 대화"),
    # (으)로 and compounds
    ("euro-from-ro", f"{P}로 향했다", C, "평양으로 향했다"),
    ("ro-from-euro-vowel", f"{P}으로 향했다", V, "커비로 향했다"),
    ("ro-from-euro-rieul", f"{P}으로 향했다", R, "서울로 향했다"),
    ("ro-kept-rieul", f"{P}로 돌아왔다", R, "서울로 돌아왔다"),
    ("ro-israel", f"{P}으로 날아갔다", "이스라엘", "이스라엘로 날아갔다"),
    ("ro-anbori", f"{P}으로 넘어갔다", "안보리", "안보리로 넘어갔다"),
    ("euro-kept", f"{P}으로 갔다", C, "평양으로 갔다"),
    ("euroseo-from-roseo", f"{P}로서", C, "평양으로서"),
    ("roseo-vowel", f"{P}으로서 말했다", V, "커비로서 말했다"),
    ("roseo-rieul", f"{P}으로서", R, "서울로서"),
    ("roseo-neun", f"{P}로서는 처음", C, "평양으로서는 처음"),
    ("eurosseo", f"{P}로써 증명", C, "평양으로써 증명"),
    ("rosseo", f"{P}으로써 증명", V, "커비로써 증명"),
    ("eurobuteo", f"{P}로부터 왔다", C, "평양으로부터 왔다"),
    ("robuteo-rieul", f"{P}으로부터 왔다", R, "서울로부터 왔다"),
    ("robuteo-ui", f"{P}으로부터의 압박", V, "커비로부터의 압박"),
    ("euroneun", f"{P}로는 부족", C, "평양으로는 부족"),
    ("roneun", f"{P}으로는 부족", V, "커비로는 부족"),
    ("eurodo", f"{P}로도 갔다", C, "평양으로도 갔다"),
    ("rodo-rieul", f"{P}으로도 갔다", R, "서울로도 갔다"),
    ("euroui", f"{P}로의 이전", C, "평양으로의 이전"),
    ("roui", f"{P}으로의 이전", V, "커비로의 이전"),
    ("euroman", f"{P}로만 간다", C, "평양으로만 간다"),
    ("euro-kkaji", f"{P}로까지 확대", C, "평양으로까지 확대"),
    # 이나/나, 이나마/나마, 이랑/랑
    ("ina-from-na", f"{P}나 서울", C, "평양이나 서울"),
    ("na-from-ina", f"{P}이나 서울", V, "커비나 서울"),
    ("inama", f"{P}나마 다행", C, "평양이나마 다행"),
    ("nama", f"{P}이나마 다행", V, "커비나마 다행"),
    ("irang", f"{P}랑 서울", C, "평양이랑 서울"),
    ("rang", f"{P}이랑 서울", V, "커비랑 서울"),
    ("irang-eun", f"{P}랑은 달라", C, "평양이랑은 달라"),
    # vocative 아/야
    ("vocative-a", f"{P}야!", C, "평양아!"),
    ("vocative-ya", f"{P}아!", V, "커비야!"),
    # (이)라 family
    ("ira", f"{P}라 불린다", C, "평양이라 불린다"),
    ("ra", f"{P}이라 불린다", V, "커비라 불린다"),
    ("irago", f"{P}라고 말했다", C, "평양이라고 말했다"),
    ("rago", f"{P}이라고 말했다", V, "커비라고 말했다"),
    ("irago-neun", f"{P}라고는 하지만", C, "평양이라고는 하지만"),
    ("iraneun", f"{P}라는 도시", C, "평양이라는 도시"),
    ("raneun", f"{P}이라는 사람", V, "커비라는 사람"),
    ("iramyeo", f"{P}라며 반발", C, "평양이라며 반발"),
    ("ramyeo", f"{P}이라며 반발", V, "커비라며 반발"),
    ("irado", f"{P}라도 간다", C, "평양이라도 간다"),
    ("rado", f"{P}이라도 간다", V, "커비라도 간다"),
    ("iraseo", f"{P}라서 그렇다", C, "평양이라서 그렇다"),
    ("raseo", f"{P}이라서 그렇다", V, "커비라서 그렇다"),
    ("iramyeon", f"{P}라면 가겠다", C, "평양이라면 가겠다"),
    ("ramyeon", f"{P}이라면 가겠다", V, "커비라면 가겠다"),
    ("iran-topic", f"{P}란 무엇인가", C, "평양이란 무엇인가"),
    ("ran-topic", f"{P}이란 누구인가", V, "커비란 누구인가"),
    # (이)든, (이)야
    ("ideun", f"{P}든 서울이든", C, "평양이든 서울이든"),
    ("deun", f"{P}이든 누구든", V, "커비든 누구든"),
    ("ideunji", f"{P}든지", C, "평양이든지"),
    ("deunji", f"{P}이든지", V, "커비든지"),
    ("iya-to-ya", f"{P}이야.", V, "커비야."),
    ("iya-kept", f"{P}이야.", C, "평양이야."),
    ("iyamallo", f"{P}야말로 핵심", C, "평양이야말로 핵심"),
    ("yamallo", f"{P}이야말로 핵심", V, "커비야말로 핵심"),
    # copula, optional 이 after a vowel
    ("ida-from-da", f"{P}다.", C, "평양이다."),
    ("ida-kept-vowel", f"{P}이다.", V, "커비이다."),
    ("da-kept-vowel", f"{P}다.", V, "커비다."),
    ("ida-kept-consonant", f"{P}이다.", C, "평양이다."),
    ("ida-rieul", f"{P}다.", R, "서울이다."),
    ("igo-from-go", f"{P}고 서울은", C, "평양이고 서울은"),
    ("igo-kept-vowel", f"{P}이고", V, "커비이고"),
    ("imyeo-from-myeo", f"{P}며 동시에", C, "평양이며 동시에"),
    ("imyeo-kept-vowel", f"{P}이며 동시에", V, "커비이며 동시에"),
    ("myeo-kept-vowel", f"{P}며 동시에", V, "커비며 동시에"),
    ("ijiman", f"{P}지만 다르다", C, "평양이지만 다르다"),
    ("ijiman-kept-vowel", f"{P}이지만 다르다", V, "커비이지만 다르다"),
    ("imyeon", f"{P}면 된다", C, "평양이면 된다"),
    ("ija", f"{P}자 수도", C, "평양이자 수도"),
    # copula, contracted after a vowel
    ("ieyo", f"{P}예요.", C, "평양이에요."),
    ("yeyo", f"{P}이에요.", V, "커비예요."),
    ("ieotda", f"{P}였다.", C, "평양이었다."),
    ("yeotda", f"{P}이었다.", V, "커비였다."),
    ("ieotdeon", f"{P}였던 곳", C, "평양이었던 곳"),
    ("yeotdeon", f"{P}이었던 사람", V, "커비였던 사람"),
    ("ieoseo", f"{P}여서 그렇다", C, "평양이어서 그렇다"),
    ("yeoseo", f"{P}이어서 그렇다", V, "커비여서 그렇다"),
    ("ieotgo", f"{P}였고", C, "평양이었고"),
    ("yeotgo", f"{P}이었고", V, "커비였고"),
    ("yeosseumyeo", f"{P}이었으며", V, "커비였으며"),
    ("yeotjiman", f"{P}이었지만", V, "커비였지만"),
    ("ieotseumnida", f"{P}였습니다.", C, "평양이었습니다."),
    # copula forms that never change
    ("imnida-vowel", f"{P}입니다.", V, "커비입니다."),
    ("imnida-consonant", f"{P}입니다.", C, "평양입니다."),
    ("in-vowel", f"{P}인 경우", V, "커비인 경우"),
    ("inde", f"{P}인데", C, "평양인데"),
    # non-alternating particles are untouched
    ("ui", f"{P}의 입장", V, "커비의 입장"),
    ("e", f"{P}에 도착", C, "평양에 도착"),
    ("eseo", f"{P}에서 열렸다", R, "서울에서 열렸다"),
    ("eseo-neun", f"{P}에서는", C, "평양에서는"),
    ("do", f"{P}도 참석", V, "커비도 참석"),
    ("man", f"{P}만 남았다", C, "평양만 남았다"),
    ("kkaji", f"{P}까지 갔다", V, "커비까지 갔다"),
    ("buteo", f"{P}부터 시작", C, "평양부터 시작"),
    ("ege", f"{P}에게 전달", V, "커비에게 전달"),
    ("hante", f"{P}한테 물었다", C, "평양한테 물었다"),
    ("kkeseo", f"{P}께서 말씀", V, "커비께서 말씀"),
    ("boda", f"{P}보다 크다", C, "평양보다 크다"),
    ("cheoreom", f"{P}처럼", V, "커비처럼"),
    ("majeo", f"{P}마저", C, "평양마저"),
    ("jocha", f"{P}조차", V, "커비조차"),
    ("bakke", f"{P}밖에 없다", C, "평양밖에 없다"),
    ("suffix-cheuk-eun", f"{P}측은", V, "커비측은"),
    ("suffix-deul-i", f"{P}들이", C, "평양들이"),
    ("man-eun", f"{P}만은", V, "커비만은"),
    # look-alikes: not attached, or the start of a longer word
    ("space-eunhaeng", f"{P} 은행", C, "평양 은행"),
    ("space-ga", f"{P} 가 버렸다", C, "평양 가 버렸다"),
    ("gagyeok", f"{P}가격 상승", C, "평양가격 상승"),
    ("ibeon", f"{P}이번", V, "커비이번"),
    ("eunhaeng", f"{P}은행", V, "커비은행"),
    ("gwageo", f"{P}과거", V, "커비과거"),
    ("robot", f"{P}로봇", C, "평양로봇"),
    ("ganeun", f"{P}가는 길", C, "평양가는 길"),
    ("wain", f"{P}와인", C, "평양와인"),
    ("nara", f"{P}나라", C, "평양나라"),
    ("daeum", f"{P}다음", C, "평양다음"),
    ("irakeu", f"{P}이라크", V, "커비이라크"),
    ("asia", f"{P}아시아", V, "커비아시아"),
    ("gwado-han", f"{P}과도한", V, "커비과도한"),
    # Latin letters, acronyms, digits
    ("icbm-eun", f"{P}는", "ICBM", "ICBM은"),
    ("un-i", f"{P}가", "UN", "UN이"),
    ("g7-eun", f"{P}는", "G7", "G7은"),
    ("g20-neun", f"{P}은", "G20", "G20는"),
    ("nato-neun", f"{P}은", "NATO", "NATO는"),
    ("apec-eul", f"{P}를", "APEC", "APEC을"),
    ("eu-neun", f"{P}은", "EU", "EU는"),
    ("iaea-ga", f"{P}이", "IAEA", "IAEA가"),
    ("5g-neun", f"{P}은", "5G", "5G는"),
    ("f35-ga", f"{P}이", "F-35", "F-35가"),
    ("who-neun", f"{P}은", "WHO", "WHO는"),
    ("fbi-neun", f"{P}은", "FBI", "FBI는"),
    ("cnn-eun", f"{P}는", "CNN", "CNN은"),
    ("nsc-neun", f"{P}은", "NSC", "NSC는"),
    ("uae-neun", f"{P}은", "UAE", "UAE는"),
    ("dmz-ro", f"{P}으로", "DMZ", "DMZ로"),
    ("slbm-gwa", f"{P}와", "SLBM", "SLBM과"),
    ("thaad-ga", f"{P}이", "THAAD", "THAAD가"),
    ("google-ro", f"{P}으로", "Google", "Google로"),
    ("samsung-eul", f"{P}를", "Samsung", "Samsung을"),
    ("reuters-neun", f"{P}은", "Reuters", "Reuters는"),
    ("biden-i", f"{P}가", "Biden", "Biden이"),
    ("kirby-neun", f"{P}은", "Kirby", "Kirby는"),
    ("unknown-caps-spelled", f"{P}가", "XYZM", "XYZM이"),
    ("digit-1-ro", f"{P}으로", "1", "1로"),
    ("digit-7-eun", f"{P}는", "7", "7은"),
    ("digit-2-neun", f"{P}은", "2", "2는"),
    ("digit-6-eul", f"{P}를", "6", "6을"),
    ("year-2030-eun", f"{P}는", "2030", "2030은"),
    ("hundred-eun", f"{P}는", "100", "100은"),
    ("ten-thousand-euro", f"{P}로", "10000", "10000으로"),
    ("thousands-comma", f"{P}가", "1,000", "1,000이"),
    ("date-1il-eun", f"{P}는", "1일", "1일은"),
    ("year-2030nyeon-eun", f"{P}는", "2030년", "2030년은"),
    ("kf21-ro", f"{P}으로", "KF-21", "KF-21로"),
    ("km-neun", f"{P}은", "10km", "10km는"),
    ("percent-neun", f"{P}은", "30%", "30%는"),
    # multi-word terms: the last syllable decides
    ("kirby-full-neun", f"{P}은 말했다", "존 커비", "존 커비는 말했다"),
    ("kirby-full-wa", f"{P}과 회담", "존 커비", "존 커비와 회담"),
    ("biden-full-eun", f"{P}는 말했다", "조 바이든", "조 바이든은 말했다"),
    ("unsc-ga", f"{P}이 결의했다", "유엔 안전보장이사회", "유엔 안전보장이사회가 결의했다"),
    ("unsc-ro", f"{P}으로 회부", "유엔 안전보장이사회", "유엔 안전보장이사회로 회부"),
    # quotes and brackets
    ("term-corner-quote", f"{P}는", "「평양」", "「평양」은"),
    ("term-single-quote", f"{P}은", "‘사드’", "‘사드’는"),
    ("text-corner-quote", f"「{P}」는", C, "「평양」은"),
    ("text-ascii-quote", f"'{P}'을", V, "'커비'를"),
    ("text-double-quote", f"“{P}”를", V, "“커비”를"),
    ("term-gloss", f"{P}은", "국제원자력기구(IAEA)", "국제원자력기구(IAEA)는"),
    ("text-gloss", f"{P}(IAEA)은", "국제원자력기구", "국제원자력기구(IAEA)는"),
    ("text-gloss-spaced", f"{P} (IAEA)은", "국제원자력기구", "국제원자력기구 (IAEA)은"),
    # placement, punctuation and repetition
    ("end-of-text", f"결국 {P}", C, "결국 평양"),
    ("question-mark", f"{P}는?", C, "평양은?"),
    ("comma", f"{P}가, 그리고", C, "평양이, 그리고"),
    ("ellipsis", f"{P}를…", V, "커비를…"),
    ("closing-quote-after", f'"{P}를"', C, '"평양을"'),
    ("repeated", f"{P}는 {P}를 {P}와", R, "서울은 서울을 서울과"),
    ("repeated-comma", f"{P}가, {P}를, {P}와", C, "평양이, 평양을, 평양과"),
    ("unknown-sound-kept", f"{P}는", "★", "★는"),
    ("hanja-kept", f"{P}가", "東京", "東京가"),
]

# (id, text, {placeholder: term}, expected), substituted in order
MULTI_CASES: list[tuple[str, str, dict[str, str], str]] = [
    ("two-terms", f"{P}과 {Q}는", {P: V, Q: C}, "커비와 평양은"),
    ("adjacent", f"{P}과{Q}는", {P: V, Q: C}, "커비와평양은"),
    ("gloss-placeholder", f"{P}({Q})는", {P: "미 국방부", Q: "펜타곤"}, "미 국방부(펜타곤)는"),
    ("gloss-placeholder-rev", f"{P}({Q})는", {P: "펜타곤", Q: "국방부"}, "펜타곤(국방부)은"),
    ("three", f"{P}가 {Q}를 {P}으로", {P: R, Q: "ICBM"}, "서울이 ICBM을 서울로"),
]


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        pytest.param(text, term, expected, id=case_id)
        for case_id, text, term, expected in SUBSTITUTE_CASES
    ],
)
def test_substitute_table(text: str, term: str, expected: str) -> None:
    assert substitute(text, P, term) == expected


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        pytest.param(text, terms, expected, id=case_id)
        for case_id, text, terms, expected in MULTI_CASES
    ],
)
def test_substitute_several_placeholders(text: str, terms: dict[str, str], expected: str) -> None:
    for placeholder, term in terms.items():
        text = substitute(text, placeholder, term)
    assert text == expected


def test_case_table_is_large_and_unique() -> None:
    ids = [case[0] for case in SUBSTITUTE_CASES] + [case[0] for case in MULTI_CASES]
    assert len(ids) >= 150
    assert len(set(ids)) == len(ids)


def test_substitute_rejects_empty_placeholder() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        substitute("평양", "", "서울")


def test_every_alternation_form_is_fixed_for_every_sound() -> None:
    for alternation in ALTERNATIONS:
        for form in alternation.forms:
            owner = next(a for a in ALTERNATIONS if form in a.forms)  # 야 → vocative
            for term in (C, V, R):
                sound = final_sound(term)
                assert sound is not None
                expected = term + owner.choose(form, sound)
                assert substitute(f"{P}{form} 끝", P, term) == expected + " 끝", (form, term)


# --------------------------------------------------------------------------- final_sound

FINAL_SOUND_CASES: list[tuple[str, Sound | None]] = [
    ("평양", "consonant"),
    ("서울", "rieul"),
    ("커비", "vowel"),
    ("존 커비", "vowel"),
    ("「평양」", "consonant"),
    ("‘사드’", "vowel"),
    ("평양.", "consonant"),
    ("국제원자력기구(IAEA)", "vowel"),
    ("미 국방부(펜타곤)", "vowel"),
    ("(주)", "vowel"),
    ("A", "vowel"),
    ("L", "rieul"),
    ("M", "consonant"),
    ("N", "consonant"),
    ("R", "vowel"),
    ("Z", "vowel"),
    ("ICBM", "consonant"),
    ("UN", "consonant"),
    ("EU", "vowel"),
    ("IAEA", "vowel"),
    ("WHO", "vowel"),
    ("NATO", "vowel"),
    ("nato", "vowel"),
    ("APEC", "consonant"),
    ("ASEAN", "consonant"),
    ("Google", "rieul"),
    ("iPhone", "consonant"),
    ("K-pop", "consonant"),
    ("G7", "consonant"),
    ("G8", "vowel"),
    ("G20", "vowel"),
    ("P5", "vowel"),
    ("5G", "vowel"),
    ("F-35", "vowel"),
    ("KF-21", "rieul"),
    ("0", "consonant"),
    ("8", "rieul"),
    ("9", "vowel"),
    ("10", "consonant"),
    ("20", "consonant"),
    ("2000", "consonant"),
    ("100000", "consonant"),
    ("1000000000000", "vowel"),  # 1조
    ("1,500", "consonant"),
    ("3.0", "consonant"),
    ("2.5", "vowel"),
    ("10km", "vowel"),
    ("5kg", "consonant"),
    ("30%", "vowel"),
    ("2%p", "vowel"),
    ("30℃", "vowel"),
    ("ＮＡＴＯ", "vowel"),
    ("Café", "vowel"),
    ("Israel", "rieul"),
    ("Beijing", "consonant"),
    ("Macron", "consonant"),
    ("Facebook", "consonant"),
    ("Zurich", "vowel"),
    ("Baghdad", "vowel"),
    ("Jacob", "consonant"),
    ("McDonald's", "vowel"),
    ("★", None),
    ("東京", None),
    ("", None),
    ("...", None),
]


@pytest.mark.parametrize(("word", "expected"), FINAL_SOUND_CASES)
def test_final_sound(word: str, expected: Sound | None) -> None:
    assert final_sound(word) == expected


def test_reading_table_has_forty_entries_and_hangul_readings() -> None:
    assert len(WORD_READINGS) >= 40
    assert all(final_sound(reading) for reading in WORD_READINGS.values())


def test_inventory() -> None:
    assert {"은", "는", "으로부터", "로부터", "의", "에서", "이다"} <= PARTICLES
    assert FIXED_PARTICLES <= PARTICLES
    assert {"측", "행", "발"} <= SUFFIXES
    assert "산" not in SUFFIXES


@pytest.mark.parametrize(
    ("term", "particles", "expected"),
    [
        (V, "은", "는"),
        (C, "는", "은"),
        (R, "으로부터의", "로부터의"),
        (C, "측은", "측은"),
        (V, "이다", "이다"),
        (C, "", ""),
        ("★", "는", "는"),
    ],
)
def test_agree(term: str, particles: str, expected: str) -> None:
    assert agree(term, particles) == expected


# --------------------------------------------------------------------------- find_term


@pytest.mark.parametrize(
    ("text", "term", "spans"),
    [
        ("평양은 조용했다", "평양", [(0, 2)]),
        ("회담은 평양에서 열렸다", "평양", [(4, 6)]),
        ("안보리가 소집됐다", "안보리", [(0, 3)]),
        ("평양에서는", "평양", [(0, 2)]),
        ("안보리에서도", "안보리", [(0, 3)]),
        ("북한측은 거부했다", "북한", [(0, 2)]),
        ("미국과의 동맹", "미국", [(0, 2)]),
        ("커비는 말했다", "커비", [(0, 2)]),
        ("평양으로부터", "평양", [(0, 2)]),
        ("서울로 갔다", "서울", [(0, 2)]),
        ("평양발 기사", "평양", [(0, 2)]),
        ("「평양」은", "평양", [(1, 3)]),
        ("(평양)", "평양", [(1, 3)]),
        ("평양.", "평양", [(0, 2)]),
        ("북한산에서 등산", "북한", []),
        ("북한산", "북한", []),
        ("남북한 관계", "북한", []),
        ("평양냉면", "평양", []),
        ("평양은행", "평양", []),
        ("평양고 졸업", "평양", []),
        ("서울으로", "서울", []),
        ("UN이 결의했다", "UN", [(0, 2)]),
        ("UNESCO는", "UN", []),
        ("KUN", "UN", []),
        ("NATO는", "NATO", [(0, 4)]),
        ("G77", "G7", []),
        ("G7은", "G7", [(0, 2)]),
        ("평양은 평양에서, 「평양」도 평양냉면", "평양", [(0, 2), (4, 6), (11, 13)]),
        ("xa.b(c) a.b(c)는 aXb(c)", "a.b(c)", [(8, 14)]),
    ],
)
def test_find_term(text: str, term: str, spans: list[tuple[int, int]]) -> None:
    assert find_term(text, term) == spans


def test_find_term_rejects_empty_term() -> None:
    with pytest.raises(ValueError, match="term"):
        find_term("평양", "")


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("평양에서는 회담", 2, "에서는"),
        ("북한측은", 2, "측은"),
        ("평양 회담", 2, ""),
        ("평양냉면", 2, ""),
        ("UN이", 2, "이"),
        ("평양", 2, ""),
    ],
)
def test_particle_after(text: str, end: int, expected: str) -> None:
    assert particle_after(text, end) == expected


def test_particle_after_rejects_bad_position() -> None:
    with pytest.raises(IndexError):
        particle_after("평양", 3)


def test_regex_metacharacters_are_literal() -> None:
    term = "a.b(c)"
    assert substitute(f"{P}는 x.y", P, term) == "a.b(c)는 x.y"
    assert find_term("aXb(c) a.b(c)", term) == [(7, 13)]
    assert find_term("a.*", ".*") == []


# --------------------------------------------------------------------------- properties

HANGUL_BITS = "평양커비서울은는이가을를과와으로도의에서측산냉면"
ALPHABET = HANGUL_BITS + "abcUN.*+?()[]{}|\\^$ ,「」'\"\n"
texts = st.text(alphabet=ALPHABET, max_size=40)
terms = st.text(alphabet=ALPHABET, min_size=1, max_size=6)
plain_texts = st.text(alphabet="abcUN.*+?()[]{}|\\^$ ,「」'\"\n1237%", max_size=40)


@given(text=texts, term=terms)
def test_find_term_spans_are_ordered_and_exact(text: str, term: str) -> None:
    spans = find_term(text, term)
    previous_end = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= previous_end
        assert text[start:end] == term
        previous_end = end


@given(pieces=st.lists(texts, min_size=1, max_size=5), term=terms)
def test_substitute_replaces_every_placeholder(pieces: list[str], term: str) -> None:
    text = P.join(pieces)
    result = substitute(text, P, term)
    assert P not in result
    assert result.count(term) >= text.count(P)


@given(pieces=st.lists(plain_texts, min_size=1, max_size=5), term=terms)
def test_substitute_without_particles_is_replace(pieces: list[str], term: str) -> None:
    text = P.join(pieces)
    assert substitute(text, P, term) == text.replace(P, term)


@given(pieces=st.lists(texts, min_size=1, max_size=5))
def test_substitute_with_unknown_sound_is_replace(pieces: list[str]) -> None:
    text = P.join(pieces)
    assert substitute(text, P, "★") == text.replace(P, "★")


@given(word=st.text(max_size=12))
def test_final_sound_is_total(word: str) -> None:
    assert final_sound(word) in {"vowel", "rieul", "consonant", None}
