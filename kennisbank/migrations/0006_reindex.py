"""Data migration: every existing item gets its search vectors from the Python analysis.

Frozen: a migration cannot call the live analysis (it changes; this file must not). On a fresh
database there is no item to index, so this step does nothing; a database that has items runs
`manage.py kennisbank_reindex` after `migrate` whenever the analysis changed (README,
Deployment), which is what this step once did."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0005_search_in_python")]

    # Going back, 0005's reverse restores the old trigger and stems every row again.
    operations = []
