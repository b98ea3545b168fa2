"""Every item published before review dates existed gets one: a year after its last review,
or after its publishing when it was never reviewed (the day in Dutch time). One UPDATE, so a
large kennisbank is filled at once; drafts and archived items keep none."""

from datetime import timedelta

from django.db import migrations
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.db.models.functions import Coalesce, TruncDate


def fill_review_by(apps, schema_editor):
    Solution = apps.get_model("kennisbank", "Solution")
    last_look = Coalesce(F("reviewed_at"), F("published_at"))
    Solution.objects.filter(
        status="gepubliceerd", review_by__isnull=True, published_at__isnull=False
    ).update(
        review_by=TruncDate(
            ExpressionWrapper(last_look + timedelta(days=365), output_field=DateTimeField())
        )
    )


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0011_solution_review_by")]

    operations = [migrations.RunPython(fill_review_by, migrations.RunPython.noop)]
