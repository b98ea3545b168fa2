"""Turnout (issue 20): the call list, the phone consent gate, answering on someone's behalf
after a call, the sign-up link members pass on, and the expected number present."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from praktijktafel.consent import consent_record
from praktijktafel.models import Consent, Role
from praktijktafel.personal_data import person_erase, person_export
from sessions import tasks
from sessions.models import ContactMoment, ContactPreference, Invitation, Session
from sessions.selectors.phones import phone_numbers
from sessions.selectors.turnout import Reason, call_list
from sessions.selectors.turnout_expected import DEFAULT_RATE, expected_turnout, turnout_history
from sessions.services.invitations import rsvp_respond
from sessions.services.turnout import (
    contact_moment_record,
    phone_normalize,
    phone_preference_set,
    signup_link_request,
)
from tests.factories import UserFactory, member, session_for
from tests.queries import count_request

pytestmark = pytest.mark.django_db

PRESENT, ABSENT = Invitation.Attendance.PRESENT, Invitation.Attendance.ABSENT


def past_session(network, facilitator, days_ago: int, marks: dict) -> Session:
    """A finished session where `marks` maps person → attendance of their confirmed sign-up."""
    past = session_for(
        network, facilitator, days=-days_ago, allow_past=True, title=f"Eerder {days_ago}"
    )
    past.status = Session.Status.DONE
    past.save(update_fields=["status"])
    for person, attendance in marks.items():
        Invitation.objects.create(
            session=past, person=person, status=Invitation.Status.CONFIRMED, attendance=attendance
        )
    return past


def invite(session, person, status=Invitation.Status.INVITED) -> Invitation:
    return Invitation.objects.create(session=session, person=person, status=status)


def with_phone(person, number="06 1234 5678", consent=True, network=None):
    """The person's own number and phone consent for `network` (their first one)."""
    network = network or person.memberships.first().network
    phone_preference_set(
        person=person,
        network=network,
        phone=number,
        consent=consent,
        prefers_call=False,
        source="test",
    )
    return person


def shows_number(html: str) -> bool:
    """Whether 06 1234 5678 is on the page in any of the ways it can be written."""
    return any(form in html for form in ("612345678", "1234 5678", "12345678"))


@pytest.fixture
def people(network):
    return [member(network, Role.ONDERNEMER, full_name=f"Ondernemer {i}") for i in range(8)]


# --- expected turnout ------------------------------------------------------------------------


def test_a_new_network_without_history_counts_on_the_default_and_says_so(
    network, facilitator, people
):
    session = session_for(network, facilitator)
    for person in people[:5]:
        invite(session, person, Invitation.Status.CONFIRMED)
    history = turnout_history(network_id=network.pk)
    assert not history.enough
    assert history.rate == DEFAULT_RATE
    expected = expected_turnout(sessions=[session], history=history)[session.pk]
    assert (expected.signed_up, expected.expected) == (5, 4)  # 5 × 0.8
    assert "8" in history.explanation() and "10" in history.explanation()
    assert expected.label() == "5 aangemeld, verwacht 4"


def test_the_network_rate_comes_from_who_signed_up_and_came(network, facilitator, people):
    # 3 earlier sessions, 12 sign-ups with attendance, 9 came: 75%.
    a, b, c, d = people[:4]
    past_session(network, facilitator, 60, {a: PRESENT, b: PRESENT, c: PRESENT, d: ABSENT})
    past_session(network, facilitator, 40, {a: PRESENT, b: PRESENT, c: ABSENT, d: PRESENT})
    past_session(network, facilitator, 20, {a: PRESENT, b: PRESENT, c: ABSENT, d: PRESENT})
    # Not counted: an unrecorded attendance, and a sign-up that was never confirmed.
    past = past_session(network, facilitator, 10, {a: ""})
    Invitation.objects.create(session=past, person=b, attendance=ABSENT)
    history = turnout_history(network_id=network.pk)
    assert (history.confirmed, history.came, history.sessions) == (12, 9, 3)
    assert history.enough
    assert history.rate == 0.75
    assert "75%" in history.explanation()


