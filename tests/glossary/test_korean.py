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
    ParticleError,
    Sound,
    agree,
    final_sound,
    find_term,
    particle_after,
    particle_errors,
    substitute,
)
from glossary.readings_seed import READINGS

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
    # chains that begin with an alternating particle agree like it
    ("eunkkeonyeong", f"{P}는커녕 서울도", C, "평양은커녕 서울도"),
    ("neunkkeonyeong", f"{P}은커녕 말도", V, "커비는커녕 말도"),
    ("eunkkeonyeong-rieul", f"{P}는커녕", R, "서울은커녕"),
    ("neunkkeonyeong-kept", f"{P}는커녕", V, "커비는커녕"),
    ("ro-neunkkeonyeong", f"{P}로는커녕", C, "평양으로는커녕"),
    ("ro-neunkkeonyeong-rieul", f"{P}으로는커녕", R, "서울로는커녕"),
    ("gwa-neunkkeonyeong", f"{P}와는커녕", C, "평양과는커녕"),
    ("nama-rieul", f"{P}나마", R, "서울이나마"),
    ("yamallo-rieul", f"{P}야말로", R, "서울이야말로"),
    # vocatives 아/야 and 이여/여
    ("vocative-a", f"{P}야!", C, "평양아!"),
    ("vocative-ya", f"{P}아!", V, "커비야!"),
    ("vocative-a-rieul", f"{P}야,", R, "서울아,"),
    ("vocative-iyeo", f"{P}여, 일어나라", C, "평양이여, 일어나라"),
    ("vocative-yeo", f"{P}이여, 일어나라", V, "커비여, 일어나라"),
    ("vocative-iyeo-rieul", f"{P}여!", R, "서울이여!"),
    ("vocative-yeo-kept", f"{P}여!", V, "커비여!"),
    ("yeogaek-not-vocative", f"{P}여객기", C, "평양여객기"),
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
    # Latin letters, acronyms, digits, by the rules (no reading given)
    ("icbm-eun", f"{P}는", "ICBM", "ICBM은"),
    ("un-i", f"{P}가", "UN", "UN이"),
    ("g7-eun-digit-rule", f"{P}는", "G7", "G7은"),  # 칠: ㄹ takes 은 too
    ("g20-eun-digit-rule", f"{P}는", "G20", "G20은"),  # 이십
    ("g20-ro-digit-rule", f"{P}으로", "G7", "G7로"),  # 칠: ㄹ takes 로
    ("nato-neun-letter-rule", f"{P}은", "NATO", "NATO는"),  # 오
    ("apec-spelled-without-reading", f"{P}을", "APEC", "APEC를"),  # 씨: why readings are data
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
    ("thaad-ga-letter-rule", f"{P}이", "THAAD", "THAAD가"),  # 디
    ("google-ro-heuristic", f"{P}으로", "Google", "Google로"),  # -le: ㄹ
    ("samsung-eul-heuristic", f"{P}를", "Samsung", "Samsung을"),  # -ng
    ("reuters-neun-heuristic", f"{P}은", "Reuters", "Reuters는"),  # -s
    ("biden-i-heuristic", f"{P}가", "Biden", "Biden이"),  # -n
    ("kirby-neun-heuristic", f"{P}은", "Kirby", "Kirby는"),  # -y
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

