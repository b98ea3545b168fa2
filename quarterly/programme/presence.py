"""Who came to the held sessions of a report, for the signed presence lists."""

from __future__ import annotations

from django.db.models import F, QuerySet

from quarterly.programme.rows import CAME, ProgrammeReport
from sessions.models import Invitation, Session


def _came(sessions) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(session__in=sessions, attendance__in=CAME)
        .select_related("person", "person__organisation")
        .order_by(F("person__full_name").asc(nulls_last=True), "person__email", "pk")
    )


def presence_list(*, session: Session) -> list[Invitation]:
    """Who came to a session, for the signed presence list: names as the team sees them."""
    return list(_came([session]))


def presence_lists(report: ProgrammeReport) -> dict[int, list[Invitation]]:
    """Who came, per held session of the report, in one query."""
    found: dict[int, list[Invitation]] = {}
    for invitation in _came([r.session for r in report.sessions if r.held]):
        found.setdefault(invitation.session_id, []).append(invitation)
    return found
