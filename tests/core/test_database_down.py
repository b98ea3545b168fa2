"""While the database is unreachable, every page (the anonymous phone page in a live session
first) answers a calm 503 in the reader's language, never the 500 page."""

from __future__ import annotations

import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import IntegrityError, OperationalError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from sessions.live.services.run import live_start, phones_toggle
from sessions.models import LiveState


def database_down():
    """Every query fails the way psycopg does when the server is gone."""
    return mock.patch(
        "django.db.backends.utils.CursorWrapper._execute",
        side_effect=OperationalError("connection to server failed"),
    )


@pytest.fixture
def phone_url(session):
    cache.clear()
    live_start(session=session)
    phones_toggle(session=session, enabled=True)
    return reverse("sessions:phone", args=[LiveState.objects.get(session=session).phone_code])


def calm(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"]
    text = response.content.decode()
    assert "Praktijktafel is zo weer terug" in text
    assert "connection to server" not in text and "Traceback" not in text


def test_the_phone_page_answers_calmly_when_the_database_is_down(client, phone_url):
    client.raise_request_exception = False
    with database_down():
        calm(client.get(phone_url))
        data = {"client_id": str(uuid.uuid4()), "kind": "knelpunt", "text": "Te veel regels"}
        calm(client.post(phone_url, data))


def test_a_logged_in_page_answers_calmly_too(client, facilitator, network):
    client.force_login(facilitator)
    client.raise_request_exception = False
    with database_down():
        calm(client.get(reverse("sessions:dashboard", args=[network.slug])))


def test_the_calm_page_follows_the_chosen_language(client, phone_url):
    client.raise_request_exception = False
    client.cookies["django_language"] = "en"
    with database_down():
        response = client.get(phone_url)
    assert response.status_code == 503
    assert "Praktijktafel is back in a moment" in response.content.decode()


def test_a_database_outage_outside_a_view_is_calm_and_other_errors_stay_500(db):
    from praktijktafel.views import server_error

    request = RequestFactory().get("/")
    with translation.override("nl"):
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            calm(server_error(request))
        try:
            raise IntegrityError("duplicate key")
        except IntegrityError:
            assert server_error(request).status_code == 500
