"""A coordinator notes a call on the call list (an htmx form) and the server says no:
- "Terugbellen" without a date: the 422 answer is swapped in, so the form shows its error
  and keeps the note that was typed (htmx 2 left a 422 unswapped: nothing happened);
- the person was removed meanwhile (404): the server's Dutch message appears at the form
  (static/js/htmx-errors.js) and what was typed stays.
The page runs under the real Content-Security-Policy: the handler is a static script."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from praktijktafel.models import Role
from sessions.models import Invitation, Session
from tests.browser.conftest import LAPTOP, _new_page, watch_js_errors
from tests.browser.test_sessions_browser import login_as
from tests.factories import member, session_for


@pytest.fixture
def strict_page(browser, live_server):
    """A laptop window that keeps the CSP (the other browser tests bypass it)."""
    context, page = _new_page(browser, live_server, viewport=LAPTOP, bypass_csp=False)
    yield page
    context.close()


def test_refused_htmx_forms_say_why_and_keep_what_was_typed(
    strict_page, live_server, network, facilitator, coordinator
):
    page = strict_page
    henk = member(network, Role.ONDERNEMER, full_name="Henk Hendriks")
    session = session_for(network, facilitator, days=3, title="Vakmensen vasthouden")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.INVITED)
    invitation = Invitation.objects.create(session=session, person=henk)
    login_as(page, live_server, coordinator)
    page.goto(f"/sessie/{session.pk}/bellijst/")
    page.wait_for_function("() => window.htmx !== undefined")
    row = page.locator(f"#call-{invitation.pk}")

    row.get_by_text("Contact noteren").click()
    row.get_by_label("Terugbellen", exact=True).check()
    row.get_by_label("Notitie (mag leeg blijven)").fill("Na de vakantie")
    with page.expect_response(lambda r: "/bellijst/" in r.url and r.status == 422):
        row.get_by_role("button", name="Opslaan").click()
    expect(row.get_by_text("Wanneer bel je terug?")).to_be_visible()
    expect(row.get_by_label("Notitie (mag leeg blijven)")).to_have_value("Na de vakantie")
    # (No axe run here: it injects an inline script, which this page's CSP refuses.)

    # Someone removes Henk from the session meanwhile: the next save is refused (404).
    Invitation.objects.filter(pk=invitation.pk).delete()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    row.get_by_label("Terugbellen op").fill(tomorrow)
    with page.expect_response(lambda r: "/bellijst/" in r.url and r.status == 404):
        row.get_by_role("button", name="Opslaan").click()
    alert = row.locator(".htmx-error[role=alert]")
    expect(alert).to_have_text(
        "Dit bestaat niet meer: misschien heeft iemand het net weggehaald. Herlaad de pagina."
    )
    expect(row.get_by_label("Notitie (mag leeg blijven)")).to_have_value("Na de vakantie")
    expect(row.get_by_label("Terugbellen op")).to_have_value(tomorrow)
    # The only script errors are htmx's own report of the refused request: no CSP refusal.
    errors = [e for e in watch_js_errors(page) if "Response Status Error Code 404" not in e]
    assert not errors, errors

    # No connection at all: it says so, in place of the old message (one, not two).
    page.route("**/bellijst/**", lambda route: route.abort())
    row.get_by_role("button", name="Opslaan").click()
    expect(alert).to_have_count(1)
    expect(row.locator(".htmx-error[role=alert]")).to_contain_text("Geen verbinding")
