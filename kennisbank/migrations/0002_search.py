"""Dutch full-text search: unaccent + Dutch stemming in our own text search configuration, a
trigger that keeps `search_vector` right on every insert and update, and a trigram index for
the 'did you mean' suggestion."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CONFIG = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'pt_dutch') THEN
    CREATE TEXT SEARCH CONFIGURATION pt_dutch (COPY = pg_catalog.dutch);
    ALTER TEXT SEARCH CONFIGURATION pt_dutch
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
  END IF;
END $$;
"""

TRIGGER = """
CREATE OR REPLACE FUNCTION kennisbank_solution_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pt_dutch', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pt_dutch', coalesce(NEW.summary, '') || ' ' ||
                                      array_to_string(NEW.tags, ' ') || ' ' ||
                                      array_to_string(NEW.themes, ' ')), 'B') ||
    setweight(to_tsvector('pt_dutch', coalesce(NEW.body, '')), 'C');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER kennisbank_solution_search
  BEFORE INSERT OR UPDATE OF title, summary, body, tags, themes ON kennisbank_solution
  FOR EACH ROW EXECUTE FUNCTION kennisbank_solution_search_vector();

CREATE INDEX kennisbank_searchword_trgm ON kennisbank_searchword USING gin (word gin_trgm_ops);
"""

REVERSE = """
DROP TRIGGER IF EXISTS kennisbank_solution_search ON kennisbank_solution;
DROP FUNCTION IF EXISTS kennisbank_solution_search_vector();
DROP INDEX IF EXISTS kennisbank_searchword_trgm;
"""


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(CONFIG, reverse_sql="DROP TEXT SEARCH CONFIGURATION IF EXISTS pt_dutch"),
        migrations.RunSQL(TRIGGER, reverse_sql=REVERSE),
    ]
