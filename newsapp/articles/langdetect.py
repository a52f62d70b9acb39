"""Offline source-language detection with lingua, restricted to the installed languages."""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder


def _language(code: str) -> Language | None:
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _detector(codes: frozenset[str]) -> LanguageDetector | None:
    languages = [lang for lang in map(_language, sorted(codes)) if lang is not None]
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str, candidates: set[str]) -> str | None:
    """The most likely language of ``text`` among ``candidates`` (2-letter codes), or None."""
    if len(candidates) == 1:
        return next(iter(candidates))
    detector = _detector(frozenset(candidates))
    if detector is None:
        return None
    found = detector.detect_language_of(text[:5000])
    return found.iso_code_639_1.name.lower() if found else None
