"""The phone page is no mail relay: "mail me my action" goes only to the address of someone
invited to this session, at most a few times per address and per session whatever cookie the
phone sends, and a retried post mails once."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from sessions.live.services import phone as phone_services
from sessions.live.services.run import live_start, phones_toggle
from sessions.live.views import phone as phone_views
from sessions.models import Capture, Invitation, LiveState, PhoneActionMail
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

STRANGER = "iemand.anders@voorbeeld.example"


@pytest.fixture
def phone_url(session):
    cache.clear()
    live_start(session=session)
    phones_toggle(session=session, enabled=True)
    yield reverse("sessions:phone", args=[LiveState.objects.get(session=session).phone_code])
    cache.clear()


@pytest.fixture
def invited(session):
    person = UserFactory(email="henk@bouwbedrijf.example", full_name="Henk Hendriks")
    InvitationFactory(session=session, person=person, status=Invitation.Status.CONFIRMED)
    return person


def _post(client, url, *, email="", text="Maandag de planning bellen", client_id=None):
    data = {
        "client_id": str(client_id or uuid.uuid4()),
        "kind": "action",
        "text": text,
        "email": email,
    }
    client.cookies.clear()  # a client that never sends the device cookie back
    return client.post(url, data)


def test_no_mail_to_an_address_nobody_was_invited_with(
    client, phone_url, invited, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, phone_url, email=STRANGER, text="Koop nu bij ons!")
    run_tasks()
    assert response.status_code == 302
    assert mail.outbox == []
    assert not PhoneActionMail.objects.exists()
    # The page says what the rule is, the same for any address (no list of who is invited).
    page = client.get(response["Location"]).text
    assert "adres waarmee je voor deze sessie bent uitgenodigd" in page


def test_my_action_is_mailed_to_the_address_i_was_invited_with(
    client, phone_url, invited, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, phone_url, email="  HENK@Bouwbedrijf.example ")
    run_tasks()
    assert [m.to for m in mail.outbox] == [[invited.email]]
    assert "Maandag de planning bellen" in mail.outbox[0].body


def test_a_declined_invitation_gets_no_mail(
    client, session, phone_url, invited, django_capture_on_commit_callbacks, run_tasks
):
    Invitation.objects.filter(session=session).update(status=Invitation.Status.DECLINED)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, phone_url, email=invited.email)
    run_tasks()
    assert mail.outbox == []


def test_a_retried_post_stores_one_action_and_mails_once(
    client, phone_url, invited, django_capture_on_commit_callbacks, run_tasks
):
    client_id = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = _post(client, phone_url, email=invited.email, client_id=client_id)
        again = _post(client, phone_url, email=invited.email, client_id=client_id)
    run_tasks()
    assert (first.status_code, again.status_code) == (302, 302)
    assert Capture.objects.filter(kind=Capture.Kind.ACTION).count() == 1
    assert len(mail.outbox) == 1


def test_mails_per_address_are_limited_without_the_cookie(
    client, phone_url, invited, django_capture_on_commit_callbacks, run_tasks
):
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(phone_services.PHONE_MAILS_PER_ADDRESS + 1):
            statuses.append(_post(client, phone_url, email=invited.email, text=f"Actie {i}"))
    run_tasks()
    assert [r.status_code for r in statuses] == [302] * phone_services.PHONE_MAILS_PER_ADDRESS + [
        422
    ]
    assert len(mail.outbox) == phone_services.PHONE_MAILS_PER_ADDRESS
    # Refused as a whole, with what to do: nothing of the refused post is stored.
    assert "Laat het adres leeg" in statuses[-1].text
    assert not Capture.objects.filter(text=f"Actie {phone_services.PHONE_MAILS_PER_ADDRESS}")


def test_an_address_nobody_was_invited_with_counts_too(client, phone_url, invited):
    """The limit reads the typed address, invited or not: its answer tells nobody who is."""
    statuses = [
        _post(client, phone_url, email=STRANGER, text=f"Actie {i}").status_code
        for i in range(phone_services.PHONE_MAILS_PER_ADDRESS + 1)
    ]
    assert statuses[-1] == 422


def test_mails_per_session_are_limited(client, session, phone_url, monkeypatch):
    monkeypatch.setattr(phone_services, "PHONE_MAILS_PER_SESSION", 2)
    statuses = [
        _post(client, phone_url, email=f"adres{i}@voorbeeld.example").status_code for i in range(3)
    ]
    assert statuses == [302, 302, 422]
    # Without an address the action is still welcome.
    assert _post(client, phone_url).status_code == 302


def test_dropping_the_device_cookie_does_not_lift_the_device_limit(client, phone_url):
    statuses = [
        _post(client, phone_url, text=f"Punt {i}").status_code
        for i in range(phone_views.PHONE_RATE_DEVICE + 2)
    ]
    assert statuses.count(429) == 2
