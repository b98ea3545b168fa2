"""Data migration: every existing item gets its search vectors from the Python analysis (the
same as `manage.py kennisbank_reindex`)."""

from django.db import migrations


def reindex(apps, schema_editor):
    from kennisbank.services import solutions_reindex

    solutions_reindex()


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0005_search_in_python")]

    # Going back, 0005's reverse restores the old trigger and stems every row again.
    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
