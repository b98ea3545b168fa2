"""A room of phones can send more held items than a facilitator checks at a glance: the
console shows the oldest few, says how many more wait, and moves them up as these are
handled. None is dropped."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from sessions.live.limits import HELD_SHOWN
from sessions.live.services.captures import item_add, item_approve
from sessions.live.services.phone import phone_item_add
from sessions.live.services.run import live_finish, live_start
from sessions.models import Knelpunt

pytestmark = pytest.mark.django_db


def _lists(client, session) -> str:
    url = reverse("sessions:live", args=[session.pk])
    response = client.get(url, {"part": "lists"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.text


def test_the_oldest_held_items_show_and_the_rest_are_counted(client, session, facilitator):
    live_start(session=session)
    for i in range(HELD_SHOWN + 5):
        phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text=f"Tel {i}")
    client.force_login(facilitator)

    html = _lists(client, session)
    held = re.findall(r'id="held-knelpunt-(\d+)"', html)
    assert len(held) == HELD_SHOWN
    assert "Tel 0 " in html or "Tel 0<" in html or ">Tel 0" in html
    assert f"Tel {HELD_SHOWN + 4}" not in html
    assert "Er wachten er nog 5" in html

    oldest = Knelpunt.objects.get(session=session, text="Tel 0")
    item_approve(item=oldest)
    html = _lists(client, session)
    assert len(re.findall(r'id="held-knelpunt-(\d+)"', html)) == HELD_SHOWN
    assert f"Tel {HELD_SHOWN}" in html and "Er wachten er nog 4" in html


def test_no_waiting_line_while_every_held_item_shows(client, session, facilitator):
    live_start(session=session)
    phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text="Eén ding")
    client.force_login(facilitator)
    html = _lists(client, session)
    assert 'id="held-knelpunt-' in html and "wacht" not in html


def test_what_the_facilitator_typed_comes_before_the_phones(client, session, facilitator):
    """The facilitator waits for their own held item (a name in a case, say): it is never
    hidden behind a room's phone items."""
    live_start(session=session)
    for i in range(HELD_SHOWN + 3):
        phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text=f"Tel {i}")
    item_add(
        session=session,
        client_id=uuid.uuid4(),
        kind="case",
        text="Stukadoor Jan de Vries heeft rugklachten",
    )
    client.force_login(facilitator)
    html = _lists(client, session)
    held = re.findall(r'id="held-(knelpunt|capture)-(\d+)"', html)
    assert held[0][0] == "capture" and "Jan de Vries" in html
    assert len(held) == HELD_SHOWN


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("telefoons/", {"enabled": "1"}),
        ("vraag/", {"kind": "start", "shuffle": "1"}),
    ],
)
def test_a_tab_acting_after_another_finished_gets_the_reason(
    client, session, facilitator, path, data
):
    live_start(session=session)
    live_finish(session=session)
    client.force_login(facilitator)
    response = client.post(f"/sessie/{session.pk}/live/{path}", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "afgerond" in response.text


def test_releasing_after_another_tab_finished_is_refused_not_an_error(client, session, facilitator):
    live_start(session=session)
    item, _ = phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text="Tel")
    live_finish(session=session)
    client.force_login(facilitator)
    url = reverse("sessions:live_item", args=[session.pk, "knelpunt", item.pk, "approve"])
    response = client.post(url, HTTP_HX_REQUEST="true")
    # Refused, not a server error; the lists fragment does not carry messages yet.
    assert response.status_code == 200
    item.refresh_from_db()
    assert not item.approved
