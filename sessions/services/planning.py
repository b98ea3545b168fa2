"""Writes for the sessions app: keyword-only, validated, one transaction each.

Mail and scheduled work are queued with transaction.on_commit, so a write that rolls back
never sends anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.models import Consent, Network, Organisation, Role, Sector, User
from praktijktafel.permissions import roles_in
from praktijktafel.services import membership_grant, person_get_or_create
from sessions import pve, tasks
from sessions.agenda import DEFAULT_PHASES, DEFAULT_SLOT_MINUTES, MAX_SLOT_MINUTES, PhaseKind
from sessions.models import AgendaTemplate, Invitation, Phase, Series, Session
from sessions.selectors.planning import session_facts

# Fields whose change means a new calendar version for everyone invited.
CALENDAR_FIELDS = ("starts_at", "slot_minutes", "venue_name", "address")
REMINDER_DAYS_AT = time(9, 0)
REMINDER_DAY_AT = time(8, 0)
EVENING_BEFORE_AT = time(19, 0)
EARLY_SESSION = time(12, 0)


def _validate_start(starts_at: datetime, slot_minutes: int) -> None:
    errors = {}
    if starts_at < timezone.now():
        errors["starts_at"] = _("This moment has passed: choose a date and time in the future.")
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
) -> Session:
    """A new draft session with the default agenda of the appendix, or a network's own."""
    if not allow_past:
        _validate_start(starts_at, slot_minutes)
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
    specs = template.phases if template is not None else [_phase_fields(p) for p in DEFAULT_PHASES]
    Phase.objects.bulk_create(
        Phase(session=session, position=index, **spec) for index, spec in enumerate(specs, start=1)
    )
    _check_total(session)
    return session


PHASE_FIELDS = ("kind", "title", "minutes", "is_landing", "is_own_input", "is_knowledge_input")


def _phase_fields(phase: object) -> dict[str, object]:
    """The copyable part of a phase (a Phase or a PhaseSpec), as stored in a template."""
    return {name: getattr(phase, name) for name in PHASE_FIELDS}


