"""The importer on small CBS-shaped files that cover every quirk, and on our tidy shape."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from sectordata.importing.numbers import NotANumber, cbs_number, dutch_number
from sectordata.models import Dataset, DimensionValue, Figure, Indicator
from sectordata.periods import parse_period
from sectordata.services import dataset_import
from tests.sectordata.helpers import fixture, values

pytestmark = pytest.mark.django_db


def test_cbs_numbers():
    assert cbs_number("   430.5") == 430.5
    assert cbs_number("     .") is None and cbs_number("") is None
    with pytest.raises(NotANumber):
        cbs_number("12,3,4")


def test_dutch_numbers():
    assert dutch_number("1.500") == 1500
    assert dutch_number("4,8") == 4.8
    assert dutch_number("1.234.567,25") == 1234567.25
    with pytest.raises(NotANumber):
        dutch_number("4.8")


def test_periods():
    assert parse_period("2023KW03")[1].isoformat() == "2023-07-01"
    assert parse_period("2022JJ00") == ("JJ", parse_period("2022JJ00")[1])
    assert parse_period("2024MM05")[1].month == 5
    assert parse_period("2023X000") == ("XX", None)


def test_cbs_with_bom_quotes_padding_missing_and_mixed_periods_with_metadata():
    report = dataset_import(
        path=fixture("cbs_vacatures.csv"), metadata_path=fixture("cbs_vacatures_metadata.csv")
    )
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert dataset.table_id == "80472NED"
    assert dataset.title.startswith("Vacatures en ziekteverzuim")
    indicator = Indicator.objects.get(dataset=dataset, code="OpenstaandeVacatures_1")
    assert indicator.unit == "x 1 000" and indicator.decimals == 1
    # trailing spaces stripped, padded numbers read, '.' is missing (not stored)
    assert values(dataset, "OpenstaandeVacatures_1", "301000") == {
        "2022JJ00": 30.2,
        "2023KW02": 29.8,
        "2023KW03": 28.1,
        "2023X000": 27.0,
    }
    assert "2023KW02" not in values(dataset, "Ziekteverzuimpercentage_2", "301000")
    # sectors, a total and a size class in one column are told apart
    kinds = dict(DimensionValue.objects.filter(dataset=dataset).values_list("code", "kind"))
    assert kinds == {"T001081": "total", "301000": "sector", "412000": "sector", "WP10_50": "size"}
    assert DimensionValue.objects.get(dataset=dataset, code="412000").sbi_code == "43"
    # an unknown period code is kept, with a warning; the short Perioden list is noted
    assert any("2023X000" in w for w in report.warnings)
    assert any("metadatabestand" in w for w in report.warnings)
    assert report.rows_skipped == ["rij 11: alle waarden ontbreken"]
    assert report.periods[0] == "2022JJ00"


def test_cbs_unquoted_without_bom_and_empty_missing_without_metadata():
    report = dataset_import(path=fixture("cbs_unquoted.csv"), table_id="82575NED")
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert values(dataset, "OpenstaandeVacatures_1", "301000") == {
        "2023KW03": 28.1,
        "2024MM05": 26.0,
    }
    assert report.rows_imported == 2 and len(report.rows_skipped) == 1


def test_every_dimension_is_kept():
    report = dataset_import(path=fixture("cbs_two_dimensions.csv"), table_id="81431NED")
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert dataset.dimensions == ["Baankenmerken", "BedrijfstakkenBranchesSBI2008"]
    assert Figure.objects.filter(dataset=dataset).count() == 4  # nothing summed away
    figure = Figure.objects.get(dataset=dataset, dim1__code="A045673", dim2__code="412000")
    assert figure.value == 40


def test_a_bad_number_refuses_the_whole_file_and_says_where():
    report = dataset_import(path=fixture("cbs_bad_numbers.csv"))
    assert report.status == "refused"
    assert "rij 3, kolom OpenstaandeVacatures_1: '12,3,4' is geen getal" in report.errors
    assert any(e.startswith("rij 4,") and "'abc'" in e for e in report.errors)
    assert Dataset.objects.count() == 0 and Figure.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "leeg"),
    ],
)
def test_files_refused_as_a_whole(name, message):
    report = dataset_import(path=fixture(name))
    assert report.status == "refused"
    assert message in " ".join(report.errors)


def test_a_comma_separated_cbs_file_is_read_not_refused():
    # Issue 17: the delimiter is detected, not demanded (this file was refused before).
    report = dataset_import(path=fixture("cbs_comma.csv"), table_id="80472NED")
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert values(dataset, "OpenstaandeVacatures_1", "301000") == {"2023KW03": 28.1}


def test_not_csv_or_xlsx(tmp_path):
    path = tmp_path / "foto.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    assert "geen CSV- of XLSX" in " ".join(dataset_import(path=path).errors)


def test_importing_the_same_file_again_changes_nothing():
    first = dataset_import(path=fixture("cbs_unquoted.csv"), table_id="82575NED")
    count = Figure.objects.count()
    again = dataset_import(path=fixture("cbs_unquoted.csv"), table_id="82575NED")
    assert again.status == "unchanged" and again.dataset_id == first.dataset_id
    assert Figure.objects.count() == count and Dataset.objects.count() == 1


def test_a_newer_version_replaces_the_old_figures(tmp_path):
    first = dataset_import(path=fixture("cbs_unquoted.csv"), table_id="82575NED")
    newer = tmp_path / "newer.csv"
    newer.write_text(fixture("cbs_unquoted.csv").read_text().replace("28.1", "29.9"))
    second = dataset_import(path=newer, table_id="82575NED")
    assert second.status == "imported"
    old, new = Dataset.objects.get(pk=first.dataset_id), Dataset.objects.get(pk=second.dataset_id)
    assert not old.is_current and new.is_current
    assert not Figure.objects.filter(dataset=old).exists()
    assert values(new, "OpenstaandeVacatures_1", "301000")["2023KW03"] == 29.9


def test_tidy_csv_with_dutch_numbers(sector):
    from praktijktafel.models import Sector

    Sector.objects.create(
        name="Installatietechniek", slug="installatietechniek", sbi_codes=["43.22"]
    )
    report = dataset_import(path=fixture("tidy.csv"), title="Eigen cijfers")
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert values(dataset, "openstaande-vacatures", "bouw") == {
        "2023KW03": 1500.0,
        "2023KW04": 1620.0,
    }
    assert values(dataset, "ziekteverzuim", "bouw") == {"2023JJ00": 4.8}
    assert values(dataset, "openstaande-vacatures", "installatietechniek") == {"2023KW04": 2100}
    assert "UWV" in dataset.source


def test_tidy_periods_in_the_spellings_people_type(tmp_path, sector):
    path = _xlsx(
        tmp_path / "kwartalen.xlsx",
        [
            ["sector", "indicator", "period", "value"],
            ["Bouw", "Banen", "2023 K1", 1],
            ["Bouw", "Banen", "2023-q2", 2],
            ["Bouw", "Banen", "2023KW03", 3],
            ["Bouw", "Banen", "2023K4", 4],
            ["Bouw", "Banen", "2023", 5],
        ],
    )
    report = dataset_import(path=path)
    assert report.status == "imported", report.errors
    assert values(Dataset.objects.get(pk=report.dataset_id), "banen", "bouw") == {
        "2023KW01": 1,
        "2023KW02": 2,
        "2023KW03": 3,
        "2023KW04": 4,
        "2023JJ00": 5,
    }


def test_tidy_errors_name_row_and_column(sector):
    report = dataset_import(path=fixture("tidy_bad.csv"))
    assert report.status == "refused"
    text = " ".join(report.errors)
    assert "rij 2, kolom value: '4.8' is geen getal" in text
    assert "rij 3, kolom sector: 'Scheepsbouw' is geen bekende sector" in text


def _xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_tidy_xlsx(tmp_path, sector):
    path = _xlsx(
        tmp_path / "cijfers.xlsx",
        [
            ["sector", "indicator", "period", "value", "unit", "source"],
            ["Bouw", "Banen", "2023", 1500, "aantal", "CBS"],
            ["bouw", "Banen", "2022", "1.450", "aantal", "CBS"],
        ],
    )
    report = dataset_import(path=path)
    assert report.status == "imported", report.errors
    assert values(Dataset.objects.get(pk=report.dataset_id), "banen", "bouw") == {
        "2023JJ00": 1500.0,
        "2022JJ00": 1450.0,
    }


def test_xlsx_with_formulas_is_refused(tmp_path, sector):
    path = _xlsx(
        tmp_path / "formule.xlsx",
        [
            ["sector", "indicator", "period", "value"],
            ["Bouw", "Banen", "2023", "=SUM(1,2)"],
        ],
    )
    report = dataset_import(path=path)
    assert report.status == "refused"
    assert "formules zijn niet toegestaan" in " ".join(report.errors)


def test_xlsx_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    report = dataset_import(path=path)
    assert report.status == "refused"
    assert "verdacht groot" in " ".join(report.errors)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from sectordata.importing import reading

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    report = dataset_import(path=fixture("cbs_vacatures.csv"))
    assert report.status == "refused" and "grens" in " ".join(report.errors)


def test_many_new_dimension_values_without_metadata_refill_the_ids_mid_stream(tmp_path):
    # Without metadata every key is new; more keys than the ids reserved up front make the
    # writer close its COPY, reserve more ids and open a new one, without losing a figure.
    from sectordata.importing import writing

    path = tmp_path / "80000NED.csv"
    lines = ['"ID";"Bedrijfstakken";"Perioden";"Banen_1"']
    for number in range(3 * writing.ID_BLOCK):
        lines.append(f'"{number}";"K{number:05d} ";"2023KW0{number % 4 + 1}";"  {number}.5"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = dataset_import(path=path)
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert DimensionValue.objects.filter(dataset=dataset).count() == 3 * writing.ID_BLOCK
    figures = Figure.objects.filter(dataset=dataset).select_related("dim1")
    assert len(figures) == 3 * writing.ID_BLOCK
    assert all(f.value == int(f.dim1.code[1:]) + 0.5 for f in figures)


def test_when_the_database_refuses_the_copy_the_checking_thread_stops_too(monkeypatch):
    import threading

    from django.db import DatabaseError

    from sectordata.importing import writing

    monkeypatch.setattr(writing, "COPY_SQL", "COPY sectordata_no_such_table FROM STDIN")
    with pytest.raises(DatabaseError):
        dataset_import(path=fixture("cbs_vacatures.csv"))
    assert not [t for t in threading.enumerate() if t.name == "sectordata-import"]
    assert not Dataset.objects.exists()
