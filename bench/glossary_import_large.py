"""A large glossary import, as the background task runs it: count, plan, store the plan;
then the preview page (100 rows of the stored plan) and the apply.

Run: .venv/bin/python bench/glossary_import_large.py [--rows 50000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import isolate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    isolate()
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from glossary.models import ImportBatch, ImportPlanRow, Term
    from glossary.services import imports
    from newsapp import queue
    from newsapp.core.roles import EDITORS

    queue.publish = lambda *args: True  # the tasks' services are called here, in order

    editor = User.objects.create_user("bench-editor")
    editor.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    data = ("en,ko\n" + "".join(f"Harbour {n},항구 {n}\n" for n in range(args.rows))).encode()
    print(f"{args.rows:,} rows, {len(data) / 2**20:.1f} MB")
    with override_settings(GLOSSARY_IMPORT_INLINE_ROWS=0, GLOSSARY_IMPORT_MAX_ROWS=10**7,
                           ALLOWED_HOSTS=["testserver"]):  # fmt: skip
        started = time.perf_counter()
        batch = imports.import_batch_create(user=editor, filename="big.csv", data=data,
                                            approve=False)  # fmt: skip
        print(
            f"upload (decode, clean, count, store the file): {time.perf_counter() - started:.2f} s"
        )
        started = time.perf_counter()
        imports.import_batch_plan(batch_id=batch.pk)
        print(f"plan and store it (the background task): {time.perf_counter() - started:.1f} s, "
              f"{ImportPlanRow.objects.filter(batch=batch).count():,} plan rows")  # fmt: skip
        client = Client()
        client.force_login(editor)
        url = reverse("glossary:import_preview", args=[batch.pk])
        for page in (1, args.rows // 200):
            started = time.perf_counter()
            response = client.get(url, {"page": page})
            print(f"preview page {page}: {(time.perf_counter() - started) * 1000:.0f} ms "
                  f"({response.status_code}, {len(response.content) / 1024:.0f} KB)")  # fmt: skip
        batch = ImportBatch.objects.get(pk=batch.pk)
        ImportBatch.objects.filter(pk=batch.pk).update(status="applying")
        started = time.perf_counter()
        outcome = imports.import_batch_apply_background(batch_id=batch.pk, user_id=editor.pk)
        error = ImportBatch.objects.get(pk=batch.pk).error
        print(f"apply (the background task): {time.perf_counter() - started:.1f} s, {outcome}, "
              f"{Term.objects.count():,} terms {error}")  # fmt: skip


if __name__ == "__main__":
    main()
