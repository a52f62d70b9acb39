"""XLIFF import of a 500-sentence translation: seconds and queries (goal: under 2 s on SQLite).

Every unit carries a changed target, so every unit is applied (the worst case): decided in
memory, written in bulk, checked (terms and facts) and recorded as a revision.

Run: .venv/bin/python bench/xliff_import.py [--units 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import isolate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    isolate()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from translate.storage.xliff import xlifffile

    from newsapp.articles import exports
    from newsapp.articles.models import Article, Segment, Translation
    from newsapp.articles.services import xliff

    user = User.objects.create_user("bench-xliff")
    times, queries = [], []
    for run in range(args.runs):
        article = Article.objects.create(
            title=f"XLIFF benchmark {run}",
            source_text="\n\n".join(f"Sentence {i} was said." for i in range(args.units)),
            source_language="en", author=user, status=Article.Status.IN_REVIEW,
        )  # fmt: skip
        translation = Translation.objects.create(
            article=article, target_language="ko", engine="argos",
            status=Translation.Status.DONE, segments_total=args.units, segments_done=args.units,
        )  # fmt: skip
        Segment.objects.bulk_create(
            Segment(translation=translation, order=i, paragraph_index=i,
                    source=f"Sentence {i} was said.", machine_text=f"문장 {i}.",
                    target_text=f"문장 {i}.", state=Segment.State.MACHINE)
            for i in range(args.units)
        )  # fmt: skip
        store = xlifffile.parsestring(exports.xliff_export(translation=translation))
        for unit in store.getunits():
            unit.settarget(f"고친 문장 {unit.xmlelement.get('id')}.")
        data = bytes(store)
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = xliff.xliff_import(translation=translation, data=data, user=user)
            times.append(time.perf_counter() - start)
        assert len(result.applied) == args.units, result.summary()
        queries.append(len(captured.captured_queries))
    median = statistics.median(times)
    print(
        f"XLIFF import, {args.units} units all applied: median {median:.2f} s over {args.runs} "
        f"runs (min {min(times):.2f}, max {max(times):.2f}); {max(queries)} queries"
    )
    print("goal: < 2 s —", "met" if median < 2 else "NOT met")


if __name__ == "__main__":
    main()
