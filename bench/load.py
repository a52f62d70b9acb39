"""Load test of a running desk: N people for D seconds, then an integrity check.

    bench/load.py [--url http://127.0.0.1:8000] [--clients 20] [--duration 120]

Run it from the checkout that serves the desk (`make run` in another terminal), with the same
DATABASE_URL (if any): it creates its people (load-01…, translators; every fifth an editor)
and checks the result in that database. Each person first logs in, all at the same moment;
then, until the time is up, does one of: submit an article and poll its progress as htmx does
(every second) until it finishes; open the article list or an article; open the editor of a
finished translation, open a sentence and save or confirm it; open the glossary or the
translation memory; with 0.3–1.5 s of thinking between steps.

Printed: status counts and p50/p95/max per request kind, the simultaneous logins, and the
integrity check (every translation done, or failed with a reason; segment counts match; no
sentence stored twice; every save answered 200 is in the database as a revision by its
author). Exit status 1 if a request got a 5xx or the integrity check failed.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.desk_client import DeskClient  # noqa: E402

PASSWORD = "load-test-password-1"  # noqa: S105  (accounts of a local load test)
TARGETS = ["es"]
WORDS = [
    "council", "minister", "talks", "border", "trade", "rain", "market", "city", "river",
    "school", "hospital", "election", "court", "bridge", "harbour", "festival", "museum",
]  # fmt: skip


def article_text(rng: random.Random, sentences: int) -> str:
    lines = []
    for _ in range(sentences):
        a, b, c = rng.sample(WORDS, 3)
        lines.append(f"The {a} said on Monday that the {b} would discuss the {c} next week.")
    return " ".join(lines)


@dataclass
class Record:
    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    saves: list[tuple[str, int, str]] = field(default_factory=list)  # (user, segment, text)
    articles: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def request(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.timings[kind].append(seconds)
            self.statuses[kind][status] += 1


class Person(threading.Thread):
    def __init__(self, number: int, args: argparse.Namespace, record: Record,
                 start_line: threading.Barrier, deadline: list[float]) -> None:  # fmt: skip
        super().__init__(name=f"load-{number:02d}", daemon=True)
        self.args, self.record, self.start_line, self.deadline = args, record, start_line, deadline
        self.rng = random.Random(number * 7919 + args.seed)
        self.username = f"load-{number:02d}"
        self.mine: list[int] = []  # this person's finished translations

    def run(self) -> None:
        client = DeskClient(self.args.url, on_request=self.record.request)
        try:
            self.start_line.wait()
            client.login(self.username, PASSWORD)
            while time.monotonic() < self.deadline[0]:
                self.step(client)
                time.sleep(self.rng.uniform(0.3, 1.5))
        except Exception as exc:  # reported, and it fails the run
            with self.record.lock:
                self.record.errors.append(f"{self.username}: {type(exc).__name__}: {exc}")
        finally:
            client.close()

    def step(self, client: DeskClient) -> None:
        action = self.rng.choices(
            ["submit", "browse", "edit", "glossary", "memory"], weights=[2, 3, 4, 1, 1]
        )[0]
        if action == "submit" or (action == "edit" and not self.mine):
            self.submit(client)
        elif action == "browse":
            client.page("article list", "/")
            if self.record.articles:
                client.page("article page", f"/{self.rng.choice(self.record.articles)}/")
        elif action == "edit":
            self.edit(client)
        elif action == "glossary":
            client.page("glossary page", "/glossary/")
        else:
            client.page("memory page", "/memory/")

    def submit(self, client: DeskClient) -> None:
        text = article_text(self.rng, self.rng.randint(3, 8))
        article = client.submit(f"Load {self.username} {self.rng.getrandbits(32):x}", text,
                                TARGETS)  # fmt: skip
        with self.record.lock:
            self.record.articles.append(article)
        translations = client.translations(article)
        pending = set(translations)
        stop = time.monotonic() + 120
        while pending and time.monotonic() < stop:
            time.sleep(1.0)  # htmx polls every second
            pending = {pk for pk in pending if not client.progress(pk)}
        self.mine += [pk for pk in translations if pk not in pending]

    def edit(self, client: DeskClient) -> None:
        segments = client.editor(self.rng.choice(self.mine))
        if not segments:
            return
        segment = self.rng.choice(segments)
        text = f"Texto revisado por {self.username} {self.rng.getrandbits(24):x}."
        saved = client.save(segment, text, confirm=self.rng.random() < 0.5)
        if saved.status == 200:
            with self.record.lock:
                self.record.saves.append((self.username, segment, text))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings")
    import django

    django.setup()


def create_people(count: int, hasher: str) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User

    from newsapp.core.roles import EDITORS, TRANSLATORS

    for number in range(1, count + 1):
        user, _ = User.objects.get_or_create(username=f"load-{number:02d}")
        user.password = make_password(PASSWORD, hasher=hasher)
        user.save()
        user.groups.set([Group.objects.get(name=EDITORS if number % 5 == 0 else TRANSLATORS)])


def integrity(record: Record, drain_seconds: float) -> tuple[bool, list[str]]:
    from django.db.models import Count

    from newsapp.articles.models import Segment, SegmentRevision, Translation

    Status = Translation.Status
    translations = Translation.objects.filter(article_id__in=record.articles)
    deadline = time.monotonic() + drain_seconds
    while translations.filter(status__in=[Status.QUEUED, Status.RUNNING]).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(1)
    lines, ok = [], True
    by_status = Counter(translations.values_list("status", flat=True))
    lines.append(f"translations: {len(record.articles)} articles, {dict(by_status)}")
    unfinished = by_status[Status.QUEUED] + by_status[Status.RUNNING]
    failed_silently = translations.filter(status=Status.FAILED, error="").count()
    if unfinished or failed_silently:
        ok = False
        lines.append(f"  NOT OK: {unfinished} unfinished after {drain_seconds:.0f}s, "
                     f"{failed_silently} failed without a reason")  # fmt: skip
    bad_counts = 0
    for translation in translations.filter(status=Status.DONE).annotate(n=Count("segments")):
        pending = translation.segments.filter(state=Segment.State.PENDING).exists()
        if not translation.n == translation.segments_total == translation.segments_done or pending:
            bad_counts += 1
    duplicated = (
        Segment.objects.filter(translation__in=translations)
        .values("translation", "order").annotate(n=Count("id")).filter(n__gt=1).count()
    )  # fmt: skip
    lines.append(f"segment counts that do not match: {bad_counts}; sentences stored twice: "
                 f"{duplicated}")  # fmt: skip
    missing = [
        (user, segment) for user, segment, text in record.saves
        if not SegmentRevision.objects.filter(
            segment_id=segment, text=text, author__username=user
        ).exists()
    ]  # fmt: skip
    lines.append(f"saves answered 200: {len(record.saves)}; missing from the database: "
                 f"{len(missing)}")  # fmt: skip
    ok = ok and not bad_counts and not duplicated and not missing
    return ok, lines


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=120.0, help="seconds")
    parser.add_argument(
        "--drain",
        type=float,
        default=180.0,
        help="seconds to wait for queued translations after the run",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--hasher",
        default="default",
        help="store the people's passwords with this hasher (pbkdf2_sha256 "
        "measures logins as before Argon2; they are upgraded at login)",
    )
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    create_people(args.clients, args.hasher)
    print(f"{args.clients} people for {args.duration:.0f}s against {args.url} "
          f"({connection.vendor} database, passwords stored with {args.hasher})")  # fmt: skip
    record = Record()
    start_line = threading.Barrier(args.clients)
    deadline = [0.0]
    people = [Person(n, args, record, start_line, deadline) for n in range(1, args.clients + 1)]
    started = time.monotonic()
    deadline[0] = started + args.duration
    for person in people:
        person.start()
    for person in people:
        person.join(args.duration + 180)
    elapsed = time.monotonic() - started

    print(f"\nrequests in {elapsed:.0f}s: {sum(map(len, record.timings.values()))}")
    print(f"{'kind':<20}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  statuses")
    server_errors = 0
    for kind in sorted(record.timings):
        times = record.timings[kind]
        statuses = record.statuses[kind]
        server_errors += sum(n for status, n in statuses.items() if status >= 500 or status == 0)
        print(f"{kind:<20}{len(times):>7}{percentile(times, 0.5) * 1000:>9.0f}"
              f"{percentile(times, 0.95) * 1000:>9.0f}{max(times) * 1000:>9.0f}  "
              f"{dict(sorted(statuses.items()))}")  # fmt: skip
    logins = record.timings.get("login", [])
    if logins:
        print(f"\n{len(logins)} simultaneous logins: median {statistics.median(logins):.2f}s, "
              f"slowest {max(logins):.2f}s")  # fmt: skip
    print(f"5xx or failed connections: {server_errors}")
    for error in record.errors:
        print(f"client error: {error}")
    ok, lines = integrity(record, args.drain)
    print("\nintegrity: " + ("clean" if ok else "NOT CLEAN"))
    for line in lines:
        print(f"  {line}")
    return 0 if ok and not server_errors and not record.errors else 1


if __name__ == "__main__":
    sys.exit(main())
