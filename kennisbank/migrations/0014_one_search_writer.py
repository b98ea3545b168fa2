"""One writer of the search data: `kennisbank.index`, in Python.

Until now the database wrote part of it too: a trigger added the filter values to the search
vector (0007), wrote the filter codes (0008) and copied the search entry (0009), in PL/pgSQL
that had to be kept in step with the Python side by hand for every new filter. Those triggers
and functions go; the services, loaders and `manage.py kennisbank_reindex` write everything
through `kennisbank.index`. What the database still does is remove an item's search entry
with the item: a foreign key, so no delete by any path leaves an entry behind.

The data stay as the triggers left them (the same values the Python writer computes), so
nothing is indexed again here. Going back restores the triggers as they were."""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS kennisbank_solution_search ON kennisbank_solution;
DROP TRIGGER IF EXISTS kennisbank_solution_entry_insert ON kennisbank_solution;
DROP TRIGGER IF EXISTS kennisbank_solution_entry_update ON kennisbank_solution;
DROP TRIGGER IF EXISTS kennisbank_solution_entry_delete ON kennisbank_solution;
DROP FUNCTION IF EXISTS kennisbank_solution_search_vector();
DROP FUNCTION IF EXISTS kennisbank_search_entry();
DROP FUNCTION IF EXISTS kennisbank_facet_codes(text[], integer[], text[], text[]);
DROP FUNCTION IF EXISTS kennisbank_filter_lexemes(text[], integer[], text[], text[]);

DELETE FROM kennisbank_searchentry e
 WHERE NOT EXISTS (SELECT 1 FROM kennisbank_solution s WHERE s.id = e.id);
ALTER TABLE kennisbank_searchentry
  ADD CONSTRAINT kennisbank_searchentry_item
  FOREIGN KEY (id) REFERENCES kennisbank_solution (id) ON DELETE CASCADE;
"""

# The functions and triggers of 0007, 0008 and 0009 as those migrations left them.
BACKWARD = """
ALTER TABLE kennisbank_searchentry DROP CONSTRAINT IF EXISTS kennisbank_searchentry_item;

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


CREATE OR REPLACE FUNCTION kennisbank_facet_codes(
  themes text[], sector_ids integer[], sizes text[], tags text[]
) RETURNS integer[] AS $$
DECLARE
  kinds text[];
  vals text[];
  codes integer[];
BEGIN
  SELECT array_agg(kind ORDER BY kind, value), array_agg(value ORDER BY kind, value)
    INTO kinds, vals
    FROM (SELECT 'theme' AS kind, v AS value FROM unnest(themes) v
          UNION SELECT 'sector', v::text FROM unnest(sector_ids) v
          UNION SELECT 'size', v FROM unnest(sizes) v
          UNION SELECT 'tag', v FROM unnest(tags) v) wanted
   WHERE value <> '';
  IF kinds IS NULL THEN
    RETURN '{}';
  END IF;
  codes := ARRAY(SELECT f.id FROM kennisbank_facetvalue f
                   JOIN unnest(kinds, vals) AS w(kind, value) USING (kind, value) ORDER BY f.id);
  IF cardinality(codes) < cardinality(kinds) THEN
    -- New values, in a fixed order so two writers never wait for each other in a circle.
    INSERT INTO kennisbank_facetvalue (kind, value)
      SELECT * FROM unnest(kinds, vals) ORDER BY 1, 2 ON CONFLICT (kind, value) DO NOTHING;
    codes := ARRAY(SELECT f.id FROM kennisbank_facetvalue f
                     JOIN unnest(kinds, vals) AS w(kind, value) USING (kind, value) ORDER BY f.id);
  END IF;
  RETURN codes;
END $$ LANGUAGE plpgsql;

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
  NEW.facet_codes := kennisbank_facet_codes(
    NEW.themes::text[], NEW.sector_ids, NEW.sizes::text[], NEW.tags::text[]);
  RETURN NEW;
END $$ LANGUAGE plpgsql;


CREATE OR REPLACE FUNCTION kennisbank_search_entry() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM kennisbank_searchentry WHERE id = OLD.id;
    RETURN OLD;
  END IF;
  INSERT INTO kennisbank_searchentry
    (id, published_at, network_id, is_public, published, facet_codes, search_vector)
  VALUES (NEW.id, NEW.published_at, NEW.network_id, NEW.is_public,
          NEW.status = 'gepubliceerd', NEW.facet_codes, NEW.search_vector)
  ON CONFLICT (id) DO UPDATE SET
    published_at = EXCLUDED.published_at, network_id = EXCLUDED.network_id,
    is_public = EXCLUDED.is_public, published = EXCLUDED.published,
    facet_codes = EXCLUDED.facet_codes, search_vector = EXCLUDED.search_vector;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER kennisbank_solution_entry_insert
  AFTER INSERT ON kennisbank_solution
  FOR EACH ROW EXECUTE FUNCTION kennisbank_search_entry();
CREATE TRIGGER kennisbank_solution_entry_update
  AFTER UPDATE ON kennisbank_solution
  FOR EACH ROW
  WHEN ((OLD.published_at, OLD.network_id, OLD.is_public, OLD.status, OLD.facet_codes,
         OLD.search_vector)
        IS DISTINCT FROM
        (NEW.published_at, NEW.network_id, NEW.is_public, NEW.status, NEW.facet_codes,
         NEW.search_vector))
  EXECUTE FUNCTION kennisbank_search_entry();
CREATE TRIGGER kennisbank_solution_entry_delete
  AFTER DELETE ON kennisbank_solution
  FOR EACH ROW EXECUTE FUNCTION kennisbank_search_entry();
"""


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0013_synonym_groups")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
