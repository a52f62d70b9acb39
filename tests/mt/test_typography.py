"""Apertium's typography: real engine output before and after ``typography.tidy``, and the
properties that make it safe (only spaces and one capital change; placeholders untouched)."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsapp.mt.apertium import ApertiumEngine, normalise
from newsapp.mt.typography import NBSP, PLACEHOLDER, tidy

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None and os.environ.get("CI") != "true",
    reason="apertium is not installed (apt-get install apertium apertium-eng-spa)",
)

# (source language, target, source sentence, Apertium's raw output, stored machine text),
# raw outputs as apertium 3.8.3 / apertium-eng-spa 0.8.1 gives them.
REAL = [
    ("en", "es", "Kirby visited Seoul.", "Kirby Visitó Seúl.", "Kirby visitó Seúl."),
    ("en", "es", "[X1X] said the talks were over.",
     "[X1X] Dijo las charlas eran encima.", "[X1X] dijo las charlas eran encima."),
    ("en", "es", "Kirby and Biden met on Tuesday.",
     "Kirby Y Biden cumplió encima martes.", "Kirby y Biden cumplió encima martes."),
    ("en", "es", "Pyongyang fired a missile.", "Pyongyang Disparó un misil.",
     "Pyongyang disparó un misil."),
    ("en", "es", '"Hello," she said.', '"Hola,"  dijo.', '"Hola," dijo.'),
    ("en", "es", "What do you want? Nothing.", "Qué   quieres? Nada.", "Qué quieres? Nada."),
    ("en", "es", "The price rose 5% in 2024 ( a record ).",
     "El precio ascendió 5% en 2024 ( un récord ).",
     "El precio ascendió 5% en 2024 (un récord)."),
    ("en", "es", "It's [X1X] , not [X2X].", "Es [X1X] , no [X2X].", "Es [X1X], no [X2X]."),
    ("en", "es", 'He said: " we will not negotiate " and left.',
     'Dijo: " no negociaremos " y dejó.', 'Dijo: "no negociaremos" y dejó.'),
    ("en", "es", "He asked ¿ qué ? and left.", "Pidió ¿ qué ? Y dejó.",
     "Pidió ¿qué? Y dejó."),
    ("en", "es", "Is it true ? Yes !", "Es cierto ? Sí !", "Es cierto? Sí!"),
    # Left alone: the capital is the sentence's own, or a name.
    ("en", "es", "He said no.", "Dijo núm.", "Dijo núm."),
    ("en", "es", "Seoul said no.", "Seúl dijo núm.", "Seúl dijo núm."),
    ("en", "es", "The U.S. and [X1X] condemned the tests.",
     "Los EE.UU. y [X1X] condenó las pruebas.", "Los EE.UU. y [X1X] condenó las pruebas."),
    ("es", "en", "¿ Qué quieres ?", "What want to ?", "What want to?"),
    ("es", "en", "Dijo : « no » .", "It said : « no » .", "It said: «no»."),
    ("es", "en", "[X1X] visitó Seúl.", "[X1X] Visited Seoul.", "[X1X] visited Seoul."),
]  # fmt: skip


@needs_apertium
@pytest.mark.parametrize(("source", "target", "sentence", "raw", "tidied"), REAL)
def test_real_apertium_output_before_and_after(
    source: str, target: str, sentence: str, raw: str, tidied: str
) -> None:
    engine = ApertiumEngine()
    assert engine._call(normalise(sentence), engine._mode_for(source, target)) == raw
    assert engine.translate_batch([sentence], source, target) == [tidied]


@needs_apertium
def test_a_batch_is_tidied_sentence_by_sentence() -> None:
    rows = [row for row in REAL if row[:2] == ("en", "es")]
    engine = ApertiumEngine()
    assert engine.translate_batch([r[2] for r in rows], "en", "es") == [r[4] for r in rows]


@needs_apertium
def test_the_tidy_rules_are_part_of_the_cache_fingerprint() -> None:
    assert ApertiumEngine().fingerprint("en", "es").endswith(":tidy1")


@pytest.mark.parametrize(
    ("target", "text", "expected"),
    [
        # French: a no-break space before ; : ! ? » and after «; none before , and .
        ("fr", "Il a dit : « non » !", f"Il a dit{NBSP}: «{NBSP}non{NBSP}»{NBSP}!"),
        ("fr", "Il a dit: «non»!", f"Il a dit{NBSP}: «{NBSP}non{NBSP}»{NBSP}!"),
        ("fr", "Vraiment ?! Oui , à 10:30 sur http://x.fr .",
         f"Vraiment{NBSP}?! Oui, à 10:30 sur http://x.fr."),
        ("fr-CA", "Quoi?", f"Quoi{NBSP}?"),
        # Spanish inverted marks: tight to their word, spaced from the one before.
        ("es", "dijo¡ hola !", "dijo ¡hola!"),
        ("es", "¿ Vienes ? ¡ Claro !", "¿Vienes? ¡Claro!"),
        # Unbalanced straight quotes are left alone; a no-break space survives.
        ("es", 'dijo " no , y', 'dijo " no, y'),
        ("en", f"10{NBSP}000 people", f"10{NBSP}000 people"),
        # Placeholders are opaque words.
        ("en", "( [X1X] ) and ⟦2⟧ , __T3__ .", "([X1X]) and ⟦2⟧, __T3__."),
        ("en", "  \t lots   of\tspace  ", "lots of space"),
    ],
)  # fmt: skip
def test_spacing_rules_per_language(target: str, text: str, expected: str) -> None:
    assert tidy(text, target=target) == expected


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        ("Kirby told Biden no.", "Kirby Biden dijo núm.", "Kirby Biden dijo núm."),  # a name
        ("Kirby met NATO.", "Kirby OTAN cumplió.", "Kirby OTAN cumplió."),  # capitals
        ("Kirby Seoul office.", "Kirby Seúl oficina.", "Kirby Seúl oficina."),  # source capital
        ("Kirby McCain met.", "Kirby McCain Cumplió.", "Kirby McCain cumplió."),
        ("[X1X] [X2X] said.", "[X1X] [X2X] Dijo.", "[X1X] [X2X] dijo."),
        ("Kirby.", "Kirby.", "Kirby."),
        ("", "Kirby Visitó.", "Kirby Visitó."),  # no source, no capital rule
    ],
)
def test_the_stray_capital(source: str, text: str, expected: str) -> None:
    assert tidy(text, source=source, target="es") == expected


def test_no_stray_capital_rule_where_nouns_take_capitals() -> None:
    text = "[X1X] Regierung sagte nein."
    assert tidy(text, source="[X1X] government said no.", target="de") == text
    assert tidy(text, source="[X1X] government said no.", target="es") != text


_SPACE = re.compile(r"\s+")
ALPHABET = st.sampled_from(
    [*"aAbBñÑéÉzZ  \t,.;:!?¿¡()[]«»\"'%-", "[X1X]", "[X22X]", "⟦3⟧", "__T4__", " Dijo", "X"]
)
texts = st.lists(ALPHABET, max_size=40).map("".join)


def _changed_letters(before: str, after: str) -> list[tuple[str, str]]:
    a, b = _SPACE.sub("", before), _SPACE.sub("", after)
    assert len(a) == len(b), f"characters other than spaces changed: {before!r} -> {after!r}"
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


@settings(max_examples=400, deadline=None)
@given(text=texts, source=texts, target=st.sampled_from(["es", "en", "fr", "ca"]))
@example(text="[X1X] Dijo núm.", source="[X1X] said no.", target="es")
@example(text='" [X1X] " , ( [X2X] )', source="", target="es")
def test_tidy_changes_only_spaces_and_one_capital(text: str, source: str, target: str) -> None:
    after = tidy(text, source=source, target=target)
    changed = _changed_letters(text, after)
    assert len(changed) <= 1
    for old, new in changed:
        assert old.isupper()
        assert new == old.lower()
    assert PLACEHOLDER.findall(after) == PLACEHOLDER.findall(text)
    assert tidy(after, source=source, target=target) == after  # idempotent


def _word_gaps(text: str) -> list[tuple[bool, bool]]:
    """For each placeholder: is it spaced from a word (letter or digit) before, and after?"""
    gaps = []
    for match in PLACEHOLDER.finditer(text):
        before = re.search(r"(\w)\s+$", text[: match.start()]) is not None
        after = re.match(r"\s+\w", text[match.end() :]) is not None
        gaps.append((before, after))
    return gaps


@settings(max_examples=400, deadline=None)
@given(text=texts, target=st.sampled_from(["es", "fr", "en"]))
@example(text="a [X1X] b", target="es")
def test_a_placeholder_is_never_glued_to_a_word(text: str, target: str) -> None:
    """The term restored into a placeholder must not run into the next word: where a space
    separated it from a word, a space still does."""
    after = tidy(text, target=target)
    for (was_before, was_after), (now_before, now_after) in zip(
        _word_gaps(text), _word_gaps(after), strict=True
    ):
        assert now_before or not was_before, (text, after)
        assert now_after or not was_after, (text, after)
