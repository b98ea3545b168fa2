"""The search page for a keyboard: a "Naar de resultaten" link right after the search box, to
a results heading that takes the focus; the focus kept in view after a filter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.kennisbank.helpers import item

pytestmark = pytest.mark.django_db


def test_to_the_results_link_follows_the_search_box(client, network, sector, ondernemer):
    item(network, sector, title="Buddy")
    client.force_login(ondernemer)
    html = client.get(reverse("kennisbank:search"), {"q": "buddy"}).content.decode()
    box = html.index('id="q"')
    skip = html.index('href="#results-heading">Naar de resultaten</a>')
    filters = html.index('id="filters"')
    assert box < skip < filters
    assert '<h2 id="results-heading" tabindex="-1">' in html


def test_after_a_filter_the_focused_checkbox_is_scrolled_into_view(client, ondernemer):
    client.force_login(ondernemer)
    html = client.get(reverse("kennisbank:search")).content.decode()
    assert 'hx-swap="outerHTML focus-scroll:true"' in html