# (id, text with P, term, its reading, expected): readings are passed, never looked up
READING_CASES: list[tuple[str, str, str, str, str]] = [
    ("nato", f"{P}은 밝혔다", "NATO", "나토", "NATO는 밝혔다"),
    ("apec", f"{P}를 앞두고", "APEC", "에이펙", "APEC을 앞두고"),
    ("g7", f"{P}로 간다", "G7", "지세븐", "G7으로 간다"),
    ("g20", f"{P}은", "G20", "지트웬티", "G20는"),
    ("g8", f"{P}이", "G8", "지에이트", "G8가"),
    ("thaad", f"{P}을 배치", "THAAD", "사드", "THAAD를 배치"),
    ("kirby", f"{P}은 말했다", "Kirby", "커비", "Kirby는 말했다"),
    ("seoul", f"{P}으로", "Seoul", "서울", "Seoul로"),
    ("pentagon", f"{P}는", "Pentagon", "펜타곤", "Pentagon은"),
    ("xi", f"{P}은", "Xi", "시", "Xi는"),
    ("samsung-chain", f"{P}과의 협력", "Samsung", "삼성", "Samsung과의 협력"),
    ("reading-beats-heuristic", f"{P}는", "Hezbollah", "헤즈볼라", "Hezbollah는"),
    ("unreadable-reading-ignored", f"{P}는", "ICBM", "★", "ICBM은"),
    ("empty-reading-ignored", f"{P}가", "UN", "", "UN이"),
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


@pytest.mark.parametrize(
    ("text", "term", "reading", "expected"),
    [
        pytest.param(text, term, reading, expected, id=case_id)
        for case_id, text, term, reading, expected in READING_CASES
    ],
)
def test_substitute_with_reading(text: str, term: str, reading: str, expected: str) -> None:
    assert substitute(text, P, term, reading=reading) == expected


def test_substitute_rejects_empty_placeholder() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        substitute("평양", "", "서울")


# Every alternating form as written after a term (first column), and what it must become
# after a consonant (평양), a vowel (커비) and ㄹ (서울). Written out, not computed.
AGREEMENT_TABLE = """
은 은 는 은
는 은 는 은
이 이 가 이
가 이 가 이
을 을 를 을
를 을 를 을
은커녕 은커녕 는커녕 은커녕
는커녕 은커녕 는커녕 은커녕
과 과 와 과
와 과 와 과
으로 으로 로 로
로 으로 로 로
으로서 으로서 로서 로서
로서 으로서 로서 로서
으로써 으로써 로써 로써
로써 으로써 로써 로써
으로부터 으로부터 로부터 로부터
로부터 으로부터 로부터 로부터
으로는 으로는 로는 로는
로는 으로는 로는 로는
으로도 으로도 로도 로도
로도 으로도 로도 로도
으로의 으로의 로의 로의
로의 으로의 로의 로의
으로만 으로만 로만 로만
로만 으로만 로만 로만
아 아 야 아
야 아 야 아
이여 이여 여 이여
여 이여 여 이여
이나 이나 나 이나
나 이나 나 이나
이나마 이나마 나마 이나마
나마 이나마 나마 이나마
이랑 이랑 랑 이랑
랑 이랑 랑 이랑
이라 이라 라 이라
라 이라 라 이라
이라고 이라고 라고 이라고
라고 이라고 라고 이라고
이라는 이라는 라는 이라는
라는 이라는 라는 이라는
이라며 이라며 라며 이라며
라며 이라며 라며 이라며
이라도 이라도 라도 이라도
라도 이라도 라도 이라도
이라서 이라서 라서 이라서
라서 이라서 라서 이라서
이라면 이라면 라면 이라면
라면 이라면 라면 이라면
이든 이든 든 이든
든 이든 든 이든
이든지 이든지 든지 이든지
든지 이든지 든지 이든지
이란 이란 란 이란
란 이란 란 이란
이야 이야 야 이야
이야말로 이야말로 야말로 이야말로
야말로 이야말로 야말로 이야말로
이에요 이에요 예요 이에요
예요 이에요 예요 이에요
이다 이다 이다 이다
다 이다 다 이다
이고 이고 이고 이고
고 이고 고 이고
이며 이며 이며 이며
며 이며 며 이며
이지만 이지만 이지만 이지만
지만 이지만 지만 이지만
이면 이면 이면 이면
면 이면 면 이면
이자 이자 이자 이자
자 이자 자 이자
이거나 이거나 이거나 이거나
거나 이거나 거나 이거나
이므로 이므로 이므로 이므로
므로 이므로 므로 이므로
이니까 이니까 이니까 이니까
니까 이니까 니까 이니까
이었다 이었다 였다 이었다
였다 이었다 였다 이었다
이었던 이었던 였던 이었던
였던 이었던 였던 이었던
이었고 이었고 였고 이었고
였고 이었고 였고 이었고
이었으며 이었으며 였으며 이었으며
였으며 이었으며 였으며 이었으며
이었지만 이었지만 였지만 이었지만
였지만 이었지만 였지만 이었지만
이었으나 이었으나 였으나 이었으나
였으나 이었으나 였으나 이었으나
이었는데 이었는데 였는데 이었는데
였는데 이었는데 였는데 이었는데
이었을 이었을 였을 이었을
였을 이었을 였을 이었을
이었음 이었음 였음 이었음
였음 이었음 였음 이었음
이었습니다 이었습니다 였습니다 이었습니다
였습니다 이었습니다 였습니다 이었습니다
이었어요 이었어요 였어요 이었어요
였어요 이었어요 였어요 이었어요
이어서 이어서 여서 이어서
여서 이어서 여서 이어서
이어야 이어야 여야 이어야
여야 이어야 여야 이어야
"""
AGREEMENT_ROWS = [tuple(line.split()) for line in AGREEMENT_TABLE.strip().splitlines()]


def test_agreement_table_covers_every_alternating_form() -> None:
    """A form added to the rules needs its written-out expectations here."""
    assert {row[0] for row in AGREEMENT_ROWS} == {f for a in ALTERNATIONS for f in a.forms}


@pytest.mark.parametrize(("written", "after_c", "after_v", "after_r"), AGREEMENT_ROWS)
def test_every_alternating_form_agrees(
    written: str, after_c: str, after_v: str, after_r: str
) -> None:
    for term, expected in ((C, after_c), (V, after_v), (R, after_r)):
        assert substitute(f"{P}{written} 끝", P, term) == f"{term}{expected} 끝"
        assert agree(term, written) == expected
        assert find_term(f"{term}{expected} 끝", term) == [(0, len(term))]


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
    ("NATO", "vowel"),  # spelled: 오
    ("nato", "vowel"),  # English ending -o
    ("APEC", "vowel"),  # spelled: 씨 (read 에이펙 only with its reading)
    ("ASEAN", "consonant"),
    ("Google", "rieul"),
    ("iPhone", "consonant"),
    ("K-pop", "consonant"),
    ("G7", "rieul"),  # the digit rule: 칠
    ("G8", "rieul"),  # 팔
    ("G20", "consonant"),  # 이십
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


# (word, reading, expected): a reading decides when it has a final sound.
FINAL_SOUND_READING_CASES: list[tuple[str, str | None, Sound | None]] = [
    ("APEC", "에이펙", "consonant"),
    ("G7", "지세븐", "consonant"),
    ("G8", "지에이트", "vowel"),
    ("G20", "지트웬티", "vowel"),
    ("K-pop", "케이팝", "consonant"),
    ("Seoul", "서울", "rieul"),
    ("Hezbollah", "헤즈볼라", "vowel"),
    ("Kirby", "커비", "vowel"),
    ("ICBM", "아이시비엠", "consonant"),
    ("NATO", "★", "vowel"),  # no sound in the reading: the rules decide
    ("NATO", "", "vowel"),
    ("NATO", None, "vowel"),
    ("★", "별", "rieul"),
    ("★", None, None),
]


@pytest.mark.parametrize(("word", "reading", "expected"), FINAL_SOUND_READING_CASES)
def test_final_sound_with_reading(word: str, reading: str | None, expected: Sound | None) -> None:
    assert final_sound(word, reading=reading) == expected


def test_seed_readings_are_hangul_words() -> None:
    """The data migration copies these into Term.reading: each must be read in Hangul."""
    bad = {
        key: value
        for key, value in READINGS.items()
        if not value or not all("가" <= char <= "힣" for char in value)
    }
    assert bad == {}


@pytest.mark.parametrize(
    ("term", "expected"),
    [("NATO", "나토"), ("G7", "지세븐"), ("Kirby", "커비"), ("Pentagon", "펜타곤"), ("UN", "유엔")],
)
def test_seed_keeps_the_newspaper_readings(term: str, expected: str) -> None:
    assert READINGS[term] == expected


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
        (C, "는커녕", "은커녕"),
        (V, "은커녕도", "은커녕도"),  # not a particle chain: left alone
        (C, "로는커녕", "으로는커녕"),
        (R, "여", "이여"),
        (V, "이여", "여"),
        (C, "야말로", "이야말로"),
        (V, "이나마", "나마"),
    ],
)
def test_agree(term: str, particles: str, expected: str) -> None:
    assert agree(term, particles) == expected


