"""A live screen's poll with its page's ticket: "nothing changed" in one query, before the
login session is loaded (sessions/live/unchanged.py), and never for anyone the full path would
refuse: logged out, another person, a changed password, an expired or inactive login, no
access any more, a forged ticket."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session as BrowserSession
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from praktijktafel.models import Membership, Role
from sessions.live.services import captures as capture_services
from sessions.live.services import run as live_services
from sessions.models import LiveState

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def running(session):
    live_services.live_start(session=session)
    return session


def _version(session) -> str:
    return str(LiveState.objects.get(session=session).version)


def _ticket(html: str) -> str:
    found = re.search(r'"X-Live-Ticket": "([^"]*)"', html)
    assert found and found.group(1), "the page gives its polls a ticket"
    return found.group(1)


def _projector_ticket(client: Client, session) -> str:
    return _ticket(client.get(reverse("sessions:projector", args=[session.pk])).text)


def _poll(client: Client, session, ticket: str, version: str | None = None):
    return client.get(
        reverse("sessions:projector", args=[session.pk]),
        {"v": version or _version(session)},
        HTTP_X_LIVE_TICKET=ticket,
        **HX,
    )


def test_with_its_ticket_an_unchanged_poll_is_one_query(
    client, running, facilitator, django_assert_num_queries
):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    version = _version(running)
    with django_assert_num_queries(1):
        response = _poll(client, running, ticket, version)
    assert response.status_code == 204
    assert response["X-Live-Version"] == version
    assert response["Cache-Control"] == "no-store"


def test_the_consoles_polls_with_their_ticket_are_one_query(
    client, running, facilitator, django_assert_num_queries
):
    client.force_login(facilitator)
    url = reverse("sessions:live", args=[running.pk])
    page = client.get(url).text
    ticket = _ticket(page)
    state = page.split("part=sync&amp;state=")[1].split('"')[0]
    with django_assert_num_queries(1):
        synced = client.get(url, {"part": "sync", "state": state}, HTTP_X_LIVE_TICKET=ticket, **HX)
    assert synced.status_code == 204
    version = _version(running)
    with django_assert_num_queries(1):
        lists = client.get(
            url, {"part": "lists_sync", "v": version}, HTTP_X_LIVE_TICKET=ticket, **HX
        )
    assert lists.status_code == 204


def test_with_its_ticket_a_changed_screen_is_two_queries(
    client, running, facilitator, django_assert_num_queries
):
    """The projector's screen is a read-only fragment: the ticket's query lets the person in,
    one more reads the screen; the login and the person are not loaded again."""
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    old = _version(running)
    capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text="Geen mensen")
    with django_assert_num_queries(2):
        response = _poll(client, running, ticket, old)
    assert response.status_code == 200 and "Geen mensen" in response.text
    assert response["X-Live-Version"] == _version(running)
    assert response["Cache-Control"] == "no-store" and "HX-Request" in response["Vary"]
    assert _ticket(response.text) == ticket  # its next polls carry the same ticket


def test_the_screen_on_the_ticket_path_speaks_the_chosen_language(client, running, facilitator):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text="Geen mensen")
    dutch = _poll(client, running, ticket, "0")
    client.cookies["django_language"] = "en"
    english = _poll(client, running, ticket, "0")
    assert dutch["Content-Language"] == "nl" and english["Content-Language"] == "en"
    assert dutch.text != english.text


def test_a_changed_screen_is_not_sent_after_logging_out(client, running, facilitator):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    cookie = client.cookies["sessionid"].value
    client.logout()
    client.cookies["sessionid"] = cookie
    capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text="Geheim")
    response = _poll(client, running, ticket, "0")
    assert response.status_code == 302 and "Geheim" not in response.text


def test_after_logging_out_the_ticket_answers_nothing(client, running, facilitator):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    cookie = client.cookies["sessionid"].value
    client.logout()
    client.cookies["sessionid"] = cookie  # a copy of the old cookie, replayed
    response = _poll(client, running, ticket)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_expired_login_answers_nothing(client, running, facilitator):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    BrowserSession.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert _poll(client, running, ticket).status_code == 302


def test_a_changed_password_ends_the_ticket_too(client, running, facilitator):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    facilitator.set_password("een heel nieuw wachtwoord 42")
    facilitator.save()
    assert _poll(client, running, ticket).status_code == 302


def test_an_inactive_person_gets_nothing(client, running, facilitator):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    facilitator.is_active = False
    facilitator.save()
    assert _poll(client, running, ticket).status_code != 204


def test_someone_whose_role_ended_gets_404(client, running, facilitator, coordinator):
    client.force_login(coordinator)
    ticket = _projector_ticket(client, running)
    Membership.objects.filter(user=coordinator, role=Role.COORDINATOR).delete()
    assert _poll(client, running, ticket).status_code == 404


def test_another_persons_ticket_or_a_forged_one_is_no_use(
    client, running, facilitator, other_facilitator
):
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    outsider = Client()
    outsider.force_login(other_facilitator)  # same network, not on this session's team
    assert _poll(outsider, running, ticket).status_code == 404
    _user_id, rest = ticket.split(":", 1)
    forged = f"{other_facilitator.pk}:{rest}"
    assert _poll(outsider, running, forged).status_code == 404
    assert _poll(client, running, ticket[:-2] + "xx").status_code == 204  # the full path


def test_a_kennisexperts_ticket_opens_the_projector_not_the_console(client, running, kennisexpert):
    client.force_login(kennisexpert)
    ticket = _projector_ticket(client, running)
    url = reverse("sessions:live", args=[running.pk])
    polled = client.get(
        url, {"part": "lists_sync", "v": _version(running)}, HTTP_X_LIVE_TICKET=ticket, **HX
    )
    assert polled.status_code == 404
    assert _poll(client, running, ticket).status_code == 204


def test_the_page_never_shows_the_login_key(client, running, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("sessions:projector", args=[running.pk])).text
    assert client.cookies["sessionid"].value not in html


def test_only_the_addresses_the_url_conf_knows_are_answered(client, running, facilitator):
    """Other digits (٣ is a 3 to Python's int) reach the URL conf, which knows no such page."""
    client.force_login(facilitator)
    ticket = _projector_ticket(client, running)
    response = client.get(
        f"/sessie/{chr(0x0660 + running.pk)}/projector/",
        {"v": "0"},
        HTTP_X_LIVE_TICKET=ticket,
        **HX,
    )
    assert response.status_code == 404
