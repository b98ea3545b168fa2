"""Writes for turnout: a person's phone number with its consent, a contact moment (and the
answer given on their behalf after a call), and a member asking for their personal link.

Staff act for a person, never as the person: what they record is a contact moment and at
most a yes or no marked as theirs; the phone number, consents and membership are set only by
the person through the link in their own mailbox."""

from __future__ import annotations

import hmac
import re
from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from praktijktafel.consent import consent_record
from praktijktafel.dates import CALL_BACK_AHEAD_DAYS
from praktijktafel.models import Consent, Network, User
from sessions import tasks
from sessions.models import ContactMoment, ContactPreference, Invitation, Session
from sessions.services.invitations import invitation_mail_queue, rsvp_respond

_SEPARATORS = re.compile(r"[\s\-().\/]")


def phone_normalize(raw: str) -> str:
    """A Dutch or international number as +31612345678; ValidationError when it is none."""
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("00"):
        number = "+" + number[2:]
    elif number.startswith("0"):
        number = "+31" + number[1:]
    if not re.fullmatch(r"\+[1-9]\d{7,14}", number) or (
        number.startswith("+31") and len(number) != 12
    ):
        raise ValidationError(
            {"phone": _("Enter a phone number like 06 12345678 or +31 6 12345678.")}
        )
    return number


@transaction.atomic
def phone_preference_set(
    *,
    person: User,
    network: Network | int,
    phone: str,
    consent: bool,
    prefers_call: bool,
    source: str,
) -> ContactPreference:
    """The person's own answer for `network` (only from the page behind their own link).
    Saying no (or withdrawing) removes the number this network had: without the consent it
    has no reason to keep it. Other networks keep what was given to them."""
    number = phone_normalize(phone) if consent else ""
    if consent and not phone.strip():
        raise ValidationError({"phone": _("Fill in your phone number, or answer no.")})
    network_id = network if isinstance(network, int) else network.pk
    preference, _created = ContactPreference.objects.select_for_update().get_or_create(
        person=person, network_id=network_id
    )
    preference.phone = number
    preference.prefers_call = prefers_call and consent
    preference.save()
    consent_record(
        user=person, kind=Consent.Kind.PHONE, granted=consent, source=source, network=network
    )
    return preference


SIGNUP_MAIL_EVERY = 600  # seconds
SIGNUP_SALT = "praktijktafel.signup-link"

ANSWERS: dict[str, bool] = {
    ContactMoment.Outcome.COMING: True,
    ContactMoment.Outcome.NOT_COMING: False,
}


@transaction.atomic
def contact_moment_record(
    *,
    invitation: Invitation,
    by: User,
    outcome: str,
    call_back_on: date | None = None,
    note: str = "",
    answer_rsvp: bool = False,
) -> ContactMoment:
    """Note a call or app. With `answer_rsvp`, "is coming" / "is not coming" also answers the
    invitation on their behalf, through the same service as their own link: the usual mail
    with the calendar file, once, and marked as answered by the caller. It never makes them a
    member, nor touches their consents or case: only their own answer does."""
    session = invitation.session
    if outcome not in ContactMoment.Outcome.values:
        raise ValidationError({"outcome": _("Choose what came of the contact.")})
    if outcome == ContactMoment.Outcome.CALL_BACK:
        if call_back_on is None:
            raise ValidationError({"call_back_on": _("When do you call back?")})
        if call_back_on < timezone.localdate():
            raise ValidationError({"call_back_on": _("Choose today or a later day.")})
        if call_back_on > timezone.localdate() + timedelta(days=CALL_BACK_AHEAD_DAYS):
            raise ValidationError({"call_back_on": _("Choose a day within a year from today.")})
    else:
        call_back_on = None
    answered = False
    if answer_rsvp and outcome in ANSWERS:
        rsvp_respond(
            invitation=invitation,
            attend=ANSWERS[outcome],
            source=Invitation.AnswerSource.STAFF,
            answered_by=by,
        )
        answered = True
    return ContactMoment.objects.create(
        network_id=session.network_id,
        person_id=invitation.person_id,
        session=session,
        outcome=outcome,
        call_back_on=call_back_on,
        note=note.strip()[:300],
        answered_rsvp=answered,
        recorded_by=by,
    )


def signup_email_digest(email: str) -> str:
    """A keyed hash of an address: what the queued work carries instead of the address, so
    a stranger's address is never stored in the task table."""
    return salted_hmac(SIGNUP_SALT, email.strip().lower()).hexdigest()


def signup_link_request(*, session: Session, email: str) -> None:
    """A member of the session's network asks for their personal link: they get the
    invitation mail (with the link) at their own address. Anyone else gets nothing, and the
    caller cannot tell the difference: no open registration, no list of members.

    The request does the same work for every address: it queues the look-up with a hash of
    the address and returns: looking the member up here would make a member's answer a few
    milliseconds slower than a stranger's, which tells who is a member."""
    if not session.signup_open:
        return
    session_id, digest = session.pk, signup_email_digest(email)
    transaction.on_commit(lambda: tasks.signup_link_send.enqueue(session_id, digest))


def signup_link_fulfil(*, session_id: int, digest: str) -> bool:
    """The queued half of `signup_link_request`: find the member whose address has this hash
    and mail them their link. True when a mail was queued."""
    session = Session.objects.select_related("network").filter(pk=session_id).first()
    if session is None or not session.signup_open:
        return False
    members = User.objects.filter(is_active=True, memberships__network=session.network)
    person = next(
        (
            member
            for member in members.distinct().only("pk", "email")
            if hmac.compare_digest(signup_email_digest(member.email), digest)
        ),
        None,
    )
    if person is None:
        return False
    # One mail per person and session per ten minutes, however often the form is sent.
    if not cache.add(f"signup-link:{session.pk}:{person.pk}", 1, SIGNUP_MAIL_EVERY):
        return False
    invitation, _created = Invitation.objects.get_or_create(session=session, person=person)
    # Already in a task, after the invitation is saved: queue the mail straight away (with
    # the database task backend it is written in the same transaction as any caller's).
    tasks.send_invitation_mail.enqueue(invitation.pk, "invitation")
    return True


def own_link_mail(*, invitation: Invitation) -> None:
    """Whoever opens the shared link may ask for the person's own link: it goes only to the
    person's own address (the invitation mail), at most once per ten minutes."""
    if not invitation.session.answers_open:
        return
    if not cache.add(f"own-link:{invitation.pk}", 1, SIGNUP_MAIL_EVERY):
        return
    with transaction.atomic():
        invitation_mail_queue(invitation, "invitation")
