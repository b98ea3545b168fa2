"""The live console as a facilitator uses it (issue 16, issue 19 finding 5): keys never land
in the text, nothing typed is lost (too long, refused, logged out), the console fits a laptop
screen, and afronden asks first."""

from __future__ import annotations

import json
import os
import re

from playwright.sync_api import expect

from sessions.live.services.run import live_next, live_start
from sessions.models import Capture, Knelpunt, Session
from tests.browser.test_sessions_browser import login_as


def _console(page, live_server, session, facilitator, *, phase: int = 2):
    live_start(session=session)
    for _ in range(phase - 1):
        live_next(session=session)
    login_as(page, live_server, facilitator)
    page.goto(f"/sessie/{session.pk}/live/")
    page.wait_for_function("() => window.htmx !== undefined")


def _wait_for(query, count: int = 1, page=None) -> None:
    for _ in range(60):
        if query.count() >= count:
            return
        page.wait_for_timeout(250)


def test_the_c_key_focuses_the_field_without_typing_a_c(page, live_server, session, facilitator):
    _console(page, live_server, session, facilitator)
    expect(page.get_by_role("heading", name="Landen, leeglopen en knelpunten")).to_be_visible()
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("c")
    expect(page.get_by_label("Typ, dan Enter")).to_be_focused()
    page.keyboard.type("Oudere stukadoors willen minder uren")
    page.keyboard.press("Enter")
    stored = Knelpunt.objects.filter(session=session)
    _wait_for(stored, page=page)
    assert list(stored.values_list("text", flat=True)) == ["Oudere stukadoors willen minder uren"]

    # After the capture the field is ready for the next; Esc leaves it, and N is a shortcut
    # again (the next phase), not a letter in the field.
    expect(page.get_by_label("Typ, dan Enter")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_label("Typ, dan Enter")).not_to_be_focused()
    page.keyboard.press("n")
    expect(page.get_by_role("heading", name="Kennismoment")).to_be_visible()
    expect(page.get_by_label("Typ, dan Enter")).to_have_value("")
    page.keyboard.press("c")
    page.keyboard.type("Bron: CBS")
    page.keyboard.press("Enter")
    stored = Capture.objects.filter(session=session)
    _wait_for(stored, page=page)
    assert list(stored.values_list("text", flat=True)) == ["Bron: CBS"]


def test_too_long_text_stays_in_the_field_with_the_reason(page, live_server, session, facilitator):
    _console(page, live_server, session, facilitator)
    field = page.get_by_label("Typ, dan Enter")
    long_text = "Stukadoors " * 40  # 440 characters: a bottleneck holds at most 300
    field.fill(long_text)
    field.press("Enter")
    expect(page.locator("#capture-form")).to_contain_text("300")
    expect(field).to_have_value(long_text)
    page.wait_for_timeout(1000)
    assert Knelpunt.objects.filter(session=session).count() == 0


def test_a_refused_capture_comes_back_into_the_field(page, live_server, session, facilitator):
    _console(page, live_server, session, facilitator)
    refusal = {"ok": False, "errors": ["Dat mag niet: zomaar een reden van de server."]}
    page.route(
        re.compile(r".*/live/vastleggen/$"),
        lambda route: route.fulfill(
            status=422, content_type="application/json", body=json.dumps(refusal)
        ),
    )
    field = page.get_by_label("Typ, dan Enter")
    field.fill("Niemand wil nog 's avonds werken")
    field.press("Enter")
    expect(page.locator("#capture-form")).to_contain_text("zomaar een reden van de server")
    expect(field).to_have_value("Niemand wil nog 's avonds werken")

    # A second refused one, typed while the field holds the first: it stays in view in the
    # queue, with the reason, until it is taken back into the field or thrown away.
    page.unroute(re.compile(r".*/live/vastleggen/$"))
    page.route(
        re.compile(r".*/live/vastleggen/$"),
        lambda route: route.fulfill(
            status=422, content_type="application/json", body=json.dumps(refusal)
        ),
    )
    page.evaluate(
        """() => {
        const form = document.getElementById('capture-form');
        const text = document.getElementById('capture-text');
        const first = text.value;
        text.value = 'Tweede verhaal';
        form.requestSubmit();
        text.value = first;
    }"""
    )
    refused = page.locator("#queue-refused")
    expect(refused).to_contain_text("Tweede verhaal")
    expect(refused).to_contain_text("zomaar een reden")
    page.unroute(re.compile(r".*/live/vastleggen/$"))
    field.press("Enter")  # the first one again, now the server takes it
    _wait_for(Knelpunt.objects.filter(session=session), page=page)
    refused.get_by_role("button", name=re.compile("Terug in het veld")).click()
    expect(field).to_have_value("Tweede verhaal")
    expect(refused).not_to_contain_text("Tweede verhaal")
    field.press("Enter")
    _wait_for(Knelpunt.objects.filter(session=session), 2, page=page)
    assert sorted(Knelpunt.objects.filter(session=session).values_list("text", flat=True)) == [
        "Niemand wil nog 's avonds werken",
        "Tweede verhaal",
    ]


