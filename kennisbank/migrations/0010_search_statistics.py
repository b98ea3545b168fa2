"""After 0007 to 0009 every item was written anew and every search entry is new: `VACUUM
ANALYZE` clears the old row versions, marks the pages all-visible and gives the planner the
statistics of the new rows and lexemes before the first search. Plain VACUUM takes no lock
that stops reading or writing, but cannot run inside a transaction."""

from django.db import migrations


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("kennisbank", "0009_search_entries")]

    operations = [
        migrations.RunSQL(
            "VACUUM (ANALYZE) kennisbank_solution", reverse_sql=migrations.RunSQL.noop
        ),
        migrations.RunSQL(
            "VACUUM (ANALYZE) kennisbank_searchentry", reverse_sql=migrations.RunSQL.noop
        ),
    ]
