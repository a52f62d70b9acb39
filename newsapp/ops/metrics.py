"""Prometheus metrics: request latency (recorded by the web processes) and the pipeline's
figures (read from the database, Redis and the sweeper's heartbeat at each scrape).

Under gunicorn, ``PROMETHEUS_MULTIPROC_DIR`` (set by newsapp/ops/gunicorn_conf.py) makes the
web workers share their histograms through files. The alerts to set are in
docs/operations.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from newsapp import queue
from newsapp.ops.selectors import pipeline_figures

REQUEST_LATENCY = Histogram(
    "newsdesk_http_request_duration_seconds",
    "Time to answer an HTTP request, by URL name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


class DeskCollector(Collector):
    """The pipeline's state, read at scrape time (a few aggregate queries)."""

    def collect(self) -> Iterator[Metric]:
        figures = pipeline_figures()
        by_status = GaugeMetricFamily(
            "newsdesk_translations", "Translations by status.", labels=["status"]
        )
        for status, n in sorted(figures.by_status.items()):
            by_status.add_metric([status], n)
        yield by_status
        finished = CounterMetricFamily(
            "newsdesk_translations_finished", "Translations finished, by outcome.",
            labels=["status"],
        )  # fmt: skip
        for status in ("done", "failed"):
            finished.add_metric([status], figures.by_status.get(status, 0))
        yield finished
        sentences = CounterMetricFamily(
            "newsdesk_sentences_translated", "Sentences translated, by engine.", labels=["engine"]
        )
        for engine, n in sorted(figures.sentences_by_engine.items()):
            sentences.add_metric([engine], n)
        yield sentences
        speed = GaugeMetricFamily(
            "newsdesk_engine_sentences_per_second",
            "Sentences per second over the last 5 minutes (translations finished), by engine.",
            labels=["engine"],
        )
        for engine, rate in sorted(figures.throughput_by_engine.items()):
            speed.add_metric([engine], rate)
        yield speed
        yield GaugeMetricFamily(
            "newsdesk_oldest_queued_seconds",
            "Age of the oldest queued translation (0 when none waits).",
            value=figures.oldest_queued_seconds,
        )
        backlog = queue.backlog(settings.MT_QUEUE)
        yield GaugeMetricFamily(
            "newsdesk_broker_up", "1 if the broker queue could be read.",
            value=0 if backlog is None else 1,
        )  # fmt: skip
        if backlog is not None:
            gauge = GaugeMetricFamily(
                "newsdesk_queue_backlog", "Wake-ups waiting in the broker queue.", labels=["queue"]
            )
            gauge.add_metric([settings.MT_QUEUE], backlog)
            yield gauge
        heartbeat = queue.sweep_heartbeat()
        if heartbeat is not None:
            at, _host = heartbeat
            yield GaugeMetricFamily(
                "newsdesk_sweeper_last_run_timestamp_seconds",
                "Unix time of the latest finished sweep.", value=at,
            )  # fmt: skip
            yield GaugeMetricFamily(
                "newsdesk_sweeper_age_seconds", "Seconds since the latest finished sweep.",
                value=max(0.0, time.time() - at),
            )  # fmt: skip
        terms = GaugeMetricFamily(
            "newsdesk_glossary_terms_24h",
            "Approved glossary terms expected, and rendered as approved, in translations "
            "finished in the last 24 hours.",
            labels=["outcome"],
        )
        terms.add_metric(["expected"], figures.terms_expected)
        terms.add_metric(["rendered"], figures.terms_rendered)
        yield terms
        ratio = figures.terms_rendered / figures.terms_expected if figures.terms_expected else 1.0
        yield GaugeMetricFamily(
            "newsdesk_term_compliance_ratio",
            "Share of expected glossary terms rendered as approved (last 24 hours; 1 if none).",
            value=ratio,
        )


def exposition() -> bytes:
    """The whole scrape: the pipeline's figures, then the request histograms (merged over
    gunicorn's worker processes when they run in multiprocess mode)."""
    desk = CollectorRegistry(auto_describe=False)
    desk.register(DeskCollector())
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    return generate_latest(desk) + generate_latest(requests)
