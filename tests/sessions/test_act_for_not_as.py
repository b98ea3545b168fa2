"""Staff act FOR a person, never AS the person.

- The call list, its WhatsApp text and the person page show of a person only what they gave
  to this network: until they join, the name the inviter typed; a phone number only with the
  phone consent given to this network. An address with an account and one without give the
  same row.
- What staff record (a call: "is coming") and an answer through the shared link (the one in
  the WhatsApp text) never make someone a member and never touch consents or the phone
  number; only the person's own answer through their mailed link does.
- Staff never hold the personal link: the call list carries the shared link, which only
  answers yes or no.
- Consent is per network: a yes given to one network counts nowhere else.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django.urls import reverse

from kennisbank.selectors import contact_visible
from praktijktafel.consent import consenting
from praktijktafel.models import Consent, Membership, Role
from sessions.models import ContactPreference, Invitation
from sessions.selectors.phones import phone_numbers
from sessions.selectors.turnout import call_list
from sessions.services.invitations import invitations_send
from sessions.services.turnout import contact_moment_record
from sessions.tokens import TokenInvalid, invitation_from_token, rsvp_token, shared_token
from tests.factories import OrganisationFactory, SolutionFactory, session_for

pytestmark = pytest.mark.django_db

NUMBER_FORMS = ("612345678", "1234 5678", "12345678")


def _invite(client, session, lines: str):
    return client.post(
        reverse("sessions:invite", args=[session.pk]), {"new_people": lines, "confirm": "1"}
    )


def _own_answer(client, session, person, **fields):
    """The person answers with the personal link from their own mailbox."""
    invitation = Invitation.objects.get(session=session, person=person)
    data = {"attend": "yes", "share_contact": "no", "recording": "no", **fields}
    return client.post(reverse("sessions:rsvp", args=[rsvp_token(invitation)]), data)


def _own_phone(client, session, person, number="06 1234 5678"):
    invitation = Invitation.objects.get(session=session, person=person)
    url = reverse("sessions:rsvp_phone", args=[rsvp_token(invitation)])
    return client.post(url, {"consent": "yes", "phone": number})


@pytest.fixture
def elsewhere(other_network, other_ondernemer, other_coordinator):
    """Olga of network B: her firm, her phone number and her consents given to B only."""
    other_ondernemer.organisation = OrganisationFactory(name="Elders Installatie")
    other_ondernemer.save(update_fields=["organisation"])
    b_session = session_for(other_network, other_coordinator)
    Invitation.objects.create(session=b_session, person=other_ondernemer)
    from django.test import Client

    own = Client()
    assert _own_answer(own, b_session, other_ondernemer, share_contact="yes").status_code == 302
    assert _own_phone(own, b_session, other_ondernemer).status_code == 302
    return other_ondernemer


def _call_page(client, session) -> str:
    return client.get(reverse("sessions:call_list", args=[session.pk])).content.decode()


# --- finding 1: the call list shows another network's person as typed --------------------


def test_the_call_list_shows_only_what_the_inviter_typed_for_another_networks_account(
    client, session, facilitator, coordinator, elsewhere
):
    client.force_login(facilitator)
    assert _invite(client, session, f"{elsewhere.email}, Piet Getypt").status_code == 302
    client.force_login(coordinator)
    page = _call_page(client, session)
    assert "Piet Getypt" in page
    assert "Olga" not in page and "Elders Installatie" not in page
    assert not any(form in page for form in NUMBER_FORMS)  # her consent was given to B
    (row,) = call_list(session=session, caller=coordinator, show_history=True)
    text = parse_qs(urlparse(row.whatsapp).query)["text"][0]
    assert text.startswith("Hoi Piet,") and "Olga" not in text
    assert row.phone is None and not row.prefers_call


def test_the_call_list_row_is_the_same_for_an_account_and_an_unknown_address(
    client, network, facilitator, coordinator, elsewhere
):
    rows = []
    for email in (elsewhere.email, "onbekend@firma.example"):
        session = session_for(network, facilitator)
        client.force_login(facilitator)
        _invite(client, session, f"{email}, Zelfde Naam, Zelfde Firma")
        client.force_login(coordinator)
        page = _call_page(client, session)
        start = page.index('<ul class="call-list">')
        row = page[start : page.index("</ul>", start)]
        row = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", row)
        # The invitation's number and the link's signature differ by nature; the rest not.
        row = re.sub(r"\d+", "N", re.sub(r"/[^/\s\"&%]+/?(?=[\"&%\s])", "/T", unquote(row)))
        rows.append(row)
    assert rows[0] == rows[1]


def test_a_call_noted_as_coming_never_makes_them_a_member(
    session, network, facilitator, coordinator, elsewhere, django_capture_on_commit_callbacks
):
    from sessions.services.invitations import NewInvitee, invitations_send

    (invitation,) = invitations_send(
        session=session, new_people=[NewInvitee(email=elsewhere.email, name="Piet Getypt")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        contact_moment_record(
            invitation=invitation, by=coordinator, outcome="coming", answer_rsvp=True
        )
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CONFIRMED
    assert invitation.answered_by == coordinator
    assert not Membership.objects.filter(user=elsewhere, network=network).exists()
    assert invitation.shown_name == "Piet Getypt"  # still not joined: still as typed


# --- finding 2: staff never hold the personal link; the shared link answers only ----------


def test_the_call_list_never_carries_the_personal_link(
    client, session, facilitator, coordinator, ondernemer
):
    invitation = Invitation.objects.create(session=session, person=ondernemer)
    client.force_login(coordinator)
    page = unquote(_call_page(client, session))
    assert rsvp_token(invitation) not in page
    (row,) = call_list(session=session, caller=coordinator, show_history=True)
    tokens = re.findall(r"/(?:rsvp|antwoord)/([^/?\s]+)", unquote(row.whatsapp))
    assert tokens
    for token in tokens:
        with pytest.raises(TokenInvalid):
            invitation_from_token(token)


def test_the_shared_link_answers_yes_or_no_and_sets_nothing_else(
    client, session, network, coordinator, elsewhere, django_capture_on_commit_callbacks
):
    from sessions.services.invitations import NewInvitee, invitations_send

    (invitation,) = invitations_send(
        session=session, new_people=[NewInvitee(email=elsewhere.email, name="Piet Getypt")]
    )
    consents_before = Consent.objects.filter(user=elsewhere).count()
    phone_before = ContactPreference.objects.get(person=elsewhere).phone
    (row,) = call_list(session=session, caller=coordinator, show_history=True)
    link = re.search(r"https?://\S+", parse_qs(urlparse(row.whatsapp).query)["text"][0])[0]
    path = urlparse(link).path
    page = client.get(path)
    assert page.status_code == 200
    assert "Olga" not in page.text and "Elders" not in page.text
    assert 'name="share_contact"' not in page.text and 'name="phone"' not in page.text
    forged = {
        "attend": "yes",
        "share_contact": "yes",
        "recording": "yes",
        "consent": "yes",
        "phone": "06 9999 0000",
        "brings_case": "on",
        "case_summary": "iets",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, forged)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.CONFIRMED
    assert invitation.answer_source == Invitation.AnswerSource.SHARED_LINK
    assert not invitation.brings_case
    assert Consent.objects.filter(user=elsewhere).count() == consents_before
    assert ContactPreference.objects.get(person=elsewhere).phone == phone_before
    assert not Membership.objects.filter(user=elsewhere, network=network).exists()
    # The personal pages refuse the shared token: no consents, no phone through it.
    token = path.rstrip("/").rsplit("/", 1)[1]
    for name in ("sessions:rsvp", "sessions:rsvp_phone", "sessions:rsvp_yes"):
        assert client.get(reverse(name, args=[token])).status_code == 404
    # The person's own answer with their mailed link is what makes them a member.
    assert _own_answer(client, session, elsewhere).status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer_source == Invitation.AnswerSource.OWN
    assert Membership.objects.filter(user=elsewhere, network=network, role=Role.ONDERNEMER).exists()


def test_the_shared_page_mails_the_person_their_own_link(
    client, session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    from django.core import mail

    from sessions.tokens import shared_token

    invitation = Invitation.objects.create(session=session, person=ondernemer)
    url = reverse("sessions:rsvp_shared_mail", args=[shared_token(invitation)])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        client.post(url)  # twice: one mail
    run_tasks()
    assert [m.to for m in mail.outbox] == [[ondernemer.email]]
    # The token carries the time it was signed, so compare what it opens, not its text.
    tokens = re.findall(r"/rsvp/([^/?\s]+)/", mail.outbox[0].body)
    assert tokens and all(invitation_from_token(t) == invitation for t in tokens)


# --- consent is per network -----------------------------------------------------------------


def test_a_consent_given_to_one_network_counts_nowhere_else(
    network, other_network, facilitator, elsewhere
):
    assert consenting([elsewhere.pk], Consent.Kind.PHONE, network=other_network) == {elsewhere.pk}
    assert consenting([elsewhere.pk], Consent.Kind.PHONE, network=network) == set()
    assert phone_numbers([elsewhere.pk], network=network) == {}
    assert phone_numbers([elsewhere.pk], network=other_network) == {elsewhere.pk: "+31612345678"}
    here = SolutionFactory(network=network, contact=elsewhere, is_public=True)
    there = SolutionFactory(network=other_network, contact=elsewhere)
    assert not contact_visible(here)
    assert contact_visible(there)


def test_the_kennisbank_shows_a_contact_only_with_the_consent_for_its_network(
    client, network, facilitator, elsewhere
):
    item = SolutionFactory(network=network, contact=elsewhere, is_public=True)
    url = reverse("kennisbank:detail_short", args=[item.pk])
    response = client.get(url, follow=True)
    assert response.status_code == 200 and item.title in response.text
    assert elsewhere.email not in response.text


def test_the_attendance_list_shows_the_name_as_typed_until_they_join(
    client, session, facilitator, coordinator, elsewhere
):
    from sessions.services.invitations import NewInvitee, invitations_send

    (invitation,) = invitations_send(
        session=session, new_people=[NewInvitee(email=elsewhere.email, name="Piet Getypt")]
    )
    contact_moment_record(invitation=invitation, by=coordinator, outcome="coming", answer_rsvp=True)
    client.force_login(facilitator)
    page = client.get(reverse("sessions:attendance", args=[session.pk])).content.decode()
    assert "Piet Getypt" in page and "Olga" not in page


def test_existing_consents_get_the_network_of_the_session_they_were_given_on(
    session, network, ondernemer
):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("sessions.migrations.0015_consents_per_network_and_answer_sources")
    kinds = Consent.Kind
    on_page = Consent.objects.create(
        user=ondernemer, kind=kinds.PHONE, granted=True, source=f"phone-page:{session.pk}"
    )
    on_rsvp = Consent.objects.create(
        user=ondernemer, kind=kinds.RECORDING, granted=True, source=f"rsvp:{session.pk}"
    )
    unknown = Consent.objects.create(
        user=ondernemer, kind=kinds.SHARE_CONTACT, granted=True, source="import"
    )
    staff_answer = Invitation.objects.create(
        session=session, person=ondernemer, answered_by=session.facilitator
    )
    migration.forwards(apps, None)
    assert Consent.objects.get(pk=on_page.pk).network == network
    assert Consent.objects.get(pk=on_rsvp.pk).network == network
    assert Consent.objects.get(pk=unknown.pk).network is None  # counts for no network
    assert not consenting([ondernemer.pk], kinds.SHARE_CONTACT, network=network)
    staff_answer.refresh_from_db()
    assert staff_answer.answer_source == Invitation.AnswerSource.STAFF


def test_each_network_sees_the_number_given_to_it_and_a_no_removes_only_its_own(
    client, network, other_network, facilitator, other_coordinator, ondernemer
):
    here = session_for(network, facilitator)
    there = session_for(other_network, other_coordinator)
    for session in (here, there):
        Invitation.objects.create(session=session, person=ondernemer)
    _own_phone(client, there, ondernemer, "06 1111 1111")
    _own_phone(client, here, ondernemer, "06 2222 2222")
    assert phone_numbers([ondernemer.pk], network=other_network) == {ondernemer.pk: "+31611111111"}
    assert phone_numbers([ondernemer.pk], network=network) == {ondernemer.pk: "+31622222222"}
    invitation = Invitation.objects.get(session=here, person=ondernemer)
    url = reverse("sessions:rsvp_phone", args=[rsvp_token(invitation)])
    client.post(url, {"consent": "no", "phone": ""})
    assert phone_numbers([ondernemer.pk], network=network) == {}
    assert phone_numbers([ondernemer.pk], network=other_network) == {ondernemer.pk: "+31611111111"}


def test_noting_a_call_shows_the_name_as_typed_and_the_session_says_who_answered(
    client, session, facilitator, coordinator, elsewhere
):
    client.force_login(facilitator)
    _invite(client, session, f"{elsewhere.email}, Piet Getypt")
    invitation = session.invitations.get()
    client.force_login(coordinator)
    prefix = f"c{invitation.pk}"
    response = client.post(
        reverse("sessions:contact_record", args=[session.pk, invitation.pk]),
        {f"{prefix}-outcome": "coming", f"{prefix}-answer_rsvp": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Piet Getypt" in response.text and "Olga" not in response.text
    detail = client.get(reverse("sessions:detail", args=[session.pk])).text
    assert "na een gesprek namens hen beantwoord" in detail
    assert "Olga" not in detail
    client.logout()
    # Then an answer through the shared link: marked as such on the session page.
    from sessions.tokens import shared_token

    client.post(reverse("sessions:rsvp_shared", args=[shared_token(invitation)]), {"attend": "no"})
    client.force_login(coordinator)
    detail = client.get(reverse("sessions:detail", args=[session.pk])).text
    assert "geantwoord via de gedeelde link" in detail


def test_a_team_member_answering_through_the_shared_link_is_recorded_as_staff(
    client, session, ondernemer, coordinator
):
    """Staff who open the link they pass on and press 'Ja' answer as themselves: the answer is
    staff's, with their name, never the person's own nor an anonymous shared-link answer."""
    invitations_send(session=session, people=[ondernemer], warning_reason="test")
    invitation = session.invitations.get()
    client.force_login(coordinator)
    client.post(reverse("sessions:rsvp_shared", args=[shared_token(invitation)]), {"attend": "yes"})
    invitation.refresh_from_db()
    assert invitation.answer_source == Invitation.AnswerSource.STAFF
    assert invitation.answered_by == coordinator
