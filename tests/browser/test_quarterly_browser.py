"""A coordinator previews the quarterly update, has the PDF made, downloads it and sends it."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import expect

from praktijktafel.models import Role
from quarterly.models import Delivery
from tests.browser.conftest import assert_accessible
from tests.browser.test_sessions_browser import login_as
from tests.factories import member


def test_preview_generate_download_and_send(
    page, live_server, network, coordinator, ondernemer, run_tasks
):
    member(network, Role.ONDERNEMER, full_name="Tweede Ondernemer")
    login_as(page, live_server, coordinator)
    page.goto(f"/netwerk/{network.slug}/")
    page.get_by_role("link", name="Kwartaalupdate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kwartaalupdate")
    assert_accessible(page)

    # The preview is the same document as the PDF, in the browser.
    quarter = page.get_by_label("Kwartaal").input_value()
    preview = page.context.new_page()
    preview.goto(f"/kwartaal/{network.slug}/voorbeeld/?kwartaal={quarter}")
    expect(preview.get_by_role("heading", name="Het kwartaal in het kort")).to_be_visible()
    assert_accessible(preview)
    preview.close()

    page.get_by_role("button", name="Maak de PDF").click()
    expect(page.get_by_text("De PDF wordt gemaakt")).to_be_visible()
    expect(page.locator("progress")).to_be_visible()
    run_tasks()  # the worker makes it; the page polls and shows the result
    expect(page.get_by_role("link", name="PDF downloaden")).to_be_visible(timeout=10_000)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF downloaden").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert re.match(r"kwartaalupdate-.*-K\d\.pdf", download.value.suggested_filename)

    page.get_by_role("button", name="Verstuur naar 2 ondernemers").click()
    # The first press asks: how many, and nothing has gone yet.
    expect(page.get_by_text("De update nu naar 2 ondernemers sturen?")).to_be_visible()
    assert not Delivery.objects.exists()
    page.get_by_role("button", name="Ja, stuur naar 2 ondernemers").click()
    expect(page.get_by_text("Wordt verstuurd naar 2 mensen.")).to_be_visible()
    run_tasks()
    assert sorted(len(m.attachments) for m in mail.outbox) == [1, 1]
    page.reload()
    expect(page.get_by_text("2 verstuurd, 0 wachten")).to_be_visible()
    # Issue 15: after sending, the page no longer offers to send (nobody gets it twice
    # either way: services.update_send is tested to queue nobody again).
    expect(page.get_by_role("button", name=re.compile("Verstuur naar"))).to_have_count(0)
    expect(page.get_by_text("Iedereen heeft deze update.")).to_be_visible()
    run_tasks()
    assert len(mail.outbox) == 2
