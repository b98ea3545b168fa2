"""Writes for turnout: a person's phone number with its consent, a contact moment (and the
answer given on their behalf after a call), and a member asking for their personal link."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.consent import consent_record
from praktijktafel.dates import CALL_BACK_AHEAD_DAYS
from praktijktafel.models import Consent, User
from sessions.models import ContactMoment, ContactPreference, Invitation, Session
from sessions.selectors.turnout import is_member
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
    *, person: User, phone: str, consent: bool, prefers_call: bool, source: str
) -> ContactPreference:
    """The person's own answer. Saying no (or withdrawing) removes the number: without the
    consent the network has no reason to keep it."""
    number = phone_normalize(phone) if consent else ""
    if consent and not phone.strip():
        raise ValidationError({"phone": _("Fill in your phone number, or answer no.")})
    preference, _created = ContactPreference.objects.select_for_update().get_or_create(
        person=person
    )
    preference.phone = number
    preference.prefers_call = prefers_call
    preference.save()
    consent_record(user=person, kind=Consent.Kind.PHONE, granted=consent, source=source)
    return preference


SIGNUP_MAIL_EVERY = 600  # seconds

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
    with the calendar file, once, and marked as answered by the caller."""
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
        rsvp_respond(invitation=invitation, attend=ANSWERS[outcome], answered_by=by)
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


def signup_link_request(*, session: Session, email: str) -> None:
    """A member of the session's network asks for their personal link: they get the
    invitation mail (with the link) at their own address. Anyone else gets nothing, and the
    caller cannot tell the difference: no open registration, no list of members."""
    if session.status != Session.Status.INVITED or session.starts_at <= timezone.now():
        return
    person = is_member(network=session.network, email=email)
    if person is None:
        return
    # One mail per person and session per ten minutes, however often the form is sent.
    if not cache.add(f"signup-link:{session.pk}:{person.pk}", 1, SIGNUP_MAIL_EVERY):
        return
    with transaction.atomic():
        invitation, _created = Invitation.objects.get_or_create(session=session, person=person)
        invitation.session = session
        invitation_mail_queue(invitation, "invitation")
