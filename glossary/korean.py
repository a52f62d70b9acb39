"""Korean particle (josa) agreement and particle-aware term matching. Pure Python, no Django.

``final_sound`` says how a word ends when read aloud; ``substitute`` and ``agree`` make the
particle attached to a term agree with it (평양은, 커비는, 서울로); ``find_term`` finds a term
as a word, followed by particles or listed bound suffixes but not by the rest of a longer
word (북한산, 미국인); ``particle_errors`` finds a term followed by a particle of the wrong
form (평양는). Readings of Latin and digit terms are data: pass ``reading=`` (the term's
Hangul reading, e.g. NATO 나토); without one, spelling, digit and unit rules decide.
The rules, with their examples and the ambiguities resolved, are in docs/korean.md.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Generator
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
    "Alternation",
    "ParticleError",
    "Sound",
    "agree",
    "final_sound",
    "find_term",
    "particle_after",
    "particle_errors",
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
    _pair("은커녕", "는커녕"),
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
    # vocatives; 아/야 before 이야 so that a bare 야 resolves to the vocative
    _pair("아", "야"),
    _pair("이여", "여"),
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
    "입니다", "인데", "인지", "인가", "임",
)  # fmt: skip
# The adnominal copula 인 is also the derivational suffix of 미국인 (an American): after a
# term it counts as a particle only before the bound noun 것 (미국인 것으로 = that it is the US).
_COPULA_IN: Final = "인"
_COPULA_IN_NOUN: Final = re.compile(r"\s+것")

FIXED_PARTICLES: Final[frozenset[str]] = frozenset((*_FIXED_OPEN, *_FIXED_CLOSED, _COPULA_IN))
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
    before_noun: bool = False  # the copula 인: only before 것


def _build_pieces() -> dict[str, tuple[_Piece, ...]]:
    pieces: dict[str, list[_Piece]] = {}
    for text in SUFFIXES:
        pieces.setdefault(text, []).append(_Piece(suffix=True, closed=False))
    for text in _FIXED_OPEN:
        pieces.setdefault(text, []).append(_Piece(suffix=False, closed=False))
    for text in _FIXED_CLOSED:
        pieces.setdefault(text, []).append(_Piece(suffix=False, closed=True))
    pieces.setdefault(_COPULA_IN, []).append(_Piece(suffix=False, closed=True, before_noun=True))
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
    ("의", "은", "는", "은커녕", "는커녕", "도", "만", "까지", "부터", "조차", "마저", "밖에",
     "처럼", "보다")
)  # fmt: skip

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
    """Heuristic for a lower- or mixed-case Latin word (used when no reading is given).

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


def _latin_sound(text: str) -> Sound:
    """Final sound of ``text``, which ends in an ASCII letter or digit, by the rules alone."""
    if text[-1].isdigit():
        return _number_sound(text)
    match = _WORD_RE.search(text)
    word = match.group() if match else text[-1]
    before = text[: len(text) - len(word)].rstrip(" ")
    if before[-1:].isdigit() and word in _UNIT_READINGS:
        return _reading_sound(_UNIT_READINGS[word])
    bare = word.replace("'", "").replace("’", "")
    if len(bare) == 1 or bare.isupper():
        return _reading_sound(LETTER_READINGS[bare[-1].upper()])
    return _english_sound(bare)


def _rule_sound(word: str) -> Sound | None:
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


def final_sound(word: str, *, reading: str | None = None) -> Sound | None:
    """How ``word`` ends when read in Korean: "vowel", "rieul", "consonant", or None.

    ``reading``: how the whole word is read, in Hangul (NATO: 나토); it decides when it has a
    known final sound. Otherwise the rules decide (docs/korean.md).
    """
    if reading:
        sound = _rule_sound(reading)
        if sound is not None:
            return sound
    return _rule_sound(word)


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
            if piece.before_noun:
                found = end if _COPULA_IN_NOUN.match(text, end) else None
            elif piece.closed:
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


def agree(term: str, particles: str, *, reading: str | None = None) -> str:
    """``particles`` (as attached after a word) with its leading particle agreeing with ``term``.

    >>> agree("커비", "은"), agree("서울", "으로부터의"), agree("평양", "측은")
    ('는', '로부터의', '측은')
    >>> agree("NATO", "이", reading="나토")
    '가'
    """
    sound = final_sound(term, reading=reading)
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


def substitute(text: str, placeholder: str, term: str, *, reading: str | None = None) -> str:
    """Replace each ``placeholder`` with ``term`` and fix the particle attached to it.

    ``reading``: the term's Hangul reading, if it ends in Latin letters or digits.

    >>> substitute("⟦1⟧는 말했다", "⟦1⟧", "NATO", reading="나토")
    'NATO는 말했다'
    """
    if not placeholder:
        raise ValueError("placeholder must not be empty")
    starts = _occurrences(text, placeholder)
    sound = final_sound(term, reading=reading)
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


