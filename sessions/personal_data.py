"""What the sessions app holds about a person: invitations and contact entries."""

from __future__ import annotations

from praktijktafel.models import User
from praktijktafel.personal_data import register
from sessions.models import Capture, ContactMoment, ContactPreference, Invitation
from sessions.selectors.turnout import phone_numbers


def export(user: User) -> dict:
    return {
        "invitations": [
            {
                "session": i.session.title,
                "starts_at": i.session.starts_at.isoformat(),
                "status": i.status,
                "attendance": i.attendance,
            }
            for i in Invitation.objects.filter(person=user).select_related("session")
        ],
        "contact_entries": [
            {"session": c.session.title, "text": c.text}
            for c in Capture.objects.filter(person=user).select_related("session")
        ],
        # Only with the phone consent: a withdrawn consent hides the number everywhere.
        "phone": phone_numbers([user.pk]).get(user.pk),
        "prefers_call": ContactPreference.objects.filter(person=user, prefers_call=True).exists(),
        "contact_moments": [
            {
                "session": m.session.title if m.session else None,
                "outcome": m.outcome,
                "call_back_on": m.call_back_on.isoformat() if m.call_back_on else None,
                "note": m.note,
                "answered_invitation": m.answered_rsvp,
                "recorded_at": m.recorded_at.isoformat(),
            }
            for m in ContactMoment.objects.filter(person=user).select_related("session")
        ],
    }


register("sessions", export)