def test_people_with_enough_history_count_with_their_own_turnout(network, facilitator, people):
    always, never, newcomer, *rest = people
    marks_by_session = [
        {always: PRESENT, never: ABSENT, rest[0]: PRESENT, rest[1]: PRESENT},
        {always: PRESENT, never: ABSENT, rest[0]: PRESENT, rest[1]: PRESENT},
        {always: PRESENT, never: ABSENT, rest[0]: ABSENT, rest[1]: PRESENT},
    ]
    for days, marks in zip((60, 40, 20), marks_by_session, strict=True):
        past_session(network, facilitator, days, marks)
    history = turnout_history(network_id=network.pk)
    assert history.rate == 8 / 12
    assert history.person_rate(always.pk) == 1.0
    assert history.person_rate(never.pk) == 0.0
    assert history.person_rate(newcomer.pk) == history.rate
    session = session_for(network, facilitator)
    for person in (always, never, newcomer):
        invite(session, person, Invitation.Status.CONFIRMED)
    expected = expected_turnout(sessions=[session], history=history)[session.pk]
    # 1 + 0 + 2/3 = 1.67 → 2
    assert (expected.signed_up, expected.expected) == (3, 2)


def test_the_quorum_checkpoint_warns_on_the_expected_number(
    network, facilitator, coordinator, people, run_tasks
):
    # Half of those who sign up in this network come.
    a, b, c, d, *_others = people
    for days in (60, 40, 20):
        past_session(network, facilitator, days, {a: PRESENT, b: ABSENT, c: PRESENT, d: ABSENT})
    session = session_for(network, facilitator, days=1, quorum=5)
    for person in people[:6]:
        invite(session, person, Invitation.Status.CONFIRMED)
    # 6 signed up ≥ quorum 5, but a and c always come, b and d never, e and f at 50%: 3.
    assert tasks.check_quorum.call(session.pk, session.starts_at.isoformat()) is True
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "6 aangemeld, verwacht 3" in body
    assert reverse("sessions:call_list", args=[session.pk]) in body


def test_dashboard_shows_signed_up_and_expected_and_warns_on_expected(
    client, network, facilitator, people
):
    a, b, c, d, *_rest = people
    for days in (60, 40, 20):
        past_session(network, facilitator, days, {a: PRESENT, b: ABSENT, c: PRESENT, d: ABSENT})
    session = session_for(network, facilitator, days=1, quorum=4)
    session.status = Session.Status.INVITED
    session.save(update_fields=["status"])
    for person in people[:4]:
        invite(session, person, Invitation.Status.CONFIRMED)
    client.force_login(facilitator)
    page = client.get(reverse("sessions:dashboard", args=[network.slug])).content.decode()
    assert "4 aangemeld, verwacht 2" in page
    assert 'id="quorum-heading"' in page  # 4 signed up = quorum, but 2 expected
    assert "50%" in page  # the one-sentence explanation


# --- the call list ---------------------------------------------------------------------------


def test_the_call_list_holds_who_has_not_answered_is_unsure_or_missed_before(
    network, facilitator, coordinator, people
):
    quiet, unsure, no_show, steady, declined, waiting, said_no, *_ = people
    past_session(network, facilitator, 30, {no_show: ABSENT, steady: PRESENT, unsure: PRESENT})
    session = session_for(network, facilitator)
    invite(session, quiet)
    unsure_inv = invite(session, unsure, Invitation.Status.CONFIRMED)
    invite(session, no_show, Invitation.Status.CONFIRMED)
    invite(session, steady, Invitation.Status.CONFIRMED)
    invite(session, declined, Invitation.Status.DECLINED)
    invite(session, waiting, Invitation.Status.WAITLISTED)
    said_no_inv = invite(session, said_no)
    tomorrow = timezone.localdate() + timedelta(days=1)
    contact_moment_record(
        invitation=unsure_inv, by=coordinator, outcome="call_back", call_back_on=tomorrow
    )
    contact_moment_record(invitation=said_no_inv, by=coordinator, outcome="not_coming")

    rows = call_list(session=session, caller=coordinator, show_history=True)
    assert [(r.person, r.reason) for r in rows] == [
        (unsure, Reason.CALL_BACK),
        (quiet, Reason.NO_ANSWER),
        (no_show, Reason.MISSED_BEFORE),
    ]
    assert rows[2].history == (1, 0)
    assert all(
        r.history is None
        for r in call_list(session=session, caller=facilitator, show_history=False)
    )


