"""Workers on two "machines" share one desk over a (virtual) network; one of them fails.

Host A runs Redis, PostgreSQL and gunicorn; hosts B and C each run a worker (with its own
language-pack folder) and beat. 50 articles are submitted through host A's web tier; then
host B's worker is SIGKILLed (first run), or host B's cable is cut for longer than the lease
(second run). Host C finishes B's work: nothing is lost, nothing is stored twice.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass

import pytest

from bench.desk_client import DeskClient
from tests.netns import hosts
from tests.netns.conftest import FAST_RECOVERY, FIGURES, Desk
from tests.netns.hosts import Service
from tests.processes import port_open, wait_for

pytestmark = pytest.mark.netns

ARTICLES = 50
SENTENCES = 5
LEASE = int(FAST_RECOVERY["TRANSLATION_LEASE_SECONDS"])


def story(label: str, number: int) -> str:
    words = ["first", "second", "third", "fourth", "fifth"]
    return " ".join(
        f"The {words[k]} sentence of {label} {number} is here." for k in range(SENTENCES)
    )


@dataclass
class Run:
    label: str
    ids: list[int]
    started: float


def start_workers(desk: Desk) -> dict[str, dict[str, Service]]:
    wait_for(lambda: port_open(6379, desk.a.address), 30, what="Redis on host A")
    services = {
        host.name: {
            "worker": host.start("worker", hosts.WORKER),
            "beat": host.start("beat", hosts.BEAT),
        }
        for host in desk.workers
    }

    def ready(service: Service) -> bool:
        if not service.alive:
            raise RuntimeError(f"{service.name} exited:\n{service.tail()}")
        return " ready." in service.log.read_text(errors="replace")

    for name, started in services.items():
        worker = started["worker"]
        try:
            wait_for(lambda w=worker: ready(w), 60, what=f"host {name}'s worker")  # type: ignore[misc]
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}\n{worker.tail()}") from None
    return services


def submit(desk: Desk, label: str) -> Run:
    started = time.monotonic()
    client = DeskClient(desk.web_url)
    try:
        client.login(desk.username, desk.password)
        for number in range(ARTICLES):
            client.submit(f"{label} {number}", story(label, number), ["ko"])
    finally:
        client.close()
    rows = desk.sql(
        "SELECT t.id FROM articles_translation t JOIN articles_article a ON a.id = t.article_id "
        "WHERE a.title LIKE %s ORDER BY t.id",
        f"{label} %",
    )
    assert len(rows) == ARTICLES
    return Run(label, [row[0] for row in rows], started)


def state(desk: Desk, run: Run) -> list[tuple[int, str, int, str]]:
    return [
        (row[0], row[1], row[2], row[3])
        for row in desk.sql(
            "SELECT id, status, attempts, lease_owner FROM articles_translation WHERE id = ANY(%s)",
            run.ids,
        )
    ]


def held_by(desk: Desk, run: Run, host: str) -> list[int]:
    return [pk for pk, status, _, owner in state(desk, run)
            if status == "running" and owner.startswith(f"worker@host-{host}/")]  # fmt: skip


def done(desk: Desk, run: Run) -> int:
    return sum(status == "done" for _, status, _, _ in state(desk, run))


def released(desk: Desk, run: Run, ids: list[int]) -> bool:
    """No longer held by host B: the sweeper took each of ``ids`` back (or C claimed it)."""
    rows = {pk: owner for pk, _, _, owner in state(desk, run)}
    return not any(rows[pk].startswith("worker@host-b/") for pk in ids)


def taken_back(desk: Desk, run: Run, ids: list[int]) -> bool:
    """Every one of ``ids`` is done, or running under host C's lease."""
    rows = {pk: (status, owner) for pk, status, _, owner in state(desk, run)}
    return all(rows[pk][0] == "done" or rows[pk][1].startswith("worker@host-c/") for pk in ids)


def healthz(desk: Desk) -> int:
    client = DeskClient(desk.web_url)
    try:
        return client.page("healthz", "/healthz")
    finally:
        client.close()


def check_clean(desk: Desk, run: Run) -> dict[str, int]:
    """0 lost, 0 duplicated; returns the attempt figures."""
    rows = state(desk, run)
    assert Counter(status for _, status, _, _ in rows) == {"done": ARTICLES}, rows
    segments = desk.sql(
        "SELECT t.id, t.segments_done, t.segments_total, count(s.id), "
        "count(DISTINCT s.\"order\"), sum(CASE WHEN s.state = 'pending' OR s.target_text = '' "
        "THEN 1 ELSE 0 END) FROM articles_translation t "
        "LEFT JOIN articles_segment s ON s.translation_id = t.id "
        "WHERE t.id = ANY(%s) GROUP BY t.id, t.segments_done, t.segments_total",
        run.ids,
    )
    for pk, done_, total, stored, distinct, empty in segments:
        # The submitted title is the headline: one segment more than the body's sentences.
        assert (done_, total, stored, distinct, empty) == (SENTENCES + 1,) * 4 + (0,), pk
    assert all(owner == "" for _, _, _, owner in rows), "a finished translation holds a lease"
    attempts = [a for _, _, a, _ in rows]
    return {"max_attempts": max(attempts), "extra_attempts": sum(attempts) - len(attempts)}


def finished_by(service: Service, ids: list[int]) -> int:
    """How many of ``ids`` this worker translated to the end. A run that finds its
    translation already done logs "done (claimed=False)" and is not counted: after B's kill,
    a message B had finished but not yet acknowledged goes to C, which has nothing to do."""
    text = service.log.read_text(errors="replace")
    return sum(bool(re.search(rf"translation {pk}: done \(claimed=True\)", text)) for pk in ids)


