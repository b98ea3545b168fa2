"""The narrow row a search reads (`SearchEntry`), kept by the database.

A search reads every match's row once to count it; the item's row is over 300 bytes even with
its texts out of line, an entry about 130. The trigger copies who may read an item, when it
was published, its filter codes and its search vector after every insert or update that
changes them, and removes the entry with its item; the GIN index moves here."""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

MIRROR = """
ALTER TABLE kennisbank_searchentry
  ALTER COLUMN facet_codes SET STORAGE PLAIN,
  ALTER COLUMN search_vector SET STORAGE EXTERNAL;

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

INSERT INTO kennisbank_searchentry
  (id, published_at, network_id, is_public, published, facet_codes, search_vector)
SELECT id, published_at, network_id, is_public, status = 'gepubliceerd', facet_codes,
       search_vector
  FROM kennisbank_solution;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS kennisbank_solution_entry_insert ON kennisbank_solution;
DROP TRIGGER IF EXISTS kennisbank_solution_entry_update ON kennisbank_solution;
DROP TRIGGER IF EXISTS kennisbank_solution_entry_delete ON kennisbank_solution;
DROP FUNCTION IF EXISTS kennisbank_search_entry();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('kennisbank', '0008_facet_codes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('published_at', models.DateTimeField(null=True)),
                ('network_id', models.BigIntegerField()),
                ('is_public', models.BooleanField()),
                ('published', models.BooleanField()),
                ('facet_codes', django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), default=list, size=None)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.RunSQL(MIRROR, reverse_sql=BACKWARD),
        migrations.RemoveIndex(
            model_name='solution',
            name='solution_search',
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='searchentry_search'),
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=models.Index(condition=models.Q(('published', True)), fields=['-published_at', '-id'], name='searchentry_newest'),
        ),
    ]