def test_someone_who_missed_before_leaves_the_list_once_called_and_coming(
    network, facilitator, coordinator, people
):
    no_show = people[0]
    past_session(network, facilitator, 30, {no_show: ABSENT})
    session = session_for(network, facilitator)
    invitation = invite(session, no_show, Invitation.Status.CONFIRMED)
    assert call_list(session=session, caller=coordinator, show_history=True)
    contact_moment_record(invitation=invitation, by=coordinator, outcome="coming")
    assert call_list(session=session, caller=coordinator, show_history=True) == []


def test_whatsapp_link_carries_a_short_dutch_message_with_the_shared_link(
    network, facilitator, coordinator, people
):
    person = with_phone(people[0], "06-12 34 56 78")
    session = session_for(network, facilitator)
    invite(session, person)
    (row,) = call_list(session=session, caller=coordinator, show_history=True)
    url = urlparse(row.whatsapp)
    assert (url.scheme, url.netloc, url.path) == ("https", "wa.me", "/31612345678")
    text = parse_qs(url.query)["text"][0]
    assert text.startswith("Hoi Ondernemer, met Marieke van ")
    assert row.shared_link in text and "/antwoord/" in row.shared_link
    client_token = row.shared_link.rsplit("/antwoord/", 1)[1].strip("/")
    assert reverse("sessions:rsvp_shared", args=[client_token]) in unquote(row.whatsapp)
    assert row.tel == "tel:+31612345678"


# --- the phone consent gate ------------------------------------------------------------------


def test_phone_numbers_are_normalised_or_refused():
    assert phone_normalize("06 1234 5678") == "+31612345678"
    assert phone_normalize("+31 6-12345678") == "+31612345678"
    assert phone_normalize("0032 470 12 34 56") == "+32470123456"
    for bad in ("12345", "06 1234 567", "bel me maar", "+31 6 1234 56789"):
        with pytest.raises(ValidationError):
            phone_normalize(bad)


def test_no_number_is_shown_or_exported_without_the_consent(
    client, network, facilitator, coordinator, people
):
    person = people[0]
    # A number stored without a yes (e.g. by an import): it must stay invisible.
    ContactPreference.objects.create(person=person, network=network, phone="+31612345678")
    session = session_for(network, facilitator)
    invite(session, person)
    assert phone_numbers([person.pk], network=network) == {}
    (row,) = call_list(session=session, caller=coordinator, show_history=True)
    assert row.phone is None and row.tel == "" and "wa.me/?text=" in row.whatsapp
    client.force_login(coordinator)
    page = client.get(reverse("sessions:call_list", args=[session.pk])).content.decode()
    assert not shows_number(page)
    person_url = reverse("sessions:person", args=[network.slug, person.pk])
    assert not shows_number(client.get(person_url).content.decode())
    assert person_export(person=person, requested_by=None)["sessions"]["phone"] is None


def test_withdrawing_the_consent_hides_the_number_at_once(
    client, network, facilitator, coordinator, people
):
    person = with_phone(people[0])
    session = session_for(network, facilitator)
    invite(session, person)
    client.force_login(coordinator)
    url = reverse("sessions:call_list", args=[session.pk])
    page = client.get(url).content.decode()
    assert 'href="tel:+31612345678"' in page and "Bel 06 1234 5678" in page
    assert shows_number(page)
    assert person_export(person=person, requested_by=None)["sessions"]["phone"] == "+31612345678"
    # Withdrawn anywhere (any page that records consents): hidden on the next read.
    consent_record(
        user=person, kind=Consent.Kind.PHONE, granted=False, source="elsewhere", network=network
    )
    assert not shows_number(client.get(url).content.decode())
    assert person_export(person=person, requested_by=None)["sessions"]["phone"] is None


