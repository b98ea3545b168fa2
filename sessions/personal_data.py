"""What the sessions app holds about a person: invitations and contact entries."""

from __future__ import annotations

from praktijktafel.consent import consenting_anywhere
from praktijktafel.models import Consent, User
from praktijktafel.personal_data import register
from sessions.models import Capture, ContactMoment, ContactPreference, Invitation


def _own_phone(user: User) -> str | None:
    if not consenting_anywhere(user.pk, Consent.Kind.PHONE):
        return None
    preference = ContactPreference.objects.filter(person=user).first()
    return (preference.phone or None) if preference else None


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
        # The person's own export: the number while they said yes to any network (a number
        # stored without any yes is never read).
        "phone": _own_phone(user),
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
