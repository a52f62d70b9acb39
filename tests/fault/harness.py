"""The fault-injection harness: real Redis, real `celery worker` and `celery beat` processes.

Workers run the SleepyEngine fake (0.2–0.5 s per batch) against the test database file, with
short leases, a one-second sweeper (a real `celery beat`, as `make run` starts it) and small
batches, so that recovery happens within seconds. On failure, the tails of every process log
are attached to the test report.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from django.contrib.auth.models import User
from django.db.models import Count

from newsapp.articles import text as text_utils
from newsapp.articles.models import Segment, Translation
from newsapp.articles.services import intake
from tests.processes import Beat, RedisServer, Worker, log_tail, wait_for

Status = Translation.Status
FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

#: Environment shared by every worker and beat process of the fault suite.
FAULT_ENV = {
    "MT_ENGINES": "sleepy",
    "TRANSLATION_LEASE_SECONDS": "5",  # the settings' minimum
    "TRANSLATION_QUEUED_GRACE_SECONDS": "2",
    "TRANSLATION_MAX_ATTEMPTS": "3",
    "TRANSLATION_BATCH_SEGMENTS": "1",
    "SWEEPER_INTERVAL_SECONDS": "1",
}

CLUSTER = pytest.StashKey["Cluster"]()
FIGURES = pytest.StashKey[list[str]]()


def sentences(label: str, count: int = 4) -> str:
    """A short article: ``count`` sentences, each naming the article (so texts differ)."""
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
    return " ".join(f"The {words[i]} sentence of {label} is here." for i in range(count))


@dataclass
class Cluster:
    redis_server: RedisServer
    directory: Path
    author: User
    worker_factory: Callable[..., Worker]
    beat_factory: Callable[..., Beat]
    workers: list[Worker] = field(default_factory=list)
    beats: list[Beat] = field(default_factory=list)

    # --- processes --------------------------------------------------------------------------

    def worker(
        self, name: str = "w1", concurrency: int = 4, queues: str = "mt,celery",
        wait: bool = True, **env: str,
    ) -> Worker:  # fmt: skip
        worker = self.worker_factory(name, concurrency, queues, **{**FAULT_ENV, **env})
        self.workers.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    def beat(self, **env: str) -> Beat:
        beat = self.beat_factory(**{**FAULT_ENV, **env})
        self.beats.append(beat)
        return beat

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_server.url, socket_timeout=2)

    def backlog(self) -> int:
        """Wake-ups waiting in the MT queue (not counting those a worker has taken)."""
        return int(self.redis().llen("mt"))

    def logs(self) -> list[Path]:
        """Every log file (a restarted worker appends to its first log)."""
        return list(dict.fromkeys(p.log for p in [*self.workers, *self.beats]))

    def log_tails(self, lines: int = 60) -> str:
        return "\n\n".join(f"== {path}\n{log_tail(path, lines)}" for path in self.logs())

    def worker_log_text(self) -> str:
        paths = dict.fromkeys(w.log for w in self.workers)
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in paths)

    # --- work -------------------------------------------------------------------------------

    def submit(self, label: str, count: int = 4, targets: tuple[str, ...] = ("ko",)) -> list[int]:
        """Save an article through the real service (which publishes its wake-ups)."""
        article = intake.article_create(
            author=self.author, title=label, text=sentences(label, count),
            source_language="en", target_languages=list(targets),
        )  # fmt: skip
        return list(article.translations.values_list("pk", flat=True))

    def submit_many(self, n: int, prefix: str = "story", count: int = 4) -> list[int]:
        ids: list[int] = []
        for i in range(n):
            ids += self.submit(f"{prefix} {i}", count)
        return ids

    def statuses(self, ids: list[int]) -> Counter[str]:
        rows = Translation.objects.filter(pk__in=ids).values_list("status", flat=True)
        return Counter(rows)

    def wait_finished(self, ids: list[int], timeout: float, what: str = "translations") -> float:
        """Seconds until every translation in ``ids`` is done, failed or cancelled."""
        start = time.monotonic()

        def finished() -> bool:
            return not Translation.objects.filter(pk__in=ids).exclude(status__in=FINISHED).exists()

        try:
            wait_for(finished, timeout, interval=0.25, what=what)
        except TimeoutError:
            pytest.fail(
                f"{what} did not finish within {timeout}s: {dict(self.statuses(ids))}; "
                f"stuck: {self.describe(ids, unfinished_only=True)}"
            )
        return time.monotonic() - start

    def describe(self, ids: list[int], unfinished_only: bool = False) -> list[dict[str, Any]]:
        rows = Translation.objects.filter(pk__in=ids)
        if unfinished_only:
            rows = rows.exclude(status__in=FINISHED)
        return list(
            rows.values(
                "pk", "status", "attempts", "segments_done", "segments_total", "lease_owner",
                "lease_expires_at", "enqueued_at", "error",
            )[:10]
        )  # fmt: skip

    # --- checks -----------------------------------------------------------------------------

    def duplicated(self, ids: list[int]) -> int:
        """Segments beyond one per source sentence, plus sentences translated more than once."""
        extra = 0
        for translation in Translation.objects.filter(pk__in=ids).select_related("article"):
            planned = _planned(translation)
            rows = list(translation.segments.values_list("order", "target_text"))
            extra += len(rows) - len({order for order, _ in rows})
            extra += max(0, len(rows) - len(planned))
            extra += sum(text.count("[ko]") > 1 for _, text in rows)
        return extra

    def wrong_text(self, ids: list[int]) -> list[int]:
        """Done translations whose text differs from what one clean run produces."""
        wrong = []
        done = Translation.objects.filter(pk__in=ids, status=Status.DONE).select_related("article")
        for translation in done:
            planned = _planned(translation)
            expected = text_utils.assemble(
                (s.paragraph_index, f"[{translation.target_language}] {s.source}", s.separator)
                for s in planned
            )
            rows = translation.segments.order_by("order").values_list(
                "paragraph_index", "target_text", "separator"
            )
            consistent = translation.segments_done == translation.segments_total == len(planned)
            if text_utils.assemble(rows) != expected or not consistent:
                wrong.append(translation.pk)
        return wrong

    def max_attempts(self, ids: list[int]) -> int:
        return max(Translation.objects.filter(pk__in=ids).values_list("attempts", flat=True))

    def pending_segments_of_done(self, ids: list[int]) -> int:
        return Segment.objects.filter(
            translation__pk__in=ids, translation__status=Status.DONE, state=Segment.State.PENDING
        ).count()

    def assert_clean(self, ids: list[int]) -> None:
        """The invariants every fault test ends with."""
        per_order = (
            Segment.objects.filter(translation__pk__in=ids)
            .values("translation", "order")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
        )
        assert not per_order.exists(), f"duplicated segments: {list(per_order[:5])}"
        assert self.duplicated(ids) == 0, "a sentence was stored or translated twice"
        assert self.wrong_text(ids) == [], "a done translation differs from a clean run"
        assert self.pending_segments_of_done(ids) == 0, "a done translation has pending sentences"
        assert self.max_attempts(ids) <= int(FAULT_ENV["TRANSLATION_MAX_ATTEMPTS"])
        leftover = Translation.objects.filter(pk__in=ids, status__in=FINISHED).exclude(
            lease_owner=""
        )
        assert not leftover.exists(), "a finished translation still holds a lease"


def report(request: pytest.FixtureRequest, name: str, **figures: object) -> None:
    """Print a test's figures, and keep them for the end-of-run summary."""
    line = f"{name}: " + ", ".join(
        f"{key}={value:.1f}" if isinstance(value, float) else f"{key}={value}"
        for key, value in figures.items()
    )
    print(f"\n[fault] {line}")
    request.config.stash.setdefault(FIGURES, []).append(line)


def _planned(translation: Translation) -> list[text_utils.SourceSegment]:
    """The segments one clean run makes (the headline, then the body's sentences)."""
    article = translation.article
    return text_utils.segment_article(
        headline=article.headline, text=article.source_text, blocks=article.blocks, language="en"
    )
