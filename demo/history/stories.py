"""The story each network's year tells: its people, firms and venue, the topics of its
sessions, the actions agreed and the items that went to the kennisbank; and the calendar of
the year (when sessions fall, which were cancelled, what was answered)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from praktijktafel.models import Network, SizeClass
from praktijktafel.themes import Theme
from sessions.models import ActionCheck

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
