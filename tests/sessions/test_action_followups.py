"""Actions are followed up between sessions: one mail per action with an owner, halfway to
the next session of the series (or four weeks on), answered with one press without a login
(opening the link records nothing), fed into the next session's look-back, "help needed" on
the coordinators' call list, and a way for the person to stop these mails."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from praktijktafel.models import Role
from sessions import tasks
from sessions.live.services.captures import capture_add
from sessions.live.services.phone import phone_item_add
from sessions.live.services.run import live_finish, live_start
from sessions.models import (
    ActionCheck,
    ActionCheckOptOut,
    ActionFollowUp,
    Capture,
    Invitation,
    Series,
    Session,
)
from sessions.services.followups import followup_due
from sessions.services.sessions import session_update
from sessions.tokens import action_check_token
from tests.factories import member, session_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_at_once(monkeypatch):
    """Run on-commit work (queueing tasks) at once, as a real commit would."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@pytest.fixture
def series(network, sector):
    return Series.objects.create(network=network, sector=sector, title="Leerlijn Ede")


@pytest.fixture
def henk(network):
    return member(network, Role.ONDERNEMER, full_name="Henk Hendriks", email="henk@example.nl")


@pytest.fixture
def petra(network):
    return member(network, Role.ONDERNEMER, full_name="Petra de Vries", email="petra@ex.nl")


def held(network, facilitator, series, people, *, days_ago=40):
    """A session of the series held `days_ago` days ago, with these people confirmed."""
    session = session_for(network, facilitator, series=series, title="Eerste tafel")
    start = (timezone.localtime() - timedelta(days=days_ago)).replace(hour=16, minute=30)
    Session.objects.filter(pk=session.pk).update(starts_at=start, status=Session.Status.INVITED)
    session.refresh_from_db()
    for person in people:
        Invitation.objects.create(
            session=session, person=person, status=Invitation.Status.CONFIRMED
        )
    live_start(session=session, now=session.starts_at)
    return session


def action(session, kind, text, owner=""):
    return capture_add(session=session, client_id=uuid.uuid4(), kind=kind, text=text, owner=owner)[
        0
    ]


def finish(session):
    live_finish(session=session, now=session.starts_at + timedelta(minutes=85))
    session.refresh_from_db()


def queued(task):
    return DBTaskResult.objects.filter(task_path=task.module_path).order_by("run_after")


def run_checks(session):
    """What the worker does at the moment: the session task, then the mail tasks it queued."""
    tasks.send_action_checks.call(session.pk)
    for result in queued(tasks.send_action_check).filter(status="READY"):
        result.claim("test-worker")
        value = result.task.call(*result.task_result.args, **result.task_result.kwargs)
        result.set_successful(value)


def test_finish_schedules_the_mail_halfway_to_the_next_session_at_nine(
    network, facilitator, series, henk
):
    session = held(network, facilitator, series, [henk])
    following = session_for(network, facilitator, days=20, series=series, title="Tweede")
    finish(session)
    finished_at = session.live.finished_at
    halfway = timezone.localtime(finished_at + (following.starts_at - finished_at) / 2)
    [result] = queued(tasks.send_action_checks)
    moment = timezone.localtime(result.run_after)
    assert moment.date() == halfway.date() and (moment.hour, moment.minute) == (9, 0)


def test_without_a_next_session_the_mail_comes_after_four_weeks(network, facilitator, henk):
    session = held(network, facilitator, None, [henk])
    finish(session)
    [result] = queued(tasks.send_action_checks)
    weeks = timezone.localtime(session.live.finished_at + timedelta(weeks=4))
    assert timezone.localtime(result.run_after).date() == weeks.date()


def test_moving_the_next_session_moves_the_mail_and_an_early_task_sends_nothing(
    network, facilitator, series, henk
):
    session = held(network, facilitator, series, [henk])
    action(session, Capture.Kind.GROUP_ACTION, "Vacature op Instagram", owner="Henk Hendriks")
    following = session_for(network, facilitator, days=60, series=series, title="Tweede")
    finish(session)
    # Halfway to a session 60 days ahead, from 40 days ago: still ahead; the task waits.
    tasks.send_action_checks.call(session.pk)
    assert not ActionCheck.objects.exists() and not mail.outbox
    session_update(session=following, starts_at=following.starts_at - timedelta(days=45))
    due = followup_due(session=session, finished_at=session.live.finished_at)
    assert due < timezone.now()
    assert due in {r.run_after for r in queued(tasks.send_action_checks)}
    run_checks(session)
    assert [m.to for m in mail.outbox] == [["henk@example.nl"]]