def test_captures_while_logged_out_are_kept_and_sent_after_login(
    page, live_server, session, facilitator
):
    _console(page, live_server, session, facilitator)
    page.context.clear_cookies()  # logged out in another tab, or the login expired
    field = page.get_by_label("Typ, dan Enter")
    for text in ("Eerste na het uitloggen", "Tweede na het uitloggen", "Derde"):
        field.fill(text)
        field.press("Enter")
    expect(page.locator("#connection")).to_contain_text("uitgelogd", timeout=5000)
    expect(page.locator("#capture-form")).to_contain_text(
        "Je bent uitgelogd: log opnieuw in, je notities blijven bewaard"
    )
    expect(page.locator("#connection")).not_to_have_text("Online")
    page.wait_for_timeout(1500)
    assert Knelpunt.objects.filter(session=session).count() == 0
    queued = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('praktijktafel-queue'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)"
    )
    assert queued == 3

    # Logging in again (in another tab) is enough: the console sends what it kept, once each.
    login_as(page, live_server, facilitator)
    stored = Knelpunt.objects.filter(session=session)
    _wait_for(stored, 3, page=page)
    expect(page.locator("#lists")).to_contain_text("Derde", timeout=10_000)
    expect(page.locator("#connection")).to_have_text("Online")
    page.wait_for_timeout(3000)
    assert sorted(stored.values_list("text", flat=True)) == [
        "Derde",
        "Eerste na het uitloggen",
        "Tweede na het uitloggen",
    ]


def test_the_next_person_on_the_same_browser_gets_nothing_typed_by_the_last(
    page, live_server, session, facilitator, coordinator
):
    """A shared laptop: the facilitator is logged out with items still queued and a sentence
    half typed; the coordinator logs in on the same browser. The old tab must not send the
    facilitator's items under the coordinator's login, and the coordinator's console must
    not show the facilitator's text. Logged in again as the facilitator, all of it is back."""
    _console(page, live_server, session, facilitator)
    page.context.clear_cookies()
    field = page.get_by_label("Typ, dan Enter")
    field.fill("Van de facilitator, nog niet verstuurd")
    field.press("Enter")
    expect(page.locator("#connection")).to_contain_text("uitgelogd", timeout=5000)
    field.fill("Piet de Vries zit thuis met een burn-out")  # a draft, not sent

    login_as(page, live_server, coordinator)
    page.wait_for_timeout(6000)  # the old tab's retries
    assert Knelpunt.objects.filter(session=session).count() == 0, "sent under another login"
    other = page.context.new_page()
    other.goto(f"/sessie/{session.pk}/live/")
    other.wait_for_function("() => window.htmx !== undefined")
    expect(other.get_by_label("Typ, dan Enter")).to_have_value("")
    expect(other.locator("#queue-status")).not_to_contain_text("wacht")
    other.close()

    page.context.clear_cookies()
    login_as(page, live_server, facilitator)
    _wait_for(Knelpunt.objects.filter(session=session), 1, page=page)
    assert list(Knelpunt.objects.filter(session=session).values_list("text", flat=True)) == [
        "Van de facilitator, nog niet verstuurd"
    ]


