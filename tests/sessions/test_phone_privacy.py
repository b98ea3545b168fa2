"""The phone page keeps its promise of anonymity (issue 19, findings 7 and 11): the address for
"mail me my action" is gone once the mail is sent (never in the task table), a bottleneck keeps
only the minute it was sent, rate-limit keys hold no IP address or device id, and the limits
key on the code as the lookup reads it and on the client's IP behind a trusted proxy."""

from __future__ import annotations

import smtplib
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from praktijktafel.models import User
from sessions.live.services.run import live_start, phones_toggle
from sessions.live.views import phone as phone_views
from sessions.models import Knelpunt, LiveState
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "geheim.adres@voorbeeld.example"


@pytest.fixture
def phone_url(session):
    cache.clear()
    live_start(session=session)
    phones_toggle(session=session, enabled=True)
    yield reverse("sessions:phone", args=[LiveState.objects.get(session=session).phone_code])
    cache.clear()


def _post(client, url, kind="knelpunt", text="Te veel regels", email="", **headers):
    data = {"client_id": str(uuid.uuid4()), "kind": kind, "text": text, "email": email}
    return client.post(url, data, **headers)


@pytest.fixture
def invited(session):
    """The address is mailed only when it is on an invitation to the session."""
    person = UserFactory(email=ADDRESS)
    InvitationFactory(session=session, person=person)
    return person


def _everything_stored() -> str:
    """Every row of every table of the app but the accounts (the invited person's own address
    is on their account), as text (the task table included)."""
    dumped = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table == User._meta.db_table:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            dumped.append(repr(cursor.fetchall()))
    return "\n".join(dumped)


def test_the_address_for_my_action_is_never_in_the_task_table(
    client, phone_url, invited, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, phone_url, kind="action", email=ADDRESS).status_code == 302
    tasks = list(DBTaskResult.objects.values_list("args_kwargs", flat=True))
    assert tasks and ADDRESS not in repr(tasks)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    assert ADDRESS not in _everything_stored()


def test_the_address_is_gone_when_the_mail_fails_for_good(
    client, phone_url, invited, django_capture_on_commit_callbacks, run_tasks, monkeypatch, caplog
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"no")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, phone_url, kind="action", email=ADDRESS)
    for _round in range(6):
        run_tasks(due_only=False)
    assert "failed for good" in caplog.text
    assert ADDRESS not in _everything_stored()
    assert ADDRESS not in caplog.text


def test_a_bottleneck_keeps_only_the_minute(client, phone_url):
    _post(client, phone_url)
    item = Knelpunt.objects.get()
    assert (item.created_at.second, item.created_at.microsecond) == (0, 0)


def test_rate_limit_keys_hold_no_ip_address_or_device(client, phone_url):
    _post(client, phone_url, REMOTE_ADDR="198.51.100.77")
    device = client.cookies[phone_views.PHONE_DEVICE_COOKIE].value.split(":")[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM praktijktafel_ratecounter")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert "phone" in keys
    assert "198.51.100.77" not in keys and device not in keys


def test_the_code_has_one_limit_whatever_its_case(client, session, phone_url):
    code = LiveState.objects.get(session=session).phone_code
    variants = [code.lower(), code.upper(), code.capitalize(), code.swapcase()]
    client.get(phone_url)  # the phone opens the page first and gets its device cookie
    statuses = []
    for i in range(phone_views.PHONE_RATE_DEVICE + 2):
        url = reverse("sessions:phone", args=[variants[i % len(variants)]])
        statuses.append(_post(client, url, text=f"Punt {i}").status_code)
    assert statuses.count(429) == 2


def test_the_ip_limit_is_per_client_behind_a_trusted_proxy(
    client, phone_url, settings, monkeypatch
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(phone_views, "PHONE_RATE_IP", 2)

    def from_client(ip: str) -> int:
        client.cookies.clear()  # a new phone each time: only the IP limit counts
        return _post(client, phone_url, HTTP_X_FORWARDED_FOR=ip).status_code

    assert [from_client("203.0.113.1"), from_client("203.0.113.1")] == [302, 302]
    assert from_client("203.0.113.2") == 302  # another client behind the same proxy
    assert from_client("203.0.113.1") == 429
    # A forged or short X-Forwarded-For is no server error.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 3
    assert from_client("203.0.113.9") in (302, 429)
