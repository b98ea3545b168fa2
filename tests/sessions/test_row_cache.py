"""The console's rows are kept per worker by what they are drawn from (row_cache.py): a kept
row must never show old content, another person's CSRF token, or another language."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praktijktafel.models import Consent, Role
from sessions.live.services.captures import (
    capture_add,
    item_add,
    item_text_update,
    knelpunt_update,
)
from sessions.live.services.run import live_start
from sessions.models import KNELPUNT, Knelpunt
from sessions.templatetags import row_cache
from tests.factories import member, session_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_row_store")]


def _lists(client: Client, session) -> str:
    url = reverse("sessions:live", args=[session.pk]) + "?part=lists"
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.text


def _add(session, text: str, kind: str = KNELPUNT):
    item, _created = item_add(session=session, client_id=uuid.uuid4(), kind=kind, text=text)
    return item


def test_an_edited_or_recognised_row_is_drawn_again(client, running, facilitator):
    client.force_login(facilitator)
    knelpunt = _add(running, "Te veel papierwerk")
    tip = _add(running, "Begin elke dag met koffie", kind="tip")
    first = _lists(client, running)
    assert "Te veel papierwerk" in first and "1×" in first
    assert len(row_cache.ROWS._rows) >= 2, "the rows were not kept"

    knelpunt_update(knelpunt=knelpunt, recognition=4)
    item_text_update(item=tip, text="Begin elke week met een rondje langs de bouw")
    second = _lists(client, running)

    assert "4×" in second and "1×" not in second
    assert "Begin elke week met een rondje langs de bouw" in second
    assert "Begin elke dag met koffie" not in second


def test_kept_rows_carry_the_askers_own_csrf_token(client, running, facilitator, coordinator):
    _add(running, "Te veel papierwerk")
    tokens = {}
    for person in (facilitator, coordinator):
        browser = Client()
        browser.force_login(person)
        html = _lists(browser, running)
        secret = browser.cookies["csrftoken"].value
        found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert "Te veel papierwerk" in html
        assert len(found) >= 4, "the row's forms carry a CSRF token"
        assert {_unmask_cipher_token(token) for token in found} == {secret}
        tokens[person.pk] = secret
        assert "\x00" not in html
    assert tokens[facilitator.pk] != tokens[coordinator.pk]


def test_a_kept_row_follows_the_language(client, running, facilitator):
    client.force_login(facilitator)
    _add(running, "Te veel papierwerk")
    assert "Wijzigen" in _lists(client, running)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _lists(client, running)
    assert "Edit" in english and "Wijzigen" not in english


def test_the_delete_question_shows_on_its_own_row_only(client, running, facilitator):
    client.force_login(facilitator)
    first, second = _add(running, "Eerste knelpunt"), _add(running, "Tweede knelpunt")
    _lists(client, running)  # both rows kept without a question
    url = reverse("sessions:live_item", args=[running.pk, KNELPUNT, second.pk, "delete"])
    asked = client.post(url, HTTP_HX_REQUEST="true").text
    assert asked.count("Ja, verwijderen") == 1
    row = re.search(r"<li[^>]*>(?:(?!</li>).)*Tweede knelpunt(?:(?!</li>).)*</li>", asked, re.S)
    assert row and "Ja, verwijderen" in row.group(0)
    assert "Ja, verwijderen" not in _lists(client, running)
    assert first.pk != second.pk


def test_the_store_drops_its_oldest_rows_when_full():
    store = row_cache.RowStore(2)
    store.put("a", b"A")
    store.put("b", b"B")
    assert store.get("a") == b"A"  # now the most recently used
    store.put("c", b"C")
    assert store.get("b") is None and store.get("a") == b"A" and store.get("c") == b"C"
    assert store.held == 2


def test_the_store_counts_bytes_and_a_replaced_row_once():
    store = row_cache.RowStore(10)
    store.put("a", "−1 ✕".encode())  # 8 bytes in UTF-8
    store.put("a", b"1234")
    assert store.held == 4
    store.put("b", b"1234567")
    assert store.get("a") is None and store.held == 7


def test_an_unchanged_list_is_neither_loaded_nor_drawn(client, running, facilitator):
    client.force_login(facilitator)
    for i in range(5):
        _add(running, f"Knelpunt {i}")
    _add(running, "Eerste tip", kind="tip")
    _lists(client, running)

    _add(running, "Tweede tip", kind="tip")
    with CaptureQueriesContext(connection) as queries:
        html = _lists(client, running)

    table = Knelpunt._meta.db_table
    loads = [q["sql"] for q in queries if table in q["sql"] and "md5(" not in q["sql"]]
    assert loads == [], "the bottlenecks did not change, yet they were read again"
    assert "Tweede tip" in html and "Knelpunt 4" in html


def test_a_contacts_list_follows_the_persons_own_row(client, running, facilitator, network):
    """A contact's row shows the person's name and address, which live in the person's row,
    not the capture's: changing them must change the list."""
    client.force_login(facilitator)
    person = member(network, Role.ONDERNEMER, full_name="Anna de Vries")
    Consent.objects.create(
        user=person, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=True
    )
    capture_add(
        session=running, client_id=uuid.uuid4(), kind="contact", text="Leerlingen", person=person
    )
    assert "Anna de Vries" in _lists(client, running)

    person.full_name = "Anna Jansen"
    person.save(update_fields=["full_name"])
    html = _lists(client, running)
    assert "Anna Jansen" in html and "Anna de Vries" not in html


def test_a_kept_list_is_not_another_sessions(client, running, facilitator, network):
    """Two sessions with the same texts: their lists post to their own addresses."""
    other = session_for(network, facilitator=facilitator)
    live_start(session=other)
    client.force_login(facilitator)
    for each in (running, other):
        _add(each, "Te veel papierwerk")
    assert f"/sessie/{running.pk}/live/item/" in _lists(client, running)
    html = _lists(client, other)
    assert f"/sessie/{other.pk}/live/item/" in html
    assert f"/sessie/{running.pk}/live/item/" not in html
