"""Reads for turnout: who to call for a session, their phone number (only with consent), the
expected number present from the network's own history, and a person's page.

A person's own turnout (came N of M times) is for coordinators only; the callers' views pass
`show_history=False` for everyone else.

The team sees of a person only what the person gave to this network: until they join, the
name and firm the inviter typed (`Invitation.shown_name`); a phone number and their wish to
be called only with the phone consent given to this network. The call list carries the
shared link (yes or no only), never the personal link from the person's mailbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from praktijktafel.consent import consenting
from praktijktafel.dates import local_format
from praktijktafel.models import Consent, Network, User
from sessions.models import (
    ActionFollowUp,
    Capture,
    ContactMoment,
    ContactPreference,
    Invitation,
    Session,
)
from sessions.tokens import shared_token

CAME = Invitation.ATTENDED
# Fewer sign-ups with a recorded attendance than this, and the network has no history yet.
MIN_NETWORK_HISTORY = 10
# A person is counted with their own rate from this many recorded sign-ups.
MIN_PERSON_HISTORY = 3
# Without history: eight in ten who sign up for a free evening session come. A cautious
# figure; the pilot lost a session to drop-outs, so we do not assume everyone comes.
DEFAULT_RATE = 0.8


# --- phone numbers: the consent gate --------------------------------------------------------


def _network_id(network: Network | int) -> int:
    return network if isinstance(network, int) else network.pk


def phone_numbers(person_ids: Iterable[int], *, network: Network | int) -> dict[int, str]:
    """The phone numbers of these people who said yes to the PHONE consent for `network`
    (two queries).

    The one way for a network to read a number: a withdrawn consent hides it at once,
    wherever it is shown, and a yes given to another network counts for nothing here."""
    ids = [pk for pk in person_ids if pk]
    allowed = consenting(ids, Consent.Kind.PHONE, network=network)
    if not allowed:
        return {}
    return {
        person_id: phone
        for person_id, phone in ContactPreference.objects.filter(
            person_id__in=allowed, network_id=_network_id(network)
        ).values_list("person_id", "phone")
        if phone
    }


def prefers_call(person_ids: Iterable[int], *, network: Network | int) -> set[int]:
    """Who would rather be called, among those who gave `network` their phone consent."""
    allowed = consenting(list(person_ids), Consent.Kind.PHONE, network=network)
    if not allowed:
        return set()
    return set(
        ContactPreference.objects.filter(
            person_id__in=allowed, network_id=_network_id(network), prefers_call=True
        ).values_list("person_id", flat=True)
    )


def shared_url(invitation: Invitation) -> str:
    """The link for an app message: it answers yes or no, nothing else (`sessions.tokens`)."""
    return settings.SITE_URL + reverse("sessions:rsvp_shared", args=[shared_token(invitation)])


def phone_display(phone: str) -> str:
    """+31612345678 as 06 1234 5678, the way people in the Netherlands read a number."""
    if phone.startswith("+316") and len(phone) == 12:
        return f"06 {phone[4:8]} {phone[8:]}"
    if phone.startswith("+31"):
        return "0" + phone[3:]
    return phone


def tel_url(phone: str) -> str:
    return "tel:" + phone


def whatsapp_url(phone: str | None, text: str) -> str:
    """wa.me with the text filled in; without a number the app lets you pick the contact."""
    number = (phone or "").lstrip("+")
    if not text:
        return f"https://wa.me/{number}"
    return f"https://wa.me/{number}?text={quote(text, safe='')}"


def whatsapp_text(*, invitation: Invitation, sender: User, link: str) -> str:
    """The short message, in the site's language (Dutch), with the shared link. It greets
    them by the name this network knows (as typed until they join), never the account's."""
    session = invitation.session
    with translation.override(settings.LANGUAGE_CODE):
        start = timezone.localtime(session.starts_at)
        return _(
            "Hi %(name)s, %(sender)s from %(network)s here. On %(day)s at %(time)s we hold "
            "the Praktijktafel “%(title)s” at %(venue)s. Will you join us? Answer yes or no "
            "here: %(link)s"
        ) % {
            "name": (invitation.shown_name.split() or [""])[0],
            "sender": sender.get_short_name(),
            "network": session.network.name,
            "day": local_format(start, "l j F"),
            "time": local_format(start, "H:i"),
            "title": session.title,
            "venue": session.venue_name,
            "link": link,
        }


