"""The number of queries a page needs does not grow with the data: each page is loaded with
1 and with 50 related rows, and must need the same number of queries (no N+1)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from kennisbank import services as kb
from praktijktafel.models import Role
from sessions.live.services.run import live_start
from sessions.models import Capture, Knelpunt
from sessions.services.invitations import invitations_send
from sessions.templatetags import row_cache
from tests.factories import QuarterlyUpdateFactory, member, session_for
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


def grow_sessions(network, facilitator, n, offset):
    for i in range(n):
        session_for(network, facilitator, days=3 + offset + i, title=f"Sessie {offset + i}")


def grow_invitations(network, session, n, offset):
    people = [
        member(network, Role.ONDERNEMER, full_name=f"Ondernemer {offset + i}") for i in range(n)
    ]
    invitations_send(session=session, people=people)


def grow_captures(session, n, offset):
    for i in range(n):
        Knelpunt.objects.create(session=session, client_id=uuid.uuid4(), text=f"K {offset + i}")
        Capture.objects.create(
            session=session, client_id=uuid.uuid4(), kind=Capture.Kind.TIP, text=f"T {offset + i}"
        )


def grow_drafts(network, sector, n, offset):
    for i in range(n):
        kb.solution_create(
            network=network, user=None, title=f"Concept {offset + i}", summary="S",
            sector_ids=[sector.pk], themes=["behouden"], tags=[f"t{offset + i}"],
        )  # fmt: skip


def grow_updates(network, n, offset):
    for i in range(n):
        QuarterlyUpdateFactory(network=network, year=2000 + offset + i)


@pytest.mark.parametrize(
    "page",
    ["dashboard", "session", "console", "projector", "moderation", "quarterly", "sector_list"],
)
def test_query_count_is_flat(page, client, network, sector, session, facilitator, coordinator):
    if page in ("console", "projector"):
        live_start(session=session)
    if page == "dashboard":
        client.force_login(coordinator)
        url = reverse("sessions:dashboard", args=[network.slug])

        def grow(n, offset):
            grow_sessions(network, facilitator, n, offset)
    elif page == "session":
        client.force_login(facilitator)
        url = reverse("sessions:detail", args=[session.pk])

        def grow(n, offset):
            grow_invitations(network, session, n, offset)
    elif page in ("console", "projector"):
        client.force_login(facilitator)
        name = "sessions:live" if page == "console" else "sessions:projector"
        url = reverse(name, args=[session.pk])

        def grow(n, offset):
            grow_captures(session, n, offset)
    elif page == "moderation":
        client.force_login(coordinator)
        url = reverse("kennisbank:moderation")

        def grow(n, offset):
            grow_drafts(network, sector, n, offset)
    elif page == "quarterly":
        client.force_login(coordinator)
        url = reverse("quarterly:index", args=[network.slug])

        def grow(n, offset):
            grow_updates(network, n, offset)
    else:
        client.force_login(coordinator)
        url = reverse("sectordata:sectors")

        def grow(n, offset):
            for i in range(n):
                member(network, Role.ONDERNEMER, full_name=f"Lid {offset + i}")

    grow(1, 0)
    count_queries(client, url)  # warm caches (sessions, roles) the same way for both counts
    # The console keeps its lists' HTML by their rows: both counts read every list afresh.
    row_cache.LISTS.clear()
    few = count_queries(client, url)
    grow(49, 100)
    row_cache.LISTS.clear()
    assert count_queries(client, url) == few, page
