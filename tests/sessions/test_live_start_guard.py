"""Starting is guarded: days early it asks first and says what it does; a start can be
undone until the first item is captured, and nothing of the plan is lost."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sessions.live.services.captures import knelpunt_add
from sessions.live.services.run import live_start, live_start_undo
from sessions.models import LiveState, PhaseRun, Session
from sessions.services.invitations import invitations_send

pytestmark = pytest.mark.django_db


def test_starting_days_early_asks_first(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:live_start", args=[session.pk])
    asked = client.post(url)
    assert not LiveState.objects.filter(session=session).exists()
    session.refresh_from_db()
    assert session.status == Session.Status.CONCEPT
    assert asked.status_code == 200
    assert "nog niet begonnen" in asked.text.lower() or "staat gepland op" in asked.text
    assert 'name="early" value="1"' in asked.text
    client.post(url, {"early": "1"})
    assert LiveState.objects.filter(session=session).exists()


def test_starting_near_the_planned_time_needs_no_question(client, session, facilitator):
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() + timedelta(minutes=30))
    client.force_login(facilitator)
    client.post(reverse("sessions:live_start", args=[session.pk]))
    assert LiveState.objects.filter(session=session).exists()


def test_a_start_is_undone_until_the_first_capture(client, session, facilitator, ondernemer):
    invitations_send(session=session, people=[ondernemer])
    live_start(session=session)
    client.force_login(facilitator)
    console = client.get(reverse("sessions:live", args=[session.pk])).text
    assert reverse("sessions:live_start_undo", args=[session.pk]) in console
    client.post(reverse("sessions:live_start_undo", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == Session.Status.INVITED  # as planned before: invitations stand
    assert not LiveState.objects.filter(session=session).exists()
    assert not PhaseRun.objects.filter(session=session).exists()
    assert session.invitations.count() == 1 and session.phases.count() == 5


def test_no_undo_once_something_was_captured(session):
    live_start(session=session)
    knelpunt_add(session=session, client_id=uuid.uuid4(), text="Geen monteurs te vinden")
    with pytest.raises(ValidationError):
        live_start_undo(session=session)
    assert LiveState.objects.filter(session=session).exists()