# --- expected turnout ------------------------------------------------------------------------


@dataclass(frozen=True)
class History:
    """Sign-ups with a recorded attendance in the network's earlier sessions."""

    confirmed: int = 0
    came: int = 0
    sessions: int = 0
    per_person: dict[int, tuple[int, int]] = field(default_factory=dict)  # pk → (signed, came)

    @property
    def enough(self) -> bool:
        return self.confirmed >= MIN_NETWORK_HISTORY

    @property
    def rate(self) -> float:
        return self.came / self.confirmed if self.enough else DEFAULT_RATE

    def person_rate(self, person_id: int) -> float:
        signed, came = self.per_person.get(person_id, (0, 0))
        if signed >= MIN_PERSON_HISTORY:
            return came / signed
        return self.rate

    def explanation(self) -> str:
        if not self.enough:
            return _(
                "This network has too little history yet (%(n)d sign-ups with attendance "
                "recorded), so we count on 8 in 10 coming, a cautious figure for a free "
                "evening session, until its own figures are in."
            ) % {"n": self.confirmed}
        return _(
            "Expected: in this network %(pct)d%% of those who signed up actually came "
            "(%(came)d of %(signed)d at %(sessions)d earlier sessions); someone who signed up "
            "%(min)d times or more counts with their own turnout."
        ) % {
            "pct": round(self.rate * 100),
            "came": self.came,
            "signed": self.confirmed,
            "sessions": self.sessions,
            "min": MIN_PERSON_HISTORY,
        }


def turnout_history(*, network_id: int, now=None) -> History:
    """The network's history in two queries, whatever its size."""
    now = now or timezone.now()
    recorded = Invitation.objects.filter(
        session__network_id=network_id,
        session__starts_at__lt=now,
        status=Invitation.Status.CONFIRMED,
    ).exclude(attendance="")
    recorded = recorded.exclude(session__status=Session.Status.CANCELLED)
    per_person = {
        row["person_id"]: (row["n"], row["came"])
        for row in recorded.order_by()
        .values("person_id")
        .annotate(n=Count("pk"), came=Count("pk", filter=Q(attendance__in=CAME)))
    }
    sessions = recorded.order_by().aggregate(n=Count("session", distinct=True))["n"]
    return History(
        confirmed=sum(n for n, _came in per_person.values()),
        came=sum(came for _n, came in per_person.values()),
        sessions=sessions,
        per_person=per_person,
    )


@dataclass(frozen=True)
class Expected:
    signed_up: int
    expected: int

    def label(self) -> str:
        return _("%(n)d signed up, expected %(e)d") % {"n": self.signed_up, "e": self.expected}


def expected_for(history: History, confirmed_person_ids: list[int]) -> Expected:
    total = sum(history.person_rate(pk) for pk in confirmed_person_ids)
    return Expected(signed_up=len(confirmed_person_ids), expected=round(total))


def expected_turnout(
    *, sessions: list[Session], history: History | None = None
) -> dict[int, Expected]:
    """The expected number present per session (one query plus the history)."""
    if not sessions:
        return {}
    history = history or turnout_history(network_id=sessions[0].network_id)
    confirmed: dict[int, list[int]] = {s.pk: [] for s in sessions}
    for session_id, person_id in Invitation.objects.filter(
        session__in=[s.pk for s in sessions], status=Invitation.Status.CONFIRMED
    ).values_list("session_id", "person_id"):
        confirmed[session_id].append(person_id)
    return {pk: expected_for(history, ids) for pk, ids in confirmed.items()}


# --- the call list ---------------------------------------------------------------------------


class Reason:
    CALL_BACK = "call_back"
    NO_ANSWER = "no_answer"
    MISSED_BEFORE = "missed_before"


@dataclass
class CallRow:
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
    def tel(self) -> str:
        return tel_url(self.phone) if self.phone else ""

    @property
    def phone_shown(self) -> str:
        return phone_display(self.phone) if self.phone else ""

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
class PersonPage:
    person: User
    network: Network
    phone: str | None
    prefers_call: bool
    invitations: list[Invitation]
    moments: list[ContactMoment]
    open_actions: list[Capture]
    history: tuple[int, int]

    @property
    def phone_shown(self) -> str:
        return phone_display(self.phone) if self.phone else ""

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
            if session is not None and (
                session.starts_at <= timezone.now()
                or session.status in (Session.Status.DONE, Session.Status.CANCELLED)
            ):
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
