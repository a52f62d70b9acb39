"""Forbidden glossary terms never break an Argos translation, and engine errors are classified.

The tiny test tokenizer knows none of the characters below, so CTranslate2 used to refuse the
whole call (``ValueError: Token … is not in the vocabulary``) for every sentence.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

import pytest

from newsapp.mt import argos
from newsapp.mt.argos import engine as engine_module
from newsapp.mt.base import MTBadInputError, MTPermanentError, MTTransientError

SENTENCES = [
    "The United States urged North Korea to cease its provocations.",
    "Pentagon Press Secretary John Kirby spoke.",
    "China has influence over Pyongyang.",
]

UNSPELLABLE = {
    "rare Hangul": "똠방각하",
    "Hanja": "龜鑑",
    "emoji": "🚀",
    "Latin with diacritics": "Ñoño café",
}


def _model(source: str = "en", target: str = "ko") -> engine_module._Model:
    info = next(p for p in argos.installed_packages() if (p.source, p.target) == (source, target))
    return engine_module._load(info)


@pytest.mark.parametrize("term", UNSPELLABLE.values(), ids=UNSPELLABLE.keys())
def test_unspellable_forbidden_term_is_skipped_and_logged(
    argos_engine: None, term: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = argos.ArgosEngine()
    plain = engine.translate_batch(SENTENCES, "en", "ko")
    with caplog.at_level(logging.WARNING, logger=engine_module.__name__):
        guarded = engine.translate_batch(SENTENCES, "en", "ko", avoid=[term])
    assert guarded == plain  # nothing could be suppressed, and nothing failed
    warnings = [r.getMessage() for r in caplog.records if term in r.getMessage()]
    assert len(warnings) == 1
    assert "output check" in warnings[0]


def test_unspellable_term_is_logged_once(
    argos_engine: None, caplog: pytest.LogCaptureFixture
) -> None:
    engine = argos.ArgosEngine()
    term = "뷁뷁 쀍"
    with caplog.at_level(logging.WARNING, logger=engine_module.__name__):
        for _ in range(3):
            engine.translate_batch(SENTENCES, "en", "ko", avoid=[term, "이것"])
    assert sum(term in r.getMessage() for r in caplog.records) == 1


def test_spellable_terms_still_steer_next_to_unspellable_ones(argos_engine: None) -> None:
    engine = argos.ArgosEngine()
    sentences = SENTENCES * 3 + ["Seoul and Tokyo spoke.", "Kirby left."]
    before = engine.translate_batch(sentences, "en", "ko")
    pairs = Counter(
        t[i : i + 2] for t in before for i in range(len(t) - 1) if " " not in t[i : i + 2]
    )
    forbidden, count = pairs.most_common(1)[0]
    assert count >= 3, forbidden
    after = engine.translate_batch(sentences, "en", "ko", avoid=[*UNSPELLABLE.values(), forbidden])
    assert sum(t.count(forbidden) for t in after) < count


def test_forbidden_terms_are_encoded_once_per_model(
    argos_engine: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _model()
    model.suppress_cache.clear()
    encoded: list[str] = []

    class Counting:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def encode(self, text: str, **kwargs: Any) -> Any:
            encoded.append(text)
            return self.inner.encode(text, **kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(model, "tokenizer", Counting(model.tokenizer))
    avoid = ["평양", "서울", "🚀"]
    engine = argos.ArgosEngine()
    engine.translate_batch(SENTENCES, "en", "ko", avoid=avoid)
    engine.translate_batch(SENTENCES[:1], "en", "ko", avoid=avoid)
    assert sorted(t for t in encoded if t in avoid) == sorted(avoid)  # once each, not per call
    assert model.suppress_cache["🚀"] == ()
    assert model.suppress_cache["평양"]


class _Raising:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def translate_batch(self, *args: object, **kwargs: object) -> None:
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (ValueError("Token 똠 is not in the vocabulary"), MTBadInputError),
        (TypeError("incompatible function arguments"), MTBadInputError),
        (IndexError("list index out of range"), MTBadInputError),
        (RuntimeError("std::bad_alloc"), MTTransientError),
        (MemoryError(), MTTransientError),
        (OSError("No space left on device"), MTTransientError),
        (AssertionError("unexpected"), MTPermanentError),
    ],
)
def test_engine_errors_are_classified(
    argos_engine: None,
    monkeypatch: pytest.MonkeyPatch,
    exc: BaseException,
    expected: type[Exception],
) -> None:
    monkeypatch.setattr(_model(), "translator", _Raising(exc))
    with pytest.raises(expected) as caught:
        argos.ArgosEngine().translate_batch(SENTENCES, "en", "ko")
    assert type(exc).__name__ in str(caught.value)
    permanent = issubclass(expected, MTPermanentError)
    assert isinstance(caught.value, MTPermanentError) is permanent
    assert isinstance(caught.value, MTTransientError) is not permanent
