"""ApertiumEngine against the real ``apertium`` CLI and Debian's apertium-eng-spa.

Apertium's quality is low, so these tests check invariants (counts, order, numbers,
placeholders, non-empty output that differs from the input), not wording. They are skipped
only on a developer machine without apertium; in CI (``CI=true``) they always run.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from newsapp.mt.apertium import ApertiumEngine, modes_by_pair, parse_mode, split_output
from newsapp.mt.base import MTEngine, MTPermanentError, MTTransientError, UnsupportedPairError

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None and os.environ.get("CI") != "true",
    reason="apertium is not installed (apt-get install apertium apertium-eng-spa)",
)

STORY_EN = [
    "The Pentagon on Tuesday urged North Korea to stop its provocations after Pyongyang "
    "fired 2 ballistic missiles into the sea.",
    "Press Secretary John Kirby told reporters that the launches threatened the region.",
    "He said the United States remained committed to the defense of its allies.",
    "Kirby called on the UN Security Council to hold North Korea accountable.",
    "He added that China has influence over Pyongyang and should use it.",
    "The missiles flew about 600 kilometers before landing in the water.",
    "Officials in Seoul and Tokyo condemned the tests.",
]
NUMBER = re.compile(r"\d+")

WORDS_EN = (
    "the Pentagon said North Korea must stop its missile tests because China and the "
    "United Nations Security Council warned officials in Pyongyang on Tuesday about new "
    "sanctions"
)
WORDS_ES = (
    "el Pentágono dijo que Corea del Norte debe parar sus pruebas de misiles porque China y "
    "el Consejo de Seguridad de la ONU advirtió a los funcionarios en Pyongyang el martes "
    "sobre nuevas sanciones"
)
NEIGHBOURS = [",", ".", ";", ":", "!", "?", "(", ")", '"', "'s", "’s", "—", "%", "/", "¿"]


@pytest.fixture
def engine() -> ApertiumEngine:
    return ApertiumEngine()


def _spy_on_run(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the argument list of every real ``subprocess.run`` call."""
    calls: list[list[str]] = []
    real_run: Callable[..., Any] = subprocess.run

    def spy(args: list[str], *rest: Any, **kwargs: Any) -> Any:
        calls.append(list(args))
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    return calls


def _placeholder_sentences(text: str, fmt: str, count: int) -> list[tuple[str, list[int]]]:
    """Sentences of words from ``text`` with 2-4 placeholders each, next to punctuation,
    at the start, the end and in between."""
    words = text.split()
    rng = random.Random(20240607)
    sentences = []
    for _ in range(count):
        tokens = [rng.choice(words) for _ in range(rng.randint(3, 12))]
        numbers = rng.sample(range(1, 60), rng.randint(2, 4))
        for number in numbers:
            placeholder = fmt.format(n=number)
            style = rng.randrange(4)
            if style == 0:
                placeholder += rng.choice(NEIGHBOURS)
            elif style == 1:
                placeholder = rng.choice(NEIGHBOURS) + placeholder
            elif style == 2:
                placeholder = f"({placeholder})"
            position = rng.choice([0, len(tokens), rng.randint(0, len(tokens))])
            tokens.insert(position, placeholder)
        sentence = " ".join(tokens) + rng.choice([".", "?", "!", ""])
        sentences.append((sentence[0].upper() + sentence[1:], numbers))
    return sentences


def _placeholder_numbers(fmt: str, text: str) -> list[int]:
    before, after = (re.escape(part) for part in fmt.split("{n}"))
    return sorted(int(found) for found in re.findall(f"{before}(\\d+){after}", text))


# --- pure functions (no apertium needed) -----------------------------------------------------


def test_mode_names_map_to_two_letter_pairs() -> None:
    assert parse_mode("eng-spa") == (("en", "es"), True)
    assert parse_mode("en-gl") == (("en", "gl"), True)
    assert parse_mode("spa-eng_US") == (("es", "en"), False)
    for debug_mode in ["eng-spa-tagger", "eng-spa-morph", "spa-eng-postchunk", "eng", "xxx-spa"]:
        assert parse_mode(debug_mode) is None
    modes = modes_by_pair(["eng-spa", "spa-eng_US", "spa-eng", "eng-spa-tagger", "cat-spa_x"])
    assert modes == {("en", "es"): "eng-spa", ("es", "en"): "spa-eng", ("ca", "es"): "cat-spa_x"}


def test_split_output_keeps_order_and_strips() -> None:
    assert split_output(" uno \n\ndos\n \nTres.\n") == ["uno", "dos", "Tres."]


def test_engine_meets_the_contract() -> None:
    engine = ApertiumEngine()
    assert isinstance(engine, MTEngine)
    assert engine.name == "apertium"
    assert engine.label == "Apertium (rule-based)"
    assert "{n}" in engine.placeholder_format


def test_install_hint_names_the_debian_package(engine: ApertiumEngine) -> None:
    hint = engine.install_hint("en", "es")
    assert "apertium-eng-spa" in hint
    assert "apt-get install apertium apertium-eng-spa" in hint
    assert "apertium-en-gl" in engine.install_hint("gl", "en")