def report(request: pytest.FixtureRequest, line: str) -> None:
    print(f"\n[netns] {line}")
    request.config.stash.setdefault(FIGURES, []).append(line)


def stop(services: dict[str, dict[str, Service]]) -> None:
    for by_name in services.values():
        for service in by_name.values():
            service.stop()


def test_worker_on_host_b_killed_mid_run(desk: Desk, request: pytest.FixtureRequest) -> None:
    services = start_workers(desk)
    try:
        run = submit(desk, "kill-run")
        wait_for(lambda: done(desk, run) >= 12 and held_by(desk, run, "b"), 60, interval=0.05,
                 what="host B to be translating")  # fmt: skip
        held = held_by(desk, run, "b")
        services["b"]["worker"].kill()
        killed = time.monotonic()
        wait_for(lambda: released(desk, run, held), 60, interval=0.1,
                 what="the sweeper to take back host B's translations")  # fmt: skip
        recovery = time.monotonic() - killed
        assert recovery < LEASE + 5, "lease plus a few sweeper intervals"
        wait_for(lambda: taken_back(desk, run, held), 120, interval=0.1,
                 what="host C to claim host B's translations")  # fmt: skip
        resumed = time.monotonic() - killed
        assert healthz(desk) == 200, "host C's worker and beat keep the desk healthy"
        wait_for(lambda: done(desk, run) == ARTICLES, 180, interval=0.25, what="all 50 done")
        drain = time.monotonic() - run.started
        figures = check_clean(desk, run)
        by_b = finished_by(services["b"]["worker"], run.ids)
        by_c = finished_by(services["c"]["worker"], run.ids)
        # Each translation is logged as done by the one worker that finished it (a kill between
        # B's final commit and its log line would lose one line).
        assert by_b + by_c in (ARTICLES - 1, ARTICLES)
        assert by_c > by_b, "host C finished the bulk of the run"
        for pk, _, attempts, _ in state(desk, run):
            if pk in held:
                assert attempts == 2, "killed on B (1), finished on C (2)"
        report(request, f"worker on B SIGKILLed: {ARTICLES} articles, 0 lost, 0 duplicated; "
               f"drain {drain:.1f}s; recovery {recovery:.1f}s ({len(held)} held by B, lease "
               f"{LEASE}s), resumed on C after {resumed:.1f}s; finished by B before the kill "
               f"{by_b}, by C {by_c}; "
               f"max attempts {figures['max_attempts']}, extra attempts "
               f"{figures['extra_attempts']}")  # fmt: skip
    finally:
        stop(services)


def test_host_b_cut_off_longer_than_the_lease(desk: Desk, request: pytest.FixtureRequest) -> None:
    services = start_workers(desk)
    cut = False
    try:
        run = submit(desk, "cut-run")
        wait_for(lambda: done(desk, run) >= 12 and held_by(desk, run, "b"), 60, interval=0.05,
                 what="host B to be translating")  # fmt: skip
        held = held_by(desk, run, "b")
        b_offset = services["b"]["worker"].log.stat().st_size
        desk.network.link("b", up=False)
        cut, cut_at = True, time.monotonic()
        wait_for(lambda: released(desk, run, held), 60, interval=0.1,
                 what="the sweeper to take back host B's translations")  # fmt: skip
        recovery = time.monotonic() - cut_at
        assert recovery < LEASE + 5, "lease plus a few sweeper intervals"
        assert healthz(desk) == 200, "with B unreachable, C's worker and beat keep it healthy"
        time.sleep(max(0.0, LEASE + 3 - (time.monotonic() - cut_at)))
        outage = time.monotonic() - cut_at
        desk.network.link("b", up=True)
        cut = False
        wait_for(lambda: taken_back(desk, run, held), 120, interval=0.1,
                 what="host C to claim host B's translations")  # fmt: skip
        wait_for(lambda: done(desk, run) == ARTICLES, 180, interval=0.25, what="all 50 done")
        drain = time.monotonic() - run.started
        # B comes back with the run it was in: its late writes must change nothing. B has one
        # pool process, so any task it ends after the cut proves the stalled run is over.
        b_worker = services["b"]["worker"]
        ended = re.compile(r"translation_run_task\[[^\]]+\] (succeeded|raised)")
        wait_for(lambda: ended.search(b_worker.output_after(b_offset)), 120, interval=0.5,
                 what="host B's stalled run to end after the link came back")  # fmt: skip
        figures = check_clean(desk, run)
        for pk, _, attempts, _ in state(desk, run):
            if pk in held:
                assert attempts >= 2, "host C claimed it while B was cut off"
        report(request, f"link to B cut for {outage:.1f}s (lease {LEASE}s): {ARTICLES} "
               f"articles, 0 lost, 0 duplicated; drain {drain:.1f}s; recovery "
               f"{recovery:.1f}s ({len(held)} held by B); max attempts "
               f"{figures['max_attempts']}, extra attempts "
               f"{figures['extra_attempts']}")  # fmt: skip
    finally:
        if cut:
            desk.network.link("b", up=True)
        stop(services)


def test_every_host_ran_the_documented_commands() -> None:
    """docs/operations.md shows exactly the lines these hosts ran."""
    from tests.processes import ROOT

    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for line in [*hosts.A_SETUP, hosts.A_REDIS, hosts.A_WEB, *hosts.WORKER_SETUP, hosts.WORKER,
                 hosts.BEAT]:  # fmt: skip
        assert line in operations, f"docs/operations.md does not show: {line}"
