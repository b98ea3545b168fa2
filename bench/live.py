"""Live console: capture and projector refresh in-process with 500 items in a session."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta

from bench.stats import summary_ms

ITEMS = 500
REQUESTS = 300


def make_live_session(*, index: int, items: int = 0):
    from django.utils import timezone

    from praktijktafel.models import Membership, Network, Role, Sector, User
    from sessions.live.services.run import live_next, live_start, phones_toggle
    from sessions.services.sessions import session_create

    sector, _ = Sector.objects.get_or_create(slug="bouw", defaults={"name": "Bouw"})
    network, _ = Network.objects.get_or_create(
        slug=f"bench-{index}", defaults={"name": f"Bench netwerk {index}", "kind": "region"}
    )
    network.sectors.add(sector)
    facilitator, _ = User.objects.get_or_create(
        email=f"facilitator{index}@bench.example", defaults={"full_name": f"Facilitator {index}"}
    )
    Membership.objects.get_or_create(user=facilitator, network=network, role=Role.FACILITATOR)
    session = session_create(
        network=network,
        sector=sector,
        title=f"Bench tafel {index}",
        starts_at=timezone.now() + timedelta(minutes=5),
        venue_name="Zaal",
        address="Straat 1",
        facilitator=facilitator,
    )
    live_start(session=session)
    live_next(session=session)
    phones_toggle(session=session, enabled=True)
    from sessions.models import Capture, Knelpunt

    half = items // 2
    Knelpunt.objects.bulk_create(
        Knelpunt(
            session=session,
            client_id=uuid.uuid4(),
            text=f"Knelpunt nummer {i} over personeel",
            recognition=i % 9 + 1,
        )
        for i in range(half)
    )
    Capture.objects.bulk_create(
        Capture(
            session=session,
            client_id=uuid.uuid4(),
            kind=("tip", "insight", "case")[i % 3],  # "insight": a group action
            text=f"Notitie {i}: een praktische tip van de tafel",
        )
        for i in range(items - half)
    )
    return session, facilitator


def run() -> dict:
    from django.test import Client
    from django.urls import reverse

    session, facilitator = make_live_session(index=0, items=ITEMS)
    client = Client()
    client.force_login(facilitator)
    capture_url = reverse("sessions:live_capture", args=[session.pk])
    projector_url = reverse("sessions:projector", args=[session.pk])

    for _ in range(20):  # warm up caches and connections
        client.get(projector_url, HTTP_HX_REQUEST="true")

    captures = []
    for i in range(REQUESTS):
        data = {
            "client_id": str(uuid.uuid4()),
            "kind": "knelpunt" if i % 2 else "tip",
            "text": f"Bench notitie {i}",
        }
        start = time.perf_counter()
        response = client.post(capture_url, data, HTTP_ACCEPT="application/json")
        captures.append(time.perf_counter() - start)
        assert response.status_code == 201, response.status_code

    # The projector's poll: "unchanged" (204 after one query) and a changed refresh, each
    # next to /healthz through the same client and middleware, interleaved so that a busy
    # machine slows all three alike; the ratios are what the targets judge.
    # Each poll carries the ticket its page gave it and the version its screen shows (the
    # projector's own, in the answer's X-Live-Version), as the projector's does.
    page = client.get(projector_url).content
    ticket = re.search(rb'"X-Live-Ticket": "([^"]+)"', page).group(1).decode()
    screen = {"HTTP_HX_REQUEST": "true", "HTTP_X_LIVE_TICKET": ticket}
    version = client.get(projector_url, {"v": ""}, **screen)["X-Live-Version"]
    health_url = reverse("healthz")
    healths, unchanged, refreshes = [], [], []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(health_url)
        healths.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code

        start = time.perf_counter()
        response = client.get(projector_url, {"v": version}, **screen)
        unchanged.append(time.perf_counter() - start)
        assert response.status_code == 204, response.status_code

        start = time.perf_counter()
        response = client.get(projector_url, {"v": "changed"}, **screen)
        refreshes.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code

    capture, refresh = summary_ms(captures), summary_ms(refreshes)
    still, health = summary_ms(unchanged), summary_ms(healths)
    return {
        "live_capture_p95_ms": {
            "value": capture["p95"],
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "data_size": ITEMS,
            "detail": capture,
        },
        "projector_refresh_p95_ms": {
            "value": refresh["p95"],
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "data_size": ITEMS,
            "detail": refresh,
        },
        "projector_unchanged_p95_ms": {
            "value": still["p95"],
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "data_size": ITEMS,
            "detail": still,
        },
        "healthz_p95_ms": {
            "value": health["p95"],
            "unit": "ms",
            "baseline": None,
            "ratio": None,
            "data_size": 0,
            "detail": health,
        },
        "projector_unchanged_vs_healthz_ratio": {
            "value": round(still["p95"] / health["p95"], 2),
            "unit": "x",
            "baseline": "healthz_p95_ms",
            "ratio": None,
            "data_size": ITEMS,
            "detail": {"unchanged_p95": still["p95"], "healthz_p95": health["p95"]},
        },
        "projector_refresh_vs_healthz_ratio": {
            "value": round(refresh["p95"] / health["p95"], 2),
            "unit": "x",
            "baseline": "healthz_p95_ms",
            "ratio": None,
            "data_size": ITEMS,
            "detail": {"refresh_p95": refresh["p95"], "healthz_p95": health["p95"]},
        },
    }