@transaction.atomic
def agenda_template_save(*, session: Session, name: str) -> AgendaTemplate:
    """Keep this session's agenda as a template of its network (replacing one of that name)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the template a name.")})
    phases = [_phase_fields(p) for p in session.phases.order_by("position")]
    template, _created = AgendaTemplate.objects.update_or_create(
        network_id=session.network_id, name=name, defaults={"phases": phases}
    )
    return template


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
    if moved and session.invitations_sent_at:
        session.ics_sequence += 1
    session.save()
    if moved and session.invitations_sent_at:
        for invitation in session.invitations.exclude(status=Invitation.Status.DECLINED):
            _mail(invitation, "updated")
            if invitation.status == Invitation.Status.CONFIRMED:
                _schedule_reminders(invitation, after=timezone.now())
        _schedule_quorum_check(session)
    return session


# --- The agenda ----------------------------------------------------------------------


def _renumber(session: Session) -> None:
    for index, phase in enumerate(session.phases.order_by("position", "pk"), start=1):
        if phase.position != index:
            phase.position = index
            phase.save(update_fields=["position"])


def _check_total(session: Session, extra: int = 0) -> None:
    total = sum(session.phases.values_list("minutes", flat=True)) + extra
    if total > session.slot_minutes:
        raise ValidationError(
            _("The phases would take %(total)d minutes, more than the %(slot)d-minute slot.")
            % {"total": total, "slot": session.slot_minutes}
        )


def _editable(session: Session) -> None:
    if session.status in (Session.Status.DONE, Session.Status.CANCELLED):
        raise ValidationError(_("This session is finished or cancelled and can no longer change."))


@transaction.atomic
def phase_add(
    *,
    session: Session,
    title: str,
    minutes: int,
    kind: str = PhaseKind.OTHER,
    is_landing: bool = False,
    is_own_input: bool = False,
    is_knowledge_input: bool = False,
) -> Phase:
    session = Session.objects.select_for_update().get(pk=session.pk)
    _editable(session)
    if minutes < 1:
        raise ValidationError({"minutes": _("A phase takes at least 1 minute.")})
    _check_total(session, extra=minutes)
    last = session.phases.aggregate(last=Max("position"))["last"] or 0
    phase = Phase(
        session=session,
        position=last + 1,
        kind=kind,
        title=title.strip(),
        minutes=minutes,
        is_landing=is_landing,
        is_own_input=is_own_input,
        is_knowledge_input=is_knowledge_input,
    )
    phase.full_clean()
    phase.save()
    return phase


@transaction.atomic
def phase_update(*, phase: Phase, **fields: object) -> Phase:
    session = Session.objects.select_for_update().get(pk=phase.session_id)
    _editable(session)
    phase = Phase.objects.get(pk=phase.pk)
    minutes = fields.get("minutes", phase.minutes)
    if not isinstance(minutes, int) or minutes < 1:
        raise ValidationError({"minutes": _("A phase takes at least 1 minute.")})
    for name, value in fields.items():
        setattr(phase, name, value)
    phase.full_clean()
    phase.save()
    _check_total(session)
    return phase


@transaction.atomic
def phase_remove(*, phase: Phase) -> None:
    session = Session.objects.select_for_update().get(pk=phase.session_id)
    _editable(session)
    if session.phases.count() <= 1:
        raise ValidationError(_("An agenda needs at least one phase."))
    phase.delete()
    _renumber(session)


@transaction.atomic
def phase_move(*, phase: Phase, offset: int) -> None:
    """Swap a phase with its neighbour (offset -1: up, +1: down)."""
    session = Session.objects.select_for_update().get(pk=phase.session_id)
    _editable(session)
    phases = list(session.phases.order_by("position"))
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    target = index + offset
    if not 0 <= target < len(phases):
        return
    phases[index], phases[target] = phases[target], phases[index]
    for position, item in enumerate(phases, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


# --- Invitations ---------------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitee:
    email: str
    name: str = ""
    firm: str = ""


def invitees_parse(text: str) -> list[NewInvitee]:
    """Lines of `email`, `email, name`, `email, name, firm` or `Name <email>`.

    Raises a ValidationError listing every bad line, so nothing is half-done.
    """
    found: list[NewInvitee] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "<" in line and line.endswith(">"):
            name, email = line[:-1].split("<", 1)
            parts = [email.strip(), name.strip().strip('"')]
        else:
            parts = [part.strip() for part in line.replace(";", ",").split(",")]
        email = parts[0].lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Line %(n)d: '%(value)s' is not an email address.")
                % {"n": number, "value": parts[0]}
            )
            continue
        if email in seen:
            errors.append(_("Line %(n)d: %(email)s appears twice.") % {"n": number, "email": email})
            continue
        seen.add(email)
        found.append(
            NewInvitee(
                email=email,
                name=parts[1] if len(parts) > 1 else "",
                firm=parts[2] if len(parts) > 2 else "",
            )
        )
    if errors:
        raise ValidationError(errors)
    return found


def _mail(invitation: Invitation, kind: str) -> None:
    invitation_id = invitation.pk
    transaction.on_commit(lambda: tasks.send_invitation_mail.enqueue(invitation_id, kind))


@transaction.atomic
def invitations_send(
    *,
    session: Session,
    people: Iterable[User] = (),
    new_people: Iterable[NewInvitee] = (),
    warning_reason: str = "",
) -> list[Invitation]:
    """Invite people; each person is invited once, however often this is called."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status not in (Session.Status.CONCEPT, Session.Status.INVITED):
        raise ValidationError(_("Invitations can only be sent for a planned session."))
    if session.starts_at < timezone.now():
        raise ValidationError(_("This session has already started."))
    open_warnings = pve.warnings(pve.check(session_facts(session)))
    if open_warnings and not warning_reason.strip():
        raise ValidationError(
            {
                "warning_reason": _(
                    "The check gives a warning. Write down in one sentence why you invite anyway."
                )
            }
        )
    invitees = list(people)
    for new in new_people:
        organisation = None
        if new.firm:
            organisation, _created = Organisation.objects.get_or_create(
                name=new.firm, defaults={"sector": session.sector}
            )
        person, _created = person_get_or_create(
            email=new.email, full_name=new.name, organisation=organisation
        )
        if not roles_in(person, session.network_id):
            membership_grant(user=person, network=session.network, role=Role.ONDERNEMER)
        invitees.append(person)
    if not invitees:
        raise ValidationError(_("Choose at least one person to invite."))

    already = set(session.invitations.values_list("person_id", flat=True))
    created = []
    for person in invitees:
        if person.pk in already:
            continue
        already.add(person.pk)
        invitation = Invitation.objects.create(session=session, person=person)
        invitation.session = session
        _mail(invitation, "invitation")
        created.append(invitation)
    if warning_reason.strip():
        session.warning_reason = warning_reason.strip()
    if session.status == Session.Status.CONCEPT:
        session.status = Session.Status.INVITED
    if session.invitations_sent_at is None:
        session.invitations_sent_at = timezone.now()
        _schedule_quorum_check(session)
    session.save(update_fields=["warning_reason", "status", "invitations_sent_at", "updated_at"])
    return created


