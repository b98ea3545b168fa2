"""Demo turnout: phone numbers (with consent), a preference for a call, and contact moments,
so the call list of each upcoming session has people to call. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from praktijktafel.models import Role, User
from sessions.models import ContactMoment, Invitation, Session
from sessions.services.turnout import phone_preference_set

COORDINATOR = "coordinator@praktijktafel.example"
# Fictional mobile numbers (06-1234 56xx is the range the Dutch regulator leaves for examples).
PHONES = ["06 1234 5601", "06 1234 5602", "06 1234 5603", "06 1234 5604", "06 1234 5605"]


def load() -> None:
    coordinator = User.objects.filter(email=COORDINATOR).first()
    upcoming = Session.objects.filter(
        status=Session.Status.INVITED, starts_at__gte=timezone.now()
    ).select_related("network")
    for session in upcoming:
        if ContactMoment.objects.filter(session=session).exists():
            continue
        invitations = list(
            session.invitations.filter(person__memberships__role=Role.ONDERNEMER)
            .select_related("person")
            .distinct()
            .order_by("pk")
        )
        for index, invitation in enumerate(invitations[: len(PHONES)]):
            phone_preference_set(
                person=invitation.person,
                network=session.network_id,
                phone=PHONES[index],
                consent=index != 2,  # one gave a number but said no: it stays hidden
                prefers_call=index in (1, 4),
                source="demo",
            )
        # Two confirmed people have not really answered yet in this story.
        for invitation in invitations[2:4]:
            invitation.status = Invitation.Status.INVITED
            invitation.responded_at = None
            invitation.confirmed_at = None
            invitation.save(update_fields=["status", "responded_at", "confirmed_at"])
        if len(invitations) > 3 and coordinator is not None:
            ContactMoment.objects.create(
                network=session.network,
                person=invitations[3].person,
                session=session,
                outcome=ContactMoment.Outcome.CALL_BACK,
                call_back_on=timezone.localdate() + timedelta(days=1),
                note="Staat op de bouwplaats, na vijf uur bellen.",
                recorded_by=coordinator,
            )
