"""A year of history for the demo's programme report: for each network about a dozen past
sessions (held, and some cancelled with a reason), invitations and sign-ups, who came and
who did not, anonymous evaluations (most held sessions with five answers or more, some with
fewer), group actions with their follow-up answers, and kennisbank items published from
what was said, with how often they were found useful. Firms of every size, in three
sectors, some coming back and some new during the year.

A third network (transport and logistics, the sector the pilot found hard to reach) is added
so the report for all networks compares sectors.

Deterministic: one seeded random generator and dates counted from today, so every load tells
the same story. Idempotent: a network that already has its history is left alone. Quick:
rows are written in bulk, without mails or tasks (this is the past).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from kennisbank import services as kb
from kennisbank.models import Solution
from praktijktafel.models import Membership, Network, Organisation, Role, Sector, SizeClass, User
from praktijktafel.themes import Theme
from sessions.agenda import DEFAULT_PHASES
from sessions.models import ActionCheck, Capture, Evaluation, Invitation, Phase, Series, Session
from sessions.services.agenda import phase_fields

SEED = 20260101
COORDINATOR = "coordinator@praktijktafel.example"
EXPERT = "joost.verhoeven@praktijktafel.example"
TRANSPORT = ("Transport en logistiek", "transport-logistiek", ["H", "49.4", "52.1"])
TRANSPORT_NETWORK = (
    "Vervoerderskring Foodvalley",
    "vervoerderskring-foodvalley",
    Network.Kind.BRANCHEVERENIGING,
    "Foodvalley",
)

FIRST_NAMES = [
    "Jan", "Ria", "Kees", "Esther", "Wim", "Naima", "Dirk", "Femke", "Erik", "Sevda",
    "Arjen", "Lotte", "Hans", "Priya", "Gert", "Marloes", "Tom", "Hatice", "Bram", "Joyce",
]  # fmt: skip
LAST_NAMES = [
    "Hoekstra", "Verbeek", "Kok", "Brouwer", "Schouten", "Dijkstra", "Koster", "Prins",
    "Huisman", "Peters", "Boer", "Willems", "Bosman", "Vermeulen", "Postma", "Kuipers",
]  # fmt: skip
PLACES = ["Ede", "Barneveld", "Veenendaal", "Wageningen", "Scherpenzeel", "Lunteren", "Nijkerk"]
SIZES = [SizeClass.XS, SizeClass.XS, SizeClass.S, SizeClass.S, SizeClass.M, SizeClass.L]


@dataclass(frozen=True)
class NetworkStory:
    slug: str
    facilitator: str
    trade: dict[str, str]  # sector slug → the firm's trade, for made-up firm names
    start: time
    venue: tuple[str, str]
    topics: list[tuple[str, str]]  # (title, theme): one per session, oldest first
    actions: list[str]
    solutions: list[tuple[str, str]]  # (title, summary) of items that went to the kennisbank


STORIES = [
    NetworkStory(
        "bouwcooperatie-de-vallei",
        "sander.bos@praktijktafel.example",
        {"bouw": "Bouw"},
        time(16, 30),
        ("Kantoor Bouwcoöperatie De Vallei", "Galvanistraat 12, 6716 AE Ede"),
        [
            ("Waarom blijft een timmerman?", Theme.BEHOUDEN),
            ("Leerlingen werven op het vmbo", Theme.AANTREKKEN),
            ("Rugklachten voorkomen op de steiger", Theme.VITALISEREN),
            ("Het functioneringsgesprek dat wel werkt", Theme.ONTWIKKELEN),
            ("Zij-instromers in de bouw", Theme.AANTREKKEN),
            ("Werken in de hitte", Theme.VITALISEREN),
            ("Loon of meer dan loon?", Theme.BEHOUDEN),
            ("Vakmanschap doorgeven aan jongeren", Theme.ONTWIKKELEN),
            ("Samen een opleidingsplek delen", Theme.ONTWIKKELEN),
            ("Werving via je eigen mensen", Theme.AANTREKKEN),
            ("De winterstop goed gebruiken", Theme.VITALISEREN),
        ],
        [
            "Iedereen vraagt zijn mensen wat ze bij het bedrijf houdt",
            "We bellen samen het vmbo voor een gastles",
            "Elke ploeg krijgt een tilhulp op de bouwplaats",
            "Iedereen plant een functioneringsgesprek van een half uur",
            "We zetten één zij-instromer samen op een leerwerkplek",
            "In juli beginnen we om zes uur bij meer dan 28 graden",
        ],
        [
            ("Tilhulp op elke bouwplaats", "Minder rugklachten door een vaste tilhulp per ploeg."),
            ("Gastles op het vmbo", "Eén middag per jaar werft meer dan een advertentie."),
            ("Korte functioneringsgesprekken", "Een half uur, drie vragen, elk halfjaar."),
            ("Zomerrooster bij hitte", "Om zes uur beginnen en om twee uur klaar."),
        ],
    ),
    NetworkStory(
        "installatiekring-gelderse-vallei",
        "fatima.elamrani@praktijktafel.example",
        {"installatietechniek": "Installatie", "elektrotechniek": "Elektro"},
        time(17, 0),
        ("Opleidingscentrum Techniek Vallei", "Nijverheidsweg 40, 3771 ME Barneveld"),
        [
            ("Monteurs vasthouden na hun opleiding", Theme.BEHOUDEN),
            ("Vrouwen in de installatietechniek", Theme.AANTREKKEN),
            ("Werkdruk in de warmtepompgolf", Theme.VITALISEREN),
            ("Leren van storingen", Theme.ONTWIKKELEN),
            ("Statushouders als monteur", Theme.AANTREKKEN),
            ("De oudere monteur en de nieuwe techniek", Theme.ONTWIKKELEN),
            ("Bereikbaarheidsdiensten eerlijk verdelen", Theme.VITALISEREN),
            ("Een goed inwerkprogramma", Theme.BEHOUDEN),
            ("Samen opleiden met het mbo", Theme.ONTWIKKELEN),
            ("Stagiairs die terugkomen", Theme.AANTREKKEN),
            ("Verzuim in de winter", Theme.VITALISEREN),
        ],
        [
            "Iedereen voert een stay-gesprek met de monteur die het langst in dienst is",
            "We zetten werkkleding in vrouwenmaten in de bestelling",
            "Elke maandag tien minuten over de planning van de week",
            "We bespreken één storing per maand met het hele team",
            "We nemen contact op met het taalcentrum over een leerwerktraject",
            "De storingsdienst gaat per toerbeurt, ook voor de eigenaar",
        ],
        [
            ("Storing van de maand", "Eén storing per maand samen doorlopen: iedereen leert."),
            ("Werkkleding voor vrouwen", "Vraag de leverancier: er zijn maten voor vrouwen."),
            ("Eerlijk verdeelde storingsdienst", "Een toerbeurt die ook de eigenaar meedraait."),
            ("Inwerken met een checklist", "Twaalf punten voor de eerste maand van een monteur."),
        ],
    ),
    NetworkStory(
        TRANSPORT_NETWORK[1],
        "fatima.elamrani@praktijktafel.example",
        {TRANSPORT[1]: "Transport"},
        time(7, 0),
        ("Truckstop De Klomp", "Hoevelakenseweg 2, 3911 AA Ede"),
        [
            ("Chauffeurs vinden in een krappe markt", Theme.AANTREKKEN),
            ("Lange dagen, gezonde chauffeurs", Theme.VITALISEREN),
            ("Waarom vertrekt een chauffeur?", Theme.BEHOUDEN),
            ("De code 95-nascholing benutten", Theme.ONTWIKKELEN),
            ("Jongeren achter het stuur", Theme.AANTREKKEN),
            ("Planners en chauffeurs: één team", Theme.BEHOUDEN),
            ("Slapen en eten onderweg", Theme.VITALISEREN),
            ("Van chauffeur naar planner", Theme.ONTWIKKELEN),
            ("Zij-instromers met een rijbewijs C", Theme.AANTREKKEN),
            ("Het rooster dat werkt voor het gezin", Theme.BEHOUDEN),
        ],
        [
            "Iedereen belt één oud-chauffeur om te vragen waarom hij vertrok",
            "We plannen de nascholing in de rustige weken",
            "De planner rijdt één dag per kwartaal mee",
            "Elke vrachtwagen krijgt een koelbox voor gezond eten",
        ],
        [
            ("Planner rijdt mee", "Eén dag per kwartaal in de cabine: minder gedoe over ritten."),
            ("Exitgesprek met oud-chauffeurs", "Bel wie vertrok: je hoort wat je moet weten."),
            ("Gezond eten onderweg", "Een koelbox per wagen en afspraken met twee truckstops."),
        ],
    ),
]

# The tables run about monthly; every history ends some weeks before today, where the
# existing demo sessions take over.
FIRST_DAYS_AGO = 380
STEP_DAYS = 30
CANCELLED = {3: "too_few", 8: "other"}  # session index → reason; the third network loses two
TRANSPORT_CANCELLED = {2: "too_few", 5: "too_few", 7: "other"}
CANCEL_NOTES = ["Facilitator kon niet", "Zaal niet beschikbaar door lekkage"]
REMARKS = [
    "Goed om te horen dat anderen hetzelfde hebben",
    "Meer tijd voor de casus graag",
    "Praktisch, ik ga het maandag proberen",
    "Korter inloop, eerder beginnen",
    "",
    "",
]
FOLLOWUP_ANSWERS = [
    ActionCheck.Answer.DONE,
    ActionCheck.Answer.DONE,
    ActionCheck.Answer.PARTLY,
    ActionCheck.Answer.NOT_YET,
    ActionCheck.Answer.HELP,
    "",  # not answered
]


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


def _at(days_ago: int, start: time) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, start))


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


def _history_for(story: NetworkStory, people: dict[str, User], rng: random.Random) -> None:
    network = Network.objects.get(slug=story.slug)
    if Session.objects.filter(network=network, title=story.topics[0][0]).exists():
        return
    sector = network.sectors.order_by("pk").first()
    facilitator = people.get(story.facilitator) or User.objects.get(email=story.facilitator)
    expert = people.get(EXPERT) or User.objects.filter(email=EXPERT).first()
    series, _created = Series.objects.get_or_create(
        network=network,
        title=f"Jaarprogramma {network.name}",
        defaults={"sector": sector},
    )
    ondernemers = _ondernemers(story, network, rng)
    cancelled = TRANSPORT_CANCELLED if story.slug == TRANSPORT_NETWORK[1] else CANCELLED
    sessions = []
    for index, (title, theme) in enumerate(story.topics):
        reason = cancelled.get(index, "")
        sessions.append(
            Session(
                network=network,
                sector=sector,
                series=series,
                title=title,
                theme=theme,
                starts_at=_at(FIRST_DAYS_AGO - index * STEP_DAYS, story.start),
                venue_name=story.venue[0],
                address=story.venue[1],
                facilitator=facilitator,
                kennisexpert=expert,
                status=Session.Status.CANCELLED if reason else Session.Status.DONE,
                cancel_reason=reason,
                cancel_note=(CANCEL_NOTES[index % len(CANCEL_NOTES)] if reason == "other" else ""),
                invitations_sent_at=_at(FIRST_DAYS_AGO - index * STEP_DAYS + 21, time(9)),
            )
        )
    Session.objects.bulk_create(sessions)
    Phase.objects.bulk_create(
        Phase(session=s, position=position, **phase_fields(spec))
        for s in sessions
        for position, spec in enumerate(DEFAULT_PHASES, start=1)
    )
    invitations = _invitations(sessions, ondernemers, rng)
    _evaluations(sessions, invitations, rng)
    _actions_and_items(story, network, sessions, invitations, rng, people.get(COORDINATOR))


def _invitations(
    sessions: list[Session], ondernemers: list[User], rng: random.Random
) -> dict[int, list[Invitation]]:
    """Per session 10-14 invited; the later in the year, the more of the newer people (new
    firms joining); sign-ups, declines and silence; who came, was late or did not show."""
    rows = []
    for index, session in enumerate(sessions):
        # Eight people at first; the others join over the year (new firms in the report).
        pool = ondernemers[: 8 + index]
        invited = rng.sample(pool, min(len(pool), rng.randint(11, 14)))
        held = session.status == Session.Status.DONE
        if session.cancel_reason == "too_few":
            signed_up = rng.randint(2, session.quorum - 1)
        else:
            signed_up = rng.randint(8, 11)
        # Of those who signed up for a held session: up to three stay away, some come late.
        no_shows = rng.choice([0, 1, 1, 2, 2, 3]) if held else 0
        for position, person in enumerate(invited):
            if position < signed_up:
                status = Invitation.Status.CONFIRMED
                if not held:
                    attendance = ""
                elif position < no_shows:
                    attendance = Invitation.Attendance.ABSENT
                elif rng.random() < 0.12:
                    attendance = Invitation.Attendance.LATE
                else:
                    attendance = Invitation.Attendance.PRESENT
            else:
                status = rng.choice([Invitation.Status.DECLINED, Invitation.Status.INVITED])
                attendance = ""
            answered = status != Invitation.Status.INVITED
            rows.append(
                Invitation(
                    session=session,
                    person=person,
                    status=status,
                    attendance=attendance,
                    responded_at=(
                        session.starts_at - timedelta(days=rng.randint(2, 18)) if answered else None
                    ),
                    confirmed_at=(
                        session.starts_at - timedelta(days=rng.randint(2, 18))
                        if status == Invitation.Status.CONFIRMED
                        else None
                    ),
                )
            )
    Invitation.objects.bulk_create(rows)
    found: dict[int, list[Invitation]] = {}
    for row in rows:
        found.setdefault(row.session_id, []).append(row)
    return found


def _came(invitations: list[Invitation]) -> list[Invitation]:
    came = (Invitation.Attendance.PRESENT, Invitation.Attendance.LATE)
    return [i for i in invitations if i.attendance in came]


def _evaluations(
    sessions: list[Session], invitations: dict[int, list[Invitation]], rng: random.Random
) -> None:
    """Most held sessions get five answers or more; every fifth fewer (nothing shown)."""
    rows = []
    held = [s for s in sessions if s.status == Session.Status.DONE]
    for index, session in enumerate(held):
        came = len(_came(invitations[session.pk]))
        count = rng.randint(2, 4) if index % 5 == 2 else rng.randint(min(5, came), came)
        for _i in range(count):
            useful = rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 4])[0]
            again = rng.choices(["yes", "maybe", "no"], weights=[7, 2, 1])[0]
            rows.append(
                Evaluation(
                    session=session,
                    useful=useful,
                    come_again=again,
                    remark=rng.choice(REMARKS),
                )
            )
    Evaluation.objects.bulk_create(rows)


def _actions_and_items(
    story: NetworkStory,
    network: Network,
    sessions: list[Session],
    invitations: dict[int, list[Invitation]],
    rng: random.Random,
    author: User | None,
) -> None:
    """Two group actions per held session, each with one owner who got the follow-up mail
    and (mostly) answered it; a tip and a solution, some of which went to the kennisbank."""
    held = [s for s in sessions if s.status == Session.Status.DONE]
    captures = []
    owners: list[Invitation] = []
    solutions: list[Capture] = []
    for index, session in enumerate(held):
        came = _came(invitations[session.pk])
        for offset in range(2 if came else 0):
            owner = came[(index + offset) % len(came)]
            captures.append(
                Capture(
                    session=session,
                    client_id=uuid.uuid4(),
                    kind=Capture.Kind.GROUP_ACTION,
                    text=story.actions[(index + offset * 3) % len(story.actions)],
                    theme=session.theme,
                    owner=owner.person.full_name,
                )
            )
            owners.append(owner)
        captures.append(
            Capture(
                session=session,
                client_id=uuid.uuid4(),
                kind=Capture.Kind.TIP,
                text=f"Tip uit de tafel over {session.title.lower().rstrip('?')}",
                theme=session.theme,
            )
        )
        # Spread over the year, so most quarters have an item from a session.
        if index % 3 == 1 and index // 3 < len(story.solutions):
            solution = Capture(
                session=session,
                client_id=uuid.uuid4(),
                kind=Capture.Kind.SOLUTION,
                text=story.solutions[index // 3][0],
                theme=session.theme,
            )
            captures.append(solution)
            solutions.append(solution)
    Capture.objects.bulk_create(captures)
    checks = []
    actions = [c for c in captures if c.kind == Capture.Kind.GROUP_ACTION]
    for position, (action, owner) in enumerate(zip(actions, owners, strict=True)):
        sent = action.session.starts_at + timedelta(days=14)
        answer = FOLLOWUP_ANSWERS[(position + rng.randint(0, 5)) % len(FOLLOWUP_ANSWERS)]
        checks.append(
            ActionCheck(
                action=action,
                invitation=owner,
                sent_at=sent,
                answer=answer,
                answered_at=sent + timedelta(days=rng.randint(0, 4)) if answer else None,
            )
        )
    ActionCheck.objects.bulk_create(checks)
    summaries = dict(story.solutions)
    for capture in solutions:
        item = kb.solution_create(
            network=network,
            user=author,
            origin=f"capture:{capture.pk}",
            title=capture.text,
            summary=summaries[capture.text],
            themes=[capture.theme],
            sector_ids=[capture.session.sector_id],
            source_sector=capture.session.sector,
        )
        kb.solution_publish(solution=item, user=author, privacy_confirmed=True)
        published = capture.session.starts_at + timedelta(days=rng.randint(7, 20))
        Solution.objects.filter(pk=item.pk).update(
            published_at=published, reviewed_at=published, useful_count=rng.randint(2, 30)
        )
        Capture.objects.filter(pk=capture.pk).update(promoted_at=published)


def load(*, people: dict[str, User]) -> None:
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    _ensure_third_network(people)
    for story in STORIES:
        _history_for(story, people, rng)
