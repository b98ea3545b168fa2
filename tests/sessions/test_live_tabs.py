"""Two console tabs on one session: every timer action names the state it was made on, a tab
that missed a change is refused and brought up to date, and an open tab follows the server."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sessions.live.services.run import live_start
from sessions.models import LiveState

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(session):
    live_start(session=session)
    return session


def _key(html: str) -> str:
    """The state key a console page (or its state fragment) puts in its timer forms."""
    found = re.search(r'name="state" value="([^"]+)"', html)
    assert found, "the console's timer forms carry the state they were made on"
    return found.group(1)


def _phase(session) -> int:
    return LiveState.objects.get(session=session).current_phase.position


def test_a_stale_tab_cannot_skip_a_phase(client, running, facilitator):
    """Tab 1 goes forward and back again; tab 2, still on the old page, presses 'back': it is
    refused with a message instead of moving relative to the server's phase."""
    client.force_login(facilitator)
    console = reverse("sessions:live", args=[running.pk])
    timer = lambda action: reverse("sessions:live_timer", args=[running.pk, action])  # noqa: E731
    tab1 = _key(client.get(console).text)
    tab2 = tab1  # opened at the same moment
    client.post(timer("next"), {"state": tab1}, HTTP_HX_REQUEST="true")
    assert _phase(running) == 2
    client.post(timer("next"), {"state": _key(client.get(console).text)})  # tab 1, reloaded
    assert _phase(running) == 3
    refused = client.post(timer("previous"), {"state": tab2}, HTTP_HX_REQUEST="true")
    assert _phase(running) == 3, "a stale tab's 'back' moved the session"
    assert refused.status_code == 200
    assert "Een ander scherm" in refused.text  # says why
    assert _key(refused.text) != tab2  # and the tab now shows the server's state
    # With the key it was given, the tab's next press works.
    client.post(timer("previous"), {"state": _key(refused.text)}, HTTP_HX_REQUEST="true")
    assert _phase(running) == 2


@pytest.mark.parametrize("action", ["next", "previous", "pause", "extend"])
def test_a_timer_action_without_the_state_is_refused(client, running, facilitator, action):
    client.force_login(facilitator)
    before = LiveState.objects.get(session=running)
    client.post(reverse("sessions:live_timer", args=[running.pk, action]), HTTP_HX_REQUEST="true")
    after = LiveState.objects.get(session=running)
    assert (after.current_phase_id, after.version) == (before.current_phase_id, before.version)


def test_a_stale_tab_cannot_resume_a_pause_it_did_not_see(client, running, facilitator):
    client.force_login(facilitator)
    console = reverse("sessions:live", args=[running.pk])
    pause = reverse("sessions:live_timer", args=[running.pk, "pause"])
    stale = _key(client.get(console).text)
    client.post(pause, {"state": stale}, HTTP_HX_REQUEST="true")  # tab 1 pauses
    client.post(pause, {"state": stale}, HTTP_HX_REQUEST="true")  # tab 2 would resume
    run = running.phase_runs.get(ended_at__isnull=True)
    assert run.paused_at is not None


def test_an_open_tab_follows_a_change_made_elsewhere(client, running, facilitator):
    """The console asks every two seconds whether its state is still the server's: nothing
    (204) while it is, the fresh state fragment once another tab changed the phase."""
    client.force_login(facilitator)
    console = reverse("sessions:live", args=[running.pk])
    page = client.get(console).text
    key = _key(page)
    assert "every 2s" in page
    sync = client.get(console, {"part": "sync", "state": key}, HTTP_HX_REQUEST="true")
    assert sync.status_code == 204
    client.post(
        reverse("sessions:live_timer", args=[running.pk, "next"]),
        {"state": key},
        HTTP_HX_REQUEST="true",
    )
    sync = client.get(console, {"part": "sync", "state": key}, HTTP_HX_REQUEST="true")
    assert sync.status_code == 200
    assert 'id="live-state"' in sync.text and "Landen, leeglopen" in sync.text
    # It replaces the region the polling element names (hx-target), fixed when it asked.
    assert 'hx-target="#live-state" hx-swap="outerHTML"' in client.get(console).text


def test_the_console_shows_the_case_step_countdown(client, running, facilitator):
    """The incident method's step timer is on the facilitator's own screen too, not only on
    the projector behind them."""
    from sessions.live.services.run import live_case_step, live_goto

    cases = running.phases.get(kind="cases")
    live_goto(session=running, phase=cases)
    live_case_step(session=running, step=LiveState.CaseStep.QUESTIONS)
    client.force_login(facilitator)
    page = client.get(reverse("sessions:live", args=[running.pk])).text
    assert 'aria-label="Resterende tijd voor deze stap"' in page or "step-timer" in page


def test_the_projector_opens_with_a_welcome(client, running, facilitator):
    """At the start the wall is not blank: a welcome, the session's title and a starter
    question (the first one the library offers, until the facilitator picks another)."""
    from sessions.models import Question

    client.force_login(facilitator)
    page = client.get(reverse("sessions:projector", args=[running.pk])).text
    assert "Welkom" in page
    assert running.title in page
    live = LiveState.objects.get(session=running)
    assert Question.objects.filter(kind=Question.Kind.START, active=True).exists()  # seeded
    assert live.starter_question is not None
    assert live.starter_question.text in page