def test_the_person_sets_and_withdraws_their_number_with_their_own_link(
    client, network, facilitator, people
):
    from sessions.tokens import rsvp_token

    person = people[0]
    session = session_for(network, facilitator)
    invitation = invite(session, person)
    url = reverse("sessions:rsvp_phone", args=[rsvp_token(invitation)])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="no"' in page.content.decode()
    bad = client.post(url, {"consent": "yes", "phone": "bel me"})
    assert bad.status_code == 422
    client.post(url, {"consent": "yes", "phone": "0612345678", "prefers_call": "on"})
    assert phone_numbers([person.pk], network=network) == {person.pk: "+31612345678"}
    assert ContactPreference.objects.get(person=person).prefers_call
    client.post(url, {"consent": "no", "phone": "0612345678"})
    assert phone_numbers([person.pk], network=network) == {}
    assert ContactPreference.objects.get(person=person).phone == ""  # removed, not kept
    kinds = list(
        Consent.objects.filter(user=person, kind=Consent.Kind.PHONE).values_list(
            "granted", flat=True
        )
    )
    assert kinds == [False, True]  # a history, newest first


def test_erasing_the_person_erases_their_number_and_contact_moments(
    network, facilitator, coordinator, people
):
    person = with_phone(people[0])
    session = session_for(network, facilitator)
    invitation = invite(session, person)
    contact_moment_record(invitation=invitation, by=coordinator, outcome="no_answer")
    exported = person_export(person=person, requested_by=None)["sessions"]
    assert exported["contact_moments"][0]["outcome"] == "no_answer"
    person_erase(person=person, requested_by=coordinator)
    assert not ContactPreference.objects.exists()
    assert not ContactMoment.objects.exists()


# --- answering on someone's behalf -----------------------------------------------------------


def test_answering_after_a_call_sends_one_confirmation_with_ics_and_is_marked(
    network, facilitator, coordinator, people, django_capture_on_commit_callbacks, run_tasks
):
    person = people[0]
    session = session_for(network, facilitator)
    invitation = invite(session, person)
    with django_capture_on_commit_callbacks(execute=True):
        contact_moment_record(
            invitation=invitation, by=coordinator, outcome="coming", answer_rsvp=True
        )
        contact_moment_record(
            invitation=invitation, by=coordinator, outcome="coming", answer_rsvp=True
        )
    run_tasks()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CONFIRMED
    assert invitation.answered_by == coordinator
    assert Invitation.objects.filter(session=session, person=person).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Marieke van Dijk heeft je aangemeld" in message.body
    assert "/rsvp/" in message.body
    assert message.attachments[0][0].endswith(".ics")
    assert ContactMoment.objects.filter(answered_rsvp=True).count() == 2


def test_a_call_without_answering_changes_nothing_and_own_answer_clears_the_mark(
    network, facilitator, coordinator, people, django_capture_on_commit_callbacks, run_tasks
):
    person = people[0]
    session = session_for(network, facilitator)
    invitation = invite(session, person)
    with django_capture_on_commit_callbacks(execute=True):
        contact_moment_record(invitation=invitation, by=coordinator, outcome="coming")
    run_tasks()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.INVITED and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        contact_moment_record(
            invitation=invitation, by=coordinator, outcome="not_coming", answer_rsvp=True
        )
        invitation.refresh_from_db()
        assert invitation.answered_by == coordinator
        rsvp_respond(invitation=invitation, attend=True)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CONFIRMED
    assert invitation.answered_by is None


def test_call_back_needs_a_day(network, facilitator, coordinator, people):
    session = session_for(network, facilitator)
    invitation = invite(session, people[0])
    with pytest.raises(ValidationError):
        contact_moment_record(invitation=invitation, by=coordinator, outcome="call_back")


