"""Nothing irreversible on one click.

Every POST URL of the app (from the URL conf, like the permission matrix) is pressed once,
as somebody who may, with nothing filled in: none may mail more than one person or erase
anybody. The URLs that do that when asked are listed in IRREVERSIBLE, each with the field its
confirmation sends; the tests below show, for each that mails, that the first press with
everything filled in shows what will happen to how many people and changes nothing, and
only the confirmation acts (erasing: tests/core/test_privacy.py, the typed word; finishing
a session: tests/sessions/test_live_privacy_and_finish.py).
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from praktijktafel.models import Role, User
from quarterly import selectors
from quarterly.models import Delivery
from sessions.models import Invitation, Session
from tests.factories import member
from tests.test_permission_matrix import EXPECTED, _kwargs, url_names, world  # noqa: F401

pytestmark = pytest.mark.django_db

# url name: what the confirmation field must say to act.
IRREVERSIBLE = {
    "quarterly:send": ("confirm", "1"),  # mails every connected ondernemer
    "sessions:cancel": ("confirm", "1"),  # mails everyone invited
    "sessions:invite": ("confirm", "1"),  # mails everyone chosen
    "sessions:edit": ("confirm", "1"),  # a new time or place mails everyone invited
    "sessions:live_finish": ("confirm", "yes"),  # mails the summary to everyone who came
    "my_data_erase": ("confirm", "VERWIJDER"),  # erases a person
    "member_data": ("confirm", "VERWIJDER"),  # erases a person
}


def _counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Session.objects.count(),
        Invitation.objects.count(),
        Delivery.objects.count(),
    )


@pytest.fixture
def people(network, facilitator, coordinator):
    return {"coordinator": coordinator, "facilitator": facilitator, "anonymous": None}


@pytest.fixture
def crowd(world, network, session):  # noqa: F811
    """Enough people invited and connected that a mass mail is more than one mail."""
    extra = [member(network, Role.ONDERNEMER, full_name=f"Extra {i}") for i in range(3)]
    for person in extra:
        Invitation.objects.create(session=session, person=person, status="confirmed")
    return extra


def _client(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def test_no_post_url_mails_many_or_erases_on_one_empty_press(
    world,  # noqa: F811
    crowd,
    people,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    wrong = []
    checked = 0
    for name, route in url_names():
        allowed = EXPECTED[name][1]
        persona = next((p for p in people if p in allowed or "anonymous" in allowed), None)
        if persona is None:
            continue
        url = reverse(name, kwargs=_kwargs(name, route, world))
        client = _client(people[persona])
        with transaction.atomic():
            before = _counts()
            mail.outbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, {})
            run_tasks(due_only=False)
            told = {address for message in mail.outbox for address in message.to}
            after = _counts()
            transaction.set_rollback(True)
        checked += 1
        if len(told) > 1:
            wrong.append(f"{name}: one press mailed {len(told)} people")
        if after[0] < before[0] or after[1] < before[1]:
            wrong.append(f"{name}: one press erased data")
        assert response.status_code < 500, name
    assert checked > 30
    assert not wrong, "\n".join(wrong)


def _first_press_then_confirm(client, url, data, field, value):
    first = client.post(url, data)
    return first, client.post(url, {**data, field: value})


def test_sending_the_quarterly_update_asks_first(
    world,  # noqa: F811
    crowd,
    coordinator,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    from quarterly.models import QuarterlyUpdate

    update = QuarterlyUpdate.objects.get(pk=world["quarterly:send"]["pk"])
    QuarterlyUpdate.objects.filter(pk=update.pk).update(status="ready", pdf=b"%PDF-1.4 x")
    client = _client(coordinator)
    url = reverse("quarterly:send", args=[update.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    run_tasks()
    assert first.status_code == 200
    assert not mail.outbox and not Delivery.objects.exists()
    text = first.text
    expected = len(selectors.recipients(update))
    assert expected > 1
    assert f"{expected} ondernemers" in text
    assert 'name="confirm" value="1"' in text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "1"}, follow=True)
    assert Delivery.objects.filter(update=update).count() == expected
    # Right after sending (mails still waiting) the page does not also say everyone has it.
    page = client.get(reverse("quarterly:index", args=[update.network.slug])).text
    assert "wachten" in page
    assert "Iedereen heeft deze update" not in page
    assert "Wordt verstuurd" in done.text
    run_tasks()
    assert len(mail.outbox) == expected
    page = client.get(reverse("quarterly:index", args=[update.network.slug])).text
    assert "Iedereen heeft deze update" in page


def test_sending_an_update_of_a_quarter_not_over_says_so(world, coordinator):  # noqa: F811
    from django.utils import timezone

    from praktijktafel.dates import quarter_containing
    from tests.factories import QuarterlyUpdateFactory

    year, quarter = quarter_containing(timezone.now())
    update = QuarterlyUpdateFactory(
        network=coordinator.memberships.get().network, year=year, quarter=quarter
    )
    update.status, update.pdf = "ready", b"%PDF-1.4 x"
    update.save()
    text = _client(coordinator).post(reverse("quarterly:send", args=[update.pk])).text
    assert "nog niet voorbij" in text
    assert not Delivery.objects.exists()


def test_cancelling_a_session_asks_first_and_says_how_many_are_told(
    world,  # noqa: F811
    crowd,
    session,
    facilitator,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    client = _client(facilitator)
    url = reverse("sessions:cancel", args=[session.pk])
    told = session.invitations.exclude(status=Invitation.Status.DECLINED).count()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
    session.refresh_from_db()
    assert first.status_code == 200 and session.status != Session.Status.CANCELLED
    assert re.search(rf"\b{told} uitgenodigde mensen\b", first.text), first.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "1", "reason": "too_few"})
    run_tasks()
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert len({m.to[0] for m in mail.outbox}) == told


def test_inviting_asks_first_with_who_gets_a_mail(
    network, facilitator, django_capture_on_commit_callbacks, run_tasks
):
    from tests.factories import session_for

    session = session_for(network, facilitator, title="Nieuw")
    people = [member(network, Role.ONDERNEMER, full_name=f"Lid {i}") for i in range(2)]
    client = _client(facilitator)
    data = {
        "people": [p.pk for p in people],
        "new_people": "nieuw@example.org, Nina Nieuw, Nieuw BV",
        "warning_reason": "Eerste keer",
    }
    url = reverse("sessions:invite", args=[session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    run_tasks()
    assert first.status_code == 200
    assert not mail.outbox and not session.invitations.exists()
    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert "3 uitnodigingen" in first.text and "Nina Nieuw" in first.text
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**data, "confirm": "1"})
    run_tasks()
    assert done.status_code == 302
    assert session.invitations.count() == 3
    assert len(mail.outbox) == 3


def _plan_data(session) -> dict:
    """The plan form as the session page fills it in."""
    from sessions.forms import SessionForm

    form = SessionForm(instance=session, network=session.network)
    data = {}
    for field in form:
        value = field.value()
        if value is None:
            continue
        data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_moving_an_invited_session_asks_first_and_saves_what_was_shown(
    network, facilitator, django_capture_on_commit_callbacks, run_tasks
):
    from sessions.services.invitations import invitations_send
    from tests.factories import session_for

    session = session_for(network, facilitator, title="Verhuist")
    people = [member(network, Role.ONDERNEMER, full_name=f"Lid {i}") for i in range(2)]
    invitations_send(session=session, people=people, warning_reason="Test")
    client = _client(facilitator)
    url = reverse("sessions:edit", args=[session.pk])
    data = {**_plan_data(session), "theme": "behouden", "venue_name": "Zaal De Ark"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
    run_tasks()
    session.refresh_from_db()
    assert first.status_code == 200
    assert session.venue_name == "Dorpshuis" and not mail.outbox
    assert "2 uitgenodigde mensen" in first.text
    assert 'value="Zaal De Ark"' in first.text  # the confirmation carries what was typed
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', first.text))
    hidden.pop("csrfmiddlewaretoken", None)
    assert hidden.pop("confirm") == "1"
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {**hidden, "confirm": "1"})
    run_tasks()
    session.refresh_from_db()
    assert done.status_code == 302 and session.venue_name == "Zaal De Ark"
    assert len({m.to[0] for m in mail.outbox}) == 2
    # A change that mails nobody (the title) saves on one press.
    saved = client.post(url, {**_plan_data(session), "theme": "behouden", "title": "Nieuwe titel"})
    session.refresh_from_db()
    assert saved.status_code == 302 and session.title == "Nieuwe titel"
