"""Bottlenecks already stored keep only the minute they were added (issue 19)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tafels", "0012_anonymous_links_and_phone_mail"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE tafels_knelpunt SET created_at = date_trunc('minute', created_at)",
            migrations.RunSQL.noop,
        ),
    ]
