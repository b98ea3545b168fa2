"""The live screens' polls: "nothing changed" costs one query, and every live write is seen.

Every console tab and projector asks every two or three seconds. The answer "nothing changed"
(204) comes from one indexed query on the session's LiveState row, which carries the access
check; without its page's ticket the middleware adds two (the login session and the user;
with it, see test_unchanged_poll.py). Only a changed version builds a fragment, with a fixed
number of queries.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from praktijktafel.models import Role
from sessions.agenda import PhaseKind
from sessions.live.services import captures as capture_services
from sessions.live.services import run as live_services
from sessions.live.services.phone import phone_item_add
from sessions.live.services.run import live_chart_show
from sessions.models import Capture, LiveState, Question
from tests.factories import member, session_for

HX = {"HTTP_HX_REQUEST": "true"}
# What the middleware costs a logged-in request: the login session row and the user row.
MIDDLEWARE_QUERIES = 2


@pytest.fixture
def running(session):
    live_services.live_start(session=session)
    return session


def _version(session) -> int:
    return LiveState.objects.get(session=session).version


def _projector(client: Client, session, version) -> object:
    return client.get(reverse("sessions:projector", args=[session.pk]), {"v": version}, **HX)


def test_the_projectors_unchanged_poll_is_one_query(
    client, running, facilitator, django_assert_num_queries
):
    client.force_login(facilitator)
    version = _version(running)
    _projector(client, running, version)  # warm the connection and caches the same way
    with django_assert_num_queries(MIDDLEWARE_QUERIES + 1):
        response = _projector(client, running, version)
    assert response.status_code == 204
    assert response["X-Live-Version"] == str(version)


@pytest.mark.parametrize("kind", [k for k in PhaseKind if k != PhaseKind.OTHER])
def test_a_changed_projector_refresh_costs_two_queries(
    client, running, facilitator, django_assert_num_queries, kind
):
    client.force_login(facilitator)
    live_services.live_goto(session=running, phase=running.phases.get(kind=kind))
    for i in range(20):  # more items do not cost more queries
        capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text=f"Punt {i}")
        capture_services.capture_add(
            session=running, client_id=uuid.uuid4(), kind=Capture.Kind.GROUP_ACTION, text=f"A {i}"
        )
    # The poll, then one read of what the screen shows: the live state with its session,
    # phase and question, the agenda's minutes, the runs and the phase's own items
    # (bottlenecks, charts or group actions).
    with django_assert_num_queries(MIDDLEWARE_QUERIES + 2):
        response = _projector(client, running, "old")
    assert response.status_code == 200
    assert response["X-Live-Version"] == str(_version(running))


def test_an_outsider_polling_the_projector_gets_404(client, running, other_facilitator):
    client.force_login(other_facilitator)
    assert _projector(client, running, _version(running)).status_code == 404
    assert _projector(client, running, "old").status_code == 404


def test_an_outsider_polling_the_console_gets_404(client, running, kennisexpert):
    client.force_login(kennisexpert)  # may watch the projector, not run the console
    url = reverse("sessions:live", args=[running.pk])
    response = client.get(url, {"part": "lists_sync", "v": _version(running)}, **HX)
    assert response.status_code == 404
    assert _projector(client, running, _version(running)).status_code == 204


def test_the_consoles_unchanged_polls_are_one_query(
    client, running, facilitator, django_assert_num_queries
):
    client.force_login(facilitator)
    url = reverse("sessions:live", args=[running.pk])
    page = client.get(url).content.decode()
    key = page.split("part=sync&amp;state=")[1].split('"')[0]
    version = _version(running)
    client.get(url, {"part": "lists_sync", "v": version}, **HX)
    with django_assert_num_queries(MIDDLEWARE_QUERIES + 1):
        assert client.get(url, {"part": "sync", "state": key}, **HX).status_code == 204
    with django_assert_num_queries(MIDDLEWARE_QUERIES + 1):
        assert client.get(url, {"part": "lists_sync", "v": version}, **HX).status_code == 204


def test_a_changed_console_poll_brings_only_its_own_fragment(client, running, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:live", args=[running.pk])
    version = _version(running)
    capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text="Geen mensen")
    lists = client.get(url, {"part": "lists_sync", "v": version}, **HX)
    assert lists.status_code == 200 and 'id="lists"' in lists.text
    assert "Geen mensen" in lists.content.decode()
    assert 'id="live-state"' not in lists.content.decode()
    live_services.live_next(session=running)
    state = client.get(url, {"part": "sync", "state": "old"}, **HX)
    assert 'id="live-state"' in state.text
    assert 'id="lists"' not in state.content.decode()


def test_a_finished_session_sends_the_polling_tab_to_the_summary(client, running, facilitator):
    client.force_login(facilitator)
    live_services.live_finish(session=running)
    url = reverse("sessions:live", args=[running.pk])
    response = client.get(url, {"part": "lists_sync", "v": 0}, **HX)
    assert response["HX-Redirect"] == reverse("sessions:summary", args=[running.pk])


# ---- every live write raises the version -------------------------------------------------


def _item(session, kind=Capture.Kind.TIP, from_phone=False):
    item, _ = capture_services.item_add(
        session=session, client_id=uuid.uuid4(), kind=kind, text="Een tip", from_phone=from_phone
    )
    return item


def _knelpunt(session):
    item, _ = capture_services.knelpunt_add(session=session, client_id=uuid.uuid4(), text="Punt")
    return item


def _previous_action(session, network, facilitator):
    """A group action of the previous session of the same series, to look back on."""
    from tests.factories import SeriesFactory

    series = SeriesFactory(network=network)
    first = session_for(network, facilitator, series=series, days=7, title="Deel 1")
    session.series = series
    session.save(update_fields=["series"])
    live_services.live_start(session=first, now=first.starts_at)
    action, _ = capture_services.capture_add(
        session=first, client_id=uuid.uuid4(), kind=Capture.Kind.GROUP_ACTION, text="Overleg"
    )
    live_services.live_finish(session=first)
    return action


WRITES = {
    "goto": lambda s, **_: live_services.live_goto(session=s, phase=s.phases.last()),
    "next": lambda s, **_: live_services.live_next(session=s),
    "previous": lambda s, **_: (
        live_services.live_next(session=s),
        live_services.live_previous(session=s),
    ),
    "pause": lambda s, **_: live_services.live_pause_toggle(session=s),
    "extend": lambda s, **_: live_services.live_extend(session=s),
    "case_step": lambda s, **_: live_services.live_case_step(session=s, step="explain"),
    "question": lambda s, **_: live_services.live_question(
        session=s, question=Question.objects.create(kind=Question.Kind.START, text="Hoe gaat het?")
    ),
    "note": lambda s, **_: live_services.live_note(session=s, text="Bron: CBS"),
    "phones": lambda s, **_: live_services.phones_toggle(session=s, enabled=True),
    "chart_show": lambda s, **_: live_chart_show(session=s, index=0),
    "knelpunt_add": lambda s, **_: _knelpunt(s),
    "knelpunt_update": lambda s, **_: capture_services.knelpunt_update(
        knelpunt=_knelpunt(s), recognition=3
    ),
    "capture_add": lambda s, **_: _item(s),
    "capture_update": lambda s, **_: capture_services.capture_update(
        capture=_item(s), text="Een betere tip"
    ),
    "item_text_update": lambda s, **_: capture_services.item_text_update(
        item=_item(s), text="Nog beter"
    ),
    "item_delete": lambda s, **_: capture_services.item_delete(item=_item(s)),
    "item_approve": lambda s, **_: capture_services.item_approve(item=_item(s, from_phone=True)),
    "phone_item_add": lambda s, **_: phone_item_add(
        session=s, client_id=uuid.uuid4(), kind=Capture.Kind.ACTION, text="Mijn actie"
    ),
    "followup_mark": lambda s, action, **_: capture_services.followup_mark(
        action=action, session=s, status="done"
    ),
    "finish": lambda s, **_: live_services.live_finish(session=s),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_live_write_raises_the_version(running, network, facilitator, name):
    action = _previous_action(running, network, facilitator) if name == "followup_mark" else None
    before = _version(running)
    WRITES[name](running, action=action)
    assert _version(running) > before, name


def test_reopening_raises_the_version(running):
    live_services.live_finish(session=running)
    before = _version(running)
    live_services.live_reopen(session=running)
    assert _version(running) > before


def test_a_started_session_of_another_network_is_not_polled_by_a_member_here(
    client, network, other_network
):
    other = session_for(other_network, member(other_network, Role.FACILITATOR))
    live_services.live_start(session=other)
    client.force_login(member(network, Role.COORDINATOR))
    assert _projector(client, other, _version(other)).status_code == 404


# ---- the projector's own version: only what it shows -------------------------------------


def _screen_version(session) -> int:
    return LiveState.objects.get(session=session).screen_version


OFF_SCREEN = {  # items the projector never shows: tips (held or released), an own action
    "capture_add",
    "capture_update",
    "item_text_update",
    "item_delete",
    "item_approve",
    "phone_item_add",
}


@pytest.mark.parametrize("name", sorted(set(WRITES) - OFF_SCREEN))
def test_every_write_the_projector_shows_raises_its_version(running, network, facilitator, name):
    action = _previous_action(running, network, facilitator) if name == "followup_mark" else None
    before = _screen_version(running)
    WRITES[name](running, action=action)
    assert _screen_version(running) > before, name


@pytest.mark.parametrize("name", sorted(OFF_SCREEN))
def test_a_write_the_projector_does_not_show_leaves_its_screen(running, name):
    before = _screen_version(running)
    WRITES[name](running)
    assert _screen_version(running) == before, name


def test_a_held_phone_item_keeps_the_projector_still_until_released(client, running, facilitator):
    client.force_login(facilitator)
    shown = _projector(client, running, "old")["X-Live-Version"]
    held, _created = capture_services.knelpunt_add(
        session=running, client_id=uuid.uuid4(), text="Vanaf een telefoon", from_phone=True
    )
    assert _projector(client, running, shown).status_code == 204
    capture_services.item_approve(item=held)
    released = _projector(client, running, shown)
    assert released.status_code == 200 and "Vanaf een telefoon" in released.text
    group_action = capture_services.capture_add(
        session=running, client_id=uuid.uuid4(), kind=Capture.Kind.GROUP_ACTION, text="Overleg"
    )[0]
    assert group_action.approved
    assert _screen_version(running) > int(released["X-Live-Version"])


def test_a_changed_lists_poll_costs_a_fixed_few_queries(
    client, running, facilitator, django_assert_num_queries
):
    """Login session, user, the poll (which also checks access and reads the session's
    network and team), the lists' digests, the held bottlenecks, the network's names and the
    number of people the summary goes to, and the shown bottlenecks (their list is new). Not
    one query more per item, and no second access check or session lookup."""
    client.force_login(facilitator)
    url = reverse("sessions:live", args=[running.pk])
    for i in range(15):
        capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text=f"Punt {i}")
        phone_item_add(session=running, client_id=uuid.uuid4(), kind="knelpunt", text=f"Tel {i}")
    with django_assert_num_queries(MIDDLEWARE_QUERIES + 1 + 5):
        response = client.get(url, {"part": "lists_sync", "v": "0"}, **HX)
    assert response.status_code == 200 and "Tel 14" in response.text


def test_the_lists_after_a_capture_check_access_in_the_polls_one_query(
    client, running, facilitator, django_assert_num_queries
):
    """The page fetches its lists after every capture: login session, user, the poll's one
    access query (which reads what the lists need of the session), the lists' digests and
    the one list that changed. No separate session, membership, live-state or status
    lookups."""
    client.force_login(facilitator)
    url = reverse("sessions:live", args=[running.pk])
    capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text="Eerste punt")
    client.get(url, {"part": "lists"}, **HX)
    capture_services.knelpunt_add(session=running, client_id=uuid.uuid4(), text="Tweede punt")
    with django_assert_num_queries(MIDDLEWARE_QUERIES + 3):
        response = client.get(url, {"part": "lists"}, **HX)
    assert response.status_code == 200 and "Tweede punt" in response.text


def test_the_lists_of_a_session_not_ones_own_are_refused(client, running, facilitator, network):
    outsider = member(network, Role.ONDERNEMER)
    client.force_login(outsider)
    url = reverse("sessions:live", args=[running.pk])
    assert client.get(url, {"part": "lists"}, **HX).status_code == 404


def test_a_capture_checks_access_in_the_polls_one_query(
    client, running, facilitator, django_assert_num_queries
):
    """The busiest write: login session, user, the poll's access query (which reads all of
    the session a capture needs), then the capture's own transaction: begin, the live
    state's lock, the retry check, the network's names, the item, the version, commit."""
    client.force_login(facilitator)
    url = reverse("sessions:live_capture", args=[running.pk])
    data = {"kind": "tip", "text": "Start met een stagiair", "client_id": str(uuid.uuid4())}
    with django_assert_num_queries(MIDDLEWARE_QUERIES + 1 + 7):
        response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    assert Capture.objects.filter(session=running, text="Start met een stagiair").count() == 1


def test_a_capture_before_the_start_is_refused_as_before(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:live_capture", args=[session.pk])
    data = {"kind": "tip", "text": "Te vroeg", "client_id": str(uuid.uuid4())}
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 422 and response.json()["errors"]
    assert not Capture.objects.filter(text="Te vroeg").exists()


def test_a_capture_naming_someone_not_invited_is_refused_not_stripped(
    client, running, facilitator, other_ondernemer
):
    """The person field names an invitee; anyone else is refused with the reason, the typed
    text given back by the console's queue, not stored without the person."""
    client.force_login(facilitator)
    url = reverse("sessions:live_capture", args=[running.pk])
    data = {
        "kind": "contact",
        "text": "Weet veel van stages",
        "person": str(other_ondernemer.pk),
        "client_id": str(uuid.uuid4()),
    }
    response = client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 422
    assert "uitgenodigd" in " ".join(response.json()["errors"])
    assert not Capture.objects.filter(text="Weet veel van stages").exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sessions:live_chart", {"index": "99999999999999999999"}),
        ("sessions:live_chart", {"index": "-5"}),
        ("sessions:live_chart", {"index": "twee"}),
        ("sessions:live_case_step", {"step": "zzz"}),
    ],
)
def test_a_refused_console_button_says_why(client, running, facilitator, name, data):
    client.force_login(facilitator)
    before = LiveState.objects.get(session=running).version
    response = client.post(reverse(name, args=[running.pk]), data, **HX)
    assert response.status_code == 200
    assert 'class="messages" role="alert"' in response.text
    assert LiveState.objects.get(session=running).version == before


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sessions:live_chart", {"index": "0"}),
        ("sessions:live_case_step", {"step": "zzz"}),
        ("sessions:live_phones", {"enabled": "0"}),
    ],
)
def test_a_console_button_before_the_start_goes_to_the_start_page(
    client, session, facilitator, name, data
):
    client.force_login(facilitator)
    response = client.post(reverse(name, args=[session.pk]), data, **HX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("sessions:live", args=[session.pk])
    assert client.post(reverse(name, args=[session.pk]), data).status_code == 302
