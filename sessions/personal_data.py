"""What the sessions app holds about a person: invitations and contact entries."""

from __future__ import annotations

from praktijktafel.models import User
from praktijktafel.personal_data import register
from sessions.models import Capture, Invitation


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
    }


register("sessions", export)
