"""Demo sector data: two small tables in CBS StatLine's own file shape, imported through the
real importer. The figures are made up and say so in the title and source, so nobody mistakes
them for CBS figures."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from praktijktafel.models import Sector, User
from sectordata.importing.report import ImportReport
from sectordata.services import dataset_import, sector_code_map

SOURCE = "Demodata (fictieve cijfers)"
SECTORS = [
    ("T001081", "A-U Alle economische activiteiten", 1.0),
    ("301000", "F Bouwnijverheid", 1.25),
    ("302000", "41 Algemene burgerlijke en utiliteitsbouw", 1.1),
    ("303000", "42 Grond-, water- en wegenbouw", 0.9),
    ("304000", "43 Gespecialiseerde bouw", 1.35),
    ("305100", "43.2 Bouwinstallatie", 1.4),
    ("305110", "43.21 Elektrotechnische bouwinstallatie", 1.3),
    ("307500", "C Industrie", 1.05),
    ("348000", "G Handel", 0.85),
    ("389100", "Q Gezondheids- en welzijnszorg", 1.15),
    ("WP2_10", "2 tot 10 werkzame personen", 0.8),
    ("WP10_50", "10 tot 50 werkzame personen", 1.0),
]
QUARTERS = [f"{year}KW0{q}" for year in range(2021, 2025) for q in range(1, 5)][:-2]
AGES = [
    ("T009002", "Totaal"),
    ("A025303", "15 tot 25 jaar"),
    ("A025305", "25 tot 45 jaar"),
    ("A025306", "45 tot 55 jaar"),
    ("A025307", "55 tot 65 jaar"),
]


def _vacancies_file(rng: random.Random) -> tuple[str, str]:
    rows = [
        '"ID";"BedrijfstakkenBranchesSBI2008";"Perioden";"OpenstaandeVacatures_1";'
        '"Ziekteverzuimpercentage_2"'
    ]
    number = 0
    for code, _label, factor in SECTORS:
        base = 12.0 * factor if code != "T001081" else 420.0
        for index, period in enumerate(QUARTERS):
            season = (0.4, -0.2, 0.6, 0.9)[int(period[-1]) - 1]
            trend = 1 + 0.04 * index - 0.003 * index * index
            vacancies = base * trend * (1 + rng.uniform(-0.03, 0.03))
            sick = 4.6 * factor + season + rng.uniform(-0.2, 0.2)
            rows.append(f'"{number}";"{code:<8}";"{period}";"{vacancies:>9.1f}";"{sick:>7.1f}"')
            number += 1
    meta = [
        '"TableInfos"',
        '"Title";"ShortTitle";"Identifier";"Summary";"Modified";"Period"',
        '"Vacatures en ziekteverzuim; bedrijfstak (demodata, fictieve cijfers)";"Vacatures";'
        f'"DEMO-VAC";"Fictieve cijfers voor de demo";"2024-08-15";"{QUARTERS[0]} - {QUARTERS[-1]}"',
        "",
        '"DataProperties"',
        '"Position";"ParentID";"Type";"Key";"Title";"Description";"Unit";"Decimals"',
        '"0";"";"Dimension";"BedrijfstakkenBranchesSBI2008";"Bedrijfstakken (SBI 2008)";"";"";""',
        '"1";"";"TimeDimension";"Perioden";"Perioden";"";"";""',
        '"2";"";"Topic";"OpenstaandeVacatures_1";"Openstaande vacatures";"";"x 1 000";"1"',
        '"3";"";"Topic";"Ziekteverzuimpercentage_2";"Ziekteverzuimpercentage";"";"%";"1"',
        "",
        '"BedrijfstakkenBranchesSBI2008"',
        '"Key";"Title";"Description";"CategoryGroupID"',
        *(f'"{code}";"{label}";"";""' for code, label, _f in SECTORS),
    ]
    return "\ufeff" + "\n".join(rows) + "\n", "\n".join(meta) + "\n"


def _jobs_file(rng: random.Random) -> tuple[str, str]:
    rows = [
        '"ID";"Baankenmerken";"BedrijfstakkenBranchesSBI2008";"Perioden";"Banen_1";'
        '"AandeelWerknemers55JaarOfOuder_2"'
    ]
    number = 0
    years = ["2020JJ00", "2021JJ00", "2022JJ00", "2023JJ00"]
    for age_code, _age in AGES:
        share = {"T009002": 1.0, "A025303": 0.14, "A025305": 0.42, "A025306": 0.22}.get(
            age_code, 0.22
        )
        for code, _label, factor in SECTORS[:10]:
            base = 8000.0 if code == "T001081" else 90.0 * factor
            for index, year in enumerate(years):
                jobs = base * share * (1 + 0.012 * index + rng.uniform(-0.01, 0.01))
                older = 21.0 * factor + 0.6 * index + rng.uniform(-0.3, 0.3)
                older_text = f"{older:.1f}" if age_code == "T009002" else "."
                rows.append(f"{number};{age_code};{code:<8};{year};{jobs:>9.1f};{older_text:>6}")
                number += 1
    meta = [
        '"TableInfos"',
        '"Title";"ShortTitle";"Identifier";"Summary";"Modified";"Period"',
        '"Banen van werknemers; leeftijd, bedrijfstak (demodata, fictieve cijfers)";"Banen";'
        '"DEMO-BANEN";"Fictieve cijfers voor de demo";"2024-08-15";"2020 - 2023"',
        "",
        '"DataProperties"',
        '"Position";"ParentID";"Type";"Key";"Title";"Description";"Unit";"Decimals"',
        '"0";"";"Dimension";"Baankenmerken";"Leeftijd";"";"";""',
        '"1";"";"Dimension";"BedrijfstakkenBranchesSBI2008";"Bedrijfstakken (SBI 2008)";"";"";""',
        '"2";"";"TimeDimension";"Perioden";"Perioden";"";"";""',
        '"3";"";"Topic";"Banen_1";"Banen van werknemers";"";"x 1 000";"1"',
        '"4";"";"Topic";"AandeelWerknemers55JaarOfOuder_2";"Aandeel werknemers van 55 jaar of'
        ' ouder";"";"%";"1"',
        "",
        '"Baankenmerken"',
        '"Key";"Title";"Description";"CategoryGroupID"',
        *(f'"{code}";"{label}";"";""' for code, label in AGES),
        "",
        '"BedrijfstakkenBranchesSBI2008"',
        '"Key";"Title";"Description";"CategoryGroupID"',
        *(f'"{code}";"{label}";"";""' for code, label, _f in SECTORS[:10]),
    ]
    return "\n".join(rows) + "\n", "\n".join(meta) + "\n"


def load(user: User | None = None) -> list[ImportReport]:
    """Import both demo tables; running it again changes nothing (same file, same hash).
    '43.2 Bouwinstallatie' is mapped to installation technology by hand, as a coordinator
    would on the mapping screen; '43 Gespecialiseerde bouw' is left for the demo to map."""
    installers = Sector.objects.filter(slug="installatietechniek").first()
    if installers is not None:
        sector_code_map(code="305100", sector=installers)
    reports = []
    for make in (_vacancies_file, _jobs_file):
        data, meta = make(random.Random(make.__name__))  # noqa: S311 - made-up figures
        with tempfile.TemporaryDirectory() as folder:
            data_path, meta_path = Path(folder) / "data.csv", Path(folder) / "meta.csv"
            data_path.write_text(data, encoding="utf-8")
            meta_path.write_text(meta, encoding="utf-8")
            reports.append(
                dataset_import(
                    path=data_path,
                    metadata_path=meta_path,
                    source=SOURCE,
                    publisher="Praktijktafel",
                    licence="Fictieve cijfers, alleen voor de demo",
                    user=user,
                )
            )
    return reports
