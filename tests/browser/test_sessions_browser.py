"""A facilitator plans a session, fixes a PvE warning, invites three people; one RSVPs
through the emailed link; the dashboard shows it."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from praktijktafel.models import Role
from tests.browser.conftest import assert_accessible, htmx_swap
from tests.factories import OrganisationFactory, member


def login_as(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_plan_fix_warning_invite_and_rsvp(
    page, browser, live_server, network, sector, facilitator, run_tasks
):
    firm = OrganisationFactory(sector=sector)
    henk = member(network, Role.ONDERNEMER, full_name="Henk Hendriks", organisation=firm)
    anouk = member(network, Role.ONDERNEMER, full_name="Anouk de Vries", organisation=firm)
    login_as(page, live_server, facilitator)

    page.goto(f"/netwerk/{network.slug}/nieuwe-sessie/")
    assert_accessible(page)
    day = (timezone.localdate() + timedelta(days=21)).isoformat()
    page.get_by_label("Titel").fill("Vakmensen vasthouden")
    page.get_by_label("Behouden").check()
    page.get_by_label("Datum").fill(day)
    page.get_by_label("Begintijd").fill("14:00")
    page.get_by_label("Locatie").fill("Dorpshuis De Linde")
    page.get_by_label("Adres").fill("Dorpsstraat 1, 6711 AA Ede")
    page.get_by_role("button", name="Sessie plannen").click()

    panel = page.locator("#pve-panel")
    expect(panel).to_contain_text("Begint om 14:00")
    assert_accessible(page)

    # Fix the warning: the panel updates as the time changes (HTMX), then save.
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_label("Begintijd").fill("16:30")
    page.get_by_label("Begintijd").dispatch_event("change")
    expect(panel).to_contain_text("16:30–18:00: buiten werktijd")
    page.get_by_role("button", name="Plan opslaan").click()
    expect(page.locator("#pve-panel")).not_to_contain_text("Let op")

    # Shorten a phase through the agenda editor; the check follows.
    page.wait_for_load_state("load")  # htmx is deferred: let it bind before editing
    page.wait_for_function("() => window.htmx !== undefined")
    landing = page.locator(".phase-minutes input[type=number]").nth(1)
    with htmx_swap(page, re.compile("/minuten/")):
        landing.fill("5")
        landing.dispatch_event("change")
    expect(page.locator("#pve-panel")).to_contain_text("Maar 15 minuten om te landen")
    with htmx_swap(page, re.compile("/minuten/")):
        page.locator(".phase-minutes input[type=number]").nth(1).fill("15")
        page.locator(".phase-minutes input[type=number]").nth(1).dispatch_event("change")
    expect(page.locator("#pve-panel")).not_to_contain_text("Let op")

    page.get_by_role("link", name="Mensen uitnodigen").click()
    assert_accessible(page)
    page.get_by_label(re.compile("Henk Hendriks")).check()
    page.get_by_label(re.compile("Anouk de Vries")).check()
    page.get_by_label("Nieuwe mensen").fill("jan@deboerbouw.example, Jan de Boer, De Boer Bouw")
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    page.get_by_role("button", name="Ja, verstuur 3 uitnodigingen").click()
    expect(page.get_by_text("3 uitnodigingen verstuurd")).to_be_visible()

    run_tasks()
    invitations = [m for m in mail.outbox if m.subject.startswith("Uitnodiging")]
    assert sorted(m.to[0] for m in invitations) == sorted(
        [henk.email, anouk.email, "jan@deboerbouw.example"]
    )
    henk_mail = next(m for m in invitations if m.to == [henk.email])
    assert "16:30" in henk_mail.body and "18:00" in henk_mail.body
    # the personal page (the mail also has one-press "Ik kom" / "Ik kan niet" links)
    link = re.search(r"http\S+/rsvp/[^/\s]+/$", henk_mail.body, re.M).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    # Henk answers from his phone, without logging in.
    henk_context = browser.new_context(
        locale="nl-NL",
        base_url=live_server.url,
        viewport={"width": 375, "height": 667},
        bypass_csp=True,
    )
    henk_page = henk_context.new_page()
    henk_page.goto("/" + path)
    assert_accessible(henk_page)
    henk_page.get_by_label("Ja, ik kom").check()
    henk_page.get_by_role("button", name="Verstuur mijn antwoord").click()
    expect(henk_page.get_by_text("Je bent aangemeld. Tot dan!")).to_be_visible()
    henk_context.close()

    page.goto(f"/netwerk/{network.slug}/")
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile("Vakmensen vasthouden"))
    expect(row).to_contain_text("1/12")
