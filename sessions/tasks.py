"""Background work of the sessions app (django-tasks). Every task re-reads the database
and checks it still applies, so a task that runs late or twice does no harm."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django_tasks import task

from praktijktafel.models import Membership, Role
from sessions import emails
from sessions.models import Invitation, ReminderLog, Session

ACTIVE = (Session.Status.INVITED, Session.Status.CONCEPT)


@task(queue_name="mail")
def send_invitation_mail(invitation_id: int, kind: str) -> bool:
    invitation = (
        Invitation.objects.select_related("session", "session__facilitator", "person")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return False
    emails.invitation_message(invitation, kind).send()
    return True


@task(queue_name="mail")
def send_reminder(invitation_id: int, kind: str, for_start: str) -> bool:
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
        with transaction.atomic():
            ReminderLog.objects.create(
                invitation=invitation, kind=kind, for_start=session.starts_at
            )
    except IntegrityError:
        return False  # already sent
    emails.invitation_message(invitation, kind).send()
    return True


@task(queue_name="mail")
def check_quorum(session_id: int, for_start: str) -> bool:
    """48 hours before: tell the facilitator and coordinators when too few have confirmed."""
    session = Session.objects.select_related("facilitator").filter(pk=session_id).first()
    if session is None or session.status not in ACTIVE:
        return False
    if session.starts_at != datetime.fromisoformat(for_start):
        return False
    confirmed = session.invitations.filter(status=Invitation.Status.CONFIRMED).count()
    if confirmed >= session.quorum:
        return False
    coordinators = Membership.objects.filter(
        network_id=session.network_id, role=Role.COORDINATOR
    ).values_list("user__email", flat=True)
    recipients = sorted({session.facilitator.email, *coordinators})
    emails.team_message(session, "quorum", recipients).send()
    return True


@task(queue_name="mail")
def send_summary_mail(invitation_id: int) -> bool:
    """The group's summary with a link to the anonymous evaluation, to one attendee."""
    invitation = (
        Invitation.objects.select_related("session", "session__facilitator", "person")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.session.status != Session.Status.DONE:
        return False
    emails.summary_message(invitation).send()
    return True


@task(queue_name="mail")
def send_action_mail(session_id: int, text: str, email: str) -> bool:
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        return False
    emails.action_message(session, text, email).send()
    return True