@pytest.mark.parametrize(
    ("term", "reading", "particles", "expected"),
    [
        ("NATO", "나토", "이", "가"),
        ("APEC", "에이펙", "를", "을"),
        ("G20", "지트웬티", "은", "는"),
        ("G20", None, "는", "은"),
        ("Seoul", "서울", "으로부터의", "로부터의"),
    ],
)
def test_agree_with_reading(term: str, reading: str | None, particles: str, expected: str) -> None:
    assert agree(term, particles, reading=reading) == expected


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
        # chains that begin with an alternating particle, and vocatives
        ("평양은커녕 서울도", "평양", [(0, 2)]),
        ("커비는커녕", "커비", [(0, 2)]),
        ("평양는커녕", "평양", []),
        ("서울로는커녕", "서울", [(0, 2)]),
        ("평양에서는커녕", "평양", [(0, 2)]),
        ("평양이나마", "평양", [(0, 2)]),
        ("커비야말로", "커비", [(0, 2)]),
        ("평양야말로", "평양", []),
        ("평양이여!", "평양", [(0, 2)]),
        ("커비여, 보라", "커비", [(0, 2)]),
        ("평양여", "평양", []),
        ("커비이여", "커비", []),
        ("평양아", "평양", [(0, 2)]),
        ("커비야", "커비", [(0, 2)]),
        # a derivational suffix makes another word (미국인: an American; 도발적: provocative)
        ("미국인 관광객", "미국", []),
        ("러시아인들", "러시아", []),
        ("러시아인은", "러시아", []),
        ("도발적 행위", "도발", []),
        ("도발적인 발언", "도발", []),
        ("미국적", "미국", []),
        ("한국인과 미국인", "한국", []),
        # the adnominal copula before 것 still counts (that it is the US)
        ("배후가 미국인 것으로 드러났다", "미국", [(4, 6)]),
        ("커비인 것은", "커비", [(0, 2)]),
        ("미국인것", "미국", []),
        ("미국인 관계자", "미국", []),
        # spaces inside a multi-word term match zero or more spaces
        ("유엔안전보장이사회는 결의했다", "유엔 안전보장이사회", [(0, 9)]),
        ("유엔  안전보장이사회가", "유엔 안전보장이사회", [(0, 11)]),
        ("유엔\n안전보장이사회", "유엔 안전보장이사회", [(0, 10)]),
        ("유엔 안전보장이사회의장", "유엔 안전보장이사회", []),
        ("주유엔안전보장이사회", "유엔 안전보장이사회", []),
        ("존커비는 말했다", "존 커비", [(0, 3)]),
        ("존 커비은 말했다", "존 커비", []),
        ("북 한", "북한", []),  # no space is made up where the term has none
        ("유엔 안보리 회의", "유엔  안보리", [(0, 6)]),
    ],
)
def test_find_term(text: str, term: str, spans: list[tuple[int, int]]) -> None:
    assert find_term(text, term) == spans


