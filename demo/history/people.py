"""The people of the history: the third network with its team, and each network's
ondernemers with firms of every size."""

from __future__ import annotations

import random

from demo.history.stories import (
    COORDINATOR,
    EXPERT,
    FIRST_NAMES,
    LAST_NAMES,
    PLACES,
    SIZES,
    TRANSPORT,
    TRANSPORT_NETWORK,
    NetworkStory,
)
from praktijktafel.models import Membership, Network, Organisation, Role, Sector, User


def _ensure_third_network(people: dict[str, User]) -> None:
    name, slug, codes = TRANSPORT
    sector, _created = Sector.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "sbi_codes": codes,
            "description": "Goederenvervoer over de weg en opslag: van eigen rijder tot "
            "distributiecentrum.",
        },
    )
    net_name, net_slug, kind, region = TRANSPORT_NETWORK
    network, _created = Network.objects.get_or_create(
        slug=net_slug, defaults={"name": net_name, "kind": kind, "region": region}
    )
    network.sectors.add(sector)
    for email, role in (
        (COORDINATOR, Role.COORDINATOR),
        (EXPERT, Role.KENNISEXPERT),
        (TRANSPORT_NETWORK_FACILITATOR, Role.FACILITATOR),
    ):
        user = people.get(email) or User.objects.filter(email=email).first()
        if user is not None:
            Membership.objects.get_or_create(user=user, network=network, role=role)


TRANSPORT_NETWORK_FACILITATOR = "fatima.elamrani@praktijktafel.example"


def _ondernemers(story: NetworkStory, network: Network, rng: random.Random) -> list[User]:
    """The network's own demo ondernemers and more, eighteen in all, with firms of every
    size."""
    existing = list(
        User.objects.filter(memberships__network=network, memberships__role=Role.ONDERNEMER)
        .order_by("pk")
        .distinct()
    )
    sectors = {s.slug: s for s in Sector.objects.filter(slug__in=story.trade)}
    members = []
    people = []
    for index in range(18 - len(existing)):
        first = FIRST_NAMES[(index * 7 + len(story.slug)) % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 5 + len(story.slug) * 3) % len(LAST_NAMES)]
        sector_slug = sorted(sectors)[index % len(sectors)]
        firm_name = f"{story.trade[sector_slug]}bedrijf {last}"
        firm, _created = Organisation.objects.get_or_create(
            name=firm_name,
            sector=sectors[sector_slug],
            defaults={"size_class": SIZES[index % len(SIZES)], "place": rng.choice(PLACES)},
        )
        email = f"{first.lower()}.{last.lower()}@{story.slug.split('-')[0]}-demo.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, full_name=f"{first} {last}")
            user.organisation = firm
            user.save(update_fields=["organisation"])
        people.append(user)
        members.append(Membership(user=user, network=network, role=Role.ONDERNEMER))
    Membership.objects.bulk_create(members, ignore_conflicts=True)
    return existing + people
