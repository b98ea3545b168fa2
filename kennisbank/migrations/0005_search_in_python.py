"""Search vectors computed in Python (kennisbank.analysis: Snowball 3 Dutch stems, lemmas,
compound parts) and stored as they are: the trigger no longer stems. It now only gives a row
whose text is written without its vectors (by SQL, or a load that leaves them out) its words
as they are, lower case and without accents (`pt_simple`), so a search for exactly such a
word finds it until `manage.py kennisbank_reindex` runs. The services write the vectors in a
statement of their own, which does not start the trigger."""

from django.db import migrations

CONFIG = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'pt_simple') THEN
    CREATE TEXT SEARCH CONFIGURATION pt_simple (COPY = pg_catalog.simple);
    ALTER TEXT SEARCH CONFIGURATION pt_simple
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END $$;
"""

TRIGGER = """
CREATE OR REPLACE FUNCTION kennisbank_solution_search_vector() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.search_vector IS NOT NULL THEN
    RETURN NEW;  -- a load that brings its vectors (the bench's COPY)
  END IF;
  NEW.head_vector :=
    setweight(to_tsvector('pt_simple', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pt_simple', coalesce(NEW.summary, '') || ' ' ||
                                       array_to_string(NEW.tags, ' ') || ' ' ||
                                       array_to_string(NEW.themes, ' ')), 'B');
  NEW.search_vector :=
    NEW.head_vector || setweight(to_tsvector('pt_simple', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""

OLD_TRIGGER = """
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
    dependencies = [("kennisbank", "0004_narrow_rows")]

    operations = [
        migrations.RunSQL(CONFIG, reverse_sql="DROP TEXT SEARCH CONFIGURATION IF EXISTS pt_simple"),
        migrations.RunSQL(TRIGGER, reverse_sql=OLD_TRIGGER),
    ]
