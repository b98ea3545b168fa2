"""A session's place in every list follows what happened, not only the clock: started or
finished before its planned time, it is no longer 'upcoming' anywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from praktijktafel.dates import quarter_containing
from quarterly.selectors import quarter_content
from sessions.live.services.run import live_finish, live_start
from sessions.selectors.overview import home_overview, network_dashboard
from sessions.services.invitations import invitations_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_early(session, ondernemer):
    """Planned in two weeks; run and finished today (e.g. moved forward by phone)."""
    invitations_send(session=session, people=[ondernemer])
    live_start(session=session)
    live_finish(session=session)
    session.refresh_from_db()
    return session


def test_not_upcoming_on_the_home_page(finished_early, ondernemer, facilitator, client):
    assert finished_early not in [i.session for i in home_overview(user=ondernemer).invitations]
    assert finished_early not in home_overview(user=facilitator).facilitated
    client.force_login(ondernemer)
    assert finished_early.title not in client.get(reverse("home")).text


def test_the_dashboard_lists_it_with_the_past(finished_early, network):
    board = network_dashboard(network=network)
    assert finished_early not in board.upcoming
    assert finished_early in board.past


def test_the_quarterly_update_does_not_announce_it(finished_early, network):
    year, quarter = quarter_containing(finished_early.starts_at)
    content = quarter_content(network=network, sector=None, year=year, quarter=quarter)
    assert finished_early not in content.upcoming


def test_the_rsvp_pages_say_it_was_held_and_offer_no_answer(finished_early, client):
    from sessions.tokens import rsvp_token, shared_token

    invitation = finished_early.invitations.get()
    for url in (
        reverse("sessions:rsvp", args=[rsvp_token(invitation)]),
        reverse("sessions:rsvp_yes", args=[rsvp_token(invitation)]),
        reverse("sessions:rsvp_shared", args=[shared_token(invitation)]),
    ):
        page = client.get(url).text
        assert "is al gehouden" in page, url
        assert "Tot dan" not in page and 'type="submit" class="button"' not in page, url


def test_a_running_session_is_on_the_facilitators_home_and_not_with_the_past(
    session, facilitator, network, client
):
    """Started early and still running: it is the session the facilitator needs most, so it
    stays on their home page and among the dashboard's current sessions."""
    live_start(session=session)
    assert session in home_overview(user=facilitator).facilitated
    board = network_dashboard(network=network)
    assert session in board.upcoming and session not in board.past
    client.force_login(facilitator)
    assert session.title in client.get(reverse("home")).text


def test_inviting_late_needs_no_excuse_for_sign_ups_nobody_could_give(
    network, facilitator, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    """A session tomorrow, invitations going out now: 'too few sign-ups' cannot be judged
    before anyone was asked, so it is no warning to explain, and the quorum mail does not go
    out the minute the invitations do."""
    from django.core import mail

    from sessions import pve
    from sessions.selectors.sessions import session_facts
    from tests.factories import session_for

    soon = session_for(network, facilitator, days=1, title="Morgen al")
    assert not [r for r in pve.warnings(pve.check(session_facts(soon))) if r.rule == "turnout"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(session=soon, people=[ondernemer])  # no reason asked
    run_tasks()  # what is due now
    assert not [m for m in mail.outbox if "aanmeldingen" in m.subject.lower()]


def test_saving_an_answer_says_it_was_saved(session, ondernemer, client):
    from sessions.tokens import rsvp_token

    invitations_send(session=session, people=[ondernemer])
    url = reverse("sessions:rsvp", args=[rsvp_token(session.invitations.get())])
    data = {
        "attend": "yes",
        "brings_case": "on",
        "case_summary": "Mijn monteur wil minder werken",
        "share_contact": "no",
        "recording": "no",
    }
    page = client.post(url, data, follow=True).text
    assert "Je antwoord is opgeslagen." in page
