"""The projector on every common beamer (issue 16): a starter question, twelve bottlenecks and
the QR box fit one screen without overlap, every text passes WCAG AA contrast, and a pause is
visible across the room."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from sessions.live.services.run import (
    live_next,
    live_pause_toggle,
    live_question,
    live_start,
    phones_toggle,
)
from sessions.models import Knelpunt, LiveState, Question
from tests.browser.conftest import assert_accessible
from tests.browser.test_sessions_browser import login_as

SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
KNELPUNTEN = 20  # approved bottlenecks in the busy session, more than the screen is sent


def shot(page, name: str) -> None:
    """With SCREENSHOT_DIR set, keep a screenshot to look at (not part of the assertions)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"))


def _projector_problems(page) -> list[str]:
    """Overflow of the page, and any two boxes of the screen that overlap."""
    return page.evaluate(
        """() => {
        const out = [];
        const doc = document.documentElement;
        const h = window.innerHeight, w = window.innerWidth;
        if (doc.scrollHeight > h) out.push('page taller: ' + doc.scrollHeight + ' > ' + h);
        if (doc.scrollWidth > w) out.push('page wider than the window');
        const boxes = [];
        const add = (el, name) => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return;
            if (r.bottom > h + 0.5 || r.right > w + 0.5) out.push(name + ' cut off');
            boxes.push([name, r]);
        };
        const parts = '#screen h1, #screen .projector-timer, #screen .paused-banner, '
            + '#screen .screen-question, #screen h2, #screen .phone-join';
        document.querySelectorAll(parts).forEach(el => add(el, el.className || el.tagName));
        document.querySelectorAll('#screen .screen-list > li').forEach((el, i) => {
            if (!el.hidden) add(el, 'item ' + i);
        });
        const apart = (r, s) => r.right - 0.5 <= s.left || s.right - 0.5 <= r.left
            || r.bottom - 0.5 <= s.top || s.bottom - 0.5 <= r.top;
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, r] = boxes[i], [b, t] = boxes[j];
            if (!apart(r, t)) out.push(a + ' overlaps ' + b);
        }
        return out;
    }"""
    )


@pytest.fixture
def busy_session(session):
    live_start(session=session)
    live_next(session=session)  # phase 2: bottlenecks, with the starter question on screen
    question = Question.objects.filter(kind=Question.Kind.START).order_by("-text").first()
    live_question(session=session, question=question)
    # More than the screen is sent (PROJECTOR_KNELPUNTEN): "+N meer" counts all of them.
    for i in range(KNELPUNTEN):
        Knelpunt.objects.create(
            session=session,
            text=f"Knelpunt {i + 1}: jonge monteurs vertrekken na twee jaar naar een grotere "
            "installateur in de regio, die meer betaalt en een bus van de zaak geeft",
            recognition=KNELPUNTEN - i,
        )
    phones_toggle(session=session, enabled=True)
    LiveState.objects.filter(session=session).update(version=100)
    return session


@pytest.mark.parametrize("width,height", SIZES)
def test_the_projector_fits_every_beamer(
    browser, live_server, busy_session, facilitator, width, height
):
    context = browser.new_context(
        locale="nl-NL",
        base_url=live_server.url,
        bypass_csp=True,
        viewport={"width": width, "height": height},
    )
    page = context.new_page()
    login_as(page, live_server, facilitator)
    page.goto(f"/sessie/{busy_session.pk}/projector/")
    expect(page.locator(".phone-join")).to_be_visible()
    expect(page.locator(".screen-question")).to_be_visible()
    page.wait_for_timeout(300)
    assert _projector_problems(page) == []
    # What does not fit is counted, not cut: the top items and "+N meer".
    shown = page.locator(".screen-list > li:not(.more):visible").count()
    assert shown >= 3
    expect(page.locator(".screen-list .more")).to_have_text(f"+{KNELPUNTEN - shown} meer")
    shot(page, f"projector-landing-{width}x{height}")
    assert_accessible(page)

    # A pause shows across the room, and still nothing overflows.
    live_pause_toggle(session=busy_session)
    expect(page.locator(".paused-banner")).to_have_text("Gepauzeerd", timeout=5000)
    page.wait_for_timeout(300)
    assert _projector_problems(page) == []
    shot(page, f"projector-paused-{width}x{height}")
    assert_accessible(page)
    context.close()


def test_the_projector_fits_in_every_phase(browser, live_server, busy_session, facilitator):
    """Every phase, on the smallest and the largest beamer: nothing cut, nothing overlapping."""
    from sessions.live.services.captures import capture_add
    from sessions.models import Capture

    for i in range(8):
        capture_add(
            session=busy_session,
            client_id=__import__("uuid").uuid4(),
            kind=Capture.Kind.GROUP_ACTION,
            text=f"Actie {i + 1}: iedereen houdt voor de zomer een stay-gesprek met elke monteur",
        )
    pages = []
    for width, height in SIZES:
        context = browser.new_context(
            locale="nl-NL",
            base_url=live_server.url,
            bypass_csp=True,
            viewport={"width": width, "height": height},
        )
        page = context.new_page()
        login_as(page, live_server, facilitator)
        page.goto(f"/sessie/{busy_session.pk}/projector/")
        pages.append((context, page, width, height))
    for phase in range(2, 6):
        for _context, page, width, height in pages:
            page.reload()
            expect(page.locator("#screen")).to_be_visible()
            page.wait_for_timeout(300)
            assert _projector_problems(page) == [], (phase, width, height)
            shot(page, f"projector-phase{phase}-{width}x{height}")
        live_next(session=busy_session)
    for context, *_rest in pages:
        context.close()
