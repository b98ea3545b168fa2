"""The bench's shared large data set, grown in steps: at 100 % it holds 100,000 kennisbank
items, 5,000 past sessions with 20-40 captured items each, 2,000 ondernemers in 20 networks
(and, from the import bench, about two million sector figures).

Every row is made from its own index with its own random generator (deterministic seed), so
growing from 1 % to 10 % to 100 % gives exactly the rows one step to 100 % would give.
The growth bench measures at each step; the search bench uses the full set.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta

FULL = {"solutions": 100_000, "past_sessions": 5_000, "ondernemers": 2_000}
NETWORKS = 20
PREFIX = "groei"
MINE = {"network__slug__startswith": f"{PREFIX}-"}  # rows of the data set's networks
FUTURE_EVERY = 20  # one upcoming session for every 20 past ones
CANCELLED_EVERY = 25  # one past session in 25 did not go ahead
SECTOR_SLUGS = ("bouw", "installatietechniek", "elektrotechniek")
KNELPUNTEN = [
    "Geen monteurs te vinden voor de {w}",
    "Leerlingen haken af na het eerste jaar bij {w}",
    "Oudere vakmensen houden het fysiek niet vol, vooral met {w}",
    "Werkdruk door {w} loopt op",
    "Geen tijd voor begeleiding van nieuwe mensen bij {w}",
]
CAPTURES = [
    ("tip", "Koppel een buddy aan elke nieuwe {w}"),
    ("case", "Een monteur die wegging vanwege {w}"),
    ("solution", "Vaste opleidingsdag per maand rond {w}"),
    ("insight", "Samen een regeling voor {w} uitwerken"),
    ("action", "Gesprek voeren over {w}"),
    ("source", "Brochure van het opleidingsfonds over {w}"),
]


@dataclass
class Shared:
    networks: list
    sectors: list
    reader: object  # an ondernemer in the first network (networks share their kennisbank)
    coordinator: object  # of the first network
    facilitator: object  # of the first network
    session: object  # an upcoming session in the first network, the same at every step


def _people(network, index: int):
    from praktijktafel.models import Membership, Role, User

    made = []
    for role in (Role.COORDINATOR, Role.FACILITATOR):
        user, _ = User.objects.get_or_create(
            email=f"{role}{index}@{PREFIX}.bench.example",
            defaults={"full_name": f"{role.label} {index}"},
        )
        Membership.objects.get_or_create(user=user, network=network, role=role)
        made.append(user)
    return made


def base() -> Shared:
    """The networks and the people who run them (made once)."""
    from django.utils import timezone

    from praktijktafel.models import Network, Sector, User
    from sessions.models import Session
    from sessions.services.sessions import session_create

    sectors = [
        Sector.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in SECTOR_SLUGS
    ]
    networks, teams = [], []
    for index in range(NETWORKS):
        network, _ = Network.objects.get_or_create(
            slug=f"{PREFIX}-{index}",
            defaults={"name": f"Netwerk {index}", "kind": "region", "shares_kennisbank": True},
        )
        network.sectors.add(*sectors)
        networks.append(network)
        teams.append(_people(network, index))
    coordinator, facilitator = teams[0]
    session = Session.objects.filter(network=networks[0], title="Gemeten sessie").first()
    if session is None:
        start = (timezone.localtime() + timedelta(days=21)).replace(hour=16, minute=30)
        session = session_create(
            network=networks[0], sector=sectors[0], title="Gemeten sessie", starts_at=start,
            venue_name="Dorpshuis", address="Dorpsstraat 1, Ede", facilitator=facilitator,
        )  # fmt: skip
    if _count_ondernemers() == 0:
        _ondernemers(networks, 0, 1)
    reader = User.objects.get(email=f"ondernemer0@{PREFIX}.bench.example")
    return Shared(networks, sectors, reader, coordinator, facilitator, session)


def _count_ondernemers() -> int:
    from praktijktafel.models import Membership, Role

    return Membership.objects.filter(role=Role.ONDERNEMER, **MINE).count()


def _ondernemers(networks: list, start: int, stop: int) -> list:
    from praktijktafel.models import Membership, Organisation, Role, User

    sectors = list(networks[0].sectors.all())
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Vakbedrijf {i}",
            sector=sectors[i % len(sectors)],
            size_class=("2-4", "5-9", "10-19", "20-49")[i % 4],
            place="Ede",
        )
        for i in range(start, stop)
    )
    users = User.objects.bulk_create(
        User(
            email=f"ondernemer{i}@{PREFIX}.bench.example",
            full_name=f"Ondernemer {i}",
            organisation=organisation,
            password="!",  # noqa: S106 (unusable, as Django marks it)
        )
        for i, organisation in zip(range(start, stop), organisations, strict=True)
    )
    Membership.objects.bulk_create(
        Membership(user=user, network=networks[i % NETWORKS], role=Role.ONDERNEMER)
        for i, user in zip(range(start, stop), users, strict=True)
    )
    return users


def _sessions(shared: Shared, start: int, stop: int) -> None:
    """Past sessions [start, stop), finished, with phases, invitations and 20-40 items; and
    one upcoming session for every FUTURE_EVERY past ones."""
    from django.utils import timezone

    from bench.kennisbank import BASE
    from praktijktafel.models import Membership, Role
    from sessions.models import Capture, Evaluation, Invitation, Knelpunt, Phase, Session

    template = list(shared.session.phases.order_by("position"))
    people: dict[int, list[int]] = {}
    for user_id, network_id in Membership.objects.filter(
        network__in=shared.networks, role=Role.ONDERNEMER
    ).values_list("user_id", "network_id"):
        people.setdefault(network_id, []).append(user_id)
    facilitators = dict(
        Membership.objects.filter(network__in=shared.networks, role=Role.FACILITATOR).values_list(
            "network_id", "user_id"
        )
    )
    now = timezone.now().replace(hour=15, minute=30, second=0, microsecond=0)
    sessions = []
    for i in range(start, stop):
        network = shared.networks[i % NETWORKS]
        upcoming = i % FUTURE_EVERY == FUTURE_EVERY - 1
        starts = now + timedelta(days=7 + i % 90) if upcoming else now - timedelta(days=1 + i % 700)
        sessions.append(
            Session(
                network=network,
                sector=shared.sectors[i % 3],
                title=f"Tafel {i}",
                starts_at=starts,
                venue_name="Dorpshuis",
                address="Dorpsstraat 1, Ede",
                facilitator_id=facilitators[network.pk],
                status=Session.Status.INVITED if upcoming else Session.Status.DONE,
                invitations_sent_at=starts - timedelta(days=30),
            )
        )
    for i, session in zip(range(start, stop), sessions, strict=True):
        if session.status == Session.Status.DONE and i % CANCELLED_EVERY == 7:
            session.status = Session.Status.CANCELLED
            session.cancel_reason = ("too_few", "too_few", "other")[i % 3]
    Session.objects.bulk_create(sessions, batch_size=2000)
    Phase.objects.bulk_create(
        (
            Phase(
                session=s,
                position=p.position,
                kind=p.kind,
                title=p.title,
                minutes=p.minutes,
                is_landing=p.is_landing,
                is_own_input=p.is_own_input,
                is_knowledge_input=p.is_knowledge_input,
            )
            for s in sessions
            for p in template
        ),
        batch_size=5000,
    )
    invitations, knelpunten, captures, evaluations = [], [], [], []
    for i, session in zip(range(start, stop), sessions, strict=True):
        rng = random.Random(5_000_000 + i)
        # What happened at the session (who came, the evaluations, a cancellation) has a
        # generator of its own, so the rows above stay what they were before it was added.
        after = random.Random(9_000_000 + i)
        past = session.status == Session.Status.DONE
        ids = people.get(session.network_id, [])
        for user_id in rng.sample(ids, min(len(ids), rng.randint(8, 12))):
            status = rng.choice(["confirmed", "confirmed", "confirmed", "declined", "invited"])
            attendance = ""
            if past and status == "confirmed":
                attendance = after.choices(["present", "late", "absent"], [16, 1, 3])[0]
            invitations.append(
                Invitation(session=session, person_id=user_id, status=status, attendance=attendance)
            )
        if not past:
            continue
        for _n in range(after.randint(0, 9)):
            evaluations.append(
                Evaluation(
                    session=session,
                    useful=after.randint(2, 5),
                    come_again=after.choice(["yes", "yes", "maybe", "no"]),
                )
            )
        for n in range(rng.randint(20, 40)):
            word = rng.choice(BASE)
            if n % 3 == 0:
                knelpunten.append(
                    Knelpunt(
                        session=session,
                        client_id=uuid.UUID(int=rng.getrandbits(128)),
                        text=rng.choice(KNELPUNTEN).format(w=word),
                        recognition=rng.randint(1, 9),
                    )
                )
            else:
                kind, text = rng.choice(CAPTURES)
                captures.append(
                    Capture(
                        session=session,
                        client_id=uuid.UUID(int=rng.getrandbits(128)),
                        kind=kind,
                        text=text.format(w=word),
                    )
                )
    Invitation.objects.bulk_create(invitations, batch_size=5000)
    Knelpunt.objects.bulk_create(knelpunten, batch_size=5000)
    Capture.objects.bulk_create(captures, batch_size=5000)
    Evaluation.objects.bulk_create(evaluations, batch_size=5000)


def _count(model, **filters) -> int:
    return model.objects.filter(**filters).count()


def ensure(percent: int, *, solutions: bool = True) -> Shared:
    """Grow the data set to `percent` % of its full size (never shrinks); returns its people.
    Without `solutions` only the people and the sessions (the programme report's bench)."""
    from django.db import connection

    from bench.kennisbank import load_items
    from kennisbank.models import SearchEntry, Solution
    from kennisbank.services import words_rebuild
    from praktijktafel.models import Membership, User
    from sessions.models import Capture, Invitation, Knelpunt, Phase, Session

    shared = base()
    want = {name: full * percent // 100 for name, full in FULL.items()}
    have_people = _count_ondernemers()
    have_sessions = _count(Session, **MINE) - 1  # all but the measured session
    wanted_sessions = want["past_sessions"] * FUTURE_EVERY // (FUTURE_EVERY - 1)
    have_items = _count(Solution, **MINE)
    if not solutions:
        want["solutions"] = min(want["solutions"], have_items)
    if (
        have_people >= want["ondernemers"]
        and have_sessions >= wanted_sessions
        and have_items >= want["solutions"]
    ):
        return shared  # already this size (the search bench after the growth bench)
    if have_people < want["ondernemers"]:
        _ondernemers(shared.networks, have_people, want["ondernemers"])
    if have_sessions < wanted_sessions:
        _sessions(shared, have_sessions, wanted_sessions)
    if have_items < want["solutions"]:
        load_items([n.pk for n in shared.networks], [s.pk for s in shared.sectors],
                   start=have_items, stop=want["solutions"])  # fmt: skip
        words_rebuild()
    with connection.cursor() as cursor:
        # After a bulk load autovacuum would soon do this; do it now so we measure the
        # steady state (visibility map set, statistics current).
        tables = (Solution, SearchEntry, Session, Phase, Invitation, Knelpunt, Capture, User)
        for model in (*tables, Membership):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return shared


def sizes() -> dict[str, int]:
    """What the data set holds now, for the report."""
    from django.utils import timezone

    from kennisbank.models import Solution
    from sectordata.models import Figure
    from sessions.models import Capture, Knelpunt, Session

    in_sessions = {f"session__{key}": value for key, value in MINE.items()}
    return {
        "solutions": _count(Solution, **MINE),
        "past_sessions": _count(Session, starts_at__lt=timezone.now(), **MINE),
        "captured_items": _count(Knelpunt, **in_sessions) + _count(Capture, **in_sessions),
        "ondernemers": _count_ondernemers(),
        "networks": NETWORKS,
        "figures_in_database": Figure.objects.count(),
    }
