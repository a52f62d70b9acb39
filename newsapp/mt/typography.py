"""Tidy a rule-based engine's spacing and one stray capital, per target language.

Apertium (measured on apertium-eng-spa 0.8.1, tests/mt/test_typography.py) leaves runs of
spaces ("Qué   quieres?", '"Hola,"  dijo.'), keeps the source's spaces inside brackets and
quotes ("( un récord )", '" no "'), and, when a sentence starts with a word it passes through
unchanged (an unknown name, or a glossary placeholder ``[X1X]``), capitalises the first word it
does translate: "Kirby Visitó Seúl.", "[X1X] Dijo no.".

:func:`tidy` changes only whitespace and that one letter's case: the other characters, their
order and every placeholder stay as they were (a property test checks it). Pure Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Glossary placeholders as the engines see them ("[X1X]", "⟦1⟧", "__T1__"): opaque words.
PLACEHOLDER = re.compile(r"\[X\d+X\]|⟦\d+⟧|__T\d+__")
_WORD = re.compile(r"\[X\d+X\]|⟦\d+⟧|__T\d+__|\w+(?:['’-]\w+)*")
#: Runs of spaces and tabs (line breaks inside a sentence are gone before the engine; a
#: no-break space is left as it is).
_SPACES = re.compile(r"[ \t]+")
#: Stands for a placeholder while the spacing is tidied.
_MARKER = "\x00"


@dataclass(frozen=True)
class Rules:
    """What a target language's typography wants around punctuation."""

    #: Marks that take no space before them.
    tight_before: str = ",.;:!?)]}»”’…"
    #: Marks that take no space after them.
    tight_after: str = "([{«“‘¿¡"
    #: Marks preceded by one no-break space (French: « ; : ! ? »).
    spaced_before: str = ""
    #: Marks followed by one no-break space (French: «).
    spaced_after: str = ""
    #: Lower the stray capital after a passed-through first word (not where nouns are
    #: capitalised anyway: German, Luxembourgish).
    stray_capital: bool = True


DEFAULT = Rules()
#: French puts a (no-break) space before ; : ! ? » and after «.
FRENCH = Rules(
    tight_before=",.)]}”’…",
    tight_after="([{“‘¿¡",
    spaced_before=";:!?»",
    spaced_after="«",
)
NOUN_CAPITALS = Rules(stray_capital=False)
RULES: dict[str, Rules] = {"fr": FRENCH, "de": NOUN_CAPITALS, "lb": NOUN_CAPITALS}
NBSP = "\u00a0"


def rules_for(language: str) -> Rules:
    return RULES.get(language.split("-")[0].lower(), DEFAULT)


def tidy(text: str, *, source: str = "", target: str = "") -> str:
    """``text`` (one translated sentence) with the target's spacing, and the stray capital
    after a passed-through first word lowered when ``source`` shows it was no sentence start."""
    if _MARKER in text:
        return text
    rules = rules_for(target)
    # Placeholders are opaque: each stands as one marker character while the spacing is
    # tidied, then comes back unchanged.
    holders = PLACEHOLDER.findall(text)
    pieces = _spacing(_MARKER.join(PLACEHOLDER.split(text)), rules).split(_MARKER)
    out = pieces[0]
    for holder, piece in zip(holders, pieces[1:], strict=True):
        out += holder + piece
    return _stray_capital(out, source) if source and rules.stray_capital else out


def _spacing(text: str, rules: Rules) -> str:
    text = _SPACES.sub(" ", text).strip(" ")
    text = _straight_quotes(text)
    if rules.tight_before:
        text = re.sub(rf" +(?=[{re.escape(rules.tight_before)}])", "", text)
    if rules.tight_after:
        text = re.sub(rf"(?<=[{re.escape(rules.tight_after)}]) +", "", text)
    if rules.spaced_before:
        # Only where the mark is punctuation (followed by a space, the end or more
        # punctuation): "10:30" and "http://" keep their colon tight.
        marks = re.escape(rules.spaced_before)
        text = re.sub(rf"(?<=[^\s;:!?«]) ?(?=[{marks}](?:[\s.,;:!?»)]|$))", NBSP, text)
    if rules.spaced_after:
        marks = re.escape(rules.spaced_after)
        text = re.sub(rf"(?<=[{marks}]) ?(?=\S)", NBSP, text)
    # An inverted mark glued to the word before it ("dijo¿qué") gets its space.
    return re.sub(r"(?<=\w)(?=[¿¡])", " ", text)


def _straight_quotes(text: str) -> str:
    """In a sentence with balanced straight double quotes, the odd ones open (no space after)
    and the even ones close (no space before). Unbalanced quotes are left alone."""
    positions = [i for i, char in enumerate(text) if char == '"']
    if not positions or len(positions) % 2:
        return text
    out: list[str] = []
    last = 0
    for number, index in enumerate(positions):
        chunk = text[last:index]
        if number % 2:  # closing: no space before
            chunk = chunk.rstrip(" ")
        out.append(chunk + '"')
        last = index + 1
        if number % 2 == 0:  # opening: no space after
            while last < len(text) and text[last] == " ":
                last += 1
    out.append(text[last:])
    return "".join(out)


def _stray_capital(text: str, source: str) -> str:
    """ "Kirby Visitó Seúl." → "Kirby visitó Seúl." when the source shows the first translated
    word was no sentence start: the words before it came through unchanged, the source's
    word at that place is lowercase, and the capitalised word is not a name from the source."""
    out_words = list(_WORD.finditer(text))
    src_words = _WORD.findall(source)
    kept = 0
    while (
        kept < len(out_words)
        and kept < len(src_words)
        and out_words[kept].group() == src_words[kept]
    ):
        kept += 1
    if kept == 0 or kept >= len(out_words) or kept >= len(src_words):
        return text
    word = out_words[kept].group()
    if PLACEHOLDER.fullmatch(word) or not word[0].isupper():
        return text
    if len(word) > 1 and not word[1:].islower():
        return text  # an acronym or a name in capitals ("EE", "McCain")
    if not src_words[kept][0].islower() or word in src_words:
        return text
    start = out_words[kept].start()
    return text[:start] + word[0].lower() + text[start + 1 :]
