"""A small vector of title, summary, tags and themes for ranking, kept by the same trigger."""

import django.contrib.postgres.search
from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION kennisbank_solution_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.head_vector :=
    setweight(to_tsvector('pt_dutch', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pt_dutch', coalesce(NEW.summary, '') || ' ' ||
                                      array_to_string(NEW.tags, ' ') || ' ' ||
                                      array_to_string(NEW.themes, ' ')), 'B');
  NEW.search_vector :=
    NEW.head_vector || setweight(to_tsvector('pt_dutch', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

UPDATE kennisbank_solution SET title = title;
"""


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0002_search")]

    operations = [
        migrations.AddField(
            model_name="solution",
            name="head_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(TRIGGER, reverse_sql=migrations.RunSQL.noop),
    ]