def test_one_mail_per_action_with_a_known_owner_also_when_run_twice(
    network, facilitator, series, henk, petra
):
    namesake = member(network, Role.ONDERNEMER, full_name="Jan Smit", email="jan1@ex.nl")
    other = member(network, Role.ONDERNEMER, full_name="Jan  smit", email="jan2@ex.nl")
    session = held(network, facilitator, series, [henk, petra, namesake, other])
    action(session, Capture.Kind.GROUP_ACTION, "Buddy voor nieuwe monteurs", owner="henk hendriks")
    action(session, Capture.Kind.ACTION, "Exitgesprek voeren", owner="Petra de Vries")
    action(session, Capture.Kind.GROUP_ACTION, "Zonder eigenaar")
    action(session, Capture.Kind.GROUP_ACTION, "Twee keer Jan", owner="Jan Smit")
    action(session, Capture.Kind.TIP, "Geen actie", owner="Henk Hendriks")
    finish(session)
    run_checks(session)
    run_checks(session)  # a retried task, or a second scheduled one
    assert sorted(m.to[0] for m in mail.outbox) == ["henk@example.nl", "petra@ex.nl"]
    henks = next(m for m in mail.outbox if m.to == ["henk@example.nl"])
    assert "Buddy voor nieuwe monteurs" in henks.body
    assert "Hoe staat het" in henks.subject
    for slug in ("gedaan", "deels", "nog-niet", "hulp-nodig", "geen-mail"):
        assert f"/{slug}/" in henks.body
    assert ActionCheck.objects.filter(sent_at__isnull=False).count() == 2


def test_a_reopened_session_sends_no_follow_up(network, facilitator, series, henk):
    session = held(network, facilitator, series, [henk])
    action(session, Capture.Kind.GROUP_ACTION, "Vacature op Instagram", owner="Henk Hendriks")
    finish(session)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.LIVE)
    run_checks(session)
    assert not mail.outbox


def _check(network, facilitator, series, henk, *, kind=Capture.Kind.GROUP_ACTION):
    session = held(network, facilitator, series, [henk])
    action(session, kind, "Vacature op Instagram", owner="Henk Hendriks")
    finish(session)
    run_checks(session)
    return session, ActionCheck.objects.get()


def test_opening_the_link_records_nothing_and_the_button_does_once(
    client, network, facilitator, series, henk
):
    _session, check = _check(network, facilitator, series, henk)
    following = session_for(network, facilitator, days=10, series=series, title="Tweede")
    token = action_check_token(check.pk)
    url = reverse("sessions:action_check_answer", args=[token, "deels"])
    response = client.get(url)  # what a link scanner does
    assert response.status_code == 200 and "Vacature op Instagram" in response.content.decode()
    check.refresh_from_db()
    assert check.answer == ""
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # pressed twice
    check.refresh_from_db()
    assert check.answer == ActionCheck.Answer.PARTLY
    [followup] = ActionFollowUp.objects.all()
    assert (followup.reviewed_in, followup.status) == (following, ActionFollowUp.Status.PARTLY)
    page = client.get(reverse("sessions:action_check", args=[token]))
    assert "Deels" in page.content.decode()
    assert client.get(reverse("sessions:action_check", args=["nep"])).status_code == 404
    assert client.get(reverse("sessions:action_check_answer", args=[token, "x"])).status_code == 404


def test_the_console_look_back_shows_what_the_owner_said(
    client, network, facilitator, series, henk
):
    _session, check = _check(network, facilitator, series, henk)
    following = session_for(network, facilitator, days=10, series=series, title="Tweede")
    client.post(
        reverse("sessions:action_check_answer", args=[action_check_token(check.pk), "hulp-nodig"])
    )
    live_start(session=following, now=following.starts_at)
    client.force_login(facilitator)
    html = client.get(reverse("sessions:live", args=[following.pk])).content.decode()
    assert "Vacature op Instagram" in html
    assert "Eigenaar zei: Hulp nodig" in html


def test_help_needed_is_on_the_coordinators_call_list_until_taken_up(
    client, network, facilitator, coordinator, series, henk
):
    _session, check = _check(network, facilitator, series, henk)
    following = session_for(network, facilitator, days=10, series=series, title="Tweede")
    client.post(
        reverse("sessions:action_check_answer", args=[action_check_token(check.pk), "hulp-nodig"])
    )
    call_list = reverse("sessions:call_list", args=[following.pk])
    client.force_login(facilitator)
    assert 'id="hulp"' not in client.get(call_list).content.decode()
    client.force_login(coordinator)
    html = client.get(call_list).content.decode()
    section = html[html.index('id="hulp"') :]
    assert "Henk Hendriks" in section and "Vacature op Instagram" in section
    client.post(reverse("sessions:help_handled", args=[following.pk, check.pk]))
    assert 'id="hulp"' not in client.get(call_list).content.decode()


