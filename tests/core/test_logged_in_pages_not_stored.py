"""Pages a logged-in person sees are never stored by the browser: on a shared laptop, Back or
the cache would show a call list, a console or a summary to the next person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sessions.live.services.run import live_start

pytestmark = pytest.mark.django_db


def test_a_logged_in_page_is_not_stored(client, session, facilitator):
    live_start(session=session)
    client.force_login(facilitator)
    for url in (
        reverse("sessions:detail", args=[session.pk]),
        reverse("sessions:live", args=[session.pk]),
        reverse("sessions:projector", args=[session.pk]),
        reverse("home"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_page_for_everyone_keeps_its_own_caching(client):
    response = client.get(reverse("kennisbank:search"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
