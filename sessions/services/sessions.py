"""Writes about a session as a whole: plan, change, cancel, hand over, record who came.

Mail and scheduled work are queued with transaction.on_commit, so a write that rolls back
never sends anything.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kennisbank.privacy import privacy_warnings
from praktijktafel.dates import PLAN_AHEAD_YEARS, plan_horizon
from praktijktafel.models import Network, Sector, User
from praktijktafel.permissions import FACILITATING_ROLES, roles_in
from sessions import tasks
from sessions.agenda import DEFAULT_PHASES, DEFAULT_SLOT_MINUTES, MAX_SLOT_MINUTES
from sessions.models import AgendaTemplate, Invitation, Phase, Series, Session
from sessions.selectors.sessions import told_of_changes
from sessions.services.agenda import agenda_total_check, phase_fields
from sessions.services.followups import followups_reschedule_for_series
from sessions.services.invitations import invitation_calendar_changed, invitation_mail_queue
from sessions.services.scheduling import quorum_check_schedule, reminders_schedule

CALENDAR_FIELDS = ("starts_at", "slot_minutes", "venue_name", "address")


def _validate_start(starts_at: datetime, slot_minutes: int) -> None:
    errors = {}
    now = timezone.now()
    if starts_at < now:
        errors["starts_at"] = _("This moment has passed: choose a date and time in the future.")
    elif starts_at > plan_horizon(now):
        errors["starts_at"] = _(
            "Plan a session at most %(years)d years ahead: choose an earlier date."
        ) % {"years": PLAN_AHEAD_YEARS}
    if not 15 <= slot_minutes <= MAX_SLOT_MINUTES:
        errors["slot_minutes"] = _("The time slot is at most 3 hours (180 minutes).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_create(
    *,
    network: Network,
    sector: Sector,
    title: str,
    starts_at: datetime,
    venue_name: str,
    address: str,
    facilitator: User,
    theme: str = "",
    theme_other: str = "",
    kennisexpert: User | None = None,
    series: Series | None = None,
    combined_with: str = "",
    capacity: int = 12,
    quorum: int = 5,
    slot_minutes: int = DEFAULT_SLOT_MINUTES,
    template: AgendaTemplate | None = None,
    allow_past: bool = False,
    planned_by: User | None = None,
) -> Session:
    """A new draft session with the default agenda of the appendix, or a network's own.
    Planned for someone else (`planned_by` is not the facilitator), the facilitator is told."""
    if not allow_past:
        _validate_start(starts_at, slot_minutes)
    if planned_by is not None and roles_in(facilitator, network.pk).isdisjoint(FACILITATING_ROLES):
        raise ValidationError({"facilitator": _("Choose a facilitator of this network.")})
    session = Session(
        network=network,
        sector=sector,
        series=series,
        title=title,
        theme=theme,
        theme_other=theme_other,
        starts_at=starts_at,
        slot_minutes=slot_minutes,
        venue_name=venue_name,
        address=address,
        combined_with=combined_with,
        facilitator=facilitator,
        kennisexpert=kennisexpert,
        capacity=capacity,
        quorum=quorum,
    )
    session.full_clean()
    session.save()
    if template is not None and template.network_id != network.pk:
        raise ValidationError(_("This agenda template belongs to another network."))
    specs = template.phases if template is not None else [phase_fields(p) for p in DEFAULT_PHASES]
    Phase.objects.bulk_create(
        Phase(session=session, position=index, **spec) for index, spec in enumerate(specs, start=1)
    )
    agenda_total_check(session)
    if planned_by is not None and planned_by.pk != facilitator.pk:
        _team_mail_queue(session, "planned", [facilitator.pk], {"by": str(planned_by)})
    followups_reschedule_for_series(session=session)
    return session


def _team_mail_queue(session: Session, kind: str, user_ids: list[int], extra: dict) -> None:
    session_id = session.pk
    transaction.on_commit(lambda: tasks.send_team_mail.enqueue(session_id, kind, user_ids, extra))


@transaction.atomic
def session_update(*, session: Session, **fields: object) -> Session:
    """Change the plan. A new time or place raises the calendar version and tells everyone."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status in (Session.Status.DONE, Session.Status.CANCELLED):
        raise ValidationError(_("This session is finished or cancelled and can no longer change."))
    before = {name: getattr(session, name) for name in CALENDAR_FIELDS}
    for name, value in fields.items():
        setattr(session, name, value)
    moved = any(getattr(session, name) != before[name] for name in CALENDAR_FIELDS)
    if moved:
        _validate_start(session.starts_at, session.slot_minutes)
    session.full_clean()
    session.save()
    if moved and session.invitations_sent_at:
        for invitation in told_of_changes(session):
            invitation_calendar_changed(invitation)
            invitation.save(update_fields=["ics_sequence"])
            invitation_mail_queue(invitation, "updated")
            if invitation.status == Invitation.Status.CONFIRMED:
                reminders_schedule(invitation, after=timezone.now())
        quorum_check_schedule(session)
    if moved:
        followups_reschedule_for_series(session=session)
    return session


