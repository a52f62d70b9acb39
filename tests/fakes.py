"""A fake MT engine for logic tests (never for claims about real translation)."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Sequence
from typing import ClassVar

from newsapp.mt.base import MTPermanentError, MTTransientError, Pair


class FakeEngine:
    """Translates by tagging: "Hello." → "[ko] Hello.". Records every call."""

    name: ClassVar[str] = "fake"
    label: ClassVar[str] = "Fake engine (tests)"
    placeholder_format: ClassVar[str] = "⟦{n}⟧"
    pairs: ClassVar[set[Pair]] = {("en", "ko"), ("ko", "en"), ("en", "ja"), ("en", "es")}
    calls: ClassVar[list[tuple[tuple[str, ...], str, str]]] = []
    #: Set to an exception instance to make the next calls fail.
    fail_with: ClassVar[Exception | None] = None

    def available_pairs(self) -> set[Pair]:
        return set(self.pairs)

    def install_hint(self, source: str, target: str) -> str:
        return f"(fake) install {source}-{target}."

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        if self.fail_with is not None:
            raise self.fail_with
        if (source, target) not in self.pairs:
            raise MTPermanentError(f"fake cannot do {source}->{target}")
        type(self).calls.append((tuple(sentences), source, target))
        return [f"[{target}] {s}" for s in sentences]


class SleepyEngine(FakeEngine):
    """For worker-process tests: sleeps 0.2–0.5 s per batch; an article whose text
    contains POISON kills its worker process (simulating an out-of-memory crash)."""

    name: ClassVar[str] = "sleepy"

    def translate_batch(
        self, sentences: Sequence[str], source: str, target: str, *, avoid: Sequence[str] = ()
    ) -> list[str]:
        if any("POISON" in s for s in sentences):
            os._exit(137)
        if any("TRANSIENT" in s for s in sentences):
            raise MTTransientError("engine busy")
        low = float(os.environ.get("SLEEPY_MIN", "0.2"))
        high = float(os.environ.get("SLEEPY_MAX", "0.5"))
        time.sleep(random.uniform(low, high))
        return [f"[{target}] {s}" for s in sentences]
