"""Invitations, RSVP, waitlist, reminders, calendar files and tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from praktijktafel.models import Consent, Membership, Role, User
from sessions.ics import calendar_for
from sessions.models import Invitation, Session
from sessions.services.agenda import phase_add, phase_move, phase_remove
from sessions.services.invitations import invitations_send, invitees_parse, rsvp_respond
from sessions.services.scheduling import reminder_moments
from sessions.services.sessions import session_cancel, session_handover, session_update
from sessions.tokens import TokenExpired, TokenInvalid, invitation_from_token, rsvp_token
from tests.factories import OrganisationFactory, member, session_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_session(network, facilitator):
    return session_for(network, facilitator, capacity=2, quorum=2)


def invite(session, *people, **kwargs):
    return invitations_send(session=session, people=people, **kwargs)


def test_invitation_mail_states_the_computed_facts_and_a_personal_link(
    session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(session, ondernemer)
    run_tasks()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    local = timezone.localtime(session.starts_at)
    assert local.strftime("%H:%M") in body
    assert timezone.localtime(session.ends_at).strftime("%H:%M") in body
    assert session.venue_name in body and session.address in body
    assert "90 minuten" in body
    assert "/rsvp/" in body
    filename, _content, mimetype = mail.outbox[0].attachments[0]
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    session.refresh_from_db()
    assert session.status == Session.Status.INVITED


def test_inviting_the_same_person_twice_sends_one_invitation(
    session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(session, ondernemer)
        invite(session, ondernemer)
    run_tasks()
    assert session.invitations.count() == 1
    assert len(mail.outbox) == 1


def test_invitation_despite_a_warning_needs_a_reason(network, facilitator, ondernemer):
    afternoon = session_for(network, facilitator)
    session_update(session=afternoon, starts_at=afternoon.starts_at.replace(hour=13, minute=0))
    with pytest.raises(ValidationError) as error:
        invite(afternoon, ondernemer)
    assert "warning_reason" in error.value.error_dict
    invite(afternoon, ondernemer, warning_reason="Alleen deze middag kan de zaal.")
    afternoon.refresh_from_db()
    assert afternoon.warning_reason == "Alleen deze middag kan de zaal."


def test_new_people_are_created_with_their_firm(session, sector):
    people = invitees_parse(
        "jan@deboerbouw.example, Jan de Boer, De Boer Bouw\nPiet Klaver <piet@klaver.example>"
    )
    invite(session, *[], new_people=people)
    jan = User.objects.get(email="jan@deboerbouw.example")
    assert jan.full_name == "Jan de Boer"
    assert jan.organisation.name == "De Boer Bouw"
    assert session.invitations.count() == 2
    # Issue 19: a new address joins the network by signing up, like an existing account would.
    assert not Membership.objects.filter(user=jan).exists()
    rsvp_respond(invitation=session.invitations.get(person=jan), attend=True)
    assert Membership.objects.filter(user=jan, role=Role.ONDERNEMER).exists()


def test_bad_addresses_are_all_reported_and_nothing_is_written(session):
    with pytest.raises(ValidationError) as error:
        invitees_parse("goed@bedrijf.example\nniet-goed\ngoed@bedrijf.example")
    messages = " ".join(error.value.messages)
    assert "2" in messages and "niet-goed" in messages
    assert "3" in messages
    assert session.invitations.count() == 0


def test_waitlist_and_promotion_in_order(
    small_session, network, django_capture_on_commit_callbacks, run_tasks
):
    a, b, c, d = (member(network, Role.ONDERNEMER) for _ in range(4))
    invite(small_session, a, b, c, d)
    ia, ib, ic, id_ = (
        Invitation.objects.get(session=small_session, person=p) for p in (a, b, c, d)
    )
    for inv in (ia, ib, ic, id_):
        rsvp_respond(invitation=inv, attend=True)
    statuses = [Invitation.objects.get(pk=i.pk).status for i in (ia, ib, ic, id_)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]

    mail.outbox.clear()
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_respond(invitation=ia, attend=False)
    run_tasks()
    assert Invitation.objects.get(pk=ic.pk).status == "confirmed"  # first in line
    assert Invitation.objects.get(pk=id_.pk).status == "waitlisted"
    promoted = [m for m in mail.outbox if m.to == [c.email]]
    assert promoted and "plek vrij" in promoted[0].subject


def test_nobody_is_promoted_after_they_cancelled(small_session, network):
    a, b, c = (member(network, Role.ONDERNEMER) for _ in range(3))
    invite(small_session, a, b, c)
    ia, ib, ic = (Invitation.objects.get(session=small_session, person=p) for p in (a, b, c))
    for inv in (ia, ib, ic):
        rsvp_respond(invitation=inv, attend=True)
    rsvp_respond(invitation=ic, attend=False)  # leaves the waitlist
    rsvp_respond(invitation=ia, attend=False)  # frees a place
    assert Invitation.objects.get(pk=ic.pk).status == "declined"
    assert small_session.invitations.filter(status="confirmed").count() == 1


def test_signing_up_twice_changes_nothing(session, ondernemer):
    invite(session, ondernemer)
    invitation = session.invitations.get()
    first = rsvp_respond(invitation=invitation, attend=True)
    second = rsvp_respond(invitation=invitation, attend=True)
    assert first.status == second.status == "confirmed"
    assert first.confirmed_at == second.confirmed_at
    assert session.invitations.filter(status="confirmed").count() == 1


def test_a_case_needs_one_line_and_consents_are_recorded(session, ondernemer):
    invite(session, ondernemer)
    invitation = session.invitations.get()
    with pytest.raises(ValidationError):
        rsvp_respond(invitation=invitation, attend=True, brings_case=True)
    rsvp_respond(
        invitation=invitation,
        attend=True,
        brings_case=True,
        case_summary="Mijn beste monteur wil minder werken.",
        consents={Consent.Kind.SHARE_CONTACT: True, Consent.Kind.RECORDING: False},
    )
    assert Consent.objects.get(user=ondernemer, kind="share_contact").granted is True
    assert Consent.objects.get(user=ondernemer, kind="recording").granted is False


def test_default_moments(network, facilitator):
    session = session_for(network, facilitator, days=20)
    moments = dict(reminder_moments(session=session, network=network))
    start = timezone.localtime(session.starts_at)
    assert timezone.localtime(moments["reminder_days"]).date() == start.date() - timedelta(3)
    assert timezone.localtime(moments["reminder_day"]).date() == start.date()
    assert timezone.localtime(moments["reminder_day"]).hour == 8


def test_early_session_is_reminded_the_evening_before(network, facilitator):
    session = session_for(network, facilitator, days=20)
    session.starts_at = session.starts_at.replace(hour=7, minute=0)
    moment = dict(reminder_moments(session=session, network=network))["reminder_day"]
    local = timezone.localtime(moment)
    assert local.hour == 19
    assert local.date() == timezone.localtime(session.starts_at).date() - timedelta(1)


def test_network_settings_are_followed(network, facilitator):
    network.reminder_days_before = 0
    network.reminder_same_day = False
    session = session_for(network, facilitator, days=20)
    assert reminder_moments(session=session, network=network) == []


def test_signing_up_schedules_reminders_that_are_sent_once(
    network, facilitator, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    session = session_for(network, facilitator, days=20)
    invite(session, ondernemer)
    invitation = session.invitations.get()
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_respond(invitation=invitation, attend=True)
    reminders = DBTaskResult.objects.filter(task_path="sessions.tasks.send_reminder")
    assert reminders.count() == 2
    assert all(r.run_after > timezone.now() for r in reminders)
    mail.outbox.clear()
    run_tasks(due_only=False)
    assert sum("Herinnering" in m.subject for m in mail.outbox) == 1
    # A retried reminder task does not mail again.
    from sessions.tasks import send_reminder

    assert (
        send_reminder.call(invitation.pk, "reminder_days", session.starts_at.isoformat()) is False
    )


def test_no_reminder_for_a_moment_before_signing_up(
    network, facilitator, ondernemer, django_capture_on_commit_callbacks
):
    session = session_for(network, facilitator, days=2)  # 3-days reminder already passed
    # Within 48 hours (late in the day) the quorum check warns; that is not under test.
    invite(session, ondernemer, warning_reason="Kleine groep, bewust zo gekozen.")
    with django_capture_on_commit_callbacks(execute=True):
        rsvp_respond(invitation=session.invitations.get(), attend=True)
    kinds = [
        r.args_kwargs["args"][1]
        for r in DBTaskResult.objects.filter(task_path="sessions.tasks.send_reminder")
    ]
    assert kinds == ["reminder_day"]


def test_reminder_for_an_old_time_is_skipped_after_a_move(session, ondernemer):
    invite(session, ondernemer)
    invitation = session.invitations.get()
    rsvp_respond(invitation=invitation, attend=True)
    old_start = session.starts_at.isoformat()
    session_update(session=session, starts_at=session.starts_at + timedelta(days=7))
    from sessions.tasks import send_reminder

    assert send_reminder.call(invitation.pk, "reminder_days", old_start) is False


def test_ics_has_uid_sequence_alarm_and_link(session, ondernemer):
    invite(session, ondernemer)
    invitation = session.invitations.get()
    cal = Calendar.from_ical(calendar_for(invitation, link="https://x.example/rsvp/abc/"))
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["uid"]) == f"{session.uid}-{ondernemer.pk}@praktijktafel"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == session.starts_at
    assert event.decoded("dtend") == session.ends_at
    assert "https://x.example/rsvp/abc/" in str(event["description"])
    assert list(event.walk("VALARM"))


def test_moving_the_session_raises_the_sequence_and_mails_everyone(
    session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    invite(session, ondernemer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_update(session=session, venue_name="Zaal De Ark")
    run_tasks()
    assert session.invitations.get().ics_sequence == 1
    updated = [m for m in mail.outbox if "Gewijzigd" in m.subject]
    assert len(updated) == 1
    event = next(iter(Calendar.from_ical(updated[0].attachments[0][1]).walk("VEVENT")))
    assert int(event["sequence"]) == 1 and "Zaal De Ark" in str(event["location"])


def test_cancelling_sends_a_cancelling_calendar(
    session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    invite(session, ondernemer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, reason="too_few")
    run_tasks()
    cal = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(cal["method"]) == "CANCEL"
    assert str(next(iter(cal.walk("VEVENT")))["status"]) == "CANCELLED"


def test_round_trip(session, ondernemer):
    invite(session, ondernemer)
    invitation = session.invitations.get()
    assert invitation_from_token(rsvp_token(invitation)) == invitation


def test_forged_token_is_refused(session, ondernemer):
    invite(session, ondernemer)
    token = rsvp_token(session.invitations.get())
    with pytest.raises(TokenInvalid):
        invitation_from_token(token[:-2] + "xx")
    forged = signing.dumps({"i": session.invitations.get().pk, "s": "x"}, salt="other")
    with pytest.raises(TokenInvalid):
        invitation_from_token(forged)


def test_token_expires_after_the_session(session, ondernemer):
    invite(session, ondernemer)
    invitation = session.invitations.get()
    token = rsvp_token(invitation)
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=3))
    with pytest.raises(TokenExpired):
        invitation_from_token(token)


def test_start_in_the_past_is_refused(network, facilitator):
    with pytest.raises(ValidationError) as error:
        session_for(network, facilitator, days=-1)
    assert "starts_at" in error.value.error_dict


def test_slot_over_three_hours_is_refused(network, facilitator):
    with pytest.raises(ValidationError):
        session_for(network, facilitator, slot_minutes=181)


def test_phases_cannot_exceed_the_slot_or_be_zero(session):
    with pytest.raises(ValidationError):
        phase_add(session=session, title="Extra", minutes=11)  # 80 + 11 > 90
    with pytest.raises(ValidationError):
        phase_add(session=session, title="Niets", minutes=0)
    assert session.phases.count() == 5


def test_move_and_remove_keep_positions_tidy(session):
    phases = list(session.phases.order_by("position"))
    phase_move(phase=phases[4], offset=-1)
    titles = list(session.phases.order_by("position").values_list("kind", flat=True))
    assert titles[3:] == ["closing", "cases"]
    phase_remove(phase=phases[0])
    assert list(session.phases.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


def test_handover_only_to_a_facilitator_of_the_network(session, other_facilitator, ondernemer):
    session_handover(session=session, to=other_facilitator)
    session.refresh_from_db()
    assert session.facilitator == other_facilitator
    with pytest.raises(ValidationError):
        session_handover(session=session, to=ondernemer)


def test_homogeneous_check_sees_firms_of_other_sectors(session, network, ondernemer):
    from sessions import pve
    from sessions.selectors.sessions import session_facts

    outsider = member(network, Role.ONDERNEMER, organisation=OrganisationFactory())
    invite(session, ondernemer, outsider)
    for inv in session.invitations.all():
        rsvp_respond(invitation=inv, attend=True)
    assert pve.homogeneous(session_facts(session)).is_warning


def test_quorum_checkpoint_mails_the_team(
    network, facilitator, coordinator, ondernemer, run_tasks, django_capture_on_commit_callbacks
):
    session = session_for(network, facilitator, days=1)  # already inside the 48 hours
    with django_capture_on_commit_callbacks(execute=True):
        invite(session, ondernemer, warning_reason="Kort dag")
    mail.outbox.clear()
    run_tasks()  # not the minute the invitations went out: people get time to answer
    assert not [m for m in mail.outbox if "Te weinig" in m.subject]
    run_tasks(due_only=False)  # halfway to the start
    team = [m for m in mail.outbox if "Te weinig" in m.subject]
    assert len(team) == 1
    assert set(team[0].to) == {facilitator.email, coordinator.email}
    assert team[0].subject == f"Te weinig aanmeldingen: {session.title}"


def test_quorum_check_stays_silent_once_enough_people_confirmed_before_it_runs(
    network, facilitator, coordinator, ondernemer, run_tasks, django_capture_on_commit_callbacks
):
    session = session_for(network, facilitator, days=1)  # the check is queued for later
    Session.objects.filter(pk=session.pk).update(quorum=1)
    with django_capture_on_commit_callbacks(execute=True):
        invite(session, ondernemer, warning_reason="Kort dag")
        rsvp_respond(invitation=session.invitations.get(), attend=True)
    mail.outbox.clear()
    run_tasks(due_only=False)  # the task re-reads the session: one of one is enough
    assert not [m for m in mail.outbox if "Te weinig" in m.subject]
    assert [m for m in mail.outbox if m.to == [ondernemer.email]]  # the other mails did go


def test_a_mail_that_fails_is_tried_again_and_sent_once(
    session, ondernemer, django_capture_on_commit_callbacks, run_tasks
):
    from unittest import mock

    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        invite(session, ondernemer)
    # Only the invitation mail is under test (not the quorum check queued with it).
    DBTaskResult.objects.exclude(task_path__endswith="send_invitation_mail").delete()
    real_send = mail.EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("mail server is down")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky):
        run_tasks(due_only=False)
    assert calls["n"] == 2  # tried again after the failure
    assert [m.to for m in mail.outbox] == [[ondernemer.email]]
    retried = DBTaskResult.objects.filter(task_path__endswith="send_invitation_mail")
    assert retried.count() == 2 and retried.order_by("enqueued_at").last().args_kwargs[
        "kwargs"
    ] == {"attempt": 1}