@pytest.mark.parametrize(
    ("text", "term", "reading", "spans"),
    [
        ("NATO는", "NATO", "나토", [(0, 4)]),
        ("NATO은", "NATO", "나토", []),
        ("NATO은", "NATO", None, [(0, 4)]),  # without a reading either form is accepted
        ("G20는 G20은", "G20", "지트웬티", [(0, 3)]),
        ("Seoul으로", "Seoul", "서울", []),
        ("Seoul로", "Seoul", "서울", [(0, 5)]),
    ],
)
def test_find_term_with_reading(
    text: str, term: str, reading: str | None, spans: list[tuple[int, int]]
) -> None:
    assert find_term(text, term, reading=reading) == spans


# --------------------------------------------------------------------------- particle_errors


@pytest.mark.parametrize(
    ("text", "term", "reading", "expected"),
    [
        ("평양는 발표했다", "평양", None, [(0, 2, "평양", "는", "은")]),
        ("커비은 말했다", "커비", None, [(0, 2, "커비", "은", "는")]),
        ("서울으로 갔다", "서울", None, [(0, 2, "서울", "으로", "로")]),
        ("평양가 발표", "평양", None, [(0, 2, "평양", "가", "이")]),
        ("커비을 만났다", "커비", None, [(0, 2, "커비", "을", "를")]),
        ("평양와의 관계", "평양", None, [(0, 2, "평양", "와", "과")]),
        ("커비으로부터의 압박", "커비", None, [(0, 2, "커비", "으로부터", "로부터")]),
        ("평양는커녕", "평양", None, [(0, 2, "평양", "는커녕", "은커녕")]),
        ("평양여!", "평양", None, [(0, 2, "평양", "여", "이여")]),
        ("평양다.", "평양", None, [(0, 2, "평양", "다", "이다")]),
        ("존 커비은 말했다", "존 커비", None, [(0, 4, "존 커비", "은", "는")]),
        ("존커비은", "존 커비", None, [(0, 3, "존커비", "은", "는")]),
        ("NATO은 밝혔다", "NATO", "나토", [(0, 4, "NATO", "은", "는")]),
        ("회담에서 평양는, 서울은", "평양", None, [(5, 7, "평양", "는", "은")]),
        (
            "평양는 평양은 평양가",
            "평양",
            None,
            [(0, 2, "평양", "는", "은"), (8, 10, "평양", "가", "이")],
        ),
        ("평양였다.", "평양", None, [(0, 2, "평양", "였다", "이었다")]),
        # not errors
        ("평양은 발표했다", "평양", None, []),
        ("커비이다.", "커비", None, []),  # the full copula is grammatical after a vowel
        ("커비이었다.", "커비", None, []),  # uncontracted, but grammatical
        ("평양가격", "평양", None, []),  # not a particle: the start of another word
        ("평양가는 길", "평양", None, []),
        ("서울고 졸업", "서울", None, []),  # a high school, more likely than a copula
        ("평양 는", "평양", None, []),  # not attached
        ("남평양는", "평양", None, []),  # part of a longer word
        ("NATO은", "NATO", None, []),  # no reading: either form is accepted
        ("미국인", "미국", None, []),
    ],
)
def test_particle_errors(
    text: str, term: str, reading: str | None, expected: list[tuple[int, int, str, str, str]]
) -> None:
    errors = particle_errors(text, term, reading=reading)
    assert [(e.start, e.end, e.term, e.written, e.expected) for e in errors] == expected


