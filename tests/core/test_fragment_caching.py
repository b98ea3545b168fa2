"""A page and its HTMX fragment share one address: the browser must never get the fragment
when it asks for the page (the back button after a live search showed the bare results)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_fragment_is_never_stored_and_every_answer_varies_on_htmx(client, ondernemer):
    client.force_login(ondernemer)
    url = reverse("kennisbank:search")
    page = client.get(url, {"q": "buddy"})
    part = client.get(url, {"q": "buddy"}, HTTP_HX_REQUEST="true")
    assert "<form" in page.text and "<form" not in part.text
    for response in (page, part):
        assert "HX-Request" in response["Vary"] and "Cookie" in response["Vary"]
    assert "no-store" in part["Cache-Control"]
    assert "no-store" not in page.get("Cache-Control", "")


def test_htmx_restoring_its_history_gets_the_whole_page(client, ondernemer):
    client.force_login(ondernemer)
    restore = client.get(
        reverse("kennisbank:search"),
        {"q": "buddy"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<form" in restore.text and "<header" in restore.text