# --- real apertium ---------------------------------------------------------------------------


@needs_apertium
def test_available_pairs_include_english_spanish(engine: ApertiumEngine) -> None:
    pairs = engine.available_pairs()
    assert ("en", "es") in pairs
    assert ("es", "en") in pairs
    assert all(len(source) == 2 and len(target) == 2 for source, target in pairs)


@needs_apertium
def test_news_story_round_trip_keeps_count_order_and_numbers(engine: ApertiumEngine) -> None:
    spanish = engine.translate_batch(STORY_EN, "en", "es")
    english = engine.translate_batch(spanish, "es", "en")
    for source, result in [(STORY_EN, spanish), (spanish, english)]:
        assert len(result) == len(source)
        for before, after in zip(source, result, strict=True):
            assert after.strip()
            assert after != before
            assert NUMBER.findall(after) == NUMBER.findall(before)
    assert "2" in NUMBER.findall(spanish[0])
    assert "600" in NUMBER.findall(spanish[5])
    assert "Kirby" in spanish[1]
    assert "Kirby" in spanish[3]
    assert "*" not in " ".join(spanish + english)


@needs_apertium
@pytest.mark.parametrize(
    ("words", "source", "target"), [(WORDS_EN, "en", "es"), (WORDS_ES, "es", "en")]
)
def test_placeholders_come_back_exactly_once(
    engine: ApertiumEngine, words: str, source: str, target: str
) -> None:
    fmt = engine.placeholder_format
    generated = _placeholder_sentences(words, fmt, 60)
    results = engine.translate_batch([sentence for sentence, _ in generated], source, target)
    assert len(results) == len(generated)
    lost = [
        (sentence, result)
        for (sentence, numbers), result in zip(generated, results, strict=True)
        if _placeholder_numbers(fmt, result) != sorted(numbers)
    ]
    assert lost == []


@needs_apertium
def test_a_batch_is_one_call_and_equals_sentence_by_sentence(
    engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentences = [f"{STORY_EN[i % len(STORY_EN)]} It was report {i}." for i in range(38)]
    sentences += ["Is this the end?", "The U.S."]
    engine.available_pairs()  # discovery runs `apertium -l`; leave it out of the count
    calls = _spy_on_run(monkeypatch)
    batched = engine.translate_batch(sentences, "en", "es")
    assert len(calls) == 1
    assert calls[0][1:] == ["-u", "-f", "txt", "eng-spa"]
    one_by_one = [engine.translate_batch([sentence], "en", "es")[0] for sentence in sentences]
    assert len(calls) == 1 + len(sentences)
    assert batched == one_by_one


@needs_apertium
def test_blank_sentences_are_not_sent(
    engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine.available_pairs()
    calls = _spy_on_run(monkeypatch)
    assert engine.translate_batch(["", "  \n "], "en", "es") == ["", ""]
    assert calls == []
    results = engine.translate_batch(["", "The war\nended.", " "], "en", "es")
    assert results[0] == ""
    assert results[2] == ""
    assert results[1]
    assert "\n" not in results[1]


@needs_apertium
def test_missing_pair_names_the_package(engine: ApertiumEngine) -> None:
    with pytest.raises(UnsupportedPairError, match="apertium-urd-hin"):
        engine.translate_batch(["Hello."], "ur", "hi")
    with pytest.raises(UnsupportedPairError, match="apertium-eng-jpn"):
        engine.translate_batch(["Hello."], "en", "ja")


def test_missing_binary_is_a_clear_permanent_error(
    engine: ApertiumEngine, settings: Settings
) -> None:
    settings.APERTIUM_BINARY = "/nonexistent/apertium"
    with pytest.raises(MTPermanentError, match="apt-get install apertium apertium-eng-spa"):
        engine.translate_batch(["Hello."], "en", "es")
    with pytest.raises(MTPermanentError, match="not installed"):
        engine.available_pairs()


def _script(tmp_path: Path, body: str) -> str:
    """A stand-in for the CLI that lists eng-spa and then runs ``body``."""
    path = tmp_path / "apertium"
    path.write_text(f'#!/bin/sh\nif [ "$1" = "-l" ]; then echo "  eng-spa"; exit 0; fi\n{body}\n')
    path.chmod(0o755)
    return str(path)


def test_timeout_is_transient(engine: ApertiumEngine, settings: Settings, tmp_path: Path) -> None:
    settings.APERTIUM_BINARY = _script(tmp_path, "exec sleep 30")
    settings.APERTIUM_TIMEOUT_SECONDS = 1
    with pytest.raises(MTTransientError, match="APERTIUM_TIMEOUT_SECONDS"):
        engine.translate_batch(["Hello."], "en", "es")


def test_failing_cli_reports_the_first_line_of_stderr(
    engine: ApertiumEngine, settings: Settings, tmp_path: Path
) -> None:
    settings.APERTIUM_BINARY = _script(
        tmp_path, 'echo "Error: broken pipe data" >&2\necho more >&2\nexit 3'
    )
    with pytest.raises(MTPermanentError, match=r"exit status 3\): Error: broken pipe data$"):
        engine.translate_batch(["Hello."], "en", "es")
