"""What the sessions app holds about a person: invitations with their answers, contact
entries, the actions the group gave them, sessions they lead, calls noted about them."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from praktijktafel.consent import latest_answer
from praktijktafel.models import Consent, User
from praktijktafel.personal_data import in_scope, register
from sessions.models import (
    ActionCheck,
    ActionCheckOptOut,
    Capture,
    ContactMoment,
    ContactPreference,
    Invitation,
    PhoneActionMail,
    Session,
    SessionChart,
)


def _own_phones(user: User) -> list[dict]:
    """The number and preference given to each network, while its phone answer is yes (a
    number stored without a yes is never read)."""
    return [
        {"network": p.network.name, "phone": p.phone, "prefers_call": p.prefers_call}
        for p in in_scope(
            ContactPreference.objects.filter(person=user).select_related("network"), "network"
        )
        if p.phone and latest_answer(user, Consent.Kind.PHONE, network=p.network_id)
    ]


def _phone_section(user: User) -> dict:
    phones = _own_phones(user)
    return {
        "phone": phones[0]["phone"] if phones else None,
        "prefers_call": any(p["prefers_call"] for p in phones),
        "phone_per_network": phones,
    }


def _owned_actions(user: User) -> QuerySet[Capture]:
    """Captures whose owner is typed as the person's name, in sessions of their networks or
    sessions they were invited to (the owner is free text, not a link)."""
    name = " ".join(user.full_name.split())
    if not name:
        return Capture.objects.none()
    return (
        Capture.objects.filter(owner__iexact=name)
        .filter(Q(session__network__memberships__user=user) | Q(session__invitations__person=user))
        .distinct()
    )


def _invitation(i: Invitation) -> dict:
    return {
        "session": i.session.title,
        "starts_at": i.session.starts_at.isoformat(),
        "status": i.status,
        "attendance": i.attendance,
        "brings_case": i.brings_case,
        "case_summary": i.case_summary,
        "name_as_invited": i.name_as_invited,
        "firm_as_invited": i.firm_as_invited,
        "invited_at": i.invited_at.isoformat(),
        "responded_at": i.responded_at.isoformat() if i.responded_at else None,
        "answered_by": str(i.answered_by) if i.answered_by else None,
        "answer_source": i.answer_source,
        "reminders": [
            {"kind": r.kind, "sent_at": r.sent_at.isoformat()} for r in i.reminders.all()
        ],
    }


def export(user: User) -> dict:
    invitations = in_scope(
        Invitation.objects.filter(person=user)
        .select_related("session", "answered_by")
        .prefetch_related("reminders"),
        "session__network",
    )
    return {
        "invitations": [_invitation(i) for i in invitations],
        "contact_entries": [
            {"session": c.session.title, "text": c.text}
            for c in in_scope(
                Capture.objects.filter(person=user).select_related("session"), "session__network"
            )
        ],
        "actions": [
            {
                "session": c.session.title,
                "text": c.text,
                "owner": c.owner,
                "follow_ups": [f.status for f in c.followups.all()],
            }
            for c in in_scope(_owned_actions(user), "session__network")
            .select_related("session")
            .prefetch_related("followups")
        ],
        "sessions_led": list(
            in_scope(Session.objects.filter(facilitator=user), "network").values_list(
                "title", flat=True
            )
        ),
        "knowledge_expert_of": list(
            in_scope(Session.objects.filter(kennisexpert=user), "network").values_list(
                "title", flat=True
            )
        ),
        "charts_attached": [
            {"session": c.session.title, "chart": str(c)}
            for c in in_scope(
                SessionChart.objects.filter(attached_by=user).select_related("session"),
                "session__network",
            )
        ],
        "action_follow_up_mails": [
            {
                "session": c.action.session.title,
                "action": c.action.text,
                "mailed_at": c.sent_at.isoformat() if c.sent_at else None,
                "answer": c.answer,
                "answered_at": c.answered_at.isoformat() if c.answered_at else None,
            }
            for c in in_scope(
                ActionCheck.objects.filter(invitation__person=user).select_related(
                    "action__session"
                ),
                "action__session__network",
            )
        ],
        "no_follow_up_mails_from": list(
            in_scope(ActionCheckOptOut.objects.filter(person=user), "network").values_list(
                "network__name", flat=True
            )
        ),
        "actions_waiting_to_be_mailed": list(
            in_scope(
                PhoneActionMail.objects.filter(email__iexact=user.email), "session__network"
            ).values_list("text", flat=True)
        ),
        **_phone_section(user),
        "contact_moments": [
            {
                "session": m.session.title if m.session else None,
                "outcome": m.outcome,
                "call_back_on": m.call_back_on.isoformat() if m.call_back_on else None,
                "note": m.note,
                "answered_invitation": m.answered_rsvp,
                "recorded_by": str(m.recorded_by) if m.recorded_by else None,
                "recorded_at": m.recorded_at.isoformat(),
            }
            for m in in_scope(
                ContactMoment.objects.filter(person=user).select_related("session", "recorded_by"),
                "network",
            )
        ],
        "contact_moments_recorded_for_others": in_scope(
            ContactMoment.objects.filter(recorded_by=user), "network"
        ).count(),
    }


def before_erase(user: User) -> None:
    """The actions stay with the group, without their owner; an own action waiting to be
    mailed to the person's address is not sent."""
    Capture.objects.filter(pk__in=list(_owned_actions(user).values_list("pk", flat=True))).update(
        owner=""
    )
    PhoneActionMail.objects.filter(email__iexact=user.email).delete()


register("sessions", export, before_erase)
