"""Existing rows for consent per network and the answer's source.

Consents: an answer given on a session's page ("rsvp:<session>", "phone-page:<session>") was
about that session's network, so it gets that network. Any other answer (imports, the admin)
names no network and stays without one: it then counts for no network, the safe reading of
an answer whose network nobody can tell; the person is asked again on their next invitation.

Invitations: answered by a team member (answered_by set) is "staff"; any other answer was
the person's own link (the shared link did not exist before).
"""

from django.db import migrations

SESSION_SOURCES = ("rsvp:", "phone-page:")


def forwards(apps, schema_editor):
    Consent = apps.get_model("praktijktafel", "Consent")
    Session = apps.get_model("tafels", "Session")
    Invitation = apps.get_model("tafels", "Invitation")
    networks = dict(Session.objects.values_list("pk", "network_id"))
    for prefix in SESSION_SOURCES:
        for consent in Consent.objects.filter(network__isnull=True, source__startswith=prefix).only(
            "pk", "source"
        ):
            tail = consent.source[len(prefix) :]
            network_id = networks.get(int(tail)) if tail.isdigit() else None
            if network_id:
                Consent.objects.filter(pk=consent.pk).update(network_id=network_id)
    Invitation.objects.filter(answered_by__isnull=False).update(answer_source="staff")
    Invitation.objects.filter(answered_by__isnull=True, responded_at__isnull=False).update(
        answer_source="own"
    )


def backwards(apps, schema_editor):
    """Nothing to undo: the schema migrations before this one drop the columns."""


class Migration(migrations.Migration):
    dependencies = [
        ("praktijktafel", "0005_consent_per_network"),
        ("tafels", "0014_invitation_answer_source"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
