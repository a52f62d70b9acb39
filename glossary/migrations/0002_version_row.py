from django.db import migrations


def create_version_row(apps, schema_editor):
    apps.get_model("glossary", "GlossaryVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_initial")]
    operations = [migrations.RunPython(create_version_row, migrations.RunPython.noop)]
