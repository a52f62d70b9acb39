"""``check_segment``: every QA check on one translated sentence."""

from __future__ import annotations

from .compare import Side, compare
from .extract import extractor
from .issues import QAIssue, make
from .langdata import common, language
from .text import balance, doubled_words, untranslated


def check_segment(
    source: str,
    target: str,
    *,
    source_lang: str,
    target_lang: str,
    truncated: bool = False,
) -> list[QAIssue]:
    """The issues in one translated sentence, errors and warnings, in a stable order.

    ``truncated``: the engine reported that its output reached the decoding limit.
    Numbers, dates and weekdays are checked when both languages have data tables
    (``newsapp/qa/data``); the other checks run for any pair.
    """
    issues: list[QAIssue] = []
    if truncated:
        issues.append(make("truncated"))
    if not target.strip():
        if source.strip():
            issues.append(make("empty"))
        return issues
    if not source.strip():
        return issues
    source_data, target_data = language(source_lang), language(target_lang)
    same = untranslated(source, target, source_data, target_data)
    if same is not None:
        issues.append(same)
        return issues
    source_extractor, target_extractor = extractor(source_lang), extractor(target_lang)
    shared = common()
    if source_extractor is not None and target_extractor is not None:
        found_s = source_extractor.extract(source)
        found_t = target_extractor.extract(target)
        issues += compare(
            Side(source, found_s.numbers, found_s.dates, found_s.weekdays),
            Side(target, found_t.numbers, found_t.dates, found_t.weekdays),
            shared.unit_categories,
            target_extractor.lang.name,
        )
    issues += balance(source, target, shared)
    issues += doubled_words(source, target, target_data)
    return issues
