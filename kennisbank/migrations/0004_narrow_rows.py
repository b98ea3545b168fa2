"""Keep the rows a search reads narrow: the body and the full search vector go out of line
(TOAST), so counting and ranking thousands of matches reads a few MB, not the whole text.
The GIN index answers the match; the title/summary vector (inline) gives the rank."""

from django.db import migrations

FORWARD = """
ALTER TABLE kennisbank_solution SET (toast_tuple_target = 256);
ALTER TABLE kennisbank_solution ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE kennisbank_solution ALTER COLUMN search_vector SET STORAGE EXTERNAL;
-- What every search reads stays in the row, even under the low toast target.
ALTER TABLE kennisbank_solution
  ALTER COLUMN title SET STORAGE MAIN, ALTER COLUMN summary SET STORAGE MAIN,
  ALTER COLUMN themes SET STORAGE MAIN, ALTER COLUMN sector_ids SET STORAGE MAIN,
  ALTER COLUMN tags SET STORAGE MAIN, ALTER COLUMN sizes SET STORAGE MAIN,
  ALTER COLUMN head_vector SET STORAGE MAIN;
UPDATE kennisbank_solution SET title = title;
"""

BACKWARD = """
ALTER TABLE kennisbank_solution RESET (toast_tuple_target);
ALTER TABLE kennisbank_solution ALTER COLUMN body SET STORAGE EXTENDED;
ALTER TABLE kennisbank_solution ALTER COLUMN search_vector SET STORAGE EXTENDED;
ALTER TABLE kennisbank_solution
  ALTER COLUMN title SET STORAGE EXTENDED, ALTER COLUMN summary SET STORAGE EXTENDED,
  ALTER COLUMN themes SET STORAGE EXTENDED, ALTER COLUMN sector_ids SET STORAGE EXTENDED,
  ALTER COLUMN tags SET STORAGE EXTENDED, ALTER COLUMN sizes SET STORAGE EXTENDED,
  ALTER COLUMN head_vector SET STORAGE EXTENDED;
"""


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0003_head_vector")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
