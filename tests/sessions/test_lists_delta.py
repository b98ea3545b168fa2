"""A console tab that says what it shows gets only what is new to it (sessions/live/tab.py):
a placeholder for each list and row it has, the rest whole. A placeholder's hash must be the
hash the whole answer gives the same row, or the tab would keep a stale one."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from praktijktafel.models import Consent, Role
from sessions.live.selectors.list_rows import SENT_WHOLE_UP_TO
from sessions.live.services.captures import capture_add, item_add, item_text_update
from sessions.live.tab import shown_in_tab
from sessions.models import KNELPUNT
from tests.factories import member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_row_store")]


def _add(session, text: str, kind: str = KNELPUNT):
    return item_add(session=session, client_id=uuid.uuid4(), kind=kind, text=text)[0]


def _lists(client: Client, session, **have) -> str:
    query = {"part": "lists", **({"delta": "1", **have} if have else {})}
    response = client.get(
        reverse("sessions:live", args=[session.pk]), query, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return response.text


def _shown(html: str) -> dict[str, str]:
    """Every list and row of a whole answer: its id and hash."""
    return dict(re.findall(r'<(?:li|section)[^>]* id="([^"]+)" data-h="([0-9a-f]{12})"', html))


def _kept(html: str) -> dict[str, str]:
    return dict(re.findall(r'<template data-keep="([^"]+)" data-h="([0-9a-f]{12})">', html))


def _have(shown: dict[str, str]) -> dict[str, str]:
    """What the tab's script says it shows (static/js/console-rows.js)."""
    newest: dict[str, int] = {}
    for name in shown:
        found = re.search(r"-([a-z]+)-(\d+)$", name)
        if found and not name.startswith("list-"):
            newest[found[1]] = max(newest.get(found[1], 0), int(found[2]))
    return {
        "have_lists": ",".join(f"{k}:{v}" for k, v in shown.items() if k.startswith("list-")),
        "have_rows": ",".join(f"{k}:{v}" for k, v in newest.items()),
    }


LONG = SENT_WHOLE_UP_TO + 5  # a list sent as placeholders and new rows (list_rows.py)


def test_a_tab_gets_only_what_is_new_to_it(client, running, facilitator):
    client.force_login(facilitator)
    old = [_add(running, f"Knelpunt {n}") for n in range(LONG)]
    _add(running, "Bouw een band op met de school", kind="tip")
    whole = _lists(client, running)
    shown = _shown(whole)
    assert {f"row-knelpunt-{k.pk}" for k in old} <= set(shown)
    assert {"list-knelpunt", "list-tip"} <= set(shown)

    new = _add(running, "Nieuw knelpunt van de tafel")
    delta = _lists(client, running, **_have(shown))

    # The unchanged tips list is one placeholder; the bottlenecks' old rows are placeholders
    # with the hashes the tab has (read as id and md5, not loaded), and the new one is whole.
    kept = _kept(delta)
    assert kept["list-tip"] == shown["list-tip"]
    assert "Bouw een band op" not in delta
    for knelpunt in old:
        assert kept[f"row-knelpunt-{knelpunt.pk}"] == shown[f"row-knelpunt-{knelpunt.pk}"]
        assert f">{knelpunt.text} " not in delta
    assert "Nieuw knelpunt van de tafel" in delta
    assert f'id="row-knelpunt-{new.pk}"' in delta
    assert len(delta) * 10 < len(whole)


def test_a_short_changed_list_comes_whole_and_held_rows_as_placeholders(
    client, running, facilitator
):
    from sessions.live.services.phone import phone_item_add

    client.force_login(facilitator)
    old = _add(running, "Te veel papierwerk")
    held = phone_item_add(
        session=running, client_id=uuid.uuid4(), kind="knelpunt", text="Van een telefoon"
    )[0]
    shown = _shown(_lists(client, running))
    assert f"held-knelpunt-{held.pk}" in shown
    _add(running, "Nieuw knelpunt")
    delta = _lists(client, running, **_have(shown))
    kept = _kept(delta)
    # A few rows: the list is drawn from the list store, as for anyone, and sent whole.
    assert "Te veel papierwerk" in delta and f"row-knelpunt-{old.pk}" not in kept
    assert "Nieuw knelpunt" in delta
    assert kept[f"held-knelpunt-{held.pk}"] == shown[f"held-knelpunt-{held.pk}"]
    assert "Van een telefoon" not in delta


@pytest.mark.parametrize("more", [0, LONG])
def test_a_row_changed_elsewhere_is_never_kept_as_it_was(client, running, facilitator, more):
    client.force_login(facilitator)
    tip = _add(running, "Begin elke dag met koffie", kind="tip")
    for n in range(more):
        _add(running, f"Tip {n}", kind="tip")
    shown = _shown(_lists(client, running))
    item_text_update(item=tip, text="Begin elke week met een rondje langs de bouw")
    delta = _lists(client, running, **_have(shown))
    kept = _kept(delta)
    assert "list-tip" not in kept
    if more:  # a placeholder whose hash is not the tab's: it fetches the whole lists
        assert kept[f"row-capture-{tip.pk}"] != shown[f"row-capture-{tip.pk}"]
    else:  # a short list comes whole, with the new text
        assert "rondje langs de bouw" in delta and f"row-capture-{tip.pk}" not in kept


def test_a_list_drawn_for_one_tab_is_never_sent_to_another(client, running, facilitator):
    client.force_login(facilitator)
    for n in range(LONG):
        _add(running, f"Knelpunt {n}")
    shown = _shown(_lists(client, running))
    _add(running, "Knelpunt twee")
    assert _kept(_lists(client, running, **_have(shown)))
    # The list drawn with placeholders for that tab was not kept: a tab without them gets it
    # whole.
    again = _lists(client, running)
    assert "data-keep" not in again and "Knelpunt 0 " in again and "Knelpunt twee" in again


@pytest.mark.parametrize(
    "query",
    [
        {"have_rows": "knelpunt:1;drop"},
        {"have_rows": "knelpunt:1", "have_lists": "list-tip:zzzz"},
        {"have_rows": ",".join(f"t{n}:1" for n in range(41))},
        {"have_lists": "list-tip:0123456789ab"},  # no have_rows: not our script
    ],
)
def test_a_tab_account_that_is_not_well_formed_gets_the_whole_lists(query):
    assert shown_in_tab(query) is None


def test_a_contact_row_the_tab_has_keeps_its_hash_until_the_person_changes(
    client, running, facilitator, network
):
    """A contact's row is drawn from the person's row too: a changed name is a new hash, so
    the tab fetches the row again instead of keeping the old name."""
    client.force_login(facilitator)
    person = member(network, Role.ONDERNEMER, full_name="Anna de Vries")
    Consent.objects.create(
        user=person, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=True
    )
    contact = capture_add(
        session=running, client_id=uuid.uuid4(), kind="contact", text="Leerlingen", person=person
    )[0]
    for n in range(LONG):
        capture_add(session=running, client_id=uuid.uuid4(), kind="contact", text=f"Stage {n}")
    shown = _shown(_lists(client, running))
    row = f"row-capture-{contact.pk}"
    capture_add(session=running, client_id=uuid.uuid4(), kind="contact", text="Stages")

    delta = _lists(client, running, **_have(shown))
    assert _kept(delta)[row] == shown[row]
    assert "Anna de Vries" not in delta and "Stages" in delta

    person.full_name = "Anna Jansen"
    person.save(update_fields=["full_name"])
    assert _kept(_lists(client, running, **_have(shown)))[row] != shown[row]
