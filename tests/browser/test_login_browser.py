"""An ondernemer logs in with an emailed code and lands on their home page."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from sessions.models import Invitation
from tests.browser.conftest import assert_accessible
from tests.factories import InvitationFactory


def test_login_by_emailed_code_shows_the_home_page(page, session, ondernemer):
    InvitationFactory(session=session, person=ondernemer, status=Invitation.Status.CONFIRMED)

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen met je e-mailadres").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)
    page.get_by_label("E-mailadres").first.fill(ondernemer.email)
    page.get_by_role("button", name="Mail mij een inlogcode").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vul je inlogcode in")
    assert_accessible(page)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", mail.outbox[-1].body).group(0)

    page.get_by_label("Code").fill("ABCD-EFGH")
    page.get_by_role("button", name="Inloggen").click()
    # Said at the field, and in the summary at the top that links to it.
    expect(
        page.get_by_role("alert").get_by_role("link", name=re.compile("Deze code klopt niet"))
    ).to_be_visible()
    expect(page.locator(".errorlist").get_by_text("Deze code klopt niet")).to_be_visible()

    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hoi Henk")
    expect(page.get_by_text(session.title)).to_be_visible()
    expect(page.get_by_text("Aangemeld")).to_be_visible()
    assert_accessible(page)


def test_home_page_works_on_a_phone(phone_page, ondernemer, client):
    phone_page.goto("/accounts/login/")
    assert_accessible(phone_page)
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone: {width}px wide"


def test_the_accessibility_audit_catches_a_real_problem(page):
    """The audit itself must be able to fail, or the audits above prove nothing."""
    page.set_content(
        '<html lang="nl"><head><title>x</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    try:
        assert_accessible(page)
    except AssertionError as exc:
        assert "image-alt" in str(exc)
        assert "label" in str(exc)
    else:
        raise AssertionError("axe-core did not report a missing alt text and label")
