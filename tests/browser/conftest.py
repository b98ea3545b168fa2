"""Browser tests: Playwright driving the system Chromium (Debian package `chromium`).

No browser is downloaded. With CI=true a browser test that cannot start fails; outside CI
it is skipped with the reason, so a laptop without Chromium can still run the rest.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS = {"serious", "critical"}


def _cannot_run(reason: str):
    if IN_CI:
        pytest.fail(f"Browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        _cannot_run("Chromium not found (install the Debian package 'chromium').")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        _cannot_run(f"Playwright is not installed: {exc}")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:
            _cannot_run(f"Chromium did not start: {exc}")
        yield browser
        browser.close()


LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


# Not script errors: a resource the network failed to load, and htmx reporting that it
# cancelled a request that a newer one replaced (hx-sync). A failed htmx request still
# counts: htmx logs it as htmx:responseError or htmx:sendError.
EXPECTED_CONSOLE_ERRORS = ("Failed to load resource", "htmx:sendAbort", "htmx:afterRequest")


def watch_js_errors(page) -> list[str]:
    """Collect uncaught exceptions and console errors of `page` (once per page). A resource
    that fails to load (the network, not our script) is not a JavaScript error."""
    errors = getattr(page, "js_errors", None)
    if errors is None:
        errors = []
        page.js_errors = errors
        page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and not message.text.startswith(EXPECTED_CONSOLE_ERRORS)
                and errors.append(f"console.error: {message.text}")
            ),
        )
    return errors


def _new_page(browser, live_server, **context_options):
    options = {"locale": "nl-NL", "base_url": live_server.url, "bypass_csp": True}
    options.update(context_options)
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch_js_errors(page)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A laptop-sized window."""
    context, page = _new_page(browser, live_server, viewport=LAPTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized window (390 x 844), with touch."""
    context, page = _new_page(
        browser,
        live_server,
        viewport=PHONE,
        has_touch=True,
        is_mobile=True,
    )
    yield page
    context.close()


def _axe_source() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def assert_fits_the_screen(page) -> None:
    """Nothing on the page is wider than the window: no sideways scrolling."""
    width, screen = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, (
        f"{page.url} is {width} px wide in a {screen} px window (sideways scrolling)"
    )


@contextmanager
def htmx_swap(page, url):
    """Wait until the request to `url` the block triggers is answered, swapped in *and*
    settled. htmx binds swapped-in content only after its settle delay (20 ms): an event
    fired on the new content before that is lost, which made a test that changed two
    fields one after the other fail now and then."""
    page.evaluate(
        """() => { window.__htmxSettled = new Promise(resolve =>
            document.addEventListener('htmx:afterSettle', () => resolve(), {once: true})) }"""
    )
    with page.expect_response(url):
        yield
    page.evaluate("() => window.__htmxSettled")


def assert_no_js_errors(page) -> None:
    errors = watch_js_errors(page)
    assert not errors, f"JavaScript errors on {page.url}:\n" + "\n".join(errors)


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.1 A/AA rules) and fail on any serious or critical finding; also
    fail when the page is wider than its window or a script on it raised an error."""
    assert_no_js_errors(page)
    assert_fits_the_screen(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(_axe_source()))
    result = page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    serious = [v for v in result["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in serious
    )
    assert not serious, f"axe-core found serious problems on {page.url}:\n{details}"


@pytest.fixture(autouse=True)
def _data_from_migrations(transactional_db):
    """Live-server tests empty the database after each test, and with it the question
    library a migration loaded. Load it again, so each browser test starts as a fresh
    install does, whatever ran before it."""
    from importlib import import_module

    from django.apps import apps

    import_module("sessions.migrations.0005_question_library").load(apps, None)