# --- the views -------------------------------------------------------------------------------


def test_call_list_page_for_the_team_and_not_for_outsiders(
    client, network, facilitator, coordinator, other_coordinator, ondernemer, people
):
    no_show = people[0]
    past_session(network, facilitator, 30, {no_show: ABSENT})
    session = session_for(network, facilitator)
    invite(session, no_show, Invitation.Status.CONFIRMED)
    url = reverse("sessions:call_list", args=[session.pk])
    for outsider in (other_coordinator, ondernemer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(facilitator)
    page = client.get(url).content.decode()
    assert str(no_show) in page
    assert "kwam 0 van 1 keer" not in page  # a person's turnout: coordinators only
    assert reverse("sessions:person", args=[network.slug, no_show.pk]) not in page
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "kwam 0 van 1 keer" in page
    assert (
        "Zet dit in de nieuwsbrief" in page
        or reverse("sessions:signup", args=[session.uid]) in page
    )


def test_person_page_is_for_coordinators_of_that_network_only(
    client, network, facilitator, coordinator, other_coordinator, people
):
    person = people[0]
    url = reverse("sessions:person", args=[network.slug, person.pk])
    for outsider in (facilitator, other_coordinator):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    stranger = UserFactory()
    assert (
        client.get(reverse("sessions:person", args=[network.slug, stranger.pk])).status_code == 404
    )


def test_recording_a_call_by_htmx_returns_the_row(
    client, network, facilitator, coordinator, people
):
    session = session_for(network, facilitator)
    invitation = invite(session, people[0])
    client.force_login(coordinator)
    url = reverse("sessions:contact_record", args=[session.pk, invitation.pk])
    prefix = f"c{invitation.pk}"
    response = client.post(
        url,
        {f"{prefix}-outcome": "call_back", f"{prefix}-call_back_on": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        url,
        {
            f"{prefix}-outcome": "call_back",
            f"{prefix}-call_back_on": day,
            f"{prefix}-note": "na 17u",
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and f'id="call-{invitation.pk}"' in body
    moment = ContactMoment.objects.get()
    assert (moment.recorded_by, moment.note, moment.call_back_on.isoformat()) == (
        coordinator,
        "na 17u",
        day,
    )


def test_call_list_queries_do_not_grow_with_the_people(
    client, network, facilitator, coordinator, people
):
    session = session_for(network, facilitator)
    invite(session, with_phone(people[0]))
    client.force_login(coordinator)
    url = reverse("sessions:call_list", args=[session.pk])
    _status, few = count_request(client, url)
    for person in people[1:]:
        invite(session, with_phone(person))
        contact_moment_record(
            invitation=session.invitations.get(person=person), by=coordinator, outcome="no_answer"
        )
    status, many = count_request(client, url)
    assert status == 200
    assert many == few


# --- passing it on ---------------------------------------------------------------------------


def test_members_get_their_link_by_mail_and_strangers_the_same_answer(
    client,
    network,
    other_network,
    facilitator,
    people,
    other_ondernemer,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    session = session_for(network, facilitator)
    session.status = Session.Status.INVITED
    session.save(update_fields=["status"])
    url = reverse("sessions:signup", args=[session.uid])
    member_person = people[0]
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in (
            member_person.email.upper(),
            "nobody@nowhere.example",
            other_ondernemer.email,
        ):
            response = client.post(url, {"email": email})
            answers.append(
                (
                    response.status_code,
                    response.content.decode().split("<main")[1].split("</main>")[0],
                )
            )
    run_tasks()
    assert answers[0] == answers[1] == answers[2]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member_person.email]
    assert "/rsvp/" in mail.outbox[0].body
    assert session.invitations.get().person == member_person
    # Asking again within ten minutes sends nothing new, and invites nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        signup_link_request(session=session, email=member_person.email)
    run_tasks()
    assert len(mail.outbox) == 1 and session.invitations.count() == 1
