"""After 0007 and 0008 every item was written anew (its vector and filter codes, with title and summary now out of line):
`VACUUM FULL` packs the narrower rows together and rebuilds the indexes, so a search that reads
thousands of matches reads a quarter of the pages. It locks the table while it runs (a
kennisbank of thousands of items takes seconds) and cannot run inside a transaction."""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("kennisbank", "0009_search_entries")]

    operations = [
        migrations.RunSQL(
            "VACUUM (FULL, ANALYZE) kennisbank_solution", reverse_sql=migrations.RunSQL.noop
        ),
        migrations.RunSQL(
            "VACUUM (ANALYZE) kennisbank_searchentry", reverse_sql=migrations.RunSQL.noop
        ),
    ]
