"""Synchronous translation of a whole text (the `translate_file` command, benchmarks), through
the same segmentation, engine and enforcement code as the workers."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from glossary.checking import SegmentReport, summarize
from glossary.enforcement import Enforcer
from newsapp.articles import text as text_utils
from newsapp.articles.models import Translation
from newsapp.core.errors import ServiceError
from newsapp.mt import registry
from newsapp.mt.base import UnsupportedPairError

logger = logging.getLogger(__name__)

Status = Translation.Status


@dataclass
class TextTranslation:
    text: str
    engine: str
    sources: list[str]
    reports: list[SegmentReport]

    def report(self) -> dict[str, object]:
        """The compliance summary, each term's tally, and the flagged sentences."""
        terms: dict[tuple[str, str], dict[str, object]] = {}
        for report in self.reports:
            for check in report.checks:
                row = terms.setdefault(
                    (check.source, check.expected),
                    {"source": check.source, "expected": check.expected, "occurrences": 0,
                     "rendered": 0, "methods": {}},
                )  # fmt: skip
                row["occurrences"] += 1  # type: ignore[operator]
                row["rendered"] += int(check.rendered)  # type: ignore[operator]
                methods: dict[str, int] = row["methods"]  # type: ignore[assignment]
                methods[check.method] = methods.get(check.method, 0) + 1
        flagged = [
            {"sentence": i + 1, "source": self.sources[i], "reasons": r.reasons}
            for i, r in enumerate(self.reports)
            if r.flagged
        ]
        return {
            "engine": self.engine,
            "summary": summarize(self.reports),
            "terms": sorted(terms.values(), key=lambda row: str(row["source"])),
            "flagged": flagged,
        }


def translate_text_now(*, text: str, source: str, target: str, engine: str = "") -> TextTranslation:
    """Translate a whole text synchronously, with glossary enforcement, through the same
    segmentation, engine and enforcement code as the workers."""
    try:
        mt = registry.engine_for_pair(source, target, engine)
    except UnsupportedPairError as exc:
        raise ServiceError(str(exc)) from None
    planned = text_utils.segment(text, source)
    sources = [s.source for s in planned]
    rendered = Enforcer(mt, source, target).translate(sources) if planned else []
    assembled = text_utils.assemble(
        (s.paragraph_index, r.text, s.separator) for s, r in zip(planned, rendered, strict=True)
    )
    return TextTranslation(assembled, mt.name, sources, [r.report for r in rendered])
