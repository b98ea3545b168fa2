"""Filter values as numbers, so the search counts them fast (issue 18's speed).

A search counts the themes, sectors, sizes and tags of up to 10,000 matches; grouping text
values costs about three times as much as grouping integers. The trigger now also writes
`facet_codes`: the item's filter values as `FacetValue` ids, adding a value the first time an
item has it. The arrays (themes, sector_ids, sizes, tags) stay what the code reads and
writes; the codes follow them on every write, by service, admin, COPY or SQL."""

import importlib

import django.contrib.postgres.fields
from django.db import migrations, models

# 0007: its trigger function is extended here, and restored when going back.
PREVIOUS = importlib.import_module("kennisbank.migrations.0007_search_tiers_and_filters")

CODES_TEMPLATE = """
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

{trigger_function}


UPDATE kennisbank_solution SET facet_codes = kennisbank_facet_codes(
  themes::text[], sector_ids, sizes::text[], tags::text[]);
"""

# 0007's trigger function, now also writing the codes before it returns.
_LAST = "  RETURN NEW;\nEND $$ LANGUAGE plpgsql;"
_start = PREVIOUS.FILTERS.index("CREATE OR REPLACE FUNCTION kennisbank_solution_search_vector()")
_end = PREVIOUS.FILTERS.index(_LAST, _start) + len(_LAST)
TRIGGER_FUNCTION = PREVIOUS.FILTERS[_start:_end].replace(
    _LAST,
    "  NEW.facet_codes := kennisbank_facet_codes(\n"
    "    NEW.themes::text[], NEW.sector_ids, NEW.sizes::text[], NEW.tags::text[]);\n" + _LAST,
)
CODES = CODES_TEMPLATE.replace("{trigger_function}", TRIGGER_FUNCTION)

BACKWARD = PREVIOUS.FILTERS + """
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