def test_the_person_can_stop_these_mails(client, network, facilitator, series, henk):
    session = held(network, facilitator, series, [henk])
    action(session, Capture.Kind.GROUP_ACTION, "Eerste actie", owner="Henk Hendriks")
    action(session, Capture.Kind.ACTION, "Tweede actie", owner="Henk Hendriks")
    finish(session)
    tasks.send_action_checks.call(session.pk)
    first, second = ActionCheck.objects.order_by("action__text")
    stop = reverse("sessions:action_check_stop", args=[action_check_token(first.pk)])
    assert client.get(stop).status_code == 200
    assert not ActionCheckOptOut.objects.exists()  # opening the link is not the choice
    client.post(stop, {"stop": "1"})
    assert ActionCheckOptOut.objects.filter(person=henk, network=network).exists()
    assert tasks.send_action_check.call(str(second.pk)) is False
    assert not mail.outbox
    client.post(stop, {"stop": "0"})
    assert tasks.send_action_check.call(str(second.pk)) is True


def test_an_own_action_from_the_phone_with_the_address_gets_its_follow_up(
    network, facilitator, series, henk
):
    session = held(network, facilitator, series, [henk])
    phone_item_add(
        session=session,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.ACTION,
        text="Functioneringsgesprekken plannen",
        email="HENK@example.nl",
    )
    phone_item_add(
        session=session,
        client_id=uuid.uuid4(),
        kind=Capture.Kind.ACTION,
        text="Zonder adres",
    )
    Capture.objects.filter(session=session).update(approved=True)
    finish(session)
    mail.outbox.clear()  # the own action's own mail
    run_checks(session)
    [message] = mail.outbox
    assert message.to == ["henk@example.nl"]
    assert "Functioneringsgesprekken plannen" in message.body


def test_the_person_finds_their_follow_ups_in_their_data_export(
    client, network, facilitator, series, henk
):
    from praktijktafel.personal_data import person_export

    _session, check = _check(network, facilitator, series, henk)
    token = action_check_token(check.pk)
    client.post(reverse("sessions:action_check_answer", args=[token, "gedaan"]))
    client.post(reverse("sessions:action_check_stop", args=[token]), {"stop": "1"})
    exported = person_export(person=henk, requested_by=henk)["sessions"]
    [row] = exported["action_follow_up_mails"]
    assert (row["action"], row["answer"]) == ("Vacature op Instagram", "done")
    assert exported["no_follow_up_mails_from"] == [network.name]


def test_the_summary_shows_which_action_gets_a_follow_up_and_which_none(
    client, network, facilitator, kennisexpert, series, henk
):
    session = held(network, facilitator, series, [henk])
    Session.objects.filter(pk=session.pk).update(kennisexpert=kennisexpert)
    action(session, Capture.Kind.GROUP_ACTION, "Vacature op Instagram", owner="Henk Hendriks")
    action(session, Capture.Kind.GROUP_ACTION, "Buddy regelen", owner="Iemand anders")
    finish(session)
    url = reverse("sessions:summary", args=[session.pk])
    client.force_login(facilitator)
    html = client.get(url).content.decode()
    section = html[html.index('id="opvolging"') :]
    assert "Mail naar Henk Hendriks gepland" in section
    assert "Geen opvolgmail: de eigenaar is niet één van de deelnemers" in section
    run_checks(session)
    html = client.get(url).content.decode()
    assert "Gemaild naar Henk Hendriks, nog geen antwoord" in html
    client.post(
        reverse(
            "sessions:action_check_answer",
            args=[action_check_token(ActionCheck.objects.get().pk), "gedaan"],
        )
    )
    assert "Henk Hendriks: Gedaan" in client.get(url).content.decode()
    client.force_login(kennisexpert)
    assert 'id="opvolging"' not in client.get(url).content.decode()


def test_a_mail_clients_one_click_unsubscribe_stops_the_mails(network, facilitator, series, henk):
    from django.conf import settings
    from django.test import Client

    session = held(network, facilitator, series, [henk])
    action(session, Capture.Kind.GROUP_ACTION, "Vacature op Instagram", owner="Henk Hendriks")
    finish(session)
    run_checks(session)
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 302
    assert ActionCheckOptOut.objects.filter(person=henk, network=network).exists()


def test_the_mail_never_comes_after_the_next_session_has_started(
    network, facilitator, series, henk
):
    session = held(network, facilitator, series, [henk])
    finish(session)
    finished_at = session.live.finished_at  # 17:55 local
    next_morning = timezone.localtime(finished_at).replace(hour=7, minute=0) + timedelta(days=1)
    session_for(network, facilitator, days=30, series=series, title="Vroeg")
    Session.objects.filter(title="Vroeg").update(starts_at=next_morning)
    due = followup_due(session=session, finished_at=finished_at)
    assert finished_at < due < next_morning
