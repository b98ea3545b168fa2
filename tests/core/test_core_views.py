from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from sessions.models import Invitation
from tests.factories import InvitationFactory, UserFactory, session_for
from tests.queries import count_queries


@pytest.mark.django_db
def test_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_503_when_database_does_not_answer(client):
    with mock.patch("praktijktafel.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_unknown_url_gives_friendly_dutch_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.text


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_error")
def test_server_error_is_friendly_and_hides_details(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in response.text
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


@pytest.mark.django_db
def test_anonymous_sees_what_it_is_and_how_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Leer van elkaar" in response.text
    assert reverse("account_login") in response.text


@pytest.mark.django_db
def test_page_is_dutch_by_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in response.text


@pytest.mark.django_db
def test_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.text
    assert "Learn from each other" in response.text


@pytest.mark.django_db
def test_ondernemer_sees_own_invitations(client, session, ondernemer):
    InvitationFactory(session=session, person=ondernemer, status=Invitation.Status.CONFIRMED)
    client.force_login(ondernemer)
    response = client.get("/")
    assert session.title in response.text
    assert "Aangemeld" in response.text
    assert "Jouw netwerken" not in response.text


@pytest.mark.django_db
def test_ondernemer_does_not_see_sessions_of_others(client, session, other_ondernemer):
    client.force_login(other_ondernemer)
    response = client.get("/")
    assert session.title not in response.text


@pytest.mark.django_db
def test_facilitator_sees_sessions_to_run(client, session, facilitator):
    client.force_login(facilitator)
    response = client.get("/")
    assert "Sessies die jij begeleidt" in response.text
    assert session.title in response.text


@pytest.mark.django_db
def test_coordinator_sees_networks(client, session, coordinator, network):
    client.force_login(coordinator)
    response = client.get("/")
    assert "Jouw netwerken" in response.text
    assert network.name in response.text
    assert "1 komende sessie" in response.text


def test_query_count_does_not_grow_with_invitations(
    client, network, facilitator, ondernemer, django_assert_max_num_queries
):
    client.force_login(ondernemer)
    first = session_for(network, facilitator, title="Eerste")
    InvitationFactory(session=first, person=ondernemer)
    baseline = count_queries(client, "/")
    for n in range(15):
        extra = session_for(network, UserFactory(), title=f"Tafel {n}", days=20 + n)
        InvitationFactory(session=extra, person=ondernemer)
    assert count_queries(client, "/") == baseline


@pytest.mark.django_db
def test_staff_can_use_the_admin(client, staff, ondernemer):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/praktijktafel/user/")
    assert response.status_code == 200
    assert ondernemer.email in response.text
    assert client.get(f"/admin/praktijktafel/user/{ondernemer.pk}/change/").status_code == 200


@pytest.mark.django_db
def test_non_staff_is_sent_to_the_admin_login(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url
