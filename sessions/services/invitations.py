"""Writes around invitations: parse a list of people, invite them, their answer (with the
waitlist) and the consents they give with it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.consent import consent_record
from praktijktafel.models import Organisation, Role, User
from praktijktafel.permissions import roles_in
from praktijktafel.services import membership_grant, person_get_or_create
from sessions import pve, tasks
from sessions.models import Invitation, Session
from sessions.selectors.sessions import session_facts
from sessions.services.scheduling import quorum_check_schedule, reminders_schedule


@dataclass(frozen=True)
class NewInvitee:
    email: str
    name: str = ""
    firm: str = ""


# New people per request: each line makes an account and a mail, so a pasted list of
# thousands must not go out in one go.
MAX_NEW_PEOPLE = 100
MAX_NAME = 150  # User.full_name and Organisation.name
MAX_EMAIL = 254


def invitees_parse(text: str) -> list[NewInvitee]:
    """Lines of `email`, `email, name`, `email, name, firm` or `Name <email>`.

    Raises a ValidationError listing every bad line, so nothing is half-done.
    """
    found: list[NewInvitee] = []
    errors: list[str] = []
    seen: set[str] = set()
    lines = text.splitlines()
    count = sum(1 for line in lines if line.strip())
    if count > MAX_NEW_PEOPLE:
        raise ValidationError(
            _(
                "You can invite at most %(max)d new people at once, and there are %(n)d lines. "
                "Split the list and send it in parts."
            )
            % {"max": MAX_NEW_PEOPLE, "n": count}
        )
    for number, raw in enumerate(lines, start=1):
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
            if len(email) > MAX_EMAIL:
                raise ValidationError("too long")
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
        name = parts[1] if len(parts) > 1 else ""
        firm = parts[2] if len(parts) > 2 else ""
        if len(name) > MAX_NAME or len(firm) > MAX_NAME:
            errors.append(
                _("Line %(n)d: a name or firm can be at most %(max)d characters.")
                % {"n": number, "max": MAX_NAME}
            )
            continue
        found.append(NewInvitee(email=email, name=name, firm=firm))
    if errors:
        raise ValidationError(errors)
    return found


def _invitee_by_address(session: Session, new: NewInvitee) -> User:
    """The account for a typed address, touching no account outside the session's network.

    Typing an address must neither make someone of another network (a coordinator, a
    superuser) a member here by someone else's hand, nor show what their account holds, nor
    tell whether the address has an account. So an address is treated the same whether an
    account exists or not: a new account gets what was typed; an existing account outside the
    network is left exactly as it is; neither joins until they sign up (`rsvp_respond`), and
    the team sees only what was typed (`Invitation.shown_name`).
    """
    existing = User.objects.filter(email__iexact=new.email).first()
    if existing is not None and not roles_in(existing, session.network_id):
        return existing
    organisation = None
    if new.firm:
        organisation, _created = Organisation.objects.get_or_create(
            name=new.firm, defaults={"sector": session.sector}
        )
    person, _created = person_get_or_create(
        email=new.email, full_name=new.name, organisation=organisation
    )
    return person


def invitation_mail_queue(invitation: Invitation, kind: str) -> None:
    """Queue a mail; its calendar file carries the calendar version of this moment."""
    invitation_id, sequence = invitation.pk, invitation.ics_sequence
    transaction.on_commit(lambda: tasks.send_invitation_mail.enqueue(invitation_id, kind, sequence))


def invitation_calendar_changed(invitation: Invitation) -> None:
    """The person's event changed (time, place, status or their answer): a higher SEQUENCE,
    so calendar apps take the next file as newer. Saved by the caller."""
    invitation.ics_sequence += 1


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
    if not session.is_planned:
        raise ValidationError(_("Invitations can only be sent for a planned session."))
    if not session.answers_open:
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
    typed: dict[int, NewInvitee] = {}
    for new in new_people:
        person = _invitee_by_address(session, new)
        if not roles_in(person, session.network_id):
            typed.setdefault(person.pk, new)
        invitees.append(person)
    if not invitees:
        raise ValidationError(_("Choose at least one person to invite."))

    already = set(session.invitations.values_list("person_id", flat=True))
    created = []
    for person in invitees:
        if person.pk in already:
            continue
        already.add(person.pk)
        as_typed = typed.get(person.pk)
        invitation = Invitation.objects.create(
            session=session,
            person=person,
            joins_network=as_typed is not None,
            name_as_invited=as_typed.name if as_typed else "",
            firm_as_invited=as_typed.firm if as_typed else "",
        )
        invitation.session = session
        invitation_mail_queue(invitation, "invitation")
        created.append(invitation)
    if warning_reason.strip():
        session.warning_reason = warning_reason.strip()
    if session.status == Session.Status.CONCEPT:
        session.status = Session.Status.INVITED
    if session.invitations_sent_at is None:
        session.invitations_sent_at = timezone.now()
        quorum_check_schedule(session)
    session.save(update_fields=["warning_reason", "status", "invitations_sent_at", "updated_at"])
    return created


def _record_consents(person: User, consents: dict[str, bool], source: str, network_id: int) -> None:
    for kind, granted in consents.items():
        consent_record(user=person, kind=kind, granted=granted, source=source, network=network_id)


OWN = Invitation.AnswerSource.OWN


@transaction.atomic
def rsvp_respond(
    *,
    invitation: Invitation,
    attend: bool,
    source: str = OWN,
    brings_case: bool = False,
    case_summary: str = "",
    consents: dict[str, bool] | None = None,
    answered_by: User | None = None,
) -> Invitation:
    """Sign up (or onto the waitlist when full) or cancel. Repeating an answer changes nothing.

    `source` says who answers. `OWN`: the person, with the link from their own mailbox; only
    this answer makes them a member of the network and records their consents and case.
    `STAFF` (with `answered_by`, the team member after a call) and `SHARED_LINK` (whoever
    holds the link from an app message) only answer yes or no, and the invitation says so."""
    if source not in Invitation.AnswerSource.values:
        raise ValueError(f"unknown answer source {source!r}")
    if (source == Invitation.AnswerSource.STAFF) != (answered_by is not None):
        raise ValueError("a team member's answer names the team member, and only then")
    own = source == OWN
    if not own and (consents or brings_case or case_summary):
        # Only the person speaks for themselves on consents and their case.
        raise ValueError("only the person's own answer carries consents or a case")
    session = Session.objects.select_for_update().get(pk=invitation.session_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not session.is_planned:
        raise ValidationError(_("You can no longer respond: this session is not open."))
    if not session.answers_open:
        raise ValidationError(_("You can no longer respond: this session has started."))
    if own and brings_case and not case_summary.strip():
        raise ValidationError({"case_summary": _("Describe your case in one line.")})
    now = timezone.now()
    if own and attend and invitation.joins_network:
        # Their own answer is what makes them a member; declining leaves them outside, and
        # nobody else's answer ever makes them one.
        if not roles_in(invitation.person, session.network_id):
            membership_grant(user=invitation.person, network=session.network, role=Role.ONDERNEMER)
        invitation.joins_network = False
    if own:
        _record_consents(
            invitation.person, consents or {}, f"rsvp:{session.pk}", session.network_id
        )
        invitation.brings_case = brings_case and attend
        invitation.case_summary = case_summary.strip() if invitation.brings_case else ""
    elif not attend:
        invitation.brings_case, invitation.case_summary = False, ""
    invitation.responded_at = now
    previous = invitation.status
    if own:
        # The person's own answer, even a repeated one, is theirs from now on.
        invitation.answer_source, invitation.answered_by = OWN, None

    repeated = (
        attend and previous in (Invitation.Status.CONFIRMED, Invitation.Status.WAITLISTED)
    ) or (not attend and previous == Invitation.Status.DECLINED)
    if repeated:
        # A repeated answer by someone else keeps who gave it first.
        invitation.save(
            update_fields=[
                "brings_case",
                "case_summary",
                "responded_at",
                "joins_network",
                "answer_source",
                "answered_by",
            ]
        )
        return invitation
    if attend:
        confirmed = session.invitations.filter(status=Invitation.Status.CONFIRMED).count()
        if confirmed < session.capacity:
            invitation.status = Invitation.Status.CONFIRMED
            invitation.confirmed_at = now
            invitation_calendar_changed(invitation)
            invitation_mail_queue(invitation, "confirmed")
            reminders_schedule(invitation, after=now)
        else:
            invitation.status = Invitation.Status.WAITLISTED
            invitation.waitlisted_at = now
            invitation_calendar_changed(invitation)
            invitation_mail_queue(invitation, "waitlisted")
    else:
        invitation.status = Invitation.Status.DECLINED
        invitation.waitlisted_at = None
        invitation_calendar_changed(invitation)
        invitation_mail_queue(invitation, "declined")
    invitation.answer_source = source
    invitation.answered_by = answered_by
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
        invitation_calendar_changed(invitation)
        invitation.save(update_fields=["status", "confirmed_at", "waitlisted_at", "ics_sequence"])
        invitation_mail_queue(invitation, "promoted")
        reminders_schedule(invitation, after=now)
        promoted.append(invitation)
    return promoted
