"""Finding 9: a case with a first name and health details was held by the privacy check, but
its 'Toch tonen' really put it in the summary mailed to every participant. Held text reaches
no projector, summary page, summary mail or kennisbank draft unless released; a held item
says what releasing does, per channel, and editing comes first."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from kennisbank.models import Solution
from praktijktafel.models import Role
from sessions.live.selectors.projector import projector
from sessions.live.services.captures import capture_add, capture_promote, item_approve, knelpunt_add
from sessions.live.services.run import live_finish, live_start
from sessions.models import Capture, Session
from sessions.services.invitations import invitations_send
from tests.factories import member

pytestmark = pytest.mark.django_db

FINDING = "Sanne heeft rugklachten, zes weken uitgevallen"
HX = {"HX-Request": "true"}


@pytest.fixture
def running(session):
    live_start(session=session)
    return session


def _group(session, network, size):
    people = [member(network, Role.ONDERNEMER) for _ in range(size)]
    Session.objects.filter(pk=session.pk).update(status=Session.Status.INVITED)
    invitations_send(session=session, people=people)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.LIVE)
    session.invitations.update(status="confirmed")
    return people


def _capture(session, kind, text):
    return capture_add(session=session, client_id=uuid.uuid4(), kind=kind, text=text)[0]


def _row(html: str, key: str, pk: int) -> str:
    """The held item's row in the console."""
    match = re.search(rf'<li [^>]*id="held-{key}-{pk}".*?</li>', html, re.S)
    assert match, f"no held row for {key} {pk}"
    return match.group(0)


def test_a_held_case_never_reaches_the_summary_mail_or_page(
    client, running, network, facilitator, django_capture_on_commit_callbacks, run_tasks
):
    _group(running, network, 2)
    held = _capture(running, Capture.Kind.CASE, FINDING)
    shared = _capture(running, Capture.Kind.CASE, "Een leerling wil na een jaar stoppen")
    assert not held.approved and shared.approved
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live_finish(session=running)
    run_tasks(due_only=False)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert shared.text in message.body
        assert "rugklachten" not in message.body and "Sanne" not in message.body
    client.force_login(facilitator)
    page = client.get(reverse("sessions:summary", args=[running.pk])).content.decode()
    assert shared.text in page and "rugklachten" not in page


def test_held_health_details_stay_off_the_projector_and_out_of_the_kennisbank(running):
    knelpunt = knelpunt_add(
        session=running, client_id=uuid.uuid4(), text="Onze voorman zit thuis met een burn-out"
    )[0]
    action = _capture(running, Capture.Kind.GROUP_ACTION, "Bel wie ziekgemeld is op de eerste dag")
    tip = _capture(running, Capture.Kind.TIP, "Vraag Sanne hoe ze haar re-integratie regelde")
    assert not knelpunt.approved and not action.approved and not tip.approved
    screen = projector(session_id=running.pk)
    assert screen.knelpunten == [] and screen.group_actions == []
    with pytest.raises(ValidationError):
        capture_promote(capture=tip)
    assert not Solution.objects.exists()


def test_a_held_item_says_what_releasing_it_does_per_channel(client, running, network, facilitator):
    _group(running, network, 9)
    case = _capture(running, Capture.Kind.CASE, FINDING)
    knelpunt = knelpunt_add(
        session=running, client_id=uuid.uuid4(), text="Piet ligt er uit met een hernia"
    )[0]
    tip = _capture(running, Capture.Kind.TIP, "Vraag Sanne naar haar aanpak")
    own = _capture(running, Capture.Kind.ACTION, "Sanne belt zelf de bedrijfsarts")
    client.force_login(facilitator)
    html = client.get(reverse("sessions:live", args=[running.pk])).content.decode()
    summary = "komt in de samenvatting die naar 9 deelnemers gaat"

    row = _row(html, "capture", case.pk)
    assert summary in row and "beamer" not in row and "kennisbank" not in row
    row = _row(html, "knelpunt", knelpunt.pk)
    assert "komt op de beamer" in row and summary in row
    assert "kan in de kwartaalupdate voor het hele netwerk komen" in row
    row = _row(html, "capture", tip.pk)
    assert summary in row and "kan daarna als concept naar de kennisbank" in row
    row = _row(html, "capture", own.pk)
    assert "blijft alleen hier in de console" in row and "samenvatting" not in row


def test_the_edit_comes_first_and_releasing_takes_a_second_step(client, running, facilitator):
    held = _capture(running, Capture.Kind.CASE, FINDING)
    client.force_login(facilitator)
    html = client.get(reverse("sessions:live", args=[running.pk])).content.decode()
    row = _row(html, "capture", held.pk)
    edit = row.index(reverse("sessions:live_item", args=[running.pk, "capture", held.pk, "edit"]))
    release = reverse("sessions:live_item", args=[running.pk, "capture", held.pk, "approve"])
    assert edit < row.index(release)
    assert "<details" not in row  # the edit box is open, not folded away
    first_button = re.search(r"<button[^>]*>", row).group(0)
    assert 'class="button"' in first_button  # the primary button saves the edit

    first = client.post(release, headers=HX)
    held.refresh_from_db()
    assert not held.approved  # one press only asks
    asked = first.content.decode()
    assert "Ja, toch vrijgeven" in asked
    assert "komt in de samenvatting die naar 0 deelnemers gaat" in asked
    # The held list stops refreshing while it asks, or the question would vanish.
    pending = re.search(r'<section id="pending"[^>]*>', asked).group(0)
    assert "every 5s" not in pending

    # Without JavaScript the same question, on the whole console.
    plain = client.post(release)
    assert plain.status_code == 200 and "Ja, toch vrijgeven" in plain.content.decode()
    held.refresh_from_db()
    assert not held.approved

    client.post(release, {"confirm": "yes"}, headers=HX)
    held.refresh_from_db()
    assert held.approved


def test_the_service_refuses_an_unconfirmed_release(running):
    held = _capture(running, Capture.Kind.CASE, FINDING)
    with pytest.raises(ValidationError):
        item_approve(item=held)
    held.refresh_from_db()
    assert not held.approved
    item_approve(item=held, confirmed=True)
    held.refresh_from_db()
    assert held.approved


def test_the_summary_counts_only_the_tips_it_lists(client, running, facilitator):
    """The fidelity check said "3 tips, solutions and contacts recorded" where the summary
    listed 2: the held one was counted."""
    _capture(running, Capture.Kind.TIP, "Begin met een vaste maat")
    _capture(running, Capture.Kind.SOLUTION, "Een inwerkmap per functie")
    _capture(running, Capture.Kind.TIP, FINDING)  # held by the privacy check
    live_finish(session=running)
    client.force_login(facilitator)
    page = client.get(reverse("sessions:summary", args=[running.pk])).text
    assert "2 tips, oplossingen en contacten vastgelegd" in page
    assert "3 tips, oplossingen en contacten vastgelegd" not in page