def _agreement_sound(term: str, reading: str | None) -> Sound | None:
    """The final sound a particle after ``term`` must agree with, when it is certain.

    A Hangul ending, or a given reading; a Latin or digit ending without a reading accepts
    either form, since readings vary (G7은 and G7는 are both written).
    """
    if reading:
        return final_sound(term, reading=reading)
    return _syllable_sound(term[-1]) if _is_syllable(term[-1]) else None


def _spaced_pattern(term: str) -> re.Pattern[str] | None:
    """For a term with spaces inside, a pattern where each inner space run is ``\\s*``."""
    inner = term.strip()
    if not any(char.isspace() for char in inner):
        return None
    return _compiled_spaced(term)


@functools.lru_cache(maxsize=1024)
def _compiled_spaced(term: str) -> re.Pattern[str]:
    head = term[: len(term) - len(term.lstrip())]
    tail = term[len(term.rstrip()) :]
    inner = r"\s*".join(re.escape(part) for part in term.split())
    return re.compile(re.escape(head) + inner + re.escape(tail))


def _candidates(text: str, term: str) -> Generator[tuple[int, int], int | None, None]:
    """Every place ``term`` is written in ``text``, left to right; overlapping ones too.

    The caller sends back where to go on from (after an accepted span, or one further).
    """
    pattern = _spaced_pattern(term)
    pos = 0
    while True:
        if pattern is None:
            start = text.find(term, pos)
            if start < 0:
                return
            end = start + len(term)
        else:
            match = pattern.search(text, pos)
            if match is None:
                return
            start, end = match.span()
        resume = yield start, end
        pos = resume if resume is not None else start + 1


def _scan(text: str, term: str, accept: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Spans where ``accept(start, end)`` holds, non-overlapping, left to right."""
    if not term:
        raise ValueError("term must not be empty")
    spans: list[tuple[int, int]] = []
    found = _candidates(text, term)
    span = next(found, None)
    while span is not None:
        start, end = span
        ok = (start == 0 or not text[start - 1].isalnum()) and accept(start, end)
        if ok:
            spans.append(span)
        try:
            span = found.send(end if ok else start + 1)
        except StopIteration:
            span = None
    return spans


def find_term(text: str, term: str, *, reading: str | None = None) -> list[tuple[int, int]]:
    """Spans of ``term`` in ``text`` as a whole word, optionally followed by particles.

    Spaces inside the term match zero or more spaces (유엔 안전보장이사회 is found in
    유엔안전보장이사회는). A particle of the wrong form (평양는) is no match, and neither is a
    derivational suffix (미국인, 도발적).
    """
    prev = _agreement_sound(term, reading) if term else None

    def accept(_start: int, end: int) -> bool:
        return _chain_end(text, end, prev, suffixes=True) is not None

    return _scan(text, term, accept)


@dataclass(frozen=True)
class ParticleError:
    """A term followed by an alternating particle of the wrong form (평양는 for 평양은)."""

    start: int  #: where the term starts in the text
    end: int  #: where it ends (the particle starts here)
    term: str  #: the term as written, ``text[start:end]``
    written: str  #: the particle as written (는)
    expected: str  #: the form that agrees with the term (은)

    @property
    def message(self) -> str:
        return f"particle error: {self.term}{self.written} should be {self.term}{self.expected}"


# Not reported after a consonant: with these the term + syllable is more often another word
# than a copula (서울고 is a high school), and find_term already refuses it as a match.
_UNREPORTED: Final = frozenset({"고"})


def particle_errors(text: str, term: str, *, reading: str | None = None) -> list[ParticleError]:
    """Where ``term`` is followed by an alternating particle that does not agree with it.

    The spans are those ``find_term`` refuses because of that particle alone (평양는 →
    평양은, 커비은 → 커비는, 서울으로 → 서울로). Nothing is reported after a Latin or digit
    ending without a ``reading``, since either form is then accepted.
    """
    sound = _agreement_sound(term, reading) if term else None
    if sound is None:
        return []
    errors: list[ParticleError] = []

    def accept(start: int, end: int) -> bool:
        if _chain_end(text, end, sound, suffixes=True) is not None:
            return False  # a correct match
        found = _leading_alternation(text, end)
        if found is None:
            return False
        stop, alternation = found
        written = text[end:stop]
        if alternation.accepts(written, sound) or written in _UNREPORTED:
            return False
        expected = alternation.choose(written, sound)
        errors.append(ParticleError(start, end, text[start:end], written, expected))
        return True

    _scan(text, term, accept)
    return errors
