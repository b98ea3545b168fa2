"""Live console, projector, phones, summary and evaluation pages."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from praktijktafel.models import Role
from sessions.live.services.captures import capture_add, knelpunt_add
from sessions.live.services.run import live_finish, live_goto, live_next, live_start, phones_toggle
from sessions.models import Capture, Knelpunt, LiveState, Session
from sessions.tokens import evaluation_token
from tests.factories import member
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(session):
    live_start(session=session)
    return session


def queries(client, url, **extra) -> int:
    return count_queries(client, url, ok=(200, 204), **extra)


def add_items(session, n):
    for i in range(n):
        knelpunt_add(session=session, client_id=uuid.uuid4(), text=f"Knelpunt {i}")
        capture_add(session=session, client_id=uuid.uuid4(), kind="tip", text=f"Tip {i}")
        capture_add(session=session, client_id=uuid.uuid4(), kind="insight", text=f"Actie {i}")


def test_start_page_then_console(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:live", args=[session.pk])
    assert "Start de sessie" in client.get(url).text
    client.post(reverse("sessions:live_start", args=[session.pk]), {"early": "1"})
    response = client.get(url)
    assert response.status_code == 200
    assert 'role="timer"' in response.text and "Inloop en informeel welkom" in response.text


def test_outsiders_cannot_run_or_watch(
    client, running, other_facilitator, ondernemer, kennisexpert
):
    for user in (other_facilitator, ondernemer):
        client.force_login(user)
        assert client.get(reverse("sessions:live", args=[running.pk])).status_code == 404
        assert client.get(reverse("sessions:projector", args=[running.pk])).status_code == 404
    client.force_login(kennisexpert)  # part of the team: may see the projector, not drive
    assert client.get(reverse("sessions:projector", args=[running.pk])).status_code == 200
    assert client.post(reverse("sessions:live_timer", args=[running.pk, "next"])).status_code == 404


def test_next_phase_over_htmx_returns_the_state_fragment(client, running, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:live_timer", args=[running.pk, "next"]), HTTP_HX_REQUEST="true"
    )
    assert 'id="live-state"' in response.text and "<html" not in response.text
    assert "Landen, leeglopen en knelpunten" in response.text


def test_capture_json_is_idempotent(client, running, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:live_capture", args=[running.pk])
    data = {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": "Geen instroom"}
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    again = client.post(url, data, HTTP_ACCEPT="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Knelpunt.objects.filter(session=running).count() == 1
    bad = client.post(
        url, {**data, "client_id": str(uuid.uuid4()), "text": " "}, HTTP_ACCEPT="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"]


def test_capture_without_javascript_redirects_back(client, running, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:live_capture", args=[running.pk]),
        {"client_id": str(uuid.uuid4()), "kind": "tip", "text": "Buddy"},
    )
    assert response.status_code == 302
    assert Capture.objects.filter(session=running, text="Buddy").exists()


def test_console_and_projector_queries_stay_constant(client, running, facilitator):
    client.force_login(facilitator)
    console_url = reverse("sessions:live", args=[running.pk])
    projector_url = reverse("sessions:projector", args=[running.pk])
    add_items(running, 1)
    base_console = queries(client, console_url)
    base_projector = queries(client, projector_url, HTTP_HX_REQUEST="true")
    add_items(running, 40)
    assert queries(client, console_url) == base_console
    assert queries(client, projector_url, HTTP_HX_REQUEST="true") == base_projector


def test_projector_answers_204_when_nothing_changed(client, running, facilitator):
    client.force_login(facilitator)
    version = LiveState.objects.get(session=running).version
    url = reverse("sessions:projector", args=[running.pk])
    assert client.get(f"{url}?v={version}", HTTP_HX_REQUEST="true").status_code == 204
    live_next(session=running)
    response = client.get(f"{url}?v={version}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Landen" in response.text


def test_projector_of_a_session_not_started_is_not_found(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:projector", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 404


def test_projector_shows_no_names_or_emails(client, running, facilitator, network):
    person = member(network, Role.ONDERNEMER, full_name="Wim Geheim", email="wim@geheim.example")
    capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="case",
        text="Zieke monteur",
        owner="Wim Geheim",
    )
    live_goto(session=running, phase=running.phases.get(kind="cases"))
    client.force_login(facilitator)
    text = client.get(reverse("sessions:projector", args=[running.pk])).text
    assert "Wim Geheim" not in text and "wim@geheim.example" not in text
    assert facilitator.full_name not in text and person.email not in text


def test_phone_join_flow(client, running, facilitator):
    live = LiveState.objects.get(session=running)
    url = reverse("sessions:phone", args=[live.phone_code])
    assert client.get(url).status_code == 404  # closed until the facilitator opens it
    phones_toggle(session=running, enabled=True)
    assert client.get(url).status_code == 200
    data = {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": "Te veel regels"}
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # the same item twice: stored once
    item = Knelpunt.objects.get(session=running)
    assert item.from_phone and not item.approved
    live_finish(session=running)
    assert client.get(url).status_code == 404


def test_phone_is_rate_limited(client, running):
    from django.core.cache import cache

    cache.clear()
    phones_toggle(session=running, enabled=True)
    url = reverse("sessions:phone", args=[LiveState.objects.get(session=running).phone_code])
    client.get(url)  # the phone opens the page first and gets its device cookie
    statuses = [
        client.post(
            url, {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": f"Punt {i}"}
        ).status_code
        for i in range(22)
    ]
    assert statuses.count(429) == 2  # one device: 20 per 10 minutes
    # Another phone in the same room (same IP) can still send.
    client.cookies.clear()
    other = client.post(url, {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": "Ik ook"})
    assert other.status_code == 302
    cache.clear()


def test_summary_promote_and_evaluation(client, running, facilitator, ondernemer, network):
    tip, _ = capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind="tip",
        text="Vast maatje voor nieuwe monteurs",
    )
    live_finish(session=running)
    client.force_login(facilitator)
    response = client.get(reverse("sessions:summary", args=[running.pk]))
    assert "Vast maatje" in response.text and "Gepland en werkelijk" in response.text
    client.post(reverse("sessions:promote", args=[running.pk, tip.pk]))
    waiting = client.get(reverse("sessions:promoted", args=[network.slug])).text
    assert "Vast maatje" in waiting and "K" in waiting

    invitation = running.invitations.create(person=ondernemer, status="confirmed")
    client.logout()
    url = reverse("sessions:evaluation", args=[evaluation_token(invitation)])
    assert client.get(url).status_code == 200
    client.post(url, {"useful": 5, "come_again": "yes", "remark": "Top"})
    assert "Bedankt" in client.get(url).text
    assert running.evaluations.count() == 1


def test_live_console_of_a_finished_session_goes_to_the_summary(client, running, facilitator):
    live_finish(session=running)
    client.force_login(facilitator)
    response = client.get(reverse("sessions:live", args=[running.pk]))
    assert response.status_code == 302 and response.url.endswith("/samenvatting/")
    assert Session.objects.get(pk=running.pk).status == "done"


def test_question_of_an_unknown_kind_is_a_message_not_a_server_error(client, running, facilitator):
    """A NUL byte in the kind reached PostgreSQL (found by the fuzz test): a 500."""
    client.force_login(facilitator)
    url = reverse("sessions:live_question", args=[running.pk])
    for kind in ("a\x00b", "nonsense"):
        response = client.post(url, {"kind": kind, "shuffle": "1"}, follow=True)
        assert response.status_code == 200
        assert "No question found" in response.text or "Geen vraag gevonden" in response.text


def test_evaluation_form_preselects_nothing(client, running, ondernemer):
    """The form showed and checked a '---------' answer to 'Would you come again?'."""
    live_finish(session=running)
    invitation = running.invitations.create(person=ondernemer, status="confirmed")
    url = reverse("sessions:evaluation", args=[evaluation_token(invitation)])
    html = client.get(url).text
    assert "---------" not in html
    assert " checked" not in html