def _record_consents(person: User, consents: dict[str, bool], source: str) -> None:
    for kind, granted in consents.items():
        latest = Consent.objects.filter(user=person, kind=kind).first()
        if latest is None or latest.granted != granted:
            Consent.objects.create(user=person, kind=kind, granted=granted, source=source)


@transaction.atomic
def rsvp_respond(
    *,
    invitation: Invitation,
    attend: bool,
    brings_case: bool = False,
    case_summary: str = "",
    consents: dict[str, bool] | None = None,
) -> Invitation:
    """Sign up (or onto the waitlist when full) or cancel. Repeating an answer changes nothing."""
    session = Session.objects.select_for_update().get(pk=invitation.session_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if session.status not in (Session.Status.CONCEPT, Session.Status.INVITED):
        raise ValidationError(_("You can no longer respond: this session is not open."))
    if session.starts_at <= timezone.now():
        raise ValidationError(_("You can no longer respond: this session has started."))
    if brings_case and not case_summary.strip():
        raise ValidationError({"case_summary": _("Describe your case in one line.")})
    now = timezone.now()
    _record_consents(invitation.person, consents or {}, f"rsvp:{session.pk}")
    invitation.brings_case = brings_case and attend
    invitation.case_summary = case_summary.strip() if invitation.brings_case else ""
    invitation.responded_at = now
    previous = invitation.status

    if attend and previous in (Invitation.Status.CONFIRMED, Invitation.Status.WAITLISTED):
        invitation.save(update_fields=["brings_case", "case_summary", "responded_at"])
        return invitation
    if attend:
        confirmed = session.invitations.filter(status=Invitation.Status.CONFIRMED).count()
        if confirmed < session.capacity:
            invitation.status = Invitation.Status.CONFIRMED
            invitation.confirmed_at = now
            _mail(invitation, "confirmed")
            _schedule_reminders(invitation, after=now)
        else:
            invitation.status = Invitation.Status.WAITLISTED
            invitation.waitlisted_at = now
            _mail(invitation, "waitlisted")
    else:
        if previous == Invitation.Status.DECLINED:
            invitation.save(update_fields=["responded_at"])
            return invitation
        invitation.status = Invitation.Status.DECLINED
        invitation.waitlisted_at = None
        _mail(invitation, "declined")
    invitation.save()
    if previous == Invitation.Status.CONFIRMED and not attend:
        waitlist_promote(session=session)
    return invitation


def waitlist_promote(*, session: Session) -> list[Invitation]:
    """Fill free places from the waitlist, first come first served. Call inside a transaction
    that holds the session row lock (select_for_update)."""
    free = session.capacity - session.invitations.filter(status=Invitation.Status.CONFIRMED).count()
    promoted: list[Invitation] = []
    if free <= 0:
        return promoted
    waiting = (
        session.invitations.select_for_update()
        .filter(status=Invitation.Status.WAITLISTED)
        .order_by("waitlisted_at", "pk")[:free]
    )
    now = timezone.now()
    for invitation in waiting:
        invitation.status = Invitation.Status.CONFIRMED
        invitation.confirmed_at = now
        invitation.waitlisted_at = None
        invitation.save(update_fields=["status", "confirmed_at", "waitlisted_at"])
        _mail(invitation, "promoted")
        _schedule_reminders(invitation, after=now)
        promoted.append(invitation)
    return promoted


@transaction.atomic
def session_cancel(*, session: Session) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status in (Session.Status.DONE, Session.Status.CANCELLED):
        raise ValidationError(_("This session is already finished or cancelled."))
    session.status = Session.Status.CANCELLED
    if session.invitations_sent_at:
        session.ics_sequence += 1
        for invitation in session.invitations.exclude(status=Invitation.Status.DECLINED):
            _mail(invitation, "cancelled")
    session.save(update_fields=["status", "ics_sequence", "updated_at"])
    return session


@transaction.atomic
def session_handover(*, session: Session, to: User) -> Session:
    if Role.FACILITATOR not in roles_in(to, session.network_id):
        raise ValidationError(_("Choose a facilitator of this network."))
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.facilitator = to
    session.save(update_fields=["facilitator", "updated_at"])
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


# --- Scheduling ----------------------------------------------------------------------


def reminder_moments(*, session: Session, network: Network) -> list[tuple[str, datetime]]:
    """When the reminders for this session go out (local time), by the network's settings.

    "On the day" is 08:00 on the day; for a session that starts before noon (an early
    table), that would come too late, so it goes the evening before at 19:00.
    """
    start = timezone.localtime(session.starts_at)
    moments = []
    if network.reminder_days_before:
        day = start.date() - timedelta(days=network.reminder_days_before)
        moments.append(("reminder_days", datetime.combine(day, REMINDER_DAYS_AT)))
    if network.reminder_same_day:
        if start.time() < EARLY_SESSION:
            moment = datetime.combine(start.date() - timedelta(days=1), EVENING_BEFORE_AT)
        else:
            moment = datetime.combine(start.date(), REMINDER_DAY_AT)
        moments.append(("reminder_day", moment))
    tz = timezone.get_current_timezone()
    return [(kind, timezone.make_aware(moment, tz)) for kind, moment in moments]


def _schedule_reminders(invitation: Invitation, *, after: datetime) -> None:
    session = Session.objects.select_related("network").get(pk=invitation.session_id)
    for kind, moment in reminder_moments(session=session, network=session.network):
        # Never a reminder for a moment before the person signed up, nor after the start.
        if moment <= after or moment >= session.starts_at:
            continue
        args = (invitation.pk, kind, session.starts_at.isoformat())
        transaction.on_commit(_enqueue_reminder(args, moment))


def _enqueue_reminder(args: tuple[int, str, str], moment: datetime):
    def enqueue() -> None:
        tasks.send_reminder.using(run_after=moment).enqueue(*args)

    return enqueue


def _schedule_quorum_check(session: Session) -> None:
    moment = session.starts_at - pve.QUORUM_CHECK_BEFORE
    args = (session.pk, session.starts_at.isoformat())
    if moment <= timezone.now():
        transaction.on_commit(lambda: tasks.check_quorum.enqueue(*args))
    else:
        transaction.on_commit(lambda: tasks.check_quorum.using(run_after=moment).enqueue(*args))


__all__ = [
    "NewInvitee",
    "agenda_template_save",
    "attendance_record",
    "invitations_send",
    "invitees_parse",
    "phase_add",
    "phase_move",
    "phase_remove",
    "phase_update",
    "reminder_moments",
    "rsvp_respond",
    "session_cancel",
    "session_create",
    "session_handover",
    "session_update",
    "waitlist_promote",
]
