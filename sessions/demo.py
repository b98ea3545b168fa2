"""Demo sessions: for each network two past sessions (with attendance) and two upcoming."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from praktijktafel.demo import PEOPLE
from praktijktafel.models import Network, Role, User
from praktijktafel.themes import Theme
from sessions.models import Invitation, Series, Session
from sessions.services.sessions import session_create

# (network slug, title, theme, days from today, start time, status)
SESSIONS = [
    (
        "bouwcooperatie-de-vallei",
        "Vakmensen vasthouden in een krappe markt",
        Theme.BEHOUDEN,
        -56,
        time(16, 30),
        Session.Status.DONE,
    ),
    (
        "bouwcooperatie-de-vallei",
        "Leerlingen op de bouwplaats: wie begeleidt ze?",
        Theme.ONTWIKKELEN,
        -28,
        time(16, 30),
        Session.Status.DONE,
    ),
    (
        "bouwcooperatie-de-vallei",
        "Gezond de pensioenleeftijd halen",
        Theme.VITALISEREN,
        10,
        time(16, 30),
        Session.Status.INVITED,
    ),
    (
        "bouwcooperatie-de-vallei",
        "Hoe vind je nog een timmerman?",
        Theme.AANTREKKEN,
        38,
        time(7, 0),
        Session.Status.CONCEPT,
    ),
    (
        "installatiekring-gelderse-vallei",
        "Monteurs werven zonder headhunter",
        Theme.AANTREKKEN,
        -42,
        time(17, 0),
        Session.Status.DONE,
    ),
    (
        "installatiekring-gelderse-vallei",
        "De warmtepomp vraagt nieuwe kennis",
        Theme.ONTWIKKELEN,
        -14,
        time(17, 0),
        Session.Status.DONE,
    ),
    (
        "installatiekring-gelderse-vallei",
        "Jonge monteurs binden aan je bedrijf",
        Theme.BEHOUDEN,
        12,
        time(17, 0),
        Session.Status.INVITED,
    ),
    (
        "installatiekring-gelderse-vallei",
        "Werkdruk en verzuim in de winterpiek",
        Theme.VITALISEREN,
        45,
        time(16, 30),
        Session.Status.CONCEPT,
    ),
]

VENUES = {
    "bouwcooperatie-de-vallei": (
        "Kantoor Bouwcoöperatie De Vallei",
        "Galvanistraat 12, 6716 AE Ede",
    ),
    "installatiekring-gelderse-vallei": (
        "Opleidingscentrum Techniek Vallei",
        "Nijverheidsweg 40, 3771 ME Barneveld",
    ),
}
FACILITATORS = {
    "bouwcooperatie-de-vallei": "sander.bos@praktijktafel.example",
    "installatiekring-gelderse-vallei": "fatima.elamrani@praktijktafel.example",
}
EXPERT = "joost.verhoeven@praktijktafel.example"


def _start(days: int, at: time) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, at))


def load(*, people: dict[str, User]) -> list[Session]:
    created = []
    for slug, title, theme, days, at, status in SESSIONS:
        network = Network.objects.get(slug=slug)
        existing = Session.objects.filter(network=network, title=title).first()
        if existing:
            created.append(existing)
            continue
        series, _ = Series.objects.get_or_create(
            network=network,
            title=f"Leerlijn goed werkgeverschap {network.name}",
            defaults={"sector": network.sectors.order_by("pk").first()},
        )
        venue, address = VENUES[slug]
        session = session_create(
            network=network,
            sector=series.sector,
            series=series,
            title=title,
            theme=theme,
            starts_at=_start(days, at),
            venue_name=venue,
            address=address,
            facilitator=people[FACILITATORS[slug]],
            kennisexpert=people[EXPERT],
            allow_past=True,
        )
        session.status = status
        session.save(update_fields=["status"])
        ondernemers = [
            people[p.email] for p in PEOPLE if p.role == Role.ONDERNEMER and p.network == slug
        ]
        if status != Session.Status.CONCEPT:
            for index, person in enumerate(ondernemers):
                past = status == Session.Status.DONE
                Invitation.objects.create(
                    session=session,
                    person=person,
                    status=Invitation.Status.CONFIRMED if index < 5 else Invitation.Status.INVITED,
                    attendance=(
                        (
                            Invitation.Attendance.PRESENT
                            if index < 4
                            else Invitation.Attendance.ABSENT
                        )
                        if past and index < 5
                        else ""
                    ),
                    responded_at=timezone.now() if index < 5 else None,
                )
        created.append(session)
    return created


def charts_load() -> None:
    """Every demo session that has none gets the vacancy and sick-leave charts of its sector."""
    from sectordata.selectors import key_figures
    from sessions.models import SessionChart

    for session in Session.objects.exclude(status=Session.Status.CANCELLED).select_related(
        "sector"
    ):
        if session.charts.exists():
            continue
        figures = key_figures(session.sector)
        for position, (_slug, _name, data) in enumerate(figures[:2], start=1):
            SessionChart.objects.create(
                session=session, key=data.key, data=data.as_json(), position=position
            )