# What a person may choose when cancelling; "unknown" only marks older cancellations.
CANCEL_REASONS = (Session.CancelReason.TOO_FEW, Session.CancelReason.OTHER)
CANCEL_NOTE_MAX = 200


def cancel_reason_check(*, reason: str, note: str = "") -> str:
    """The note to store with `reason`, or a Dutch error that says what to fix. The note is
    kept only with "another reason": with too few sign-ups the reason says it all."""
    if reason not in CANCEL_REASONS:
        raise ValidationError(
            _("Choose why the session is not going ahead: too few sign-ups, or another reason.")
        )
    note = note.strip()
    if len(note) > CANCEL_NOTE_MAX:
        raise ValidationError(
            _("Keep the explanation to %(max)d characters; it now has %(n)d.")
            % {"max": CANCEL_NOTE_MAX, "n": len(note)}
        )
    if reason != Session.CancelReason.OTHER:
        return ""
    # The note goes into the programme report for funders: no names, no health details.
    found = privacy_warnings(note)
    if found:
        raise ValidationError(
            _("Leave out names and health details; funders see this note. %(found)s")
            % {"found": "; ".join(w.message for w in found)}
        )
    return note


@transaction.atomic
def session_cancel(*, session: Session, reason: str, note: str = "") -> Session:
    """Cancel for good, keeping why (the programme report counts sessions lost to too few
    sign-ups), and tell everyone invited."""
    note = cancel_reason_check(reason=reason, note=note)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status in (Session.Status.DONE, Session.Status.CANCELLED):
        raise ValidationError(_("This session is already finished or cancelled."))
    session.status = Session.Status.CANCELLED
    session.cancel_reason = reason
    session.cancel_note = note
    for invitation in told_of_changes(session):
        invitation_calendar_changed(invitation)
        invitation.save(update_fields=["ics_sequence"])
        invitation_mail_queue(invitation, "cancelled")
    session.save(update_fields=["status", "cancel_reason", "cancel_note", "updated_at"])
    followups_reschedule_for_series(session=session)
    return session


@transaction.atomic
def session_handover(*, session: Session, to: User, by: User | None = None) -> Session:
    """A new facilitator. Both facilitators get an email, and everyone invited (not declined)
    gets the details again with the new name: their invitation named the old one."""
    if roles_in(to, session.network_id).isdisjoint(FACILITATING_ROLES):
        raise ValidationError(_("Choose a facilitator of this network."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status in (Session.Status.DONE, Session.Status.CANCELLED):
        raise ValidationError(_("This session is finished or cancelled and can no longer change."))
    if session.facilitator_id == to.pk:
        # A second press of the same handover: done already, nobody is mailed twice.
        return session
    before = session.facilitator
    session.facilitator = to
    session.save(update_fields=["facilitator", "updated_at"])
    names = {
        "old": str(before),
        "new": str(to),
        "by": str(by or before),
        "told": bool(session.invitations_sent_at),
    }
    _team_mail_queue(session, "handover", [to.pk, before.pk], names)
    for invitation in told_of_changes(session):
        invitation_mail_queue(invitation, "new_facilitator")
    return session


@transaction.atomic
def attendance_record(*, session: Session, marks: dict[int, str]) -> int:
    valid = set(Invitation.Attendance.values)
    changed = 0
    for invitation in session.invitations.filter(pk__in=marks.keys()):
        mark = marks[invitation.pk]
        if mark not in valid:
            raise ValidationError(_("Unknown attendance value."))
        if invitation.attendance != mark:
            invitation.attendance = mark
            invitation.save(update_fields=["attendance"])
            changed += 1
    return changed
