"""Session.status is stored in English, like Invitation.status: rewrite the rows that hold the
old Dutch values. Reversible: going back writes the Dutch values again."""

from django.db import migrations

DUTCH_TO_ENGLISH = {
    "uitgenodigd": "invited",
    "afgerond": "done",
    "geannuleerd": "cancelled",
}


def _rewrite(apps, mapping: dict[str, str]) -> None:
    Session = apps.get_model("tafels", "Session")
    for old, new in mapping.items():
        Session.objects.filter(status=old).update(status=new)


def forwards(apps, schema_editor):
    _rewrite(apps, DUTCH_TO_ENGLISH)


def backwards(apps, schema_editor):
    _rewrite(apps, {new: old for old, new in DUTCH_TO_ENGLISH.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("tafels", "0008_session_status_english_values"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
