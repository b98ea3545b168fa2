"""One search vector that answers a whole search from its GIN index (issue 18's speed).

- The rank no longer reads a second vector per matching row (`head_vector` goes): the vector
  holds each key of the head fields once more with the prefix of its best place there
  (`kennisbank.analysis.TIER_PREFIXES`), so the items of one tier come from the index.
- The trigger adds the filter values as lexemes of their own (`=theme:behouden`, `=sector:3`,
  `=size:5-9`, `=tag:…`) on every write, by service, admin, COPY or SQL, and takes the old
  ones out, so a filtered search is one index lookup instead of a test of every match.
- Every item is indexed again by `manage.py kennisbank_reindex` after `migrate` (this step
  once called the live code; a migration may not, see 0006).

Going back restores the trigger of 0005 and an empty `head_vector`; run that version's
`manage.py kennisbank_reindex` afterwards."""

from django.db import migrations

FILTERS = """
CREATE OR REPLACE FUNCTION kennisbank_filter_lexemes(
  themes text[], sector_ids integer[], sizes text[], tags text[]
) RETURNS text[] AS $$
  SELECT coalesce(array_agg(DISTINCT lexeme), '{}') FROM (
    SELECT '=theme:' || v AS lexeme FROM unnest(themes) v WHERE v <> ''
    UNION ALL SELECT '=sector:' || v FROM unnest(sector_ids) v WHERE v IS NOT NULL
    UNION ALL SELECT '=size:' || v FROM unnest(sizes) v WHERE v <> ''
    UNION ALL SELECT '=tag:' || v FROM unnest(tags) v WHERE v <> ''
  ) found
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION kennisbank_solution_search_vector() RETURNS trigger AS $$
BEGIN
  IF (TG_OP = 'INSERT' AND NEW.search_vector IS NULL)
     OR (TG_OP = 'UPDATE'
         AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector
         AND (NEW.title, NEW.summary, NEW.body, NEW.tags, NEW.themes)
             IS DISTINCT FROM (OLD.title, OLD.summary, OLD.body, OLD.tags, OLD.themes)) THEN
    -- Text written without its vector (by SQL): its words as they are (lower case, no
    -- accents), so an exact word finds it until the item is indexed again.
    NEW.search_vector :=
      setweight(to_tsvector('pt_simple', coalesce(NEW.title, '')), 'A') ||
      setweight(to_tsvector('pt_simple', coalesce(NEW.summary, '') || ' ' ||
                                         array_to_string(NEW.tags, ' ') || ' ' ||
                                         array_to_string(NEW.themes, ' ')), 'B') ||
      setweight(to_tsvector('pt_simple', coalesce(NEW.body, '')), 'C');
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.search_vector := ts_delete(
      NEW.search_vector,
      kennisbank_filter_lexemes(OLD.themes::text[], OLD.sector_ids, OLD.sizes::text[],
                                OLD.tags::text[]));
  END IF;
  NEW.search_vector := NEW.search_vector || array_to_tsvector(
    kennisbank_filter_lexemes(NEW.themes::text[], NEW.sector_ids, NEW.sizes::text[],
                              NEW.tags::text[]));
  RETURN NEW;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS kennisbank_solution_search ON kennisbank_solution;
CREATE TRIGGER kennisbank_solution_search
  BEFORE INSERT OR UPDATE OF title, summary, body, tags, themes, sector_ids, sizes, search_vector
  ON kennisbank_solution
  FOR EACH ROW EXECUTE FUNCTION kennisbank_solution_search_vector();

"""

BACKWARD = """
CREATE OR REPLACE FUNCTION kennisbank_solution_search_vector() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.search_vector IS NOT NULL THEN
    RETURN NEW;
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

DROP TRIGGER IF EXISTS kennisbank_solution_search ON kennisbank_solution;
CREATE TRIGGER kennisbank_solution_search
  BEFORE INSERT OR UPDATE OF title, summary, body, tags, themes ON kennisbank_solution
  FOR EACH ROW EXECUTE FUNCTION kennisbank_solution_search_vector();
DROP FUNCTION IF EXISTS kennisbank_filter_lexemes(text[], integer[], text[], text[]);

"""


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0006_reindex")]

    # The trigger that no longer writes head_vector first, then the column can go.
    operations = [
        migrations.RunSQL(FILTERS, reverse_sql=migrations.RunSQL.noop),
        migrations.RemoveField(model_name="solution", name="head_vector"),
        migrations.RunSQL(migrations.RunSQL.noop, reverse_sql=BACKWARD),
        # The items were indexed again here by the live analysis; a migration may not call it
        # (see 0006): `manage.py kennisbank_reindex` after `migrate` does.
    ]
