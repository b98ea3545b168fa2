"""A network's kind is stored in English ('cooperative'), like every other stored choice;
the label a reader sees is translated as before."""

from django.db import migrations

DUTCH_TO_ENGLISH = {
    "cooperatie": "cooperative",
    "branchevereniging": "trade_association",
    "regio": "region",
}


def _rename(apps, mapping: dict[str, str]) -> None:
    Network = apps.get_model("praktijktafel", "Network")
    for old, new in mapping.items():
        Network.objects.filter(kind=old).update(kind=new)


def to_english(apps, schema_editor):
    _rename(apps, DUTCH_TO_ENGLISH)


def to_dutch(apps, schema_editor):
    _rename(apps, {new: old for old, new in DUTCH_TO_ENGLISH.items()})


class Migration(migrations.Migration):
    dependencies = [("praktijktafel", "0006_network_kind_choices_in_english")]

    operations = [migrations.RunPython(to_english, to_dutch)]
