"""The quarterly updates a person was sent, and the networks they unsubscribed from."""

from __future__ import annotations

from praktijktafel.models import User
from praktijktafel.personal_data import register
from quarterly.models import Delivery, OptOut


def export(user: User) -> dict:
    return {
        "updates_received": [
            {"network": d.update.network.name, "quarter": d.update.label, "status": d.status}
            for d in Delivery.objects.filter(person=user).select_related("update__network")
        ],
        "unsubscribed_from": list(
            OptOut.objects.filter(person=user).values_list("network__name", flat=True)
        ),
    }


register("quarterly", export)
