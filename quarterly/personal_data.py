"""The quarterly updates a person was sent (with why a mail failed), the ones they made, and
the networks they unsubscribed from."""

from __future__ import annotations

from praktijktafel.models import User
from praktijktafel.personal_data import register
from quarterly.models import Delivery, OptOut, QuarterlyUpdate


def export(user: User) -> dict:
    return {
        "updates_received": [
            {
                "network": d.update.network.name,
                "quarter": d.update.label,
                "status": d.status,
                "error": d.error,
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
            }
            for d in Delivery.objects.filter(person=user).select_related("update__network")
        ],
        "updates_made": [
            {"network": u.network.name, "quarter": u.label}
            for u in QuarterlyUpdate.objects.filter(created_by=user).select_related("network")
        ],
        "unsubscribed_from": list(
            OptOut.objects.filter(person=user).values_list("network__name", flat=True)
        ),
    }


register("quarterly", export)
