"""Demo data of the shared core: sectors, two networks, their people and firms.

Fictional people and firms; email addresses use the reserved `.example` domain.
Idempotent: every record is looked up by a natural key before it is created.
"""

from __future__ import annotations

from dataclasses import dataclass

from praktijktafel.models import Network, Organisation, Role, Sector, SizeClass, User
from praktijktafel.services import membership_grant, person_get_or_create

DEMO_PASSWORD = "praktijktafel-demo"  # noqa: S105 - printed on screen, demo only

SECTORS = [
    (
        "Bouw",
        "bouw",
        ["F", "41", "42", "43.1", "43.3", "43.9"],
        "Bouwnijverheid: burgerlijke en utiliteitsbouw, grond-, water- en wegenbouw, afbouw.",
    ),
    (
        "Installatietechniek",
        "installatietechniek",
        ["43.22", "43.29"],
        "Loodgieters-, fitters-, verwarmings- en klimaatinstallatiebedrijven.",
    ),
    (
        "Elektrotechniek",
        "elektrotechniek",
        ["43.21"],
        "Elektrotechnische bouwinstallatie: van meterkast tot zonnepanelen.",
    ),
]

NETWORKS = [
    (
        "Bouwcoöperatie De Vallei",
        "bouwcooperatie-de-vallei",
        Network.Kind.COOPERATIE,
        "Foodvalley",
        ["bouw"],
    ),
    (
        "Installatiekring Gelderse Vallei",
        "installatiekring-gelderse-vallei",
        Network.Kind.BRANCHEVERENIGING,
        "Foodvalley",
        ["installatietechniek", "elektrotechniek"],
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    network: str  # network slug, or "*" for both
    role: Role
    firm: tuple[str, str, str, str] | None = None  # name, sector slug, size class, place


PEOPLE: list[DemoPerson] = [
    DemoPerson("coordinator@praktijktafel.example", "Marieke van Dijk", "*", Role.COORDINATOR),
    DemoPerson(
        "sander.bos@praktijktafel.example",
        "Sander Bos",
        "bouwcooperatie-de-vallei",
        Role.FACILITATOR,
    ),
    DemoPerson(
        "fatima.elamrani@praktijktafel.example",
        "Fatima El Amrani",
        "installatiekring-gelderse-vallei",
        Role.FACILITATOR,
    ),
    DemoPerson("joost.verhoeven@praktijktafel.example", "Joost Verhoeven", "*", Role.KENNISEXPERT),
    # Ondernemers in construction
    DemoPerson(
        "henk@bouwbedrijf-hendriks.example",
        "Henk Hendriks",
        "bouwcooperatie-de-vallei",
        Role.ONDERNEMER,
        ("Bouwbedrijf Hendriks", "bouw", SizeClass.M, "Ede"),
    ),
    DemoPerson(
        "anouk@timmerbedrijf-devries.example",
        "Anouk de Vries",
        "bouwcooperatie-de-vallei",
        Role.ONDERNEMER,
        ("Timmerbedrijf De Vries", "bouw", SizeClass.XS, "Bennekom"),
    ),
    DemoPerson(
        "peter@jansen-renovatie.example",
        "Peter Jansen",
        "bouwcooperatie-de-vallei",
        Role.ONDERNEMER,
        ("Jansen Renovatie", "bouw", SizeClass.S, "Veenendaal"),
    ),
    DemoPerson(
        "ilse@metselwerk-vandenberg.example",
        "Ilse van den Berg",
        "bouwcooperatie-de-vallei",
        Role.ONDERNEMER,
        ("Metselwerken Van den Berg", "bouw", SizeClass.S, "Barneveld"),
    ),
    DemoPerson(
        "mehmet@yilmaz-afbouw.example",
        "Mehmet Yilmaz",
        "bouwcooperatie-de-vallei",
        Role.ONDERNEMER,
        ("Yilmaz Afbouw", "bouw", SizeClass.M, "Wageningen"),
    ),
    DemoPerson(
        "gerrit@schilders-vanbeek.example",
        "Gerrit van Beek",
        "bouwcooperatie-de-vallei",
        Role.ONDERNEMER,
        ("Schildersbedrijf Van Beek", "bouw", SizeClass.L, "Scherpenzeel"),
    ),
    # Ondernemers in installation technology
    DemoPerson(
        "linda@installatie-smit.example",
        "Linda Smit",
        "installatiekring-gelderse-vallei",
        Role.ONDERNEMER,
        ("Smit Installatietechniek", "installatietechniek", SizeClass.M, "Ede"),
    ),
    DemoPerson(
        "rob@dekker-warmte.example",
        "Rob Dekker",
        "installatiekring-gelderse-vallei",
        Role.ONDERNEMER,
        ("Dekker Warmte & Klimaat", "installatietechniek", SizeClass.S, "Lunteren"),
    ),
    DemoPerson(
        "sanne@elektro-visser.example",
        "Sanne Visser",
        "installatiekring-gelderse-vallei",
        Role.ONDERNEMER,
        ("Elektro Visser", "elektrotechniek", SizeClass.XS, "Renswoude"),
    ),
    DemoPerson(
        "bas@mulder-loodgieters.example",
        "Bas Mulder",
        "installatiekring-gelderse-vallei",
        Role.ONDERNEMER,
        ("Mulder Loodgieters", "installatietechniek", SizeClass.XS, "Ede"),
    ),
    DemoPerson(
        "karin@bakker-zonnetechniek.example",
        "Karin Bakker",
        "installatiekring-gelderse-vallei",
        Role.ONDERNEMER,
        ("Bakker Zonnetechniek", "elektrotechniek", SizeClass.M, "Barneveld"),
    ),
    DemoPerson(
        "youssef@bouzid-elektro.example",
        "Youssef Bouzid",
        "installatiekring-gelderse-vallei",
        Role.ONDERNEMER,
        ("Bouzid Elektrotechniek", "elektrotechniek", SizeClass.L, "Veenendaal"),
    ),
]

STAFF_EMAIL = "admin@praktijktafel.example"


def load(*, password: str = DEMO_PASSWORD) -> dict[str, User]:
    """Create or complete the core demo data. Returns the people by email."""
    sectors = {}
    for name, slug, codes, description in SECTORS:
        sector, _ = Sector.objects.get_or_create(
            slug=slug, defaults={"name": name, "sbi_codes": codes, "description": description}
        )
        sectors[slug] = sector
    networks = {}
    for name, slug, kind, region, sector_slugs in NETWORKS:
        network, _ = Network.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "region": region}
        )
        network.sectors.add(*(sectors[s] for s in sector_slugs))
        networks[slug] = network

    people: dict[str, User] = {}
    for spec in PEOPLE:
        organisation = None
        if spec.firm:
            firm_name, sector_slug, size, place = spec.firm
            organisation, _ = Organisation.objects.get_or_create(
                name=firm_name,
                defaults={"sector": sectors[sector_slug], "size_class": size, "place": place},
            )
        user, created = person_get_or_create(
            email=spec.email, full_name=spec.name, organisation=organisation
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        targets = networks.values() if spec.network == "*" else [networks[spec.network]]
        for network in targets:
            membership_grant(user=user, network=network, role=spec.role)
        people[spec.email] = user

    if not User.objects.filter(email=STAFF_EMAIL).exists():
        User.objects.create_superuser(STAFF_EMAIL, password, full_name="Beheerder Praktijktafel")
    people[STAFF_EMAIL] = User.objects.get(email=STAFF_EMAIL)
    return people
