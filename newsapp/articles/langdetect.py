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


#: Languages a desk commonly receives: detection among these names what a text really is,
#: even when no installed engine translates from it.
WIDE = frozenset({"en", "ko", "ja", "zh", "es", "fr", "de", "pt", "it", "ru", "ar", "nl", "vi"})


@lru_cache(maxsize=4)
def _wide_detector(codes: frozenset[str]) -> LanguageDetector | None:
    """Low-accuracy mode: a fraction of the memory, reliable on a paragraph or more (the
    callers want a confident answer or none)."""
    languages = [lang for lang in map(_language, sorted(codes)) if lang is not None]
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_wide(text: str, extra: frozenset[str] = frozenset()) -> tuple[str, float] | None:
    """The most likely language of ``text`` among the common ones (and ``extra``), with
    lingua's confidence (0–1); None for text too short to tell (under 20 letters)."""
    if sum(ch.isalpha() for ch in text[:5000]) < 20:
        return None
    detector = _wide_detector(WIDE | extra)
    if detector is None:
        return None
    values = detector.compute_language_confidence_values(text[:5000])
    if not values:
        return None
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), float(best.value)


def plainly_not(text: str, declared: str) -> str | None:
    """The language ``text`` plainly is when it is not ``declared`` (confidence ≥ 0.9 for
    another language), else None."""
    found = detect_wide(text, frozenset({declared}) if _language(declared) else frozenset())
    if found is None:
        return None
    code, confidence = found
    return code if code != declared and confidence >= 0.9 else None
