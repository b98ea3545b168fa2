"""Sessions cancelled before the reason was kept get "unknown": the report says the reason
was not recorded rather than guessing it from the sign-ups. Reversible: going back clears it."""

from django.db import migrations


def forwards(apps, schema_editor):
    Session = apps.get_model("tafels", "Session")
    Session.objects.filter(status="cancelled", cancel_reason="").update(cancel_reason="unknown")


def backwards(apps, schema_editor):
    Session = apps.get_model("tafels", "Session")
    Session.objects.filter(cancel_reason="unknown").update(cancel_reason="")


class Migration(migrations.Migration):
    dependencies = [
        ("tafels", "0023_session_cancel_reason"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
