"""A stored phone number and preference per person becomes one per person and network.

Forwards: the number goes to each network whose latest answer to the phone question is yes
(the consents got their network in 0015). A number no network has a yes for could be read by
no network, and is deleted: without the consent nobody has a reason to keep it.
Backwards: one row per person again, the one changed last.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Consent = apps.get_model("praktijktafel", "Consent")
    ContactPreference = apps.get_model("tafels", "ContactPreference")
    for preference in ContactPreference.objects.filter(network__isnull=True):
        latest: dict[int, bool] = {}
        for network_id, granted in (
            Consent.objects.filter(
                user_id=preference.person_id, kind="phone", network__isnull=False
            )
            .order_by("network_id", "-recorded_at", "-pk")
            .values_list("network_id", "granted")
        ):
            latest.setdefault(network_id, granted)
        networks = sorted(pk for pk, granted in latest.items() if granted)
        if not networks:
            preference.delete()
            continue
        first, *others = networks
        for network_id in others:
            ContactPreference.objects.create(
                person_id=preference.person_id,
                network_id=network_id,
                phone=preference.phone,
                prefers_call=preference.prefers_call,
            )
        preference.network_id = first
        preference.save(update_fields=["network"])


def backwards(apps, schema_editor):
    ContactPreference = apps.get_model("tafels", "ContactPreference")
    kept: set[int] = set()
    for preference in ContactPreference.objects.order_by("person_id", "-updated_at", "-pk"):
        if preference.person_id in kept:
            preference.delete()
        else:
            kept.add(preference.person_id)
    ContactPreference.objects.update(network=None)


class Migration(migrations.Migration):
    dependencies = [
        ("praktijktafel", "0005_consent_per_network"),
        ("tafels", "0016_contact_preference_per_network"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
