"""The Content-Security-Policy is really on, and the pages work under it: no violation on
the pages that use htmx, the timers, the charts and the QR code. (The other browser tests
bypass the policy; this one does not.)"""

from __future__ import annotations

from playwright.sync_api import expect

from sessions.live.services.run import live_start, phones_toggle
from tests.browser.test_sessions_browser import login_as

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_pages_run_under_the_policy(browser, live_server, session, facilitator):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.add_init_script(WATCH)
    page = context.new_page()
    login_as(page, live_server, facilitator)
    live_start(session=session)
    phones_toggle(session=session, enabled=True)
    for url in (
        "/",
        f"/sessie/{session.pk}/",
        f"/sessie/{session.pk}/live/",
        f"/sessie/{session.pk}/projector/",
        "/kennisbank/?q=buddy",
    ):
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_function("() => window.htmx !== undefined")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__violations") == [], url
        if "projector" in url:
            expect(page.locator(".qr svg")).to_be_visible()
    # The policy is not for show: an inline script is refused.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
    )
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
    context.close()
