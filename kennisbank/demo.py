"""Demo kennisbank: practical solutions in the words owners use at the tables. Made up, but
true to what small construction and installation firms do."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kennisbank import services
from kennisbank.index import solution_index
from kennisbank.models import Solution
from praktijktafel.models import Network, Sector, User

# (title, summary, body, themes, sector slugs, tags, sizes, effort, cost, days ago)
ITEMS = [
    (
        "Buddy voor elke nieuwe monteur",
        "Een ervaren collega begeleidt de nieuwe monteur de eerste drie maanden.",
        "Nieuwe monteurs haakten bij ons vaak in de eerste maanden af. Nu krijgt elke nieuwe "
        "medewerker een **buddy**: een ervaren collega die de eerste drie maanden meerijdt, "
        "vragen beantwoordt en na elke week vijf minuten evalueert.\n\n"
        "- De buddy krijgt er twee uur per week voor\n- Na drie maanden een kort gesprek met "
        "de eigenaar\n- Werkt ook voor zij-instromers",
        ["behouden", "ontwikkelen"],
        ["installatietechniek", "elektrotechniek"],
        ["onboarding", "buddy", "inwerken"],
        ["5-9", "10-19", "20-49"],
        "low",
        "low",
        20,
    ),
    (
        "Ziekteverzuim bespreekbaar maken in het ochtendoverleg",
        "Vijf minuten per week over werkdruk en gezondheid voorkomt langdurig verzuim.",
        "In het wekelijkse ochtendoverleg vragen we rond: hoe gaat het met je rug, je knieën, "
        "je hoofd? Wie signalen geeft, krijgt dezelfde week een gesprek. Het verzuim daalde "
        "in een jaar van 7 naar 4 procent.",
        ["vitaliseren", "behouden"],
        ["bouw"],
        ["verzuim", "werkdruk", "gezondheid"],
        ["10-19", "20-49"],
        "low",
        "low",
        40,
    ),
    (
        "Oudere werknemers als leermeester inzetten",
        "Zware klussen minder, kennis overdragen meer: zo blijven 55-plussers inzetbaar.",
        "Onze oudere werknemers doen minder sjouwwerk en begeleiden twee dagen per week "
        "leerlingen van het mbo. Ze blijven langer gezond aan het werk en de kennis blijft in "
        "het bedrijf. Regel het met een eenvoudige afspraak per persoon.",
        ["vitaliseren", "ontwikkelen"],
        ["bouw", "installatietechniek"],
        ["oudere werknemers", "leermeester", "duurzame inzetbaarheid"],
        ["10-19", "20-49"],
        "medium",
        "low",
        70,
    ),
    (
        "Vacatures vullen via de eigen monteurs",
        "Een aanbrengpremie en een goed verhaal werken beter dan een vacaturesite.",
        "We betalen 500 euro als een medewerker iemand aandraagt die na drie maanden nog in "
        "dienst is. Onze monteurs vertellen op verjaardagen en op de sportclub over het werk. "
        "Drie van de vier nieuwe mensen kwamen zo binnen.",
        ["aantrekken"],
        ["installatietechniek", "elektrotechniek", "bouw"],
        ["werving", "aanbrengpremie", "vacatures"],
        ["2-4", "5-9", "10-19"],
        "low",
        "medium",
        10,
    ),
    (
        "Zij-instromers opleiden met een leerwerktraject",
        "Volwassenen uit een andere sector in een jaar tot monteur opgeleid, met subsidie.",
        "Samen met het opleidingsbedrijf in de regio leiden we zij-instromers op: vier dagen "
        "werken, één dag school. De subsidie (SLIM, sectorfonds) dekt een groot deel van de "
        "kosten. Kies mensen op motivatie, niet op diploma.",
        ["aantrekken", "ontwikkelen"],
        ["elektrotechniek", "installatietechniek"],
        ["zij-instromers", "opleiding", "subsidie"],
        ["10-19", "20-49"],
        "high",
        "medium",
        100,
    ),
    (
        "Flexibele werktijden in de zomer",
        "Vroeg beginnen bij hitte: om 6 uur starten en om 14 uur klaar.",
        "Bij warm weer beginnen de ploegen om zes uur en zijn ze om twee uur klaar. Klanten "
        "vinden het prima als je het vooraf meldt. Minder uitval door hitte en de jongens "
        "waarderen het.",
        ["vitaliseren", "behouden"],
        ["bouw"],
        ["werktijden", "hitte", "gezondheid"],
        ["2-4", "5-9", "10-19", "20-49"],
        "low",
        "low",
        200,
    ),
    (
        "Een persoonlijk ontwikkelplan van één A4",
        "Eén keer per jaar samen op één A4 opschrijven wat iemand wil leren.",
        "Geen dik beoordelingssysteem maar één A4: wat ging goed, wat wil je leren, welke "
        "cursus past daarbij? De eigenaar plant de cursus direct in. Medewerkers voelen zich "
        "gezien en blijven langer.",
        ["ontwikkelen", "behouden"],
        ["bouw", "installatietechniek", "elektrotechniek"],
        ["ontwikkelgesprek", "opleiding"],
        ["5-9", "10-19", "20-49"],
        "low",
        "low",
        400,
    ),
]


def load(*, people: dict[str, User] | None = None) -> list[Solution]:
    """Published items (and one draft) in the demo networks; idempotent by title."""
    network = Network.objects.filter(slug="installatiekring-gelderse-vallei").first()
    network = network or Network.objects.order_by("pk").first()
    if network is None:
        return []
    Network.objects.filter(pk=network.pk).update(shares_kennisbank=True)
    sectors = {s.slug: s.pk for s in Sector.objects.all()}
    author = (people or {}).get("coordinator@praktijktafel.example")
    created = []
    for title, summary, body, themes, slugs, tags, sizes, effort, cost, days in ITEMS:
        existing = Solution.objects.filter(title=title).first()
        if existing:
            created.append(existing)
            continue
        solution = services.solution_create(
            network=network,
            user=author,
            title=title,
            summary=summary,
            body=body,
            themes=themes,
            sector_ids=[sectors[s] for s in slugs if s in sectors],
            tags=tags,
            sizes=sizes,
            effort=effort,
            cost=cost,
            links="Sectorfonds opleidingen https://www.example.org/opleidingsfonds",
        )
        services.solution_publish(solution=solution, user=author, privacy_confirmed=True)
        when = timezone.now() - timedelta(days=days)
        Solution.objects.filter(pk=solution.pk).update(published_at=when, reviewed_at=when)
        solution_index(solution=solution)  # the search entry's date follows
        created.append(solution)
    if not Solution.objects.filter(title="Werkkleding die past").exists():
        services.solution_create(
            network=network,
            user=author,
            title="Werkkleding die past",
            summary="Vrouwelijke monteurs kregen eindelijk kleding in hun maat.",
            body="Navragen bij de leverancier: er is kleding voor vrouwen. Bel Jan op "
            "06-12345678 voor de leverancier.",
            themes=["aantrekken"],
            sector_ids=[sectors[s] for s in ["installatietechniek"] if s in sectors],
            tags=["werkkleding", "diversiteit"],
        )
    return created
