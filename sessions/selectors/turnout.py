"""Reads for turnout: who to call for a session and why, and a person's contact page.

A person's own turnout (came N of M times) is for coordinators only; the callers' views pass
`show_history=False` for everyone else.

The team sees of a person only what the person gave to this network: until they join, the
name and firm the inviter typed (`Invitation.shown_name`); a phone number and their wish to
be called only with the phone consent given to this network (`phones`). The call list
carries the shared link (yes or no only, `app_messages`), never the personal link from the
person's mailbox. The expected number present is `turnout_expected`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.dates import local_format
from praktijktafel.models import Network, User
from sessions.models import (
    ActionFollowUp,
    Capture,
    ContactMoment,
    Invitation,
    Session,
)
from sessions.selectors.app_messages import shared_url, whatsapp_text, whatsapp_url
from sessions.selectors.phones import ShownPhone, phone_numbers, prefers_call
from sessions.selectors.turnout_expected import History, turnout_history

# --- the call list ---------------------------------------------------------------------------


class Reason:
    CALL_BACK = "call_back"
    NO_ANSWER = "no_answer"
    MISSED_BEFORE = "missed_before"


@dataclass
class CallRow(ShownPhone):
    invitation: Invitation
    reason: str
    shared_link: str
    whatsapp: str
    phone: str | None = None
    prefers_call: bool = False
    last_contact: ContactMoment | None = None
    history: tuple[int, int] | None = None  # (signed up, came): coordinators only
    form: Any = None  # the view's form to note the contact

    @property
    def person(self) -> User:
        return self.invitation.person

    @property
    def name(self) -> str:
        """What this network knows them as: as typed until they join."""
        return self.invitation.shown_name

    @property
    def firm(self) -> str:
        return self.invitation.shown_firm

    @property
    def is_member(self) -> bool:
        return not self.invitation.joins_network

    @property
    def reason_label(self) -> str:
        if self.reason == Reason.CALL_BACK:
            when = self.last_contact.call_back_on if self.last_contact else None
            if when:
                return _("Not sure yet: call back on %(day)s") % {
                    "day": local_format(when, "l j F")
                }
            return _("Not sure yet: call back")
        if self.reason == Reason.NO_ANSWER:
            return _("Has not answered yet")
        return _("Signed up: a call beforehand helps")

    @property
    def call_back_due(self) -> bool:
        when = self.last_contact.call_back_on if self.last_contact else None
        return bool(when and when <= timezone.localdate())


def _latest_moments(session: Session) -> dict[int, ContactMoment]:
    latest: dict[int, ContactMoment] = {}
    for moment in ContactMoment.objects.filter(session=session).select_related("recorded_by"):
        latest.setdefault(moment.person_id, moment)  # ordered newest first
    return latest


def _reason(invitation: Invitation, moment: ContactMoment | None, history: History) -> str | None:
    outcome = moment.outcome if moment else None
    if invitation.status in (Invitation.Status.DECLINED, Invitation.Status.WAITLISTED):
        return None
    if outcome == ContactMoment.Outcome.CALL_BACK:
        return Reason.CALL_BACK
    if invitation.status == Invitation.Status.INVITED:
        if outcome == ContactMoment.Outcome.NOT_COMING:
            return None
        return Reason.NO_ANSWER
    # Confirmed: worth a call when they missed an earlier session and nobody called yet.
    signed, came = history.per_person.get(invitation.person_id, (0, 0))
    if came < signed and outcome != ContactMoment.Outcome.COMING:
        return Reason.MISSED_BEFORE
    return None


ORDER = {Reason.CALL_BACK: 0, Reason.NO_ANSWER: 1, Reason.MISSED_BEFORE: 2}


def call_list(
    *, session: Session, caller: User, show_history: bool, history: History | None = None
) -> list[CallRow]:
    """Everyone invited worth a call: not answered, not sure (call back), or signed up but
    missed an earlier session. Six queries, whatever the number of people."""
    history = history or turnout_history(network_id=session.network_id)
    invitations = list(
        session.invitations.select_related("person", "person__organisation", "answered_by")
    )
    for invitation in invitations:
        invitation.session = session
    latest = _latest_moments(session)
    person_ids = [i.person_id for i in invitations]
    phones = phone_numbers(person_ids, network=session.network_id)
    call_first = prefers_call(person_ids, network=session.network_id)
    rows = []
    for invitation in invitations:
        moment = latest.get(invitation.person_id)
        reason = _reason(invitation, moment, history)
        if reason is None:
            continue
        link = shared_url(invitation)
        phone = phones.get(invitation.person_id)
        rows.append(
            CallRow(
                invitation=invitation,
                reason=reason,
                shared_link=link,
                whatsapp=whatsapp_url(
                    phone, whatsapp_text(invitation=invitation, sender=caller, link=link)
                ),
                phone=phone,
                prefers_call=invitation.person_id in call_first,
                last_contact=moment,
                history=history.per_person.get(invitation.person_id) if show_history else None,
            )
        )
    rows.sort(
        key=lambda r: (
            not r.call_back_due,
            ORDER[r.reason],
            not r.prefers_call,
            r.name.casefold(),
        )
    )
    return rows


def call_row(*, session: Session, invitation: Invitation, caller: User, show_history: bool):
    """One row again after a call was recorded (None when they need no call any more)."""
    return next(
        (
            row
            for row in call_list(session=session, caller=caller, show_history=show_history)
            if row.invitation.pk == invitation.pk
        ),
        None,
    )


# --- a person's page -------------------------------------------------------------------------


@dataclass
class PersonPage(ShownPhone):
    person: User
    network: Network
    phone: str | None
    prefers_call: bool
    invitations: list[Invitation]
    moments: list[ContactMoment]
    open_actions: list[Capture]
    history: tuple[int, int]

    @property
    def whatsapp(self) -> str:
        return whatsapp_url(self.phone, "") if self.phone else ""

    @property
    def open_call_back(self) -> date | None:
        """The call-back of the latest contact, while it still matters: a call about a session
        that has started, ended or was cancelled is no longer due."""
        for moment in self.moments:
            if moment.outcome != ContactMoment.Outcome.CALL_BACK:
                return None
            session = moment.session
            if session is not None and not session.answers_open:
                return None
            return moment.call_back_on
        return None


def person_page(*, network: Network, person_id: int) -> PersonPage:
    """A member's contact history in this network, for its coordinators (404 otherwise)."""
    person = (
        User.objects.filter(pk=person_id, memberships__network=network)
        .select_related("organisation")
        .distinct()
        .first()
    )
    if person is None:
        raise Http404
    invitations = list(
        Invitation.objects.filter(person=person, session__network=network)
        .select_related("session", "answered_by")
        .order_by("-session__starts_at")[:50]
    )
    moments = list(
        ContactMoment.objects.filter(person=person, network=network).select_related(
            "session", "recorded_by"
        )[:50]
    )
    name = (person.full_name or "").strip()
    owned = Q(person=person)
    if name:
        owned |= Q(owner__iexact=name)
    done = ActionFollowUp.objects.filter(status=ActionFollowUp.Status.DONE).values("action_id")
    open_actions = list(
        Capture.objects.filter(
            owned,
            session__network=network,
            kind__in=[Capture.Kind.ACTION, Capture.Kind.GROUP_ACTION],
            approved=True,
        )
        .exclude(pk__in=done)
        .select_related("session")
        .order_by("-created_at")[:20]
    )
    history = turnout_history(network_id=network.pk).per_person.get(person.pk, (0, 0))
    return PersonPage(
        person=person,
        network=network,
        phone=phone_numbers([person.pk], network=network).get(person.pk),
        prefers_call=bool(prefers_call([person.pk], network=network)),
        invitations=invitations,
        moments=moments,
        open_actions=open_actions,
        history=history,
    )
