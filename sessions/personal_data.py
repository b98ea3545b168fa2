"""What the sessions app holds about a person: invitations and contact entries."""

from __future__ import annotations

from praktijktafel.consent import latest_answer
from praktijktafel.models import Consent, User
from praktijktafel.personal_data import register
from sessions.models import Capture, ContactMoment, ContactPreference, Invitation


def _own_phones(user: User) -> list[dict]:
    """The number and preference given to each network, while its phone answer is yes (a
    number stored without a yes is never read)."""
    return [
        {"network": p.network.name, "phone": p.phone, "prefers_call": p.prefers_call}
        for p in ContactPreference.objects.filter(person=user).select_related("network")
        if p.phone and latest_answer(user, Consent.Kind.PHONE, network=p.network_id)
    ]


def _phone_section(user: User) -> dict:
    phones = _own_phones(user)
    return {
        "phone": phones[0]["phone"] if phones else None,
        "prefers_call": any(p["prefers_call"] for p in phones),
        "phone_per_network": phones,
    }


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
        **_phone_section(user),
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
