"""Reads behind /metrics and /healthz: the translation pipeline's figures, in a few queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Min, Sum
from django.utils import timezone

from newsapp.articles.models import Translation

Status = Translation.Status

#: Throughput is averaged over this window (sentences of translations finished in it).
THROUGHPUT_WINDOW = timedelta(minutes=5)
#: Term compliance is summed over translations finished in this window.
COMPLIANCE_WINDOW = timedelta(hours=24)


@dataclass
class PipelineFigures:
    by_status: dict[str, int] = field(default_factory=dict)
    #: Sentences translated so far, per engine (a counter: rate() gives sentences per second).
    sentences_by_engine: dict[str, int] = field(default_factory=dict)
    #: Sentences per second over THROUGHPUT_WINDOW, per engine.
    throughput_by_engine: dict[str, float] = field(default_factory=dict)
    oldest_queued_seconds: float = 0.0
    terms_expected: int = 0
    terms_rendered: int = 0


def pipeline_figures() -> PipelineFigures:
    now = timezone.now()
    figures = PipelineFigures()
    rows = Translation.objects.values("status").annotate(n=Count("id")).order_by()
    figures.by_status = dict.fromkeys(Status.values, 0)
    figures.by_status.update({row["status"]: row["n"] for row in rows})
    engines = (
        Translation.objects.exclude(engine="")
        .values("engine")
        .annotate(n=Sum("segments_done"))
        .order_by()
    )
    figures.sentences_by_engine = {row["engine"]: row["n"] or 0 for row in engines}
    recent = (
        Translation.objects.filter(status=Status.DONE, finished_at__gte=now - THROUGHPUT_WINDOW)
        .exclude(engine="")
        .values("engine")
        .annotate(n=Sum("segments_done"))
        .order_by()
    )
    window = THROUGHPUT_WINDOW.total_seconds()
    figures.throughput_by_engine = dict.fromkeys(figures.sentences_by_engine, 0.0)
    figures.throughput_by_engine.update({row["engine"]: (row["n"] or 0) / window for row in recent})
    oldest = Translation.objects.filter(status=Status.QUEUED).aggregate(at=Min("created_at"))["at"]
    figures.oldest_queued_seconds = max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
    summaries = Translation.objects.filter(
        status=Status.DONE, finished_at__gte=now - COMPLIANCE_WINDOW
    ).values_list("compliance", flat=True)
    for summary in summaries.iterator(chunk_size=2000):
        summary = summary or {}
        figures.terms_expected += int(summary.get("expected", 0))
        figures.terms_rendered += int(summary.get("rendered", 0))
    return figures
