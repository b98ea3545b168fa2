"""The sign-up page (a member asks for their personal link by address) does the same work
for every address and is limited per client address."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from praktijktafel.models import Role
from sessions.models import Invitation, Session
from sessions.views import turnout as turnout_views
from tests.factories import member, session_for


@pytest.fixture
def signup_url(network, facilitator):
    cache.clear()
    session = session_for(network, facilitator)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.INVITED)
    return reverse("sessions:signup", args=[session.uid])


def _queries_of_post(client, url, email, capture) -> list[str]:
    with capture(execute=True), CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"email": email})
    assert response.status_code == 200
    # Only the shape of each statement: values (ids, hashes, times, savepoint names) differ.
    return [re.sub(r"'[^']*'|\d+", "?", q["sql"].split(" WHERE ")[0]) for q in captured]


def test_a_member_and_a_stranger_cost_the_request_the_same_work(
    client, network, signup_url, django_capture_on_commit_callbacks
):
    person = member(network, Role.ONDERNEMER, full_name="Piet Lid")
    capture = django_capture_on_commit_callbacks
    _queries_of_post(client, signup_url, "eerst@warm.example", capture)  # the limit's key exists
    stranger = _queries_of_post(client, signup_url, "niemand@nergens.example", capture)
    known = _queries_of_post(client, signup_url, person.email, capture)
    assert known == stranger
    assert not Invitation.objects.exists() and mail.outbox == []  # nothing done yet


def test_the_queued_work_carries_no_address_and_mails_only_the_member(
    client, network, signup_url, django_capture_on_commit_callbacks, run_tasks
):
    person = member(network, Role.ONDERNEMER, full_name="Piet Lid")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(signup_url, {"email": "niemand@nergens.example"})
        client.post(signup_url, {"email": person.email.upper()})
    stored = " ".join(str(row.args_kwargs) for row in DBTaskResult.objects.all())
    assert "nergens.example" not in stored and person.email.split("@")[0] not in stored
    run_tasks()
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert Invitation.objects.get().person == person


def test_too_many_requests_from_one_address_get_a_dutch_message(
    client, signup_url, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(turnout_views, "SIGNUP_RATE_IP", 3)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(signup_url, {"email": f"p{i}@voorbeeld.example"}).status_code
            for i in range(4)
        ]
    assert answers == [200, 200, 200, 429]
    assert DBTaskResult.objects.count() == 3  # the fourth queued nothing
    response = client.post(signup_url, {"email": "p9@voorbeeld.example"})
    assert response.status_code == 429
    assert "Te veel aanvragen vanaf jouw verbinding" in response.content.decode()
    other = client.post(signup_url, {"email": "x@voorbeeld.example"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
