"""Tips and solutions promoted before the kennisbank existed become drafts there now."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Capture = apps.get_model("tafels", "Capture")
    Solution = apps.get_model("kennisbank", "Solution")
    promoted = Capture.objects.filter(promoted_at__isnull=False).select_related("session")
    for capture in promoted:
        origin = f"capture:{capture.pk}"
        if Solution.objects.filter(origin=origin).exists():
            continue
        session = capture.session
        local = timezone.localtime(session.starts_at)
        text = " ".join(capture.text.split())
        Solution.objects.create(
            network_id=session.network_id,
            title=text if len(text) <= 80 else text[:77].rstrip() + "…",
            summary=text[:300],
            body=capture.text,
            themes=[t for t in [capture.theme or session.theme] if t],
            sector_ids=[session.sector_id] if session.sector_id else [],
            tags=["tip" if capture.kind == "tip" else "oplossing"],
            source_sector_id=session.sector_id,
            source_quarter=f"{local.year} K{(local.month - 1) // 3 + 1}",
            origin=origin,
            status="concept",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tafels", "0006_session_charts"),
        ("kennisbank", "0002_search"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
