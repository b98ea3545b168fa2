"""Errors that htmx would swallow: a 422 form is swapped in with its errors (htmx 2's
responseHandling), and every other 4xx/5xx answer to an HTMX request carries the server's
message, in the person's language, for static/js/htmx-errors.js to show at the form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from sessions.models import Invitation, Session

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def call_row(session, ondernemer):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.INVITED)
    return Invitation.objects.create(session=session, person=ondernemer)


def _message(response) -> str:
    return unquote(response.headers.get("X-Error-Message", ""))


def test_call_back_without_a_date_swaps_the_form_with_its_error_and_what_was_typed(
    client, session, coordinator, call_row
):
    client.force_login(coordinator)
    url = reverse("sessions:contact_record", args=[session.pk, call_row.pk])
    prefix = f"c{call_row.pk}"
    data = {f"{prefix}-outcome": "call_back", f"{prefix}-note": "Na de vakantie"}
    response = client.post(url, data, **HX)
    assert response.status_code == 422
    assert "Wanneer bel je terug?" in response.text
    assert 'value="Na de vakantie"' in response.text
    assert "X-Error-Message" not in response.headers  # the form itself says it


def test_base_page_has_htmx_swap_422_and_the_error_script(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("home")).text
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']*)'", html)[1])
    rules = config["responseHandling"]
    first = next(rule for rule in rules if re.fullmatch(rule["code"], "422"))
    assert first["swap"] is True
    for status in ("403", "404", "500"):
        rule = next(rule for rule in rules if re.fullmatch(rule["code"], status))
        assert rule["swap"] is False and rule.get("error") is True
    assert re.search(r'<script src="/static/js/htmx-errors\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script (CSP)
    assert 'data-htmx-offline="Geen verbinding' in html
    script = Path(settings.BASE_DIR, "static", "js", "htmx-errors.js").read_text()
    for event in ("htmx:responseError", "htmx:sendError", "X-Error-Message"):
        assert event in script


def test_a_refused_htmx_request_carries_the_dutch_message(client, session, coordinator, call_row):
    client.force_login(coordinator)
    gone = reverse("sessions:contact_record", args=[session.pk, call_row.pk + 999])
    response = client.post(gone, {}, **HX)
    assert response.status_code == 404
    assert _message(response).startswith("Dit bestaat niet meer")
    # Without htmx the page itself says it: no header needed.
    assert "X-Error-Message" not in client.post(gone, {}).headers


def test_a_stale_csrf_token_on_an_htmx_request_says_what_to_do(session, coordinator, call_row):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    url = reverse("sessions:contact_record", args=[session.pk, call_row.pk])
    response = client.post(url, {}, **HX)
    assert response.status_code == 403
    assert "herlaad de pagina" in _message(response)


@pytest.mark.urls("tests.urls_error")
def test_a_server_error_on_an_htmx_request_carries_the_message(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/", **HX)
    assert response.status_code == 500
    message = _message(response)
    assert message.startswith("Er ging iets mis aan onze kant")
    assert "secret" not in message


def test_an_english_reader_gets_the_english_message(client, session, coordinator, call_row):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    gone = reverse("sessions:contact_record", args=[session.pk, call_row.pk + 999])
    assert _message(client.post(gone, {}, **HX)).startswith("This no longer exists")
