"""Inviting by address (issue 19, findings 1, 2 and 12): an account outside the network is never
made a member by someone else, its stored name and firm are never shown to the inviter, and an
address nobody has looks exactly the same. The person joins by answering the invitation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from praktijktafel.models import Membership, Organisation, Role, User
from sessions.models import Invitation
from sessions.tokens import rsvp_token
from tests.factories import OrganisationFactory, session_for

pytestmark = pytest.mark.django_db


def _invite(client, session, lines: str):
    return client.post(
        reverse("sessions:invite", args=[session.pk]), {"new_people": lines, "confirm": "1"}
    )


def _page(client, session) -> str:
    return client.get(reverse("sessions:detail", args=[session.pk])).text


@pytest.fixture
def outsiders(other_network, other_ondernemer, other_coordinator, staff):
    other_ondernemer.organisation = OrganisationFactory(name="Elders Installatie")
    other_ondernemer.save(update_fields=["organisation"])
    staff.full_name = "Bea Beheer"
    staff.save(update_fields=["full_name"])
    return {
        "member of another network": other_ondernemer,
        "coordinator of another network": other_coordinator,
        "superuser": staff,
    }


@pytest.mark.parametrize(
    "who", ["member of another network", "coordinator of another network", "superuser"]
)
def test_an_account_outside_the_network_is_not_made_a_member_nor_shown(
    client, session, network, facilitator, outsiders, who
):
    person = outsiders[who]
    stored_name, stored_firm = person.full_name, person.organisation_id
    client.force_login(facilitator)
    response = _invite(client, session, f"{person.email}, Iemand Getypt, Getypte Firma")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=person, network=network).exists()
    person.refresh_from_db()
    assert (person.full_name, person.organisation_id) == (stored_name, stored_firm)
    page = _page(client, session)
    assert "Iemand Getypt" in page and "Getypte Firma" in page
    assert stored_name not in page
    assert "Elders Installatie" not in page


def test_an_address_nobody_has_is_treated_the_same(client, session, network, facilitator):
    client.force_login(facilitator)
    _invite(client, session, "nieuw@firma.example, Nieuw Mens, Nieuwe Firma")
    person = User.objects.get(email="nieuw@firma.example")
    assert not Membership.objects.filter(user=person, network=network).exists()
    invitation = session.invitations.get(person=person)
    assert invitation.joins_network
    page = _page(client, session)
    assert "Nieuw Mens" in page and "Nieuwe Firma" in page


def test_the_inviter_sees_the_same_row_for_an_outsider_and_a_new_address(
    client, network, facilitator, outsiders
):
    rows = []
    for email in (outsiders["member of another network"].email, "onbekend@firma.example"):
        session = session_for(network, facilitator)
        client.force_login(facilitator)
        _invite(client, session, f"{email}, Zelfde Naam, Zelfde Firma")
        page = _page(client, session)
        start = page.index('id="invitees-heading"')
        rows.append(page[start : page.index("</section>", start)])
    assert rows[0] == rows[1]


def test_the_person_joins_by_signing_up_and_only_then(
    client,
    session,
    network,
    facilitator,
    other_ondernemer,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, session, f"{other_ondernemer.email}, Iemand Getypt")
    run_tasks()
    invitation = session.invitations.get(person=other_ondernemer)
    assert [m.to for m in mail.outbox] == [[other_ondernemer.email]]
    url = reverse("sessions:rsvp", args=[rsvp_token(invitation)])
    answer = {"share_contact": "no", "recording": "no"}
    client.logout()
    client.post(url, {"attend": "no", **answer})
    assert not Membership.objects.filter(user=other_ondernemer, network=network).exists()
    client.post(url, {"attend": "yes", **answer})
    assert Membership.objects.filter(
        user=other_ondernemer, network=network, role=Role.ONDERNEMER
    ).exists()
    invitation.refresh_from_db()
    assert not invitation.joins_network
    client.force_login(facilitator)
    assert other_ondernemer.full_name in _page(client, session)


def test_a_member_of_this_network_typed_by_address_is_invited_as_before(
    client, session, facilitator, ondernemer
):
    client.force_login(facilitator)
    _invite(client, session, f"{ondernemer.email}, Andere Naam")
    invitation = session.invitations.get(person=ondernemer)
    assert not invitation.joins_network
    assert ondernemer.full_name in _page(client, session)


def test_a_coordinator_cannot_reach_an_invited_outsider(
    client, session, network, coordinator, other_ondernemer
):
    client.force_login(coordinator)
    _invite(client, session, other_ondernemer.email)
    url = reverse("member_data", kwargs={"slug": network.slug, "pk": other_ondernemer.pk})
    response = client.get(url)
    assert response.status_code != 200 and "Content-Disposition" not in response.headers
    client.post(url, {"confirm": "VERWIJDER"})
    assert User.objects.filter(pk=other_ondernemer.pk).exists()


def test_a_name_or_firm_over_150_characters_is_a_clear_message(client, session, facilitator):
    client.force_login(facilitator)
    response = _invite(client, session, f"lang@firma.example, {'N' * 151}")
    assert response.status_code == 422
    assert "Regel 1" in response.text and "150" in response.text
    response = _invite(client, session, f"lang@firma.example, Naam, {'F' * 151}")
    assert response.status_code == 422
    assert "Regel 1" in response.text and "150" in response.text
    assert not User.objects.filter(email="lang@firma.example").exists()
    assert not Organisation.objects.filter(name__startswith="FFFF").exists()
    assert session.invitations.count() == 0


def test_at_most_a_hundred_new_people_at_once_and_nothing_half_written(
    client, session, facilitator, django_capture_on_commit_callbacks
):
    client.force_login(facilitator)
    lines = "\n".join(f"p{n}@firma.example, Persoon {n}" for n in range(101))
    users_before = User.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, session, lines)
    assert response.status_code == 422
    assert "100" in response.text and "101" in response.text
    assert User.objects.count() == users_before
    assert Invitation.objects.count() == 0
    assert not DBTaskResult.objects.exists()
    lines = "\n".join(f"p{n}@firma.example" for n in range(100))
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite(client, session, lines).status_code == 302
    assert session.invitations.count() == 100
