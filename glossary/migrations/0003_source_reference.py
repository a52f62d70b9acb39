"""Replace the foreign key to articles.Article with a plain source reference, so the glossary
depends on no other app (the article's id, title and page URL are copied)."""

from django.db import migrations, models


def copy_references(apps, schema_editor):
    Term = apps.get_model("glossary", "Term")
    for term in Term.objects.filter(source_article__isnull=False).select_related("source_article"):
        article = term.source_article
        term.source_id = article.pk
        term.source_title = article.title[:300]
        term.source_url = f"/{article.pk}/"
        term.save(update_fields=["source_id", "source_title", "source_url"])


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0002_version_row"),
        ("articles", "0004_workflow_and_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="term",
            name="source_id",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="term",
            name="source_title",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="term",
            name="source_url",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RunPython(copy_references, migrations.RunPython.noop),
        migrations.RemoveField(model_name="term", name="source_article"),
    ]
