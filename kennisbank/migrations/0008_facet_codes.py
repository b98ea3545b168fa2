"""Filter values as numbers, so the search counts them fast (issue 18's speed).

A search counts the themes, sectors, sizes and tags of up to 10,000 matches; grouping text
values costs about three times as much as grouping integers. The trigger now also writes
`facet_codes`: the item's filter values as `FacetValue` ids, adding a value the first time an
item has it. The arrays (themes, sector_ids, sizes, tags) stay what the code reads and
writes; the codes follow them on every write, by service, admin, COPY or SQL."""

import django.contrib.postgres.fields
from django.db import migrations, models

# 0007's trigger function, extended to write the codes too, as this migration wrote it
# (frozen here: a migration never reads another migration's module).
CODES = """
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


UPDATE kennisbank_solution SET facet_codes = kennisbank_facet_codes(
  themes::text[], sector_ids, sizes::text[], tags::text[]);
"""

# Going back: 0007's functions and trigger as they were, without the codes.
BACKWARD = """
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


DROP FUNCTION IF EXISTS kennisbank_facet_codes(text[], integer[], text[], text[]);
"""


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0007_search_tiers_and_filters")]

    operations = [
        migrations.AddField(
            model_name="solution",
            name="facet_codes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.IntegerField(),
                blank=True,
                default=list,
                editable=False,
                size=None,
            ),
        ),
        migrations.CreateModel(
            name="FacetValue",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("kind", models.CharField(max_length=10)),
                ("value", models.CharField(max_length=40)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "value"), name="kennisbank_facetvalue_unique"
                    )
                ],
            },
        ),
        migrations.RunSQL(CODES, reverse_sql=BACKWARD),
    ]
