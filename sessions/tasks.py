"""Background work of the sessions app (django-tasks). Every task re-reads the database
and checks it still applies, so a task that runs late or twice does no harm; a mail that
cannot be delivered (mail server down, time-out) is tried again later, three times."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from praktijktafel.mail_retries import MAIL_ERRORS, RETRY_WAITS, retry_later
from praktijktafel.models import Membership, Role, User
from sessions import emails
from sessions.models import (
    ActionCheck,
    Invitation,
    LiveState,
    PhoneActionMail,
    ReminderLog,
    Session,
)
from sessions.selectors.sessions import attendees
from sessions.selectors.turnout import expected_turnout, turnout_history

ACTIVE = (Session.Status.INVITED, Session.Status.CONCEPT)


@task(queue_name="mail")
def send_invitation_mail(
    invitation_id: int, kind: str, sequence: int | None = None, attempt: int = 0
) -> bool:
    """`sequence`: the calendar version at the moment the mail was queued."""
    invitation = (
        Invitation.objects.select_related("session", "session__facilitator", "person")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return False
    try:
        emails.invitation_message(invitation, kind, sequence).send()
    except MAIL_ERRORS as error:
        return retry_later(send_invitation_mail, (invitation_id, kind, sequence), attempt, error)
    return True


@task(queue_name="mail")
def send_reminder(invitation_id: int, kind: str, for_start: str, attempt: int = 0) -> bool:
    """A reminder for a session that starts at `for_start`; skipped when anything changed."""
    invitation = (
        Invitation.objects.select_related("session", "session__facilitator", "person")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.status != Invitation.Status.CONFIRMED:
        return False
    session = invitation.session
    if session.status not in ACTIVE or session.starts_at != datetime.fromisoformat(for_start):
        return False
    try:
        # The log and the mail together: a mail that fails leaves no "sent" behind.
        with transaction.atomic():
            ReminderLog.objects.create(
                invitation=invitation, kind=kind, for_start=session.starts_at
            )
            emails.invitation_message(invitation, kind).send()
    except IntegrityError:
        return False  # already sent
    except MAIL_ERRORS as error:
        return retry_later(send_reminder, (invitation_id, kind, for_start), attempt, error)
    return True


@task(queue_name="mail")
def check_quorum(session_id: int, for_start: str, attempt: int = 0) -> bool:
    """48 hours before: tell the facilitator and coordinators when too few have confirmed."""
    session = Session.objects.select_related("facilitator").filter(pk=session_id).first()
    if session is None or session.status not in ACTIVE:
        return False
    if session.starts_at != datetime.fromisoformat(for_start):
        return False
    # The number expected to come (the network's own history), not only who clicked yes.
    history = turnout_history(network_id=session.network_id)
    expected = expected_turnout(sessions=[session], history=history)[session.pk]
    if expected.expected >= session.quorum:
        return False
    coordinators = Membership.objects.filter(
        network_id=session.network_id, role=Role.COORDINATOR
    ).values_list("user__email", flat=True)
    recipients = sorted({session.facilitator.email, *coordinators})
    try:
        emails.team_message(
            session,
            "quorum",
            recipients,
            extra={"expected": expected.label(), "explanation": history.explanation()},
        ).send()
    except MAIL_ERRORS as error:
        return retry_later(check_quorum, (session_id, for_start), attempt, error)
    return True


@task(queue_name="mail")
def send_team_mail(
    session_id: int, kind: str, user_ids: list[int], extra: dict, attempt: int = 0
) -> bool:
    """A mail to people of the session's team (planned for you, handed over): only while the
    session is still ahead."""
    session = Session.objects.select_related("facilitator").filter(pk=session_id).first()
    if session is None or session.status not in ACTIVE:
        return False
    recipients = sorted(
        set(User.objects.filter(pk__in=user_ids, is_active=True).values_list("email", flat=True))
    )
    if not recipients:
        return False
    try:
        emails.team_message(session, kind, recipients, extra=extra).send()
    except MAIL_ERRORS as error:
        return retry_later(send_team_mail, (session_id, kind, user_ids, extra), attempt, error)
    return True


@task(queue_name="mail")
def send_summary_mail(invitation_id: int, finished_at: str = "", attempt: int = 0) -> bool:
    """The group's summary with a link to the anonymous evaluation, to one attendee.
    `finished_at`: the finish this mail belongs to; a session reopened (and perhaps finished
    again) since then sends nothing from this task."""
    invitation = (
        Invitation.objects.select_related("session", "session__facilitator", "person")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.session.status != Session.Status.DONE:
        return False
    if finished_at:
        live = LiveState.objects.filter(session_id=invitation.session_id).first()
        if live is None or live.finished_at != datetime.fromisoformat(finished_at):
            return False
    if invitation.pk not in {i.pk for i in attendees(invitation.session)}:
        return False  # marked absent (or never came) by the check-in list as it is now
    try:
        emails.summary_message(invitation).send()
    except MAIL_ERRORS as error:
        return retry_later(send_summary_mail, (invitation_id, finished_at), attempt, error)
    return True


@task(queue_name="mail")
def send_action_mail(mail_id: str, attempt: int = 0) -> bool:
    """A phone participant's own action, to the address they typed. The address lives only in
    the PhoneActionMail row, deleted once the mail is sent or given up for good."""
    row = PhoneActionMail.objects.select_related("session").filter(pk=mail_id).first()
    if row is None:
        return False
    try:
        emails.action_message(row.session, row.text, row.email).send()
    except MAIL_ERRORS as error:
        # The error may quote the address (a refused recipient): log only its kind.
        if attempt >= len(RETRY_WAITS):
            row.delete()
        return retry_later(send_action_mail, (mail_id,), attempt, _unnamed(error))
    row.delete()
    return True


@task(queue_name="mail")
def signup_link_send(session_id: int, digest: str) -> bool:
    """Someone asked for their personal link on the sign-up page: mail it if the address
    (only its keyed hash is here) belongs to a member. Done here, not in the request, so
    the page answers members and strangers with the same work."""
    from sessions.services.turnout import signup_link_fulfil  # the services import the tasks

    return signup_link_fulfil(session_id=session_id, digest=digest)


def _unnamed(error: Exception) -> Exception:
    return RuntimeError(type(error).__name__)


@task(queue_name="mail")
def send_action_checks(session_id: int) -> int:
    """At the follow-up moment of a finished session: one "Hoe staat het met ...?" mail per
    action with an owner. Early (the next session was moved), or for a reopened session, it
    does nothing: the change scheduled this task again for the new moment. Returns how many
    mails were queued."""
    from sessions.services import followups  # the services import the tasks

    session = Session.objects.filter(pk=session_id).first()
    if session is None or session.status != Session.Status.DONE:
        return 0
    live = LiveState.objects.filter(session=session).first()
    if live is None or live.finished_at is None:
        return 0
    if followups.followup_due(session=session, finished_at=live.finished_at) > timezone.now():
        return 0
    checks = followups.action_checks_create(session=session)
    for check in checks:
        # Queued for every mail not yet sent: each mail task sends only once, so a retried
        # run queues again without mailing twice.
        send_action_check.enqueue(str(check.pk))
    return len(checks)


@task(queue_name="mail")
def send_action_check(check_id: str, attempt: int = 0) -> bool:
    """One follow-up mail; the row is marked sent in the same transaction as the mail goes
    out, so a retried task (or a second one) never mails twice."""
    from sessions.services import followups

    try:
        with transaction.atomic():
            check = (
                ActionCheck.objects.select_for_update(of=("self",))
                .select_related("action__session__network", "invitation__person")
                .filter(pk=check_id, sent_at__isnull=True)
                .first()
            )
            if check is None or followups.action_check_opted_out(check):
                return False
            emails.action_check_message(check).send()
            check.sent_at = timezone.now()
            check.save(update_fields=["sent_at"])
    except MAIL_ERRORS as error:
        return retry_later(send_action_check, (check_id,), attempt, _unnamed(error))
    return True