def test_particle_error_message() -> None:
    [error] = particle_errors("평양는 발표했다", "평양")
    assert error == ParticleError(0, 2, "평양", "는", "은")
    assert error.message == "particle error: 평양는 should be 평양은"


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


def _squeezed(text: str) -> str:
    """``text`` with its inner whitespace runs removed (its ends kept)."""
    inner = text.strip()
    head, tail = text[: text.index(inner)], text[text.index(inner) + len(inner) :]
    return head + "".join(inner.split()) + tail if inner else text


@given(text=texts, term=terms)
def test_find_term_spans_are_ordered_and_exact(text: str, term: str) -> None:
    """Spans are ordered and disjoint; each is the term, give or take spaces inside it."""
    spans = find_term(text, term)
    previous_end = 0
    spaced = any(char.isspace() for char in term.strip())
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= previous_end
        if spaced:
            assert _squeezed(text[start:end]) == _squeezed(term)
        else:
            assert text[start:end] == term
        previous_end = end


@given(text=texts, term=st.text(alphabet=HANGUL_BITS + " ", min_size=1, max_size=4))
def test_particle_errors_are_refused_matches(text: str, term: str) -> None:
    """Every error is a place where the term is written but find_term refuses it."""
    matches = set(find_term(text, term))
    for error in particle_errors(text, term):
        assert (error.start, error.end) not in matches
        assert text[error.start : error.end] == error.term
        assert text.startswith(error.written, error.end)
        assert error.written != error.expected


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