def test_the_kind_stays_what_the_facilitator_chose(page, live_server, session, facilitator):
    _console(page, live_server, session, facilitator, phase=4)
    kind = page.get_by_label("Soort", exact=True)
    expect(kind).to_have_value("tip")  # the phase's default
    kind.select_option("solution")
    field = page.get_by_label("Typ, dan Enter")
    for text in ("Eerste oplossing", "Tweede oplossing"):
        field.fill(text)
        field.press("Enter")
        expect(page.locator("#lists")).to_contain_text(text)
        expect(kind).to_have_value("solution")
    _wait_for(Capture.objects.filter(kind="solution"), 2, page=page)
    assert Capture.objects.filter(session=session, kind="solution").count() == 2


def test_afronden_asks_first_and_can_be_undone(page, live_server, session, facilitator):
    _console(page, live_server, session, facilitator, phase=5)
    page.get_by_role("button", name=re.compile("Sessie afronden")).click()
    # Nothing happened yet: a confirmation says what will happen.
    session.refresh_from_db()
    assert session.status == Session.Status.LIVE
    confirm = page.get_by_role("button", name=re.compile("Ja, afronden"))
    expect(confirm).to_be_visible()
    expect(page.locator(".finish")).to_contain_text("samenvatting")
    confirm.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samenvatting")
    session.refresh_from_db()
    assert session.status == Session.Status.DONE
    page.get_by_role("button", name=re.compile("Heropenen")).click()
    expect(page.get_by_role("heading", name="Afronding en borging")).to_be_visible()
    session.refresh_from_db()
    assert session.status == Session.Status.LIVE


def _console_fits(page) -> list[str]:
    """What of the timer, the phase buttons and the capture field is not in view."""
    return page.evaluate(
        """() => {
        const h = window.innerHeight, w = window.innerWidth, out = [];
        const check = (sel, name) => {
            const el = document.querySelector(sel);
            if (!el) { out.push(name + ' missing'); return; }
            const r = el.getBoundingClientRect();
            if (r.bottom > h || r.right > w || r.top < 0) out.push(name + ' out of view');
        };
        check('#live-state .timer', 'timer');
        check('button[data-key=n]', 'next phase');
        check('button[data-key=p]', 'pause');
        check('#capture-text', 'capture field');
        return out;
    }"""
    )


def test_the_console_fits_a_laptop_screen_in_every_phase(
    browser, live_server, session, facilitator
):
    live_start(session=session)
    for width, height in ((1366, 768), (1280, 720)):
        context = browser.new_context(
            locale="nl-NL",
            base_url=live_server.url,
            bypass_csp=True,
            viewport={"width": width, "height": height},
        )
        page = context.new_page()
        login_as(page, live_server, facilitator)
        page.goto(f"/sessie/{session.pk}/live/")
        for phase in range(5):
            if phase:
                page.keyboard.press("n")
                page.wait_for_timeout(400)
            assert _console_fits(page) == [], (width, height, phase + 1)
            if os.environ.get("SCREENSHOT_DIR"):
                page.screenshot(
                    path=os.path.join(
                        os.environ["SCREENSHOT_DIR"],
                        f"console-phase{phase + 1}-{width}x{height}.png",
                    )
                )
        for _ in range(4):
            page.keyboard.press("b")
            page.wait_for_timeout(400)
        context.close()


def test_items_queued_at_the_old_capture_address_are_sent_after_a_reload(
    page, live_server, session, facilitator
):
    """A tab that queued items offline before the capture address was renamed keeps them:
    the console reloaded on the new address sends them, once."""
    _console(page, live_server, session, facilitator)
    old = f"{live_server.url}/sessie/{session.pk}/live/notitie/"
    item = {
        "fields": {
            "client_id": "8d0f4c9e-1111-4c1e-9a57-3f1d2c3b4a50",
            "kind": "knelpunt",
            "text": "Offline getypt voor de update",
        }
    }
    page.evaluate(
        "([key, queue]) => window.localStorage.setItem(key, JSON.stringify(queue))",
        [f"praktijktafel-queue:{old}", [item]],
    )
    page.reload()
    stored = Knelpunt.objects.filter(session=session, text="Offline getypt voor de update")
    _wait_for(stored, page=page)
    assert stored.count() == 1
    assert page.evaluate(f"() => window.localStorage.getItem('praktijktafel-queue:{old}')") is None


