"""Dates a person types are bounded before anything is stored, and a moment stored before
the bounds existed (year 9999, year 1) no longer takes other people's pages down."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sessions import tasks
from sessions.models import Invitation, Session
from sessions.services.sessions import session_create
from sessions.services.turnout import contact_moment_record
from tests.factories import session_for

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FAR_FUTURE = datetime(9999, 12, 31, 23, 30, tzinfo=AMSTERDAM)
FAR_PAST = datetime(1, 1, 1, 1, 0, tzinfo=AMSTERDAM)


def plan_data(network, day: str) -> dict:
    return {
        "title": "Vakmensen vasthouden",
        "theme": "behouden",
        "date": day,
        "start_time": "17:00",
        "slot_minutes": 90,
        "venue_name": "Dorpshuis",
        "address": "Dorpsstraat 1, Ede",
        "sector": network.sectors.first().pk,
        "capacity": 12,
        "quorum": 5,
    }


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2999-06-01"])
def test_a_new_session_far_from_now_is_refused_with_a_dutch_message(
    client, network, facilitator, day
):
    client.force_login(facilitator)
    response = client.post(reverse("sessions:new", args=[network.slug]), plan_data(network, day))
    assert response.status_code == 200  # the form again, with its message
    assert not Session.objects.exists()
    html = response.content.decode()
    assert "jaar vooruit" in html or "voorbij" in html


def test_a_session_can_be_planned_two_years_ahead(client, network, facilitator):
    client.force_login(facilitator)
    day = (timezone.localdate() + timedelta(days=2 * 365)).isoformat()
    response = client.post(reverse("sessions:new", args=[network.slug]), plan_data(network, day))
    assert response.status_code == 302
    assert Session.objects.count() == 1


def test_moving_a_session_to_year_9999_is_refused_and_nothing_changes(
    client, network, facilitator, session
):
    before = session.starts_at
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:edit", args=[session.pk]), plan_data(network, "9999-12-31")
    )
    assert response.status_code == 422
    assert "jaar vooruit" in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == before


def test_the_service_refuses_a_start_beyond_the_horizon(network, facilitator):
    with pytest.raises(ValidationError) as caught:
        session_for(network, facilitator, days=4 * 365)
    assert "starts_at" in caught.value.message_dict


def test_the_model_refuses_year_1_even_when_the_past_is_allowed(network, facilitator):
    """The demo and imports may plan in the past (allow_past), but never in year 1."""
    with pytest.raises(ValidationError) as caught:
        session_create(
            network=network,
            sector=network.sectors.first(),
            title="Oud",
            starts_at=FAR_PAST,
            venue_name="Dorpshuis",
            address="Dorpsstraat 1",
            facilitator=facilitator,
            allow_past=True,
        )
    assert "starts_at" in caught.value.message_dict
    assert not Session.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_pve_check_page_answers_for_any_typed_day(client, network, facilitator, session, day):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:check", args=[session.pk]),
        plan_data(network, day),
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("when", [FAR_FUTURE, FAR_PAST], ids=["9999", "0001"])
def test_a_stored_out_of_range_start_keeps_everyones_pages_up(
    client, network, facilitator, coordinator, ondernemer, session, when
):
    """Stored before the bounds were checked (or by hand): the dashboard, the invited
    ondernemer's home page, the session page, the call list, the console, the summary and
    the quarterly preview all answer, so the facilitator can move the session back."""
    Invitation.objects.create(session=session, person=ondernemer)
    Session.objects.filter(pk=session.pk).update(starts_at=when, status=Session.Status.INVITED)
    pages = {
        facilitator: [
            reverse("home"),
            reverse("sessions:dashboard", args=[network.slug]),
            reverse("sessions:detail", args=[session.pk]),
            reverse("sessions:call_list", args=[session.pk]),
            reverse("sessions:live", args=[session.pk]),
            reverse("sessions:summary", args=[session.pk]),
        ],
        coordinator: [
            reverse("home"),
            reverse("sessions:dashboard", args=[network.slug]),
            reverse("sessions:detail", args=[session.pk]),
            reverse("quarterly:preview", args=[network.slug]),
        ],
        ondernemer: [reverse("home")],
    }
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 200, (person, url)
    client.force_login(facilitator)
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(reverse("sessions:edit", args=[session.pk]), plan_data(network, day))
    assert response.status_code == 302
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).date().isoformat() == day


def test_the_change_mail_of_a_far_session_is_sent(network, facilitator, session):
    invitation = Invitation.objects.create(session=session, person=facilitator)
    Session.objects.filter(pk=session.pk).update(starts_at=FAR_FUTURE)
    result = tasks.send_invitation_mail.call(invitation.pk, "updated")
    assert result is True
    assert [m.to for m in mail.outbox] == [[facilitator.email]]


def test_sums_on_a_moment_stay_inside_the_calendar():
    from praktijktafel.dates import shifted

    assert shifted(FAR_FUTURE, timedelta(hours=3)).year == 9999
    assert shifted(FAR_PAST, -timedelta(hours=48)).year == 1
    moment = datetime(2027, 3, 1, 17, tzinfo=AMSTERDAM)
    assert shifted(moment, timedelta(minutes=90)) == moment + timedelta(minutes=90)


def test_a_call_back_day_is_within_a_year(network, facilitator, coordinator, ondernemer):
    session = session_for(network, facilitator)
    invitation = Invitation.objects.create(session=session, person=ondernemer)
    with pytest.raises(ValidationError) as caught:
        contact_moment_record(
            invitation=invitation,
            by=coordinator,
            outcome="call_back",
            call_back_on=datetime(9999, 12, 31).date(),
        )
    assert "call_back_on" in caught.value.message_dict


def test_the_date_picker_offers_the_days_the_form_allows(client, network, facilitator):
    client.force_login(facilitator)
    html = client.get(reverse("sessions:new", args=[network.slug])).content.decode()
    today = timezone.localdate()
    assert f'min="{today.isoformat()}"' in html
    assert f'max="{today.year + 3}-' in html
