"""The quarterly updates a person was sent (with why a mail failed), the ones they made, and
the networks they unsubscribed from."""

from __future__ import annotations

from praktijktafel.models import User
from praktijktafel.personal_data import in_scope, register
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
            for d in in_scope(
                Delivery.objects.filter(person=user).select_related("update__network"),
                "update__network",
            )
        ],
        "updates_made": [
            {"network": u.network.name, "quarter": u.label}
            for u in in_scope(
                QuarterlyUpdate.objects.filter(created_by=user).select_related("network"),
                "network",
            )
        ],
        "unsubscribed_from": list(
            in_scope(OptOut.objects.filter(person=user), "network").values_list(
                "network__name", flat=True
            )
        ),
    }


register("quarterly", export)
