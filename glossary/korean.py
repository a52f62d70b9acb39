"""Korean particle (josa) agreement and particle-aware term matching.

Pure Python, no Django. Three jobs:

1. ``final_sound(word)`` says how a word *ends when read aloud*: ``"vowel"`` (no batchim),
   ``"rieul"`` (ㄹ batchim) or ``"consonant"`` (any other batchim); ``None`` when unknown.

   * Hangul syllable: ``(ord(ch) - 0xAC00) % 28`` is 0 (vowel), 8 (ㄹ) or else (consonant).
   * Trailing whitespace, quotes and punctuation are skipped (``「평양」`` is judged by 양).
     A trailing gloss in round/square/curly brackets is skipped as a whole when text precedes
     it: ``국제원자력기구(IAEA)`` is judged by 구, because Korean orthography makes a particle
     after a parenthesis agree with the word *before* the parenthesis (커피(coffee)를).
   * Latin and digit endings are read the way Korean newspapers read them, in this order:
     an explicit reading table (``WORD_READINGS``: NATO 나토, G7 지세븐, 5G 파이브지 ...,
     matched case-insensitively on the trailing token, e.g. ``K-pop``, ``G20``); a number
     (last digit 1 일 .. 9 구; a number ending in 0 by its last unit: 10 십, 2000 천,
     10000/100000 만, 10^8 억; decimals by their last digit, 3.0 영; ``1,000`` is 천);
     a unit after a number (10km 킬로미터, 5kg 킬로그램, 30% 퍼센트, 2%p, 30°C 도);
     a single letter or an ALL-CAPS word spelled letter by letter (ICBM → 엠, UN → 엔,
     IAEA → 에이; R is 아르, L is 엘, M/N consonant, every other letter a vowel);
     otherwise an English-ending heuristic, see ``_english_sound``.
   * Anything else (symbols only, Hanja, kana, jamo) is ``None``.

2. ``substitute(text, placeholder, term)`` puts ``term`` in place of every ``placeholder``
   and makes the particle attached to it agree with the term. ``ALTERNATIONS`` lists
   (consonant, vowel, ㄹ) forms: 은/는, 이/가, 을/를, 과/와, (으)로 and its compounds, 이나/나,
   이랑/랑, 아/야, (이)라고, (이)라는 ... and copula forms. Matching rules:

   * The particle must touch the placeholder (no space). Closing quotes between them are
     skipped (``「⟦1⟧」는``), and so is an attached bracketed gloss (``⟦1⟧(IAEA)는``): the
     particle then still agrees with the term, as in rule 1.
   * Longest form first. A form counts as a particle only when what follows it is the end of
     the text, a non-alphanumeric character (space, punctuation, a bracket, another
     placeholder) or, for an *open* particle (과/와, (으)로, 이랑, (이)라고, 으로서,
     으로부터 ...), a chain of further particles (``과의``, ``와도``, ``로부터의``) that starts
     with 의, 은/는, 도, 만, 까지, 부터, 조차, 마저, 밖에, 처럼 or 보다. Closed particles
     (은/는, 이/가, 을/를, copulas ...) take nothing after them. So ``⟦1⟧가격``, ``⟦1⟧은행``,
     ``⟦1⟧과거``, ``⟦1⟧로봇``, ``⟦1⟧가는``, ``⟦1⟧와인`` are left alone.
   * (으)로 forms take the vowel form after ㄹ (서울로). Everything else treats ㄹ as a
     consonant (서울은).
   * Copulas: 이다/다, 이고/고, 이며/며, 이지만/지만, 이면/면, 이자/자, 이거나/거나,
     이므로/므로, 이니까/니까 are *optional*: after a vowel both are grammatical, so a written
     full form is kept (커비이다), while a short form after a consonant gains 이 (평양이다).
     이었다/였다, 이었던/였던, 이어서/여서 ... are *contracted* after a vowel (커비였다).
     인, 입니다, 인데, 인지, 임 never change.
   * A bare 야 after a consonant becomes the vocative 아 (야 is resolved as the vocative; 이야
     written in full alternates with 야 as usual).
   * Non-alternating particles (의, 에, 에서, 도, 만, 까지, 부터, 보다, 처럼, 께서 ...) and
     suffixes are never touched, nor is anything when the term's final sound is unknown.

3. ``find_term(text, term)`` finds ``term`` as a word: the character before it is not
   alphanumeric (no Hangul, letter or digit: 남북한 does not contain 북한, UNESCO does not
   contain UN), and after it comes a boundary as above, or a chain of ``SUFFIXES`` (측, 상,
   간, 내, 외, 들, 등, 쪽, 께, 씨, 님, 행, 발) followed by ``PARTICLES``, then a boundary:
   평양에서는, 북한측은, 미국과의 match; 북한산, 평양냉면, 평양은행 do not. When the term ends
   in a Hangul syllable, alternating particles must agree with it (평양고 is not 평양 + 고);
   after a Latin or digit ending either form is accepted, since readings vary. A chain holds
   at most ``MAX_CHAIN`` pieces. ``particle_after(text, end)`` returns that chain ("" if none).

Known ambiguities, resolved towards the particle reading: 한국인 is 한국 + copula 인, and a
short copula form such as 고 (평양고 = a school?) is read as the copula by ``substitute``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "ALTERNATIONS",
    "CONSONANT",
    "DIGIT_READINGS",
    "FIXED_PARTICLES",
    "LETTER_READINGS",
    "MAX_CHAIN",
    "PARTICLES",
    "RIEUL",
    "SUFFIXES",
    "VOWEL",
    "WORD_READINGS",
    "Alternation",
    "Sound",
    "agree",
    "final_sound",
    "find_term",
    "particle_after",
    "substitute",
]

Sound = Literal["vowel", "rieul", "consonant"]
VOWEL: Final[Sound] = "vowel"
RIEUL: Final[Sound] = "rieul"
CONSONANT: Final[Sound] = "consonant"

# How a pair behaves after a vowel: "strict" always uses the vowel form; "optional" keeps a
# written full (consonant) form, which is also grammatical; "contracted" rewrites the full
# form to the contraction (이었다 → 였다) but a matcher still accepts the full form.
Kind = Literal["strict", "optional", "contracted"]

MAX_CHAIN: Final = 5

_HANGUL_FIRST: Final = 0xAC00
_HANGUL_LAST: Final = 0xD7A3


# --------------------------------------------------------------------------- particles


@dataclass(frozen=True)
class Alternation:
    """One alternating particle: its form after a consonant, a vowel, and ㄹ."""

    consonant: str
    vowel: str
    rieul: str
    kind: Kind = "strict"
    closed: bool = True  # True: no further particle may follow it

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.consonant, self.vowel, self.rieul)))

    def form_for(self, sound: Sound) -> str:
        if sound == VOWEL:
            return self.vowel
        return self.rieul if sound == RIEUL else self.consonant

    def choose(self, written: str, sound: Sound) -> str:
        """The form to write after a word ending in ``sound``, given what was ``written``."""
        if self.kind == "optional" and sound == VOWEL and written == self.consonant:
            return written
        return self.form_for(sound)

    def accepts(self, written: str, sound: Sound | None) -> bool:
        """Whether ``written`` is grammatical after a word ending in ``sound``."""
        if sound is None or written == self.form_for(sound):
            return True
        return sound == VOWEL and self.kind != "strict" and written == self.consonant


def _pair(consonant: str, vowel: str, *, kind: Kind = "strict", closed: bool = True) -> Alternation:
    return Alternation(consonant, vowel, consonant, kind, closed)


def _ro(consonant: str, vowel: str, *, closed: bool = True) -> Alternation:
    """An (으)로 particle: ㄹ takes the vowel form (서울로)."""
    return Alternation(consonant, vowel, vowel, "strict", closed)


ALTERNATIONS: Final[tuple[Alternation, ...]] = (
    # case and topic markers
    _pair("은", "는"),
    _pair("이", "가"),
    _pair("을", "를"),
    _pair("과", "와", closed=False),
    # (으)로 and compounds
    _ro("으로", "로", closed=False),
    _ro("으로서", "로서", closed=False),
    _ro("으로써", "로써", closed=False),
    _ro("으로부터", "로부터", closed=False),
    _ro("으로는", "로는"),
    _ro("으로도", "로도"),
    _ro("으로의", "로의"),
    _ro("으로만", "로만", closed=False),
    # vocative before 이야 so that a bare 야 resolves to the vocative
    _pair("아", "야"),
    # connective, quotative and other (이)- particles
    _pair("이나", "나"),
    _pair("이나마", "나마"),
    _pair("이랑", "랑", closed=False),
    _pair("이라", "라"),
    _pair("이라고", "라고", closed=False),
    _pair("이라는", "라는"),
    _pair("이라며", "라며"),
    _pair("이라도", "라도"),
    _pair("이라서", "라서"),
    _pair("이라면", "라면"),
    _pair("이든", "든"),
    _pair("이든지", "든지"),
    _pair("이란", "란"),
    _pair("이야", "야"),
    _pair("이야말로", "야말로"),
    _pair("이에요", "예요"),
    # copula: the 이 may stay after a vowel
    _pair("이다", "다", kind="optional"),
    _pair("이고", "고", kind="optional"),
    _pair("이며", "며", kind="optional"),
    _pair("이지만", "지만", kind="optional"),
    _pair("이면", "면", kind="optional"),
    _pair("이자", "자", kind="optional"),
    _pair("이거나", "거나", kind="optional"),
    _pair("이므로", "므로", kind="optional"),
    _pair("이니까", "니까", kind="optional"),
    # copula: contracted after a vowel
    _pair("이었다", "였다", kind="contracted"),
    _pair("이었던", "였던", kind="contracted"),
    _pair("이었고", "였고", kind="contracted"),
    _pair("이었으며", "였으며", kind="contracted"),
    _pair("이었지만", "였지만", kind="contracted"),
    _pair("이었으나", "였으나", kind="contracted"),
    _pair("이었는데", "였는데", kind="contracted"),
    _pair("이었을", "였을", kind="contracted"),
    _pair("이었음", "였음", kind="contracted"),
    _pair("이었습니다", "였습니다", kind="contracted"),
    _pair("이었어요", "였어요", kind="contracted"),
    _pair("이어서", "여서", kind="contracted"),
    _pair("이어야", "여야", kind="contracted"),
)

# Particles that never alternate. Open ones may be followed by more particles (에서는).
_FIXED_OPEN: Final = (
    "에", "에서", "에서부터", "에게", "에게서", "에게로", "한테", "한테서", "께서", "께",
    "만", "까지", "부터", "보다", "처럼", "마저", "조차", "밖에", "하고", "쯤", "마다",
    "대로", "뿐", "만큼",
)  # fmt: skip
_FIXED_CLOSED: Final = (
    "의", "도", "같이", "엔", "에선", "에겐", "한텐",
    "인", "입니다", "인데", "인지", "인가", "임",
)  # fmt: skip

FIXED_PARTICLES: Final[frozenset[str]] = frozenset(_FIXED_OPEN + _FIXED_CLOSED)
PARTICLES: Final[frozenset[str]] = FIXED_PARTICLES | frozenset(
    form for alternation in ALTERNATIONS for form in alternation.forms
)
# Bound nouns/suffixes that may sit between a term and its particles (북한측은, 평양발).
# 산 is deliberately absent: 북한산 is a mountain.
SUFFIXES: Final[frozenset[str]] = frozenset(
    ("측", "상", "간", "내", "외", "들", "등", "쪽", "께", "씨", "님", "행", "발")
)


@dataclass(frozen=True)
class _Piece:
    """What a piece of text after a term can be: a suffix or a (possibly alternating) particle."""

    suffix: bool
    closed: bool
    alternation: Alternation | None = None


def _build_pieces() -> dict[str, tuple[_Piece, ...]]:
    pieces: dict[str, list[_Piece]] = {}
    for text in SUFFIXES:
        pieces.setdefault(text, []).append(_Piece(suffix=True, closed=False))
    for text in _FIXED_OPEN:
        pieces.setdefault(text, []).append(_Piece(suffix=False, closed=False))
    for text in _FIXED_CLOSED:
        pieces.setdefault(text, []).append(_Piece(suffix=False, closed=True))
    for alternation in ALTERNATIONS:
        for form in alternation.forms:
            piece = _Piece(suffix=False, closed=alternation.closed, alternation=alternation)
            pieces.setdefault(form, []).append(piece)
    return {text: tuple(found) for text, found in pieces.items()}


def _build_form_index() -> dict[str, Alternation]:
    index: dict[str, Alternation] = {}
    for alternation in ALTERNATIONS:
        for form in alternation.forms:
            index.setdefault(form, alternation)  # first listed wins (야 → vocative)
    return index


_PIECES: Final = _build_pieces()
_FORM_INDEX: Final = _build_form_index()
_MAX_PIECE: Final = max(len(text) for text in _PIECES)

# What may directly follow an open alternating particle (과의, 으로만, 이랑은, 이라고도).
_AFTER_ALTERNATION: Final = frozenset(
    ("의", "은", "는", "도", "만", "까지", "부터", "조차", "마저", "밖에", "처럼", "보다")
)

# Marks that may sit between a placeholder and its particle in ``substitute``.
_QUOTE_CLOSERS: Final = frozenset("'\"’”»›」』》〉】〗")
_GLOSS_PAIRS: Final = {"(": ")", "[": "]", "{": "}", "（": "）", "［": "］", "〔": "〕"}
_GLOSS_CLOSERS: Final = {closer: opener for opener, closer in _GLOSS_PAIRS.items()}


# --------------------------------------------------------------------------- readings

LETTER_READINGS: Final[dict[str, str]] = {
    "A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지",
    "H": "에이치", "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔",
    "O": "오", "P": "피", "Q": "큐", "R": "아르", "S": "에스", "T": "티", "U": "유",
    "V": "브이", "W": "더블유", "X": "엑스", "Y": "와이", "Z": "제트",
}  # fmt: skip

DIGIT_READINGS: Final[dict[str, str]] = {
    "0": "영", "1": "일", "2": "이", "3": "삼", "4": "사",
    "5": "오", "6": "육", "7": "칠", "8": "팔", "9": "구",
}  # fmt: skip

# Last syllable of a number ending in zeros, by the count of trailing zeros.
_SMALL_UNITS: Final = ("십", "백", "천")  # 1-3 zeros
_MYRIAD_UNITS: Final = ("만", "억", "조", "경")  # 4-7, 8-11, 12-15, 16-19 zeros
_HUGE_UNIT: Final = "해"

# Latin words, acronyms and letter-digit tokens with a fixed newspaper reading.
# Keys are matched case-insensitively against the trailing token.
_WORD_TABLE: Final = {
    # organisations and programmes read as words
    "NATO": "나토", "APEC": "에이펙", "ASEAN": "아세안", "UNESCO": "유네스코",
    "UNICEF": "유니세프", "OPEC": "오펙", "NASA": "나사", "SALT": "솔트",
    "START": "스타트", "AUKUS": "오커스", "QUAD": "쿼드", "BRICS": "브릭스",
    "FIFA": "피파", "COVID": "코비드", "KOSPI": "코스피", "KOSDAQ": "코스닥",
    "NASDAQ": "나스닥", "THAAD": "사드", "SOFA": "소파", "RIMPAC": "림팩",
    "IPEF": "아이펙", "Interpol": "인터폴",
    # acronyms spelled out (listed for clarity; the letter rule gives the same)
    "AP": "에이피", "CNN": "씨엔엔", "BBC": "비비씨", "IMF": "아이엠에프",
    "DMZ": "디엠지", "SLBM": "에스엘비엠", "ICBM": "아이시비엠", "UN": "유엔",
    "EU": "이유", "IAEA": "아이에이이에이", "WHO": "더블유에이치오", "FBI": "에프비아이",
    "NSC": "엔에스씨", "UAE": "유에이이", "OECD": "오이시디",
    # letter-digit tokens read in English
    "G2": "지투", "G7": "지세븐", "G8": "지에이트", "G20": "지트웬티", "P5": "피파이브",
    "5G": "파이브지", "K-pop": "케이팝",
    # companies and media
    "Google": "구글", "Apple": "애플", "Samsung": "삼성", "Hyundai": "현대",
    "Yonhap": "연합", "Reuters": "로이터", "Bloomberg": "블룸버그", "Pentagon": "펜타곤",
    "Kremlin": "크렘린", "iPhone": "아이폰", "Microsoft": "마이크로소프트",
    "Amazon": "아마존", "Tesla": "테슬라", "Nvidia": "엔비디아", "OpenAI": "오픈에이아이",
    "ChatGPT": "챗지피티", "YouTube": "유튜브", "Facebook": "페이스북",
    "Netflix": "넷플릭스", "TikTok": "틱톡", "Meta": "메타", "Intel": "인텔",
    "Boeing": "보잉", "Huawei": "화웨이",
    # people
    "Biden": "바이든", "Trump": "트럼프", "Kirby": "커비", "Putin": "푸틴", "Xi": "시",
    "Zelensky": "젤렌스키", "Blinken": "블링컨", "Macron": "마크롱", "Kishida": "기시다",
    "Netanyahu": "네타냐후", "Guterres": "구테흐스", "Musk": "머스크",
    # places
    "Seoul": "서울", "Pyongyang": "평양", "Washington": "워싱턴", "Beijing": "베이징",
    "Tokyo": "도쿄", "Moscow": "모스크바", "Kyiv": "키이우", "Gaza": "가자",
    "Hamas": "하마스", "Hezbollah": "헤즈볼라", "Chile": "칠레", "Rome": "로마",
    "Ukraine": "우크라이나", "Brexit": "브렉시트",
}  # fmt: skip
WORD_READINGS: Final[dict[str, str]] = {key.casefold(): value for key, value in _WORD_TABLE.items()}

# Units read after a number (case-sensitive: 5m is 미터, 5M is 엠).
_UNIT_READINGS: Final[dict[str, str]] = {
    "km": "킬로미터", "m": "미터", "cm": "센티미터", "mm": "밀리미터", "nm": "나노미터",
    "kg": "킬로그램", "g": "그램", "mg": "밀리그램", "t": "톤", "L": "리터", "l": "리터",
    "mL": "밀리리터", "ml": "밀리리터", "ha": "헥타르", "kW": "킬로와트", "MW": "메가와트",
    "GW": "기가와트", "kWh": "킬로와트시", "MWh": "메가와트시", "GWh": "기가와트시",
    "Hz": "헤르츠", "MHz": "메가헤르츠", "GHz": "기가헤르츠", "KB": "킬로바이트",
    "MB": "메가바이트", "GB": "기가바이트", "TB": "테라바이트",
}  # fmt: skip

# Readable endings checked first (after NFKC, so ℃ is °C and ％ is %).
_SYMBOL_READINGS: Final = (
    ("%p", "퍼센트포인트"), ("%P", "퍼센트포인트"), ("°C", "도"), ("°F", "도"),
    ("%", "퍼센트"), ("‰", "퍼밀"), ("°", "도"),
)  # fmt: skip
_READABLE_SYMBOLS: Final = frozenset("%‰°")

_TOKEN_CHARS: Final = frozenset("'’.-")  # may sit inside a Latin token (F-35, K-pop, U.S)
_VOWEL_LETTERS: Final = frozenset("aeiou")
_DECIMAL_RE: Final = re.compile(r"\d\.(\d+)$")
_NUMBER_RE: Final = re.compile(r"\d{1,3}(?:,\d{3})+$|\d+$")
_WORD_RE: Final = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*$")


def _is_syllable(char: str) -> bool:
    return _HANGUL_FIRST <= ord(char) <= _HANGUL_LAST


def _syllable_sound(syllable: str) -> Sound:
    batchim = (ord(syllable) - _HANGUL_FIRST) % 28
    if batchim == 0:
        return VOWEL
    return RIEUL if batchim == 8 else CONSONANT


def _reading_sound(reading: str) -> Sound:
    return _syllable_sound(reading[-1])


def _fold(char: str) -> str:
    """Latin letters without diacritics (é → e); Hangul and everything else unchanged."""
    if char.isascii() or _is_syllable(char):
        return char
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return base if base.isascii() and base else char


def _matching_opener(text: str, close_index: int) -> int | None:
    closer = text[close_index]
    opener = _GLOSS_CLOSERS[closer]
    depth = 0
    for index in range(close_index, -1, -1):
        if text[index] == closer:
            depth += 1
        elif text[index] == opener:
            depth -= 1
            if depth == 0:
                return index
    return None


def _reading_core(word: str) -> str:
    """``word`` without what is not read for particle agreement at its end."""
    text = "".join(_fold(char) for char in unicodedata.normalize("NFKC", word))
    while text:
        last = text[-1]
        if last in _READABLE_SYMBOLS:
            break
        if last in _GLOSS_CLOSERS:
            opener = _matching_opener(text, len(text) - 1)
            before = text[:opener] if opener is not None else ""
            text = before if before.strip() else text[:-1]
        elif last.isspace() or unicodedata.category(last).startswith("P"):
            text = text[:-1]
        else:
            break
    return text


def _number_sound(text: str) -> Sound:
    decimal = _DECIMAL_RE.search(text)
    if decimal:
        return _reading_sound(DIGIT_READINGS[decimal.group(1)[-1]])
    match = _NUMBER_RE.search(text)
    digits = match.group().replace(",", "") if match else text[-1]
    significant = digits.rstrip("0")
    zeros = len(digits) - len(significant)
    if not significant:
        reading = DIGIT_READINGS["0"]
    elif zeros == 0:
        reading = DIGIT_READINGS[digits[-1]]
    elif zeros < 4:
        reading = _SMALL_UNITS[zeros - 1]
    else:
        myriads = zeros // 4
        reading = _MYRIAD_UNITS[myriads - 1] if myriads <= len(_MYRIAD_UNITS) else _HUGE_UNIT
    return _reading_sound(reading)


def _english_sound(word: str) -> Sound:
    """Heuristic for a lower- or mixed-case Latin word not in ``WORD_READINGS``.

    -ng, -m, -n, -me, -ne → consonant (Beijing, Kim, phone); -l, -le → ㄹ (Israel, Google);
    -ck, or -k/-c/-p/-b after a single short vowel → consonant (TikTok, Jacob, Atlantic,
    Facebook's -ook too); everything else → vowel: vowels and -y, -s, -x, -z, -ch, -sh, -th,
    -r, -f, -v, -d, -g, -t (Brexit 브렉시트, Trump 트럼프, Musk 머스크, Baghdad 바그다드).
    """
    w = word.casefold()
    if w.endswith(("ng", "l", "le")):
        return CONSONANT if w.endswith("ng") else RIEUL
    if w[-1] in "mn" or (len(w) > 2 and w.endswith(("me", "ne"))) or w.endswith("ck"):
        return CONSONANT
    short_vowel = (
        len(w) >= 2
        and w[-2] in _VOWEL_LETTERS
        and (len(w) == 2 or w[-3] not in _VOWEL_LETTERS or w[-3:-1] == "oo")
    )
    return CONSONANT if w[-1] in "kcpb" and short_vowel else VOWEL


def _is_token_char(char: str) -> bool:
    return (char.isascii() and char.isalnum()) or char in _TOKEN_CHARS


def _trailing_token(text: str) -> str:
    start = len(text)
    while start > 0 and _is_token_char(text[start - 1]):
        start -= 1
    token = text[start:]
    while token and token[0] in _TOKEN_CHARS:
        token = token[1:]
    return token


def _table_reading(token: str) -> str | None:
    """Reading of ``token`` or of its longest tail after a separator (F-35 → 35)."""
    candidates = [token] + [token[i + 1 :] for i, char in enumerate(token) if char in _TOKEN_CHARS]
    for candidate in candidates:
        reading = WORD_READINGS.get(candidate.casefold())
        if reading:
            return reading
    return None


def _latin_sound(text: str) -> Sound:
    """Final sound of ``text``, which ends in an ASCII letter or digit."""
    reading = _table_reading(_trailing_token(text))
    if reading:
        return _reading_sound(reading)
    if text[-1].isdigit():
        return _number_sound(text)
    match = _WORD_RE.search(text)
    word = match.group() if match else text[-1]
    before = text[: len(text) - len(word)].rstrip(" ")
    if before[-1:].isdigit() and word in _UNIT_READINGS:
        return _reading_sound(_UNIT_READINGS[word])
    bare = word.replace("'", "").replace("’", "")
    reading = WORD_READINGS.get(bare.casefold())
    if reading:
        return _reading_sound(reading)
    if len(bare) == 1 or bare.isupper():
        return _reading_sound(LETTER_READINGS[bare[-1].upper()])
    return _english_sound(bare)


def final_sound(word: str) -> Sound | None:
    """How ``word`` ends when read in Korean: "vowel", "rieul", "consonant", or None."""
    core = _reading_core(word)
    if not core:
        return None
    for symbol, reading in _SYMBOL_READINGS:
        if core.endswith(symbol):
            return _reading_sound(reading)
    last = core[-1]
    if _is_syllable(last):
        return _syllable_sound(last)
    if last.isascii() and last.isalnum():
        return _latin_sound(core)
    return None


# --------------------------------------------------------------------------- matching


def _at_boundary(text: str, pos: int) -> bool:
    return pos >= len(text) or not text[pos].isalnum()


def _chain_end(
    text: str,
    pos: int,
    prev: Sound | None,
    *,
    suffixes: bool,
    restricted: bool = False,
    budget: int = MAX_CHAIN,
) -> int | None:
    """End of a (suffix*) particle* chain at ``pos`` followed by a boundary, else None.

    ``prev`` is the final sound of what precedes ``pos`` (None: accept either form);
    ``restricted``: right after an alternating particle, only ``_AFTER_ALTERNATION`` may follow.
    """
    if _at_boundary(text, pos):
        return pos
    if budget == 0:
        return None
    for length in range(min(_MAX_PIECE, len(text) - pos), 0, -1):
        chunk = text[pos : pos + length]
        if restricted and chunk not in _AFTER_ALTERNATION:
            continue
        end = pos + length
        for piece in _PIECES.get(chunk, ()):
            if piece.suffix and not suffixes:
                continue
            if piece.alternation is not None and not piece.alternation.accepts(chunk, prev):
                continue
            if piece.closed:
                found = end if _at_boundary(text, end) else None
            else:
                found = _chain_end(
                    text,
                    end,
                    _syllable_sound(chunk[-1]),
                    suffixes=piece.suffix,
                    restricted=piece.alternation is not None,
                    budget=budget - 1,
                )
            if found is not None:
                return found
    return None


def _leading_alternation(text: str, pos: int) -> tuple[int, Alternation] | None:
    """The alternating particle at ``pos`` (its end and entry), if it really is one."""
    for length in range(min(_MAX_PIECE, len(text) - pos), 0, -1):
        form = text[pos : pos + length]
        alternation = _FORM_INDEX.get(form)
        if alternation is None:
            continue
        end = pos + length
        if alternation.closed:
            attached = _at_boundary(text, end)
        else:
            tail = _chain_end(text, end, _syllable_sound(form[-1]), suffixes=False, restricted=True)
            attached = tail is not None
        if attached:
            return end, alternation
    return None


def agree(term: str, particles: str) -> str:
    """``particles`` (as attached after a word) with its leading particle agreeing with ``term``.

    >>> agree("커비", "은"), agree("서울", "으로부터의"), agree("평양", "측은")
    ('는', '로부터의', '측은')
    """
    sound = final_sound(term)
    found = _leading_alternation(particles, 0) if sound and particles else None
    if sound is None or found is None:
        return particles
    end, alternation = found
    return alternation.choose(particles[:end], sound) + particles[end:]


def _closing_group_end(text: str, pos: int) -> int | None:
    """Index after the bracket group opening at ``pos`` (same line), or None."""
    opener = text[pos]
    closer = _GLOSS_PAIRS[opener]
    depth = 0
    for index in range(pos, len(text)):
        char = text[index]
        if char == "\n":
            return None
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _skip_attached_marks(text: str, pos: int) -> int:
    """Skip closing quotes and attached bracketed glosses after a placeholder."""
    while pos < len(text):
        char = text[pos]
        if char in _QUOTE_CLOSERS:
            pos += 1
        elif char in _GLOSS_PAIRS:
            group_end = _closing_group_end(text, pos)
            if group_end is None:
                break
            pos = group_end
        else:
            break
    return pos


def _occurrences(text: str, needle: str) -> list[int]:
    starts: list[int] = []
    start = text.find(needle)
    while start >= 0:
        starts.append(start)
        start = text.find(needle, start + len(needle))
    return starts


def substitute(text: str, placeholder: str, term: str) -> str:
    """Replace each ``placeholder`` with ``term`` and fix the particle attached to it."""
    if not placeholder:
        raise ValueError("placeholder must not be empty")
    starts = _occurrences(text, placeholder)
    sound = final_sound(term)
    # start -> (end, replacement); placeholders first, then the particles they govern
    edits = {start: (start + len(placeholder), term) for start in starts}
    if sound is not None:
        for start in reversed(starts):  # the nearest placeholder owns a shared particle
            pos = _skip_attached_marks(text, start + len(placeholder))
            found = _leading_alternation(text, pos)
            if found is None or pos in edits:
                continue
            end, alternation = found
            before_end = bisect.bisect_left(starts, end) - 1
            if before_end >= 0 and starts[before_end] + len(placeholder) > pos:
                continue  # the "particle" would eat part of a placeholder
            edits[pos] = (end, alternation.choose(text[pos:end], sound))
    pieces: list[str] = []
    cursor = 0
    for start in sorted(edits):
        end, replacement = edits[start]
        pieces += [text[cursor:start], replacement]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def particle_after(text: str, end: int) -> str:
    """The suffix/particle chain attached at ``end`` ("" if none or not a valid chain)."""
    if not 0 <= end <= len(text):
        raise IndexError(f"position {end} outside text of length {len(text)}")
    prev = _syllable_sound(text[end - 1]) if end and _is_syllable(text[end - 1]) else None
    stop = _chain_end(text, end, prev, suffixes=True)
    return "" if stop is None else text[end:stop]


def find_term(text: str, term: str) -> list[tuple[int, int]]:
    """Spans of ``term`` in ``text`` as a whole word, optionally followed by particles."""
    if not term:
        raise ValueError("term must not be empty")
    prev = _syllable_sound(term[-1]) if _is_syllable(term[-1]) else None
    spans: list[tuple[int, int]] = []
    start = text.find(term)
    while start >= 0:
        end = start + len(term)
        left_ok = start == 0 or not text[start - 1].isalnum()
        if left_ok and _chain_end(text, end, prev, suffixes=True) is not None:
            spans.append((start, end))
            start = text.find(term, end)
        else:
            start = text.find(term, start + 1)
    return spans
