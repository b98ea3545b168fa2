"""Every page and fragment of the app needs the same number of queries with 1 and with 50
related rows of every kind (no N+1 anywhere).

The URLs come from the URL conf, like the permission matrix: a new page is checked without
anyone having to remember it. Each page is loaded as every persona who may see it (a
coordinator, a facilitator, an ondernemer, somebody not logged in), as a full page and as
the HTMX fragment. Then every kind of row the pages show grows by 49: sessions (past,
future, in the series), invitations, captures and bottlenecks, group actions, evaluations,
charts, kennisbank items (published, drafts, useful marks), quarterly updates and
members; and no page may ask more queries than before. (A page number past the end with
one item asks one query more than the same page that exists with fifty: fewer is fine.)
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kennisbank import services as kb
from praktijktafel.models import Consent, Role
from sessions.models import Capture, Evaluation, Invitation, Knelpunt, Session, SessionChart
from sessions.services.invitations import invitations_send
from tests.factories import QuarterlyUpdateFactory, member, session_for
from tests.queries import count_request
from tests.test_permission_matrix import EXPECTED, _kwargs, url_names, world  # noqa: F401

pytestmark = pytest.mark.django_db

PERSONAS = ("coordinator", "facilitator", "ondernemer", "anonymous")
HEADERS = ({}, {"HTTP_HX_REQUEST": "true"})
# Fragments and variants a page answers to besides its plain address.
VARIANTS = {
    "sessions:live": ["?part=state", "?part=lists", "?part=pending"],
    "sessions:projector": ["?v=0"],
    "kennisbank:search": [
        "?q=oplossing",
        "?q=oplossing&thema=behouden&sector=bouw&grootte=5-9&tag=tag0",
        "?q=oplossing&sorteer=nieuw&pagina=2",
        "?q=samenvatting+oplossing",
    ],
    "kennisbank:theme": ["?q=oplossing&pagina=2"],
    "quarterly:index": ["?part=archive"],
    "quarterly:preview": ["?sector=bouw"],
}


def grow(n: int, offset: int, *, network, sector, session, facilitator, ondernemer) -> None:
    """n more rows of every kind that one of the pages lists, counts or looks up."""
    earlier = session.series.sessions.exclude(pk=session.pk).first()
    people = []
    for i in range(n):
        tag = offset + i
        later = session_for(
            network, facilitator, days=30 + tag, title=f"Later {tag}", series=session.series
        )
        past = session_for(network, facilitator, days=3, title=f"Voorbij {tag}")
        Session.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(days=40))
        invitations_send(session=later, people=[ondernemer], warning_reason="Test")
        person = member(network, Role.ONDERNEMER, full_name=f"Ondernemer {tag}")
        Consent.objects.create(
            user=person, network=network, kind=Consent.Kind.SHARE_CONTACT, granted=True
        )
        people.append(person)
        Knelpunt.objects.create(session=session, client_id=uuid.uuid4(), text=f"Knelpunt {tag}")
        for kind in (Capture.Kind.TIP, Capture.Kind.SOLUTION, Capture.Kind.CONTACT):
            Capture.objects.create(
                session=session, client_id=uuid.uuid4(), kind=kind, text=f"{kind} {tag}",
                person=person if kind == Capture.Kind.CONTACT else None,
            )  # fmt: skip
        Capture.objects.create(session=earlier, kind=Capture.Kind.GROUP_ACTION, text=f"Actie {tag}")
        Evaluation.objects.create(session=session, useful=4, come_again="yes")
        SessionChart.objects.create(
            session=session, key=f"k{tag}", data=SessionChart.objects.first().data
        )
        item = kb.solution_create(
            network=network, user=facilitator, title=f"Oplossing {tag}", summary="Samenvatting",
            themes=["behouden"], sector_ids=[sector.pk], tags=[f"tag{tag}"], contact=person,
        )  # fmt: skip
        kb.solution_publish(solution=item, user=None, privacy_confirmed=True)
        kb.useful_mark(solution=item, user=ondernemer)
        kb.solution_create(
            network=network, user=facilitator, title=f"Concept {tag}", summary="S",
            themes=["behouden"], sector_ids=[sector.pk],
        )  # fmt: skip
        QuarterlyUpdateFactory(network=network, year=1800 + tag)
    # The session is live already: its list of people grows as if they had said yes.
    statuses = [
        Invitation.Status.CONFIRMED,
        Invitation.Status.WAITLISTED,
        Invitation.Status.DECLINED,
    ]
    Invitation.objects.bulk_create(
        Invitation(session=session, person=person, status=statuses[i % 3], brings_case=i % 2 == 0,
                   attendance=Invitation.Attendance.PRESENT if i % 2 else "")
        for i, person in enumerate(people)
    )  # fmt: skip


def count(client: Client, url: str, headers: dict, data: dict | None = None) -> tuple[int, int]:
    """Queries one request asks; a write is rolled back so both rounds see the same data."""
    return count_request(client, url, data=data, rollback=True, **headers)


def test_no_page_asks_more_queries_with_more_data(
    world,  # noqa: F811
    network,
    sector,
    session,
    facilitator,
    ondernemer,
    coordinator,
):
    people = {"coordinator": coordinator, "facilitator": facilitator, "ondernemer": ondernemer}
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client()
        if persona in people:
            clients[persona].force_login(people[persona])
    pages = []
    for name, route in url_names():
        for persona in PERSONAS:
            if persona in EXPECTED[name][0]:
                url = reverse(name, kwargs=_kwargs(name, route, world))
                for variant in ["", *VARIANTS.get(name, [])]:
                    pages.extend((name, persona, url + variant, headers) for headers in HEADERS)

    # The console's busiest write answers with the refreshed lists: it must stay flat too.
    capture_url = reverse("sessions:live_capture", args=[session.pk])
    writes = [
        (capture_url, {"kind": kind, "text": "Nieuw", "client_id": str(uuid.uuid4())}, headers)
        for kind in ("knelpunt", "tip")
        for headers in ({"HTTP_ACCEPT": "application/json"}, {"HTTP_HX_REQUEST": "true"})
    ]

    def measure() -> dict:
        found = {}
        for _name, persona, url, headers in pages:
            count(clients[persona], url, headers)  # the same warm caches for both rounds
            found[(url, persona, bool(headers))] = count(clients[persona], url, headers)
        for url, data, headers in writes:
            found[(f"POST {url} {data['kind']}", "facilitator", "hx" in str(headers).lower())] = (
                count(clients["facilitator"], url, headers, data)
            )
        return found

    grow(1, 0, network=network, sector=sector, session=session, facilitator=facilitator,
         ondernemer=ondernemer)  # fmt: skip
    few = measure()
    grow(49, 100, network=network, sector=sector, session=session, facilitator=facilitator,
         ondernemer=ondernemer)  # fmt: skip
    many = measure()

    assert len(pages) > 200
    grew = [
        f"{url} as {persona}{' (htmx)' if hx else ''}: {few[key][1]} → {many[key][1]} queries"
        for key in few
        for url, persona, hx in [key]
        if many[key][1] > few[key][1]
    ]
    assert not grew, "\n".join(grew)
    # Every page for someone logged in reads at least their session: a count of 0 would
    # mean nothing was counted.
    uncounted = [key for key in few if key[1] != "anonymous" and 0 in (few[key][1], many[key][1])]
    assert not uncounted, uncounted
    failed = [(key, few[key][0]) for key in few if few[key][0] >= 400]
    assert not failed, failed  # a refused request proves nothing about its queries
    # Pages that answered differently the second time would hide a difference in queries.
    changed = [key for key in few if few[key][0] != many[key][0]]
    assert not changed, changed
