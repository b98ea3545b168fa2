"""The coordinator's desk: planning for someone else, handing over, form errors, and the small
things a new user ran into (the RSVP link on the home page, an old call-back, the mail text)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from praktijktafel.models import Role
from sessions.emails import invitation_message
from sessions.models import ContactMoment, Invitation, Session
from sessions.services.invitations import invitations_send, rsvp_respond
from sessions.services.turnout import contact_moment_record
from sessions.tokens import invitation_from_token
from tests.factories import member, session_for

pytestmark = pytest.mark.django_db


def plan_data(network, **changes) -> dict:
    data = {
        "title": "Vakmensen vasthouden",
        "sector": network.sectors.first().pk,
        "theme": "behouden",
        "date": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "start_time": "16:30",
        "slot_minutes": 90,
        "venue_name": "Dorpshuis",
        "address": "Dorpsstraat 1, Ede",
        "capacity": 12,
        "quorum": 5,
    }
    data.update(changes)
    return data


# --- planning for someone else -----------------------------------------------------------------


def test_a_coordinator_plans_a_session_for_a_facilitator_who_gets_a_mail(
    client, network, coordinator, facilitator, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(coordinator)
    url = reverse("sessions:new", args=[network.slug])
    page = client.get(url).content.decode()
    assert 'name="facilitator"' in page
    assert f'<option value="{facilitator.pk}"' in page
    assert f'<option value="{coordinator.pk}" selected>' in page  # today: themselves

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, plan_data(network, facilitator=facilitator.pk))
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.facilitator == facilitator
    run_tasks()
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    assert "Marieke van Dijk" in mail.outbox[0].body  # who planned it for them
    assert reverse("sessions:detail", args=[session.pk]) in mail.outbox[0].body


def test_a_facilitator_plans_for_themselves_by_default_and_nobody_is_mailed(
    client, network, facilitator, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(facilitator)
    url = reverse("sessions:new", args=[network.slug])
    assert f'<option value="{facilitator.pk}" selected>' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, plan_data(network, facilitator=facilitator.pk))
    assert Session.objects.get().facilitator == facilitator
    run_tasks()
    assert mail.outbox == []


def test_only_a_facilitator_of_the_network_can_be_chosen(
    client, network, coordinator, ondernemer, other_coordinator
):
    client.force_login(coordinator)
    url = reverse("sessions:new", args=[network.slug])
    for outsider in (ondernemer, other_coordinator):
        response = client.post(url, plan_data(network, facilitator=outsider.pk))
        assert response.status_code == 200
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Session.objects.exists()


def test_the_pve_panel_updates_while_the_new_session_form_is_filled_in(
    client, network, facilitator
):
    client.force_login(facilitator)
    url = reverse("sessions:new", args=[network.slug])
    page = client.get(url).content.decode()
    assert 'id="pve-panel"' in page
    assert f'hx-post="{url}"' in page

    response = client.post(url, plan_data(network, start_time="14:00"), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text and 'id="pve-panel"' in text
    assert "Begint om 14:00" in text
    assert not Session.objects.exists()  # a preview saves nothing

    half = client.post(url, {"title": "Half ingevuld"}, HTTP_HX_REQUEST="true")
    assert half.status_code == 200 and 'id="pve-panel"' in half.content.decode()
    assert not Session.objects.exists()


# --- handing over --------------------------------------------------------------------------------


def test_handover_asks_first_then_mails_both_facilitators_and_the_invitees(
    client,
    session,
    facilitator,
    other_facilitator,
    coordinator,
    ondernemer,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    declined = member(session.network, Role.ONDERNEMER, full_name="Dirk Nee")
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(session=session, people=[ondernemer, declined], warning_reason="test")
        rsvp_respond(invitation=session.invitations.get(person=ondernemer), attend=True)
        rsvp_respond(invitation=session.invitations.get(person=declined), attend=False)
    run_tasks()
    mail.outbox.clear()

    client.force_login(coordinator)
    url = reverse("sessions:handover", args=[session.pk])
    question = client.post(url, {"facilitator": other_facilitator.pk})
    assert "1 genodigde" in question.content.decode()
    session.refresh_from_db()
    assert session.facilitator == facilitator  # nothing happened yet

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"facilitator": other_facilitator.pk, "confirm": "1"})
        client.post(url, {"facilitator": other_facilitator.pk, "confirm": "1"})  # a retry
    session.refresh_from_db()
    assert session.facilitator == other_facilitator
    run_tasks()
    to = sorted(tuple(m.to) for m in mail.outbox)
    assert to == sorted(
        [(ondernemer.email,), tuple(sorted([facilitator.email, other_facilitator.email]))]
    )
    invitee_mail = next(m for m in mail.outbox if m.to == [ondernemer.email])
    assert "Frank Anders" in invitee_mail.body
    assert "Sander Bos" not in invitee_mail.body


def test_handover_before_invitations_mails_only_the_facilitators(
    client, session, facilitator, other_facilitator, django_capture_on_commit_callbacks, run_tasks
):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:handover", args=[session.pk]), {"facilitator": other_facilitator.pk}
        )
    assert response.status_code == 302  # nobody invited yet: no question
    run_tasks()
    assert [sorted(m.to) for m in mail.outbox] == [
        sorted([facilitator.email, other_facilitator.email])
    ]


# --- form errors ---------------------------------------------------------------------------


def test_form_errors_are_summed_up_at_the_top_with_links_to_the_fields(
    client, network, facilitator
):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:new", args=[network.slug]),
        plan_data(network, title="", venue_name="Het Dorpshuis", quorum=20, capacity=10),
    )
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', page, re.S)
    assert summary, "no error summary"
    assert page.index("error-summary") < page.index("<h1")  # at the top, above the form
    assert 'href="#id_title"' in summary.group(0)
    assert 'href="#id_quorum"' in summary.group(0)
    assert 'value="Het Dorpshuis"' in page  # what was typed stays


def test_a_title_over_200_characters_is_refused_in_dutch_and_never_cut(
    client, network, facilitator
):
    client.force_login(facilitator)
    url = reverse("sessions:new", args=[network.slug])
    assert "maxlength" not in re.search(
        r"<input[^>]*name=\"title\"[^>]*>", client.get(url).text
    ).group(0)
    title = ("Vakmensen vasthouden " * 11).strip()  # 230 characters
    response = client.post(url, plan_data(network, title=title))
    page = response.content.decode()
    assert "De titel is 230 tekens; houd het bij 200" in page
    assert title in page  # the whole title stays in the box to shorten
    assert not Session.objects.exists()


def test_the_error_summary_is_on_the_session_page_too(client, session, facilitator):
    client.force_login(facilitator)
    local = timezone.localtime(session.starts_at)
    response = client.post(
        reverse("sessions:edit", args=[session.pk]),
        plan_data(session.network, title="x" * 201, date=local.date().isoformat()),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert page.index('class="error-summary"') < page.index('id="planning"')
    assert 'href="#id_title"' in page


# --- small things --------------------------------------------------------------------------


def test_an_ondernemer_finds_their_rsvp_page_from_their_home_page(client, session, ondernemer):
    invitations_send(session=session, people=[ondernemer], warning_reason="test")
    invitation = session.invitations.get()
    client.force_login(ondernemer)
    page = client.get(reverse("home")).content.decode()
    links = re.findall(r'href="(/rsvp/[^"]+/)"', page)
    assert links, "no link to the RSVP page"
    token = links[0].split("/")[2]
    assert invitation_from_token(token) == invitation


def _call_back_page(client, network, facilitator, coordinator, ondernemer):
    """A session in three days, a call-back noted for tomorrow; the person's page as the
    coordinator sees it, and the session."""
    session = session_for(network, facilitator, days=3)
    invitation = Invitation.objects.create(session=session, person=ondernemer)
    contact_moment_record(
        invitation=invitation,
        by=coordinator,
        outcome=ContactMoment.Outcome.CALL_BACK,
        call_back_on=timezone.localdate() + timedelta(days=1),
    )
    client.force_login(coordinator)
    return session, reverse("sessions:person", args=[network.slug, ondernemer.pk])


def test_a_call_back_about_a_session_that_has_passed_is_no_longer_shown(
    client, network, facilitator, coordinator, ondernemer
):
    session, url = _call_back_page(client, network, facilitator, coordinator, ondernemer)
    assert "<strong>Terugbellen op" in client.get(url).content.decode()

    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(days=1))
    assert "<strong>Terugbellen op" not in client.get(url).content.decode()


def test_a_call_back_about_a_session_started_early_is_no_longer_shown(
    client, network, facilitator, coordinator, ondernemer
):
    session, url = _call_back_page(client, network, facilitator, coordinator, ondernemer)
    # Running already, before its planned start: nobody can answer any more.
    Session.objects.filter(pk=session.pk).update(status=Session.Status.LIVE)
    assert "<strong>Terugbellen op" not in client.get(url).content.decode()


def test_the_invitation_mail_says_honestly_that_answering_takes_two_taps(session, ondernemer):
    invitations_send(session=session, people=[ondernemer], warning_reason="test")
    body = invitation_message(session.invitations.get(), "invitation").body
    assert "één klik" not in body
    assert "tweede tik" in body
