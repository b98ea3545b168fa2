"""Stored values in English, as everywhere else in the app (the labels stay Dutch): an item's
status (`concept`/`gepubliceerd`/`gearchiveerd` beside `review`) and the effort and cost
levels (`laag`/`midden`/`hoog`). After 0014, so no trigger compares the old status value;
`SearchEntry.published` is a yes or no and stays as it is. Going back writes the Dutch values
again."""

from django.db import migrations, models

STATUS = {"concept": "draft", "gepubliceerd": "published", "gearchiveerd": "archived"}
LEVEL = {"laag": "low", "midden": "medium", "hoog": "high"}


def _rename(apps, mapping_of):
    Solution = apps.get_model("kennisbank", "Solution")
    for field, mapping in mapping_of.items():
        for old, new in mapping.items():
            Solution.objects.filter(**{field: old}).update(**{field: new})


def to_english(apps, schema_editor):
    _rename(apps, {"status": STATUS, "effort": LEVEL, "cost": LEVEL})


def to_dutch(apps, schema_editor):
    back = {field: {v: k for k, v in m.items()} for field, m in (("status", STATUS),)}
    back |= {field: {v: k for k, v in LEVEL.items()} for field in ("effort", "cost")}
    _rename(apps, back)


LEVELS = [("low", "low"), ("medium", "medium"), ("high", "high")]


class Migration(migrations.Migration):
    dependencies = [
        ("kennisbank", "0014_one_search_writer"),
        # The one migration elsewhere that writes items (as drafts, 'concept') runs first.
        ("tafels", "0007_promoted_to_kennisbank_drafts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="solution",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("review", "For review"),
                    ("published", "Published"),
                    ("archived", "Archived"),
                ],
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="solution",
            name="effort",
            field=models.CharField(
                blank=True, choices=LEVELS, max_length=10, verbose_name="effort"
            ),
        ),
        migrations.AlterField(
            model_name="solution",
            name="cost",
            field=models.CharField(blank=True, choices=LEVELS, max_length=10, verbose_name="cost"),
        ),
        migrations.RunPython(to_english, to_dutch),
    ]
