"""Glossary compliance of a translation: the summary shown on badges and used by approval."""

from __future__ import annotations

from glossary.checking import SegmentReport, summarize
from newsapp.articles.models import Translation


def translation_compliance(*, translation: Translation) -> dict[str, object]:
    """The glossary compliance summary over a translation's segments."""
    checks = translation.segments.values_list("term_checks", flat=True)
    return summarize([SegmentReport.from_json(data) for data in checks])
