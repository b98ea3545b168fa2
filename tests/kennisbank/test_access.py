"""Who sees which kennisbank item, and who may write, publish and mark it useful."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from kennisbank.models import Solution
from praktijktafel.models import Role
from tests.kennisbank.helpers import item, titles

pytestmark = pytest.mark.django_db


def test_published_for_members_public_for_everyone_drafts_for_writers(
    client, network, sector, ondernemer, facilitator, other_ondernemer
):
    published = item(network, sector, title="Gepubliceerd")
    public = item(network, sector, title="Openbaar", is_public=True)
    draft = item(network, sector, title="Concept", publish=False)
    detail = lambda s: reverse("kennisbank:detail_short", args=[s.pk])  # noqa: E731

    assert client.get(detail(published)).status_code == 302  # to the login, then back
    assert client.get(detail(public), follow=True).status_code == 200
    assert titles(AnonymousUser(), q="") == ["Openbaar"]

    client.force_login(ondernemer)
    assert client.get(detail(published), follow=True).status_code == 200
    assert client.get(detail(draft)).status_code == 404  # drafts are not for ondernemers

    client.force_login(facilitator)
    assert client.get(detail(draft)).status_code == 200

    # A member of a network that does not share its kennisbank sees only public items.
    other = other_ondernemer.memberships.get().network
    other.shares_kennisbank = False
    other.save()
    client.force_login(other_ondernemer)
    assert client.get(detail(published)).status_code == 404
    assert "Openbaar" in titles(other_ondernemer)


def test_sharing_networks_see_each_others_items(network, sector, other_ondernemer):
    network.shares_kennisbank = True
    network.save()
    other = other_ondernemer.memberships.get().network
    other.shares_kennisbank = True
    other.save()
    item(network, sector, title="Gedeeld")
    assert titles(other_ondernemer) == ["Gedeeld"]


def test_write_and_moderate_pages(client, network, ondernemer, facilitator, coordinator):
    write, moderate = reverse("kennisbank:write"), reverse("kennisbank:moderation")
    assert client.get(write).status_code == 302  # to login
    client.force_login(ondernemer)
    assert client.get(write).status_code == 403
    assert client.get(moderate).status_code == 403
    client.force_login(facilitator)
    assert client.get(write).status_code == 200
    assert client.get(moderate).status_code == 403
    client.force_login(coordinator)
    assert client.get(moderate).status_code == 200


def test_only_coordinators_publish(client, network, sector, facilitator, coordinator):
    draft = item(network, sector, publish=False)
    url = reverse("kennisbank:status", args=[draft.pk, "publiceren"])
    client.force_login(facilitator)
    assert client.post(url).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Solution.Status.DRAFT
    client.force_login(coordinator)
    client.post(url)
    draft.refresh_from_db()
    assert draft.status == Solution.Status.PUBLISHED


def test_useful_once_per_person(client, network, sector, ondernemer):
    solution = item(network, sector)
    client.force_login(ondernemer)
    url = reverse("kennisbank:useful", args=[solution.pk])
    client.post(url)
    client.post(url)  # a double click
    solution.refresh_from_db()
    assert solution.useful_count == 1
    client.post(url, {"useful": "0"})
    solution.refresh_from_db()
    assert solution.useful_count == 0


def test_one_read_rule_for_an_item_and_for_the_list(
    network, sector, ondernemer, other_ondernemer, other_coordinator, staff
):
    """`has_perm(…, KENNISBANK_READ, item)` and the search's filter are the same rule."""
    from kennisbank.selectors import published_for
    from praktijktafel.permissions import Perm, has_perm
    from tests.factories import NetworkFactory, member

    closed = NetworkFactory(name="Gesloten kring", shares_kennisbank=False)
    insider = member(closed, Role.ONDERNEMER)
    items = [
        item(network, sector, title="Gedeeld netwerk"),
        item(network, sector, title="Openbaar", is_public=True),
        item(closed, sector, title="Eigen kring"),
        item(closed, sector, title="Eigen kring, openbaar", is_public=True),
    ]
    people = [ondernemer, other_ondernemer, other_coordinator, staff, insider]
    for person in people:
        listed = set(published_for(person).values_list("pk", flat=True))
        for solution in items:
            assert has_perm(person, Perm.KENNISBANK_READ, solution) == (solution.pk in listed), (
                person,
                solution,
            )
    # A closed network's members read their own items and public ones, not the shared ones.
    assert set(published_for(insider).values_list("title", flat=True)) == {
        "Openbaar",
        "Eigen kring",
        "Eigen kring, openbaar",
    }
