"""The knowledge note goes straight to the projector: it gets the same privacy check as every
other text on the way there, and a refused note comes back as typed, with what to change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sessions.agenda import PhaseKind
from sessions.live.services import run as live_services
from sessions.models import LiveState

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def knowledge(session):
    live_services.live_start(session=session)
    live_services.live_goto(session=session, phase=session.phases.get(kind=PhaseKind.KNOWLEDGE))
    return session


def _note(session) -> str:
    return LiveState.objects.get(session=session).knowledge_note


def test_a_note_pointing_to_a_person_is_refused_and_given_back(client, knowledge, facilitator):
    client.force_login(facilitator)
    typed = "Bel Piet de Vries op 06-12345678, hij zit thuis met een burn-out"
    response = client.post(
        reverse("sessions:live_note", args=[knowledge.pk]), {"text": typed}, **HX
    )
    assert response.status_code == 200
    assert _note(knowledge) == ""
    assert "Niet bewaard: dit komt op de beamer" in response.text
    assert typed in response.text  # the textarea keeps what was typed
    projector = client.get(reverse("sessions:projector", args=[knowledge.pk]))
    assert "burn-out" not in projector.text


def test_a_plain_note_is_saved_and_shown(client, knowledge, facilitator):
    client.force_login(facilitator)
    client.post(
        reverse("sessions:live_note", args=[knowledge.pk]),
        {"text": "Bron: CBS StatLine, vacatures bouw 2026"},
        **HX,
    )
    assert _note(knowledge) == "Bron: CBS StatLine, vacatures bouw 2026"


def test_a_too_long_note_is_not_silently_dropped(client, knowledge, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:live_note", args=[knowledge.pk]), {"text": "x" * 2001}, **HX
    )
    assert _note(knowledge) == ""
    assert "x" * 2001 in response.text
    assert "errorlist" in response.text or "error" in response.text