def test_deleting_a_captured_item_asks_first(client, running, facilitator):
    """✕ on a captured item asks once; only 'Ja, verwijderen' deletes it."""
    import uuid as _uuid

    from sessions.live.services.captures import capture_add
    from sessions.models import Capture

    tip, _created = capture_add(
        session=running, client_id=_uuid.uuid4(), kind="tip", text="Buddy voor nieuwe monteurs"
    )
    client.force_login(facilitator)
    url = reverse("sessions:live_item", args=[running.pk, "capture", tip.pk, "delete"])
    asked = client.post(url, HTTP_HX_REQUEST="true")
    assert Capture.objects.filter(pk=tip.pk).exists()
    assert "Ja, verwijderen" in asked.text and 'name="confirm" value="yes"' in asked.text
    client.post(url, {"confirm": "yes"}, HTTP_HX_REQUEST="true")
    assert not Capture.objects.filter(pk=tip.pk).exists()


def test_the_group_actions_badge_follows_new_actions(client, running, facilitator):
    """In the closing phase the '… van 3 groepsacties' badge is updated with the lists a
    capture returns, not only on a reload."""
    import uuid as _uuid

    from sessions.live.services.run import live_goto

    live_goto(session=running, phase=running.phases.get(kind="closing"))
    client.force_login(facilitator)
    url = reverse("sessions:live_capture", args=[running.pk])
    for n in range(4):
        response = client.post(
            url,
            {"client_id": str(_uuid.uuid4()), "kind": "insight", "text": f"Actie nummer {n}"},
            HTTP_HX_REQUEST="true",
        )
    assert 'id="group-actions-badge"' in response.text
    assert "4 van 3" in response.text


def test_editing_a_held_phone_item_keeps_it_held(client, running, facilitator):
    """Correcting a phone item is not approving it: it stays off the projector until the
    facilitator presses 'Tonen'. A shown item edited to carry a name leaves the screen."""
    import uuid as _uuid

    from sessions.live.services.captures import item_text_update, knelpunt_add
    from sessions.models import Knelpunt

    held, _created = knelpunt_add(
        session=running, client_id=_uuid.uuid4(), text="Geen monteurs", from_phone=True
    )
    assert not held.approved
    item_text_update(item=held, text="Geen monteurs te vinden")
    assert not Knelpunt.objects.get(pk=held.pk).approved
    shown, _created = knelpunt_add(session=running, client_id=_uuid.uuid4(), text="Werkdruk")
    assert shown.approved
    item_text_update(item=shown, text="Werkdruk bij Jan de Vries")
    assert not Knelpunt.objects.get(pk=shown.pk).approved


def test_the_console_previews_the_projector_and_only_we_may_frame_it(client, running, facilitator):
    client.force_login(facilitator)
    console = client.get(reverse("sessions:live", args=[running.pk]))
    projector_url = reverse("sessions:projector", args=[running.pk])
    assert f'<iframe src="{projector_url}"' in console.text
    assert console.headers["X-Frame-Options"] == "DENY"  # the console itself is never framed
    projector = client.get(projector_url)
    assert projector.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in projector.headers["Content-Security-Policy"]


def test_a_huge_slot_in_the_plan_preview_is_no_server_error(client, session, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("sessions:check", args=[session.pk]),
        {"title": session.title, "slot_minutes": "9" * 20, "capacity": "12", "quorum": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code < 500


def test_a_finished_session_sends_a_tab_to_the_summary_not_into_it(client, running, facilitator):
    """Every poll of a console tab (state, lists, held items) on a session another tab just
    finished: the tab goes to the summary page instead of getting it pasted into a column."""
    from sessions.live.services.run import live_finish

    client.force_login(facilitator)
    live_finish(session=running)
    console = reverse("sessions:live", args=[running.pk])
    summary = reverse("sessions:summary", args=[running.pk])
    for part in ("sync", "lists", "pending", "state", "lists_sync"):
        response = client.get(
            console, {"part": part, "state": "x", "v": "0"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 204, part
        assert response.headers["HX-Redirect"] == summary, part


def test_a_second_tab_follows_the_lists_and_the_phones_switch(client, running, facilitator):
    """Items captured (or phones let in) in one tab reach the other: the lists ask every few
    seconds with the version they show; the phones switch is part of the state key."""
    import uuid as _uuid

    from sessions.live.services.captures import knelpunt_add
    from sessions.live.services.run import phones_toggle

    client.force_login(facilitator)
    console = reverse("sessions:live", args=[running.pk])
    page = client.get(console).text
    version = re.search(r"part=lists_sync&amp;v=(\d+)", page).group(1)
    same = client.get(console, {"part": "lists_sync", "v": version}, HTTP_HX_REQUEST="true")
    assert same.status_code == 204
    knelpunt_add(session=running, client_id=_uuid.uuid4(), text="Geen monteurs te vinden")
    fresh = client.get(console, {"part": "lists_sync", "v": version}, HTTP_HX_REQUEST="true")
    assert fresh.status_code == 200 and "Geen monteurs te vinden" in fresh.text
    assert 'id="lists"' in fresh.text and "HX-Retarget" not in fresh.headers
    key = _key(page)
    phones_toggle(session=running, enabled=True)
    moved = client.get(console, {"part": "sync", "state": key}, HTTP_HX_REQUEST="true")
    assert moved.status_code == 200, "the phones switch is part of what a tab must follow"