def test_a_held_item_being_edited_survives_a_phone_sending_more(
    page, live_server, session, facilitator
):
    """The held items come along with the lists' 3 s check; while the facilitator types in a
    held item's edit box, a phone's new item must not throw the half-typed text away. Once
    they leave the box, the new item appears. The polls carry their page's ticket and are
    answered 204 while nothing changed."""
    import uuid

    from sessions.live.services.phone import phone_item_add

    _console(page, live_server, session, facilitator)
    phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text="Eerste")
    held = page.locator("#pending")
    expect(held).to_contain_text("Eerste", timeout=8000)
    polls = []
    page.on(
        "response",
        lambda r: (
            polls.append((r.status, r.request.headers.get("x-live-ticket", "")))
            if "part=lists_sync" in r.url
            else None
        ),
    )
    held.get_by_text("Wijzigen").first.click()
    box = held.locator("input[name=text]").first
    box.fill("Eerste, maar dan anders")
    phone_item_add(session=session, client_id=uuid.uuid4(), kind="knelpunt", text="Tweede")
    page.wait_for_timeout(4000)  # more than one lists check
    expect(box).to_have_value("Eerste, maar dan anders")
    expect(held).not_to_contain_text("Tweede")
    # The tab says it waits: it shows an older list than the other tabs meanwhile.
    expect(page.locator("#lists-paused")).to_be_visible()
    box.blur()
    page.locator("body").click(position={"x": 5, "y": 5})
    expect(held).to_contain_text("Tweede", timeout=8000)
    expect(page.locator("#lists-paused")).to_be_hidden()
    assert polls and all(ticket for _status, ticket in polls), polls
    page.wait_for_timeout(3500)
    assert polls[-1][0] == 204, polls


def test_the_beamer_keeps_its_screen_when_the_login_ends(page, live_server, session, facilitator):
    """Logged out in another tab: the projector's next poll is sent to the login page. The
    room must keep seeing the last screen, never a login form on the beamer; once the
    facilitator is logged in again, the screen follows the session again."""
    import uuid

    from django.contrib.sessions.models import Session as LoginSession

    from sessions.live.services.captures import knelpunt_add

    live_start(session=session)
    live_next(session=session)
    login_as(page, live_server, facilitator)
    page.goto(f"/sessie/{session.pk}/projector/")
    screen = page.locator("#screen")
    expect(screen).to_be_visible()
    LoginSession.objects.all().delete()  # every login ends
    knelpunt_add(session=session, client_id=uuid.uuid4(), text="Na het uitloggen")
    page.wait_for_timeout(5000)  # two polls
    expect(screen).to_be_visible()
    expect(page.locator("#screen input, #screen form")).to_have_count(0)
    expect(screen).not_to_contain_text("Inloggen")
    login_as(page, live_server, facilitator)
    expect(screen).to_contain_text("Na het uitloggen", timeout=8000)


def test_the_delete_question_leaves_the_text_readable(page, live_server, session, facilitator):
    """The question "Delete it?" with its two buttons used to squeeze the row's text into a
    column one letter wide; the question now takes a line of its own."""
    import uuid

    from sessions.live.services.captures import knelpunt_add

    text = "Planning loopt vast op vakantie"
    _console(page, live_server, session, facilitator)
    knelpunt_add(session=session, client_id=uuid.uuid4(), text=text)
    row = page.locator("#lists .item").filter(has_text=text)
    expect(row).to_be_visible(timeout=8000)
    row.get_by_role("button", name=f"Verwijderen: {text}").click()
    expect(row.get_by_role("button", name="Ja, verwijderen")).to_be_visible()
    words = row.locator(".item-text").bounding_box()
    assert words is not None and words["width"] > 200 and words["height"] < 80, words
