"""A console tab's lists arrive as what changed (static/js/console-rows.js): the tab fills
in the rows it has from its own page, shows the new ones, and follows a change made
elsewhere to a row it already shows."""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from sessions.live.selectors.list_rows import SENT_WHOLE_UP_TO
from sessions.live.services.captures import item_add, item_text_update
from sessions.live.services.phone import phone_item_add
from sessions.live.services.run import live_next, live_start
from tests.browser.test_sessions_browser import login_as


def _add(session, text: str, kind: str = "knelpunt"):
    return item_add(session=session, client_id=uuid.uuid4(), kind=kind, text=text)[0]


def test_new_rows_arrive_alone_and_changed_ones_are_followed(
    page, live_server, session, facilitator
):
    live_start(session=session)
    live_next(session=session)  # the bottlenecks' phase
    # A long list goes out as placeholders and new rows; a short one (the tips) whole.
    rows = SENT_WHOLE_UP_TO + 3
    old = [_add(session, f"Knelpunt nummer {n}") for n in range(rows)]
    tip = _add(session, "Begin elke dag met koffie", kind="tip")
    answers: list[str] = []
    page.on(
        "response",
        lambda r: answers.append(r.text()) if "part=lists" in r.url and r.status == 200 else None,
    )
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login_as(page, live_server, facilitator)
    page.goto(f"/sessie/{session.pk}/live/")
    bottlenecks = page.locator("#list-knelpunt li.item")
    expect(bottlenecks).to_have_count(rows)

    new = _add(session, "Nieuw van een andere tab")
    phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text="Van de telefoon")
    expect(page.locator(f"#row-knelpunt-{new.pk}")).to_contain_text(
        "Nieuw van een andere tab", timeout=8000
    )
    expect(page.locator("#pending")).to_contain_text("Van de telefoon", timeout=8000)
    expect(bottlenecks).to_have_count(rows + 1)
    for knelpunt in old:
        expect(page.locator(f"#row-knelpunt-{knelpunt.pk}")).to_contain_text(knelpunt.text)
    expect(page.locator("#list-tip li.item")).to_have_count(1)
    # The answer that brought the new row left the old ones to the tab.
    delta = [a for a in answers if "Nieuw van een andere tab" in a]
    assert delta and "data-keep=" in delta[0] and "Knelpunt nummer 0" not in delta[0]

    # Changed elsewhere: the tab's own copy is out of date (its hash differs from the
    # placeholder's), and it fetches the whole lists; a short list comes whole anyway.
    item_text_update(item=old[3], text="Knelpunt nummer 3, anders gezegd")
    item_text_update(item=tip, text="Begin elke week met een rondje langs de bouw")
    expect(page.locator(f"#row-knelpunt-{old[3].pk}")).to_contain_text(
        "anders gezegd", timeout=8000
    )
    expect(page.locator("#list-tip")).to_contain_text("rondje langs de bouw", timeout=8000)
    expect(page.locator("#list-tip li.item")).to_have_count(1)
    expect(bottlenecks).to_have_count(rows + 1)
    expect(page.locator("template[data-keep]")).to_have_count(0)

    # The facilitator's own capture: the rows stay where they are, the new one is added.
    text = page.get_by_label("Typ, dan Enter")
    text.fill("Zelf getypt knelpunt")
    text.press("Enter")
    expect(page.locator("#list-knelpunt")).to_contain_text("Zelf getypt knelpunt", timeout=8000)
    expect(bottlenecks).to_have_count(rows + 2)
    assert not errors, errors


def test_an_unsaved_edit_survives_the_lists_changing(page, live_server, session, facilitator):
    """The facilitator typed in a row's edit box and clicked elsewhere without saving: the
    lists change (a phone, another tab) and the typed text is still in the box."""
    live_start(session=session)
    live_next(session=session)
    first = _add(session, "Vakmensen vertrekken naar grotere bedrijven")
    login_as(page, live_server, facilitator)
    page.goto(f"/sessie/{session.pk}/live/")
    row = page.locator(f"#row-knelpunt-{first.pk}")
    row.get_by_text("Wijzigen").click()
    box = row.locator("input[name=text]")
    box.fill("Vakmensen vertrekken, half getypt")
    page.locator("body").click(position={"x": 5, "y": 5})

    new = _add(session, "Nieuw van een andere tab")
    phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text="Telefoon")
    expect(page.locator(f"#row-knelpunt-{new.pk}")).to_be_visible(timeout=8000)
    expect(page.locator("#pending")).to_contain_text("Telefoon", timeout=8000)
    expect(row.locator("input[name=text]")).to_have_value("Vakmensen vertrekken, half getypt")
    expect(row.locator("input[name=text]")).to_be_visible()
