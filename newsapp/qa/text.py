"""Checks on the target text itself: empty, untranslated, unbalanced brackets or quotes, doubled
words. Brackets and quotes are flagged only when the source is balanced, since a sentence split
inside a quotation leaves both sides open."""

from __future__ import annotations

import re

from .issues import QAIssue, make
from .langdata import CommonData, LanguageData

_WORD = re.compile(r"[^\W\d_]+")
_DOUBLED = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_SCRIPTS: dict[str, re.Pattern[str]] = {
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "Hangul": re.compile(r"[\uac00-\ud7a3\u3131-\u318e]"),
}
#: Below this share of letters in its own script, a target looks untranslated.
_OWN_SCRIPT_SHARE = 0.2
_MIN_WORDS = 3


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def _excerpt(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def untranslated(
    source: str, target: str, source_lang: LanguageData | None, target_lang: LanguageData | None
) -> QAIssue | None:
    """The target is the source again, or (between scripts) hardly uses its own script."""
    if len(_WORD.findall(source)) < _MIN_WORDS:
        return None  # a name or a heading may stay as it is
    if _normal(source) == _normal(target):
        return make("untranslated", {"target_excerpt": _excerpt(target)})
    if source_lang is None or target_lang is None or source_lang.script == target_lang.script:
        return None
    own = _SCRIPTS.get(target_lang.script)
    if own is None:
        return None
    letters = len(_LETTER.findall(target))
    if letters and len(own.findall(target)) < letters * _OWN_SCRIPT_SHARE:
        return make("untranslated", {"target_excerpt": _excerpt(target)}, severity="warning")
    return None


def _unmatched_bracket(text: str, brackets: dict[str, str]) -> str | None:
    closers = {close: open_ for open_, close in brackets.items()}
    stack: list[str] = []
    for ch in text:
        if ch in brackets:
            stack.append(ch)
        elif ch in closers:
            if stack and stack[-1] == closers[ch]:
                stack.pop()
            else:
                return ch
    return stack[-1] if stack else None


def balance(source: str, target: str, shared: CommonData) -> list[QAIssue]:
    issues = []
    if _unmatched_bracket(source, shared.brackets) is None:
        bracket = _unmatched_bracket(target, shared.brackets)
        if bracket is not None:
            index = target.find(bracket)
            issues.append(
                make(
                    "unbalanced-brackets",
                    {"bracket": bracket},
                    target_span=(index, index + 1),
                )
            )
    source_quotes = sum(1 for c in source if c in shared.quote_marks)
    target_quotes = sum(1 for c in target if c in shared.quote_marks)
    if source_quotes % 2 == 0 and target_quotes % 2 == 1:
        issues.append(make("unbalanced-quotes", {"count": str(target_quotes)}))
    return issues


def doubled_words(source: str, target: str, target_lang: LanguageData | None) -> list[QAIssue]:
    allowed = target_lang.doubled_word_allow if target_lang else frozenset()
    issues = []
    source_normal = _normal(source)
    for m in _DOUBLED.finditer(target):
        word = m.group(1)
        if word.isdigit() or word.casefold() in allowed:
            continue
        if _normal(m.group()) in source_normal:
            continue  # the source says it twice too
        issues.append(make("doubled-word", {"word": word}, target_span=m.span()))
    return issues
