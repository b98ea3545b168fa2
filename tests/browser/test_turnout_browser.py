"""A coordinator on a phone opens a session's call list, reads the WhatsApp link (its text
carries the person's own RSVP link; nothing is sent), follows that link, and notes a call
that signs the person up on their behalf. Also: the pages fit a 390 px screen (no sideways
scroll) and pass axe. With SHOTS_DIR set, screenshots at 390x844 and 1366x768 go there."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from praktijktafel.models import Role
from sessions.models import Invitation, Session
from sessions.services.turnout import phone_preference_set
from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.test_sessions_browser import login_as
from tests.factories import OrganisationFactory, member, session_for

SHOTS = os.environ.get("SHOTS_DIR")


@pytest.fixture
def phone_390(browser, live_server):
    context, page = _new_page(
        browser, live_server, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    yield page
    context.close()


def no_sideways_scroll(page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        page.screenshot(path=f"{SHOTS}/{name}-{size['width']}x{size['height']}.png", full_page=True)


@pytest.fixture
def story(network, sector, facilitator, coordinator):
    firm = OrganisationFactory(sector=sector, name="Bouwbedrijf Hendriks")
    henk = member(network, Role.ONDERNEMER, full_name="Henk Hendriks", organisation=firm)
    anouk = member(network, Role.ONDERNEMER, full_name="Anouk de Vries", organisation=firm)
    phone_preference_set(
        person=henk,
        network=network,
        phone="06 1234 5601",
        consent=True,
        prefers_call=True,
        source="test",
    )
    session = session_for(network, facilitator, days=3, title="Vakmensen vasthouden")
    session.status = Session.Status.INVITED
    session.save(update_fields=["status"])
    Invitation.objects.create(session=session, person=henk)
    Invitation.objects.create(session=session, person=anouk)
    return session, henk, anouk


def test_call_list_on_a_phone_whatsapp_link_and_noting_a_call(
    phone_390, live_server, story, coordinator, run_tasks
):
    session, henk, anouk = story
    page = phone_390
    login_as(page, live_server, coordinator)
    page.goto(f"/sessie/{session.pk}/bellijst/")
    expect(page.get_by_role("heading", name="Wie komt er echt?")).to_be_visible()
    expect(page.locator(".turnout-number")).to_have_text("0 aangemeld, verwacht 0")
    no_sideways_scroll(page)
    assert_accessible(page)
    shot(page, "call-list")

    row = page.locator(f"#call-{session.invitations.get(person=henk).pk}")
    expect(row.get_by_role("link", name="Bel 06 1234 5601")).to_have_attribute(
        "href", "tel:+31612345601"
    )
    expect(row).to_contain_text("liever bellen/app")
    href = row.get_by_role("link", name="App via WhatsApp").get_attribute("href")
    url = urlparse(href)
    assert (url.netloc, url.path) == ("wa.me", "/31612345601")
    text = parse_qs(url.query)["text"][0]
    assert text.startswith("Hoi Henk, met Marieke van Bouwcoöperatie De Vallei.")
    assert "Vakmensen vasthouden" in text
    # The message carries the shared yes/no link, never Henk's personal link.
    assert "/rsvp/" not in text
    link = re.search(r"https?://\S+/antwoord/\S+/", text).group(0)
    # Anouk gave no number: the app link lets you pick the contact, without a number.
    anouk_row = page.locator(f"#call-{session.invitations.get(person=anouk).pk}")
    assert "wa.me/?text=" in anouk_row.get_by_role(
        "link", name=re.compile("WhatsApp")
    ).get_attribute("href")

    # The link in the message opens the shared page: yes or no, and "mail me my own link".
    other = page.context.new_page()
    other.goto(urlparse(link).path)
    expect(other.get_by_text("nodigt je uit voor deze Praktijktafel")).to_be_visible()
    expect(other.get_by_role("button", name="Mail mij mijn eigen link")).to_be_visible()
    assert "Henk" not in other.content()  # nothing about the person on a passed-on page
    other.close()

    # Note the call: Henk is coming; sign him up on his behalf.
    row.get_by_text("Contact noteren").click()
    row.get_by_label("Gebeld: komt", exact=True).check()
    row.get_by_label("Notitie (mag leeg blijven)").fill("Komt met zijn uitvoerder")
    shot(page, "call-list-noting")
    row.get_by_role("button", name="Opslaan").click()
    expect(row).to_contain_text("Namens hen aangemeld")
    no_sideways_scroll(page)
    assert_accessible(page)
    invitation = session.invitations.get(person=henk)
    assert invitation.status == Invitation.Status.CONFIRMED
    assert invitation.answered_by == coordinator

    page.reload()
    expect(page.locator(".turnout-number")).to_have_text("1 aangemeld, verwacht 1")
    assert page.locator(f"#call-{invitation.pk}").count() == 0  # he needs no call now


def test_turnout_pages_fit_a_phone_and_a_laptop(browser, live_server, story, coordinator, network):
    session, henk, _anouk = story
    from sessions.tokens import rsvp_token

    token = rsvp_token(session.invitations.get(person=henk))
    pages = [
        ("dashboard", f"/netwerk/{network.slug}/", True),
        ("call-list", f"/sessie/{session.pk}/bellijst/", True),
        ("person", f"/netwerk/{network.slug}/persoon/{henk.pk}/", True),
        ("phone-consent", f"/rsvp/{token}/telefoon/", False),
        ("signup", f"/aanmelden/{session.uid}/", False),
    ]
    for width, height in ((390, 844), (1366, 768)):
        context, page = _new_page(browser, live_server, viewport={"width": width, "height": height})
        login_as(page, live_server, coordinator)
        for name, path, _team in pages:
            page.goto(path)
            expect(page.locator("h1")).to_be_visible()
            no_sideways_scroll(page)
            assert_accessible(page)
            shot(page, name)
        context.close()
    assert timezone.now() < session.starts_at - timedelta(days=1)
