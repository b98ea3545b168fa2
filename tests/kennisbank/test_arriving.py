"""Arriving at the kennisbank from outside (a link in the quarterly PDF or a mail) while not
logged in: a members-only item leads to the login and back, a public one opens, and the first
page says what the kennisbank is instead of "nothing found"."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_members_item_link_logged_out_leads_to_login_by_code_and_back(
    client, network, sector, ondernemer
):
    members = item(network, sector, title="Inwerken met een buddy")
    url = reverse("kennisbank:detail", args=[members.pk, members.slug])

    response = client.get(url)
    assert response.status_code == 302
    login = response.url
    assert login.startswith(reverse("account_login"))
    page = client.get(login)
    assert page.status_code == 200
    # The login page says why, and offers the code (no password needed).
    assert "Log in om deze praktijkoplossing te lezen" in page.text
    assert reverse("account_request_login_code") in page.text

    # The title is not given away to someone who is not logged in.
    assert "Inwerken met een buddy" not in page.text

    request_url = page.context["request_login_code_url"]
    response = client.post(request_url, {"email": ondernemer.email, "next": url})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    confirm = client.get(response.url)
    response = client.post(
        reverse("account_confirm_login_code"),
        {"code": code, "next": confirm.context["redirect_field_value"] or url},
    )
    assert response.status_code == 302
    assert response.url == url
    assert "Inwerken met een buddy" in client.get(url).text


def test_public_item_opens_straight_away(client, network, sector):
    public = item(network, sector, title="Openbare tip", is_public=True)
    response = client.get(reverse("kennisbank:detail", args=[public.pk, public.slug]))
    assert response.status_code == 200
    assert "Openbare tip" in response.text


def test_draft_link_logged_out_stays_not_found(client, network, sector):
    draft = item(network, sector, publish=False)
    response = client.get(reverse("kennisbank:detail", args=[draft.pk, draft.slug]))
    assert response.status_code == 404


def test_kennisbank_logged_out_explains_instead_of_nothing_found(client, network, sector):
    item(network, sector, title="Alleen voor leden")
    response = client.get(reverse("kennisbank:search"))
    assert response.status_code == 200
    assert "Niets gevonden" not in response.text
    assert "0 praktijkoplossingen" not in response.text
    assert reverse("account_login") in response.text
    assert "Log in" in response.text


def test_kennisbank_logged_out_still_lists_public_items(client, network, sector):
    item(network, sector, title="Openbare tip", is_public=True)
    response = client.get(reverse("kennisbank:search"))
    assert "Openbare tip" in response.text
    assert reverse("account_login") in response.text


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html"])
def test_error_pages_have_no_english_sentence(rf, template):
    """Every sentence of an error page is translated: rendered in Dutch, none of the page's
    English texts is left."""
    from django.template.loader import get_template, render_to_string
    from django.utils import translation

    source = get_template(template).template.source
    english = re.findall(r'{% translate "([^"]+)" %}', source)
    assert english
    request = rf.get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("nl"):
        html = render_to_string(template, request=request)
    for sentence in english:
        assert sentence not in html
    for word in ("Nothing", "broken", "Perhaps", "page", "home"):
        assert not re.search(rf"\b{word}\b", re.sub(r"<[^>]+>", " ", html)), word
