"""Issue 16 on the server: the privacy check on the live path (console and phone), afronden in
two steps with a reopen window, and the summary mail that says who a contact is."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from praktijktafel.consent import consent_record
from praktijktafel.models import Consent, Role
from sessions.live.selectors.console import console_lists
from sessions.live.selectors.projector import projector
from sessions.live.services.captures import (
    capture_add,
    capture_promote,
    item_approve,
    item_text_update,
    knelpunt_add,
)
from sessions.live.services.run import (
    REOPEN_MINUTES,
    live_finish,
    live_reopen,
    live_start,
    phones_toggle,
)
from sessions.models import Capture, Knelpunt, Session
from sessions.selectors.summary import summary
from sessions.services.invitations import invitations_send
from tests.factories import OrganisationFactory, member


@pytest.fixture
def running(session):
    live_start(session=session)
    return session


@pytest.fixture
def henk(network):
    firm = OrganisationFactory(name="Installatiebedrijf Hendriks")
    return member(network, Role.ONDERNEMER, full_name="Henk Hendriks", organisation=firm)


def _add(session, text, **kw):
    return knelpunt_add(session=session, client_id=uuid.uuid4(), text=text, **kw)[0]


def test_a_name_email_or_phone_number_is_held_back_from_the_projector(running, henk):
    clean = _add(running, "Jonge monteurs vertrekken na twee jaar")
    named = _add(running, "Henk Hendriks belt nooit terug")
    mailed = _add(running, "Mail piet@example.nl voor het rooster")
    phoned = _add(running, "Bel 06-12345678 voor een leerling")
    firm = capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.GROUP_ACTION,
        text="Installatiebedrijf Hendriks neemt twee leerlingen",
    )[0]
    assert clean.approved
    assert not named.approved and not mailed.approved and not phoned.approved
    assert not firm.approved
    screen = projector(session_id=running.pk)
    assert [t for t, _n in screen.knelpunten] == ["Jonge monteurs vertrekken na twee jaar"]
    assert screen.group_actions == []
    # By kind and pk: a knelpunt and a capture can share a pk.
    rows = {(row.key, row.item.pk): row for row in console_lists(session=running).pending_rows}
    assert {w.kind for w in rows["knelpunt", named.pk].warnings} == {"person"}
    assert {w.kind for w in rows["knelpunt", mailed.pk].warnings} == {"email"}
    assert {w.kind for w in rows["knelpunt", phoned.pk].warnings} == {"phone"}
    assert "firm" in {w.kind for w in rows["capture", firm.pk].warnings}
    # Nothing held reaches the summary either.
    assert [k.text for k in summary(session=running).knelpunten] == [clean.text]


def test_the_facilitator_edits_or_confirms(running, henk):
    named = _add(running, "Henk Hendriks belt nooit terug")
    item_text_update(item=named, text="De planner belt nooit terug")
    named.refresh_from_db()
    assert named.approved  # the edit removed the name: shown

    item_text_update(item=named, text="Henk belt nooit terug")
    named.refresh_from_db()
    assert not named.approved  # a name typed into a shown item takes it off the screen
    assert "Henk belt nooit terug" not in [
        t for t, _n in projector(session_id=running.pk).knelpunten
    ]

    item_approve(item=named, confirmed=True)  # the facilitator decided it may be shown
    assert "Henk belt nooit terug" in [t for t, _n in projector(session_id=running.pk).knelpunten]


def test_a_held_tip_does_not_go_to_the_kennisbank(running, henk):
    tip = capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.TIP,
        text="Vraag Henk Hendriks hoe hij het doet",
    )[0]
    with pytest.raises(ValidationError):
        capture_promote(capture=tip)


def test_a_phone_item_with_a_name_shows_the_warning_in_the_console(
    client, running, henk, facilitator
):
    phones_toggle(session=running, enabled=True)
    code = running.live.phone_code
    response = client.post(
        reverse("sessions:phone", args=[code]),
        {"client_id": uuid.uuid4(), "kind": "knelpunt", "text": "Henk Hendriks belt nooit terug"},
    )
    assert response.status_code == 302
    item = Knelpunt.objects.get(session=running)
    assert not item.approved
    client.force_login(facilitator)
    page = client.get(reverse("sessions:live", args=[running.pk]))
    html = page.content.decode()
    assert "Henk Hendriks belt nooit terug" in html
    assert "De naam van een deelnemer: Henk" in html
    assert "Toch vrijgeven…" in html
    assert (
        "Henk Hendriks"
        not in client.get(reverse("sessions:projector", args=[running.pk])).content.decode()
    )


def test_afronden_asks_first_then_mails_after_the_reopen_window(
    client, running, facilitator, network, django_capture_on_commit_callbacks, run_tasks
):
    came = member(network, Role.ONDERNEMER, full_name="Kees Klant")
    Session.objects.filter(pk=running.pk).update(status=Session.Status.INVITED)
    invitations_send(session=running, people=[came])
    Session.objects.filter(pk=running.pk).update(status=Session.Status.LIVE)
    running.invitations.update(status="confirmed")
    client.force_login(facilitator)
    url = reverse("sessions:live_finish", args=[running.pk])

    first = client.post(url, headers={"HX-Request": "true"})
    assert first.status_code == 200
    text = first.content.decode()
    assert "1 deelnemer krijgt over 15 minuten de samenvatting per mail." in text
    assert "Ja, afronden" in text
    running.refresh_from_db()
    assert running.status == Session.Status.LIVE

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "yes"})
    assert done.status_code == 302
    running.refresh_from_db()
    assert running.status == Session.Status.DONE
    assert run_tasks() == []  # nothing before the window has passed
    summary_page = client.get(reverse("sessions:summary", args=[running.pk])).content.decode()
    assert "Heropenen" in summary_page

    # Reopened by mistake-finder: the queued mail sends nothing.
    client.post(reverse("sessions:live_reopen", args=[running.pk]))
    running.refresh_from_db()
    assert running.status == Session.Status.LIVE
    run_tasks(due_only=False)
    assert mail.outbox == []

    # Finished again: exactly one summary, for this finish.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "yes"})
    run_tasks(due_only=False)
    assert [m.to for m in mail.outbox] == [[came.email]]


def test_reopen_is_refused_after_the_window(running):
    live = live_finish(session=running)
    later = live.finished_at + timedelta(minutes=REOPEN_MINUTES, seconds=1)
    with pytest.raises(ValidationError):
        live_reopen(session=running, now=later)
    running.refresh_from_db()
    assert running.status == Session.Status.DONE


def test_the_summary_mail_says_who_the_contact_is(
    running, network, django_capture_on_commit_callbacks, run_tasks
):
    contact = member(network, Role.ONDERNEMER, full_name="Anouk de Vries")
    consent_record(
        user=contact,
        kind=Consent.Kind.SHARE_CONTACT,
        granted=True,
        source="test",
        network=network,
    )
    came = member(network, Role.ONDERNEMER)
    Session.objects.filter(pk=running.pk).update(status=Session.Status.INVITED)
    invitations_send(session=running, people=[came, contact])
    Session.objects.filter(pk=running.pk).update(status=Session.Status.LIVE)
    running.invitations.update(status="confirmed")
    capture_add(
        session=running,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.CONTACT,
        text="Weet alles van BBL-subsidie",
        person=contact,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live_finish(session=running)
    run_tasks(due_only=False)
    body = next(m.body for m in mail.outbox if m.to == [came.email])
    assert f"Weet alles van BBL-subsidie — Anouk de Vries, {contact.email}" in body


def test_console_speaks_minutes_and_counts_group_actions(client, running, facilitator):
    from sessions.live.services.run import live_next

    for _ in range(4):
        live_next(session=running)
    for i in range(4):
        capture_add(
            session=running,
            client_id=uuid.uuid4(),
            kind=Capture.Kind.GROUP_ACTION,
            text=f"Actie {i}",
        )
    client.force_login(facilitator)
    html = client.get(reverse("sessions:live", args=[running.pk])).content.decode()
    assert "uitloop gebruikt 0 van 10 min" in html
    assert "4 groepsacties; de agenda vraagt er 3" in html


def test_the_summary_follows_the_check_in_list_made_after_finishing(
    running, network, django_capture_on_commit_callbacks, run_tasks
):
    """Attendance is often ticked while packing up, after 'Afronden': the summary (with its
    evaluation link) goes to those marked present or late when it is sent, not to someone
    marked absent, and a walk-in marked present gets it too."""
    from sessions.services.sessions import attendance_record

    came = member(network, Role.ONDERNEMER, full_name="Kees Klant")
    away = member(network, Role.ONDERNEMER, full_name="Anna Afwezig")
    walk_in = member(network, Role.ONDERNEMER, full_name="Wim Binnenloper")
    Session.objects.filter(pk=running.pk).update(status=Session.Status.INVITED)
    invitations_send(session=running, people=[came, away, walk_in])
    Session.objects.filter(pk=running.pk).update(status=Session.Status.LIVE)
    running.invitations.filter(person__in=[came, away]).update(status="confirmed")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live_finish(session=running)
    marks = {
        running.invitations.get(person=came).pk: "present",
        running.invitations.get(person=away).pk: "absent",
        running.invitations.get(person=walk_in).pk: "present",
    }
    attendance_record(session=running, marks=marks)
    run_tasks(due_only=False)
    summary = [m.to[0] for m in mail.outbox if "Wat we deelden" in m.subject]
    assert away.email not in summary
    assert came.email in summary and walk_in.email in summary
