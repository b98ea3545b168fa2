"""Tables imported before `labels_from_metadata` existed: a table whose dimension values have
labels other than their codes had a metadata file (or is our own tidy shape)."""

from django.db import migrations
from django.db.models import F


def mark_labelled(apps, schema_editor):
    Dataset = apps.get_model("sectordata", "Dataset")
    DimensionValue = apps.get_model("sectordata", "DimensionValue")
    labelled = DimensionValue.objects.exclude(label=F("code")).values_list("dataset_id", flat=True)
    Dataset.objects.filter(pk__in=labelled).update(labels_from_metadata=True)


class Migration(migrations.Migration):
    dependencies = [("sectordata", "0003_dataset_labels_from_metadata")]

    operations = [migrations.RunPython(mark_labelled, migrations.RunPython.noop)]
