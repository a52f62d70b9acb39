"""Segment.qa_open: how many of a sentence's QA issues are open (errors and warnings not
dismissed), filled in for the sentences checked before the column existed."""

import json

from django.db import migrations, models


def _key(issue):
    # services.checks.dismissal_key, frozen here: a migration must not import app code.
    return json.dumps([issue.get("code"), issue.get("params") or {}], sort_keys=True)


def count_open_issues(apps, schema_editor):
    Segment = apps.get_model("articles", "Segment")
    changed = []
    for segment in Segment.objects.exclude(qa_issues=[]).only("qa_issues", "qa_dismissed"):
        gone = {_key(d) for d in segment.qa_dismissed or ()}
        segment.qa_open = sum(1 for i in segment.qa_issues or () if _key(i) not in gone)
        if segment.qa_open:
            changed.append(segment)
    Segment.objects.bulk_update(changed, ["qa_open"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_mt_cache"),
    ]

    operations = [
        migrations.AddField(
            model_name="segment",
            name="qa_open",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(count_open_issues, migrations.RunPython.noop),
    ]
