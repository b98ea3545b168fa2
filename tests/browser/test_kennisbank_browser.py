"""The kennisbank in the browser: an ondernemer on a phone (login by code, search, filter,
open, mark useful) and a coordinator moderating a draft past the privacy check."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from kennisbank.models import Solution, UsefulMark
from tests.browser.conftest import assert_accessible
from tests.browser.test_sessions_browser import login_as
from tests.factories import SolutionFactory


def publish(network, sector, **fields):
    return SolutionFactory(network=network, sector_ids=[sector.pk], **fields)


def test_ondernemer_on_a_phone_finds_and_marks_a_solution(phone_page, network, sector, ondernemer):
    page = phone_page
    publish(
        network,
        sector,
        title="Buddy voor elke nieuwe monteur",
        summary="Een ervaren collega begeleidt de eerste drie maanden.",
        body="Nieuwe werknemers haken minder af met een **buddy**.",
        themes=["behouden"],
        tags=["onboarding"],
    )
    publish(
        network,
        sector,
        title="Werving via de eigen monteurs",
        summary="Een aanbrengpremie werkt.",
        body="Werknemers vertellen over het werk.",
        themes=["aantrekken"],
        tags=["werving"],
    )

    # Log in with an emailed code: no password.
    page.goto("/accounts/login/code/")
    page.get_by_label("E-mailadres").first.fill(ondernemer.email)
    page.get_by_role("button", name="Mail mij een inlogcode").click()
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", mail.outbox[-1].body).group(0)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoi")

    page.goto("/kennisbank/")
    assert_accessible(page)
    page.wait_for_function("() => window.htmx !== undefined")
    # Search as you type ('werknemer' finds 'werknemers'); the URL follows.
    page.get_by_label("Zoeken in de kennisbank").fill("werknemer")
    expect(page).to_have_url(re.compile(r"q=werknemer"))
    expect(page.locator("mark").first).to_have_text(re.compile("werknemers", re.IGNORECASE))
    expect(page.get_by_role("heading", name="2 praktijkoplossingen")).to_be_visible()
    # A screen reader hears what was found (a status that stays; only its text changes).
    expect(page.get_by_role("status")).to_have_text("2 praktijkoplossingen")
    # A word finds the compound it ends, and only that part is marked.
    page.get_by_label("Zoeken in de kennisbank").fill("premie")
    expect(page.get_by_role("heading", name="1 praktijkoplossing")).to_be_visible()
    expect(page.locator("mark").first).to_have_text("premie")
    expect(page.get_by_text("Een aanbrengpremie werkt.")).to_be_visible()
    page.get_by_label("Zoeken in de kennisbank").fill("werknemer")
    expect(page.get_by_role("heading", name="2 praktijkoplossingen")).to_be_visible()
    page.get_by_label(re.compile(r"^Behouden")).check()
    expect(page.get_by_role("heading", name="1 praktijkoplossing")).to_be_visible()
    expect(page).to_have_url(re.compile(r"thema=behouden"))
    assert_accessible(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone: {width}px wide"

    page.get_by_role("link", name=re.compile("Buddy voor elke nieuwe monteur")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buddy voor elke nieuwe monteur")
    assert_accessible(page)
    page.get_by_role("button", name="Bruikbaar / heb ik toegepast").click()
    expect(page.get_by_text("1 persoon vond dit bruikbaar.")).to_be_visible()
    assert UsefulMark.objects.filter(user=ondernemer).count() == 1

    # The back button returns to the filtered search: the whole page, not the results part
    # the live search fetched from the same address (which has no header, form or style).
    page.go_back()
    expect(page.get_by_role("heading", name="1 praktijkoplossing")).to_be_visible()
    expect(page.get_by_label("Zoeken in de kennisbank")).to_have_value("werknemer")
    expect(page.get_by_role("link", name="Kennisbank").first).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Behouden"))).to_be_checked()
    assert_accessible(page)
    # Back once more, to the search before the filter was ticked: the words typed then are
    # in the box again (a snapshot of the page would show its results with an empty box, and
    # the next filter would silently drop the words).
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=werknemer(?!.*thema=)"))
    expect(page.get_by_label("Zoeken in de kennisbank")).to_have_value("werknemer")
    expect(page.get_by_label(re.compile(r"^Behouden"))).not_to_be_checked()
    expect(page.get_by_role("heading", name="2 praktijkoplossingen")).to_be_visible()


def test_coordinator_moderates_a_draft_past_the_privacy_check(
    page, live_server, network, sector, coordinator, facilitator
):
    draft = SolutionFactory(
        network=network,
        user=facilitator,
        publish=False,
        title="Werkkleding die past",
        summary="Kleding in de goede maat.",
        body="Bel de leverancier op 06-12345678.",
        themes=["aantrekken"],
        sector_ids=[sector.pk],
    )
    login_as(page, live_server, coordinator)
    page.goto("/kennisbank/moderatie/")
    assert_accessible(page)
    page.get_by_role("link", name="Werkkleding die past").click()
    expect(page.get_by_text("Een telefoonnummer: 06-12345678")).to_be_visible()
    assert_accessible(page)

    # Publishing without confirming is refused, with the reason.
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text(re.compile("De privacycheck vond gegevens"))).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == Solution.Status.DRAFT

    # Remove the number, then publish.
    page.get_by_role("link", name="Wijzigen").click()
    page.get_by_label("Tekst").fill("Vraag de leverancier naar kleding voor vrouwen.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Een telefoonnummer")).to_have_count(0)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Gepubliceerd.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == Solution.Status.PUBLISHED
    expect(page.get_by_role("heading", name="Geschiedenis")).to_be_visible()
    assert_accessible(page)

    page.goto("/kennisbank/schrijven/")
    assert_accessible(page)
    page.goto("/kennisbank/nieuw/")
    assert_accessible(page)


def test_phone_header_one_line_and_filter_keeps_the_focus_in_view(
    phone_page, live_server, network, sector, ondernemer
):
    page = phone_page
    for n in range(12):
        publish(network, sector, title=f"Buddy {n}", body="Een buddy.", tags=[f"label{n}"])
    login_as(page, live_server, ondernemer)
    page.goto("/kennisbank/")
    page.wait_for_function("() => window.htmx !== undefined")
    # The header on one line: every item of it at the height of the brand.
    tops = page.evaluate(
        "() => [...document.querySelectorAll('.header-row > *, .nav > li')]"
        ".map(e => e.getBoundingClientRect())"
        ".map(r => Math.round(r.top + r.height / 2))"
    )
    assert max(tops) - min(tops) <= 4, tops
    # Ticking a tag far down the filters makes the page much shorter: the ticked box stays
    # in view (not the footer).
    box = page.get_by_label(re.compile(r"^label9\b"))
    box.scroll_into_view_if_needed()
    box.check()
    expect(page.get_by_role("heading", name="1 praktijkoplossing")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^label9\b"))).to_be_focused()
    expect(page.get_by_label(re.compile(r"^label9\b"))).to_be_in_viewport()


def test_laptop_keyboard_skips_from_the_search_box_to_the_results(
    page, live_server, network, sector, ondernemer
):
    publish(network, sector, title="Buddy voor elke nieuwe monteur", body="Een buddy.")
    login_as(page, live_server, ondernemer)
    page.goto("/kennisbank/?q=buddy")
    page.get_by_label("Zoeken in de kennisbank").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de resultaten")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("link", name=re.compile("Buddy voor elke nieuwe monteur"))
    ).to_be_focused()
    assert_accessible(page)
