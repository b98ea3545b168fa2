"""Issue 17: CBS files in the shapes CBS really delivers (see docs/sectordata.md, "The real
shapes"): the StatLine download with its metadata file, and the open-data API's
TypedDataSet as common tools write it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sectordata import selectors
from sectordata.charts import ChartSpec, chart_data
from sectordata.importing.metadata import read_metadata
from sectordata.models import Dataset, DimensionValue, Figure, Indicator
from sectordata.services import dataset_import
from tests.factories import SectorFactory
from tests.sectordata.helpers import fixture, values

pytestmark = pytest.mark.django_db

DIM = "Bedrijfskenmerken"


def import_statline(**kwargs):
    report = dataset_import(
        path=fixture("statline_80472NED_data.csv"),
        metadata_path=fixture("statline_80472NED_metadata.csv"),
        **kwargs,
    )
    assert report.status == "imported", report.errors
    return report, Dataset.objects.get(pk=report.dataset_id)


def test_the_metadata_file_without_blank_lines_gives_every_section():
    meta = read_metadata(fixture("statline_80472NED_metadata.csv").read_text("utf-8-sig"))
    assert meta.table_id == "80472NED"
    assert meta.title == "Vacatures; SBI 2008, bedrijfsgrootte"
    assert meta.modified == "2024-06-14T02:00:00"
    assert "CC BY 4.0" in meta.attribution
    assert meta.dimensions == [DIM] and meta.time_dimension == "Perioden"
    assert {k: (t.title, t.unit, t.decimals) for k, t in meta.topics.items()} == {
        "OpenstaandeVacatures_1": ("Openstaande vacatures", "x 1 000", 1),
        "OntstaneVacatures_2": ("Ontstane vacatures", "x 1 000", 1),
        "Vacaturegraad_3": ("Vacaturegraad", "per 1 000 banen", 0),
    }
    assert meta.labels[DIM]["WP10_100"] == "10 tot 100 werkzame personen"
    assert meta.labels["Perioden"]["2010X000"] == "2010 (oude methode)"
    assert "2024KW02" not in meta.labels["Perioden"]  # the list stops a quarter early


def test_statline_download_with_its_metadata_imports_labels_units_and_kinds():
    report, dataset = import_statline()
    assert (dataset.table_id, dataset.title) == ("80472NED", "Vacatures; SBI 2008, bedrijfsgrootte")
    assert dataset.licence.startswith("© CBS") and dataset.source_modified.startswith("2024-06-14")
    indicator = Indicator.objects.get(dataset=dataset, code="OpenstaandeVacatures_1")
    assert (indicator.title, indicator.unit, indicator.decimals) == (
        "Openstaande vacatures",
        "x 1 000",
        1,
    )
    stored = DimensionValue.objects.filter(dataset=dataset)
    found = {v.code: (v.label, v.kind, v.sbi_code) for v in stored}
    assert found == {
        "T001081": ("A-U Alle economische activiteiten", "total", "A-U"),
        "301000": ("F Bouwnijverheid", "sector", "F"),
        "302000": ("41 Algemene burgerlijke en utiliteitsbouw", "sector", "41"),
        "305100": ("43 Gespecialiseerde bouw", "sector", "43"),
        "354200": ("G Handel", "sector", "G"),
        "WP10_100": ("10 tot 100 werkzame personen", "size", ""),
        "WP100_": ("100 of meer werkzame personen", "size", ""),
    }
    # padded numbers, padded dots, trailing-space keys, JJ00 between KW rows, X000 kept
    bouw = values(dataset, "OpenstaandeVacatures_1", "301000")
    assert bouw["2023KW01"] == 31.2 and bouw["2023JJ00"] == 32.4 and bouw["2010X000"] == 30.6
    assert "2010X000" not in values(dataset, "OntstaneVacatures_2", "354200")
    assert dataset.period_labels["2010X000"] == "2010 (oude methode)"
    assert any("2010X000" in w and "2010 (oude methode)" in w for w in report.warnings)
    assert report.rows_skipped[0] == "rij 32: alle waarden ontbreken"
    assert len(report.rows_skipped) == 5  # and the size classes, which start in 2023
    assert any("2024KW02" in w and "metadatabestand" in w for w in report.warnings)
    assert not report.labels_are_codes


def test_the_api_typed_dataset_as_pandas_writes_it():
    report = dataset_import(path=fixture("api_80472NED_typed_pandas.csv"))
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert dataset.table_id == "80472NED"  # from the file's name
    bouw = values(dataset, "OpenstaandeVacatures_1", "301000")
    assert bouw["2023KW01"] == 31.2 and bouw["2010X000"] == 30.6
    assert "2010X000" not in values(dataset, "OntstaneVacatures_2", "354200")  # empty: missing
    assert report.labels_are_codes  # no metadata: the report says so and links the mapping
    assert set(DimensionValue.objects.filter(dataset=dataset).values_list("code", flat=True)) == {
        "T001081",
        "301000",
        "302000",
        "305100",
        "354200",
        "WP10_100",
        "WP100_",
    }


def test_the_api_csv_with_the_statline_metadata_gets_the_same_labels():
    report = dataset_import(
        path=fixture("api_80472NED_typed_pandas.csv"),
        metadata_path=fixture("statline_80472NED_metadata.csv"),
    )
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    label = DimensionValue.objects.get(dataset=dataset, code="WP100_")
    assert (label.label, label.kind) == ("100 of meer werkzame personen", "size")
    assert Indicator.objects.get(dataset=dataset, code="Vacaturegraad_3").unit == "per 1 000 banen"


def test_the_semicolon_api_variant_with_padded_dots_and_two_dimensions():
    report = dataset_import(path=fixture("api_81431NED_typed_semicolon.csv"))
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert dataset.table_id == "81431NED"
    assert dataset.dimensions == ["Baankenmerken", "BedrijfstakkenBranchesSBI2008"]
    assert Figure.objects.filter(dataset=dataset).count() == 8
    older = Figure.objects.get(
        dataset=dataset, dim1__code="A025307", dim2__code="301000", period="2022JJ00"
    )
    assert older.value == 98.0
    assert report.rows_skipped == ["rij 7: alle waarden ontbreken"]


def test_a_broken_real_file_still_gets_the_row_and_column_report():
    report = dataset_import(
        path=fixture("statline_80472NED_broken.csv"),
        metadata_path=fixture("statline_80472NED_metadata.csv"),
    )
    assert report.status == "refused"
    assert report.errors[0].startswith("rij 5: 5 kolommen, verwacht 6")
    assert "rij 11, kolom OpenstaandeVacatures_1: '3O.0' is geen getal" in report.errors
    assert not Dataset.objects.exists()


def test_metadata_that_yields_no_labels_or_units_is_an_error(tmp_path):
    useless = tmp_path / "metadata.csv"
    useless.write_text('"TableInfos"\nID;Title;Identifier\n"0";"Iets";"80472NED"\n', "utf-8")
    report = dataset_import(path=fixture("statline_80472NED_data.csv"), metadata_path=useless)
    assert report.status == "refused"
    assert "geen labels, titels of eenheden" in report.errors[0]
    data_as_metadata = dataset_import(
        path=fixture("statline_80472NED_data.csv"),
        metadata_path=fixture("cbs_vacatures.csv"),
    )
    assert data_as_metadata.status == "refused"
    assert not Dataset.objects.exists()


def test_metadata_of_another_table_is_an_error():
    report = dataset_import(
        path=fixture("api_81431NED_typed_semicolon.csv"),
        metadata_path=fixture("statline_80472NED_metadata.csv"),
    )
    assert report.status == "refused"
    assert "hoort niet bij dit bestand" in report.errors[0]


def test_a_series_break_period_is_kept_labelled_and_never_plotted():
    SectorFactory(name="Bouw", slug="bouw", sbi_codes=["F"])
    _report, dataset = import_statline()
    spec = ChartSpec(dataset.table_id, "OpenstaandeVacatures_1", "series", ((DIM, "301000"),))
    data = chart_data(spec)
    assert "2010X000" not in data.periods and "2010JJ00" not in data.periods
    assert data.periods[-1] == "2024KW02" and data.unit == "x 1 000"
    assert data.decimals == 1
    only_x = Figure.objects.filter(dataset=dataset, dim1__code="354200").exclude(period="2010X000")
    only_x.delete()
    spec = ChartSpec(dataset.table_id, "OpenstaandeVacatures_1", "series", ((DIM, "354200"),))
    assert chart_data(spec) is None  # a line of 'other' periods is no time series


def test_size_classes_are_never_a_sector_and_sbi_codes_find_our_sectors():
    bouw = SectorFactory(name="Bouw", slug="bouw", sbi_codes=["F", "41"])
    import_statline()
    rows = {row.code: row for row in selectors.mapping_rows()}
    assert set(rows) == {"301000", "302000", "305100", "354200"}
    assert rows["301000"].sector == bouw and rows["302000"].sector == bouw
    assert rows["354200"].sector is None
    compare = ChartSpec("80472NED", "Vacaturegraad_3", "compare", ((DIM, "301000"),), DIM)
    data = chart_data(compare)
    assert data.labels[0] == "A-U Alle economische activiteiten"  # the all-sectors total
    assert not any("werkzame personen" in label for label in data.labels)


def test_the_sector_page_shows_labels_units_decimals_and_the_attribution(client, ondernemer):
    bouw = SectorFactory(name="Bouw", slug="bouw", sbi_codes=["F"])
    import_statline()
    client.force_login(ondernemer)
    html = client.get(reverse("sectordata:sector", args=[bouw.slug])).content.decode()
    assert "Openstaande vacatures, F Bouwnijverheid" in html
    # The unit "x 1 000" with one decimal, from the metadata: 34,8 thousand is written out
    # (issue 15: "15.200", never "15,2 (x 1 000)"), so no "× 1.000" is left to read.
    assert "34.800" in html and "34,8" not in html
    assert "× 1.000" not in html and "x 1 000" not in html
    assert "© CBS, Den Haag/Heerlen" in html


def test_without_metadata_the_report_says_labels_are_codes_and_links_the_mapping(
    client, coordinator
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    data = fixture("api_80472NED_typed_pandas.csv").read_bytes()
    response = client.post(
        reverse("sectordata:datasets"),
        {"data": SimpleUploadedFile("80472NED_TypedDataSet.csv", data, "text/csv")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "labels zijn de codes" in html
    assert reverse("sectordata:mapping") in html.split('id="report"', 1)[1]


def test_the_command_says_labels_are_codes_without_metadata():
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("import_sectordata", str(fixture("api_81431NED_typed_semicolon.csv")), stdout=out)
    assert "de labels zijn de codes" in out.getvalue()
    assert "/sectordata/koppeling/" in out.getvalue()


def test_the_chart_as_the_pdf_and_projector_show_it_has_unit_decimals_and_attribution():
    from django.template.loader import render_to_string

    SectorFactory(name="Bouw", slug="bouw", sbi_codes=["F"])
    import_statline()
    spec = ChartSpec("80472NED", "OpenstaandeVacatures_1", "series", ((DIM, "301000"),))
    html = render_to_string("sectordata/_chart.html", {"data": chart_data(spec)})
    assert "Openstaande vacatures" in html and "34.800" in html
    assert "× 1.000" not in html  # written out, on the axis and in the table
    assert "2024 K2" in html and "2010" not in html.split("<table", 1)[1]
    assert "© CBS, Den Haag/Heerlen" in html and "tabel 80472NED" in html


def test_without_metadata_the_codes_can_be_mapped_and_then_show_on_the_sector_page(
    client, coordinator
):
    bouw = SectorFactory(name="Bouw", slug="bouw", sbi_codes=["F"])
    dataset_import(path=fixture("api_80472NED_typed_pandas.csv"))
    rows = {row.code: row for row in selectors.mapping_rows()}
    assert "301000" in rows and rows["301000"].sector is None
    assert not any(code.startswith("WP") for code in rows)  # size classes, known by their key
    client.force_login(coordinator)
    assert "301000" in client.get(reverse("sectordata:mapping")).content.decode()
    client.post(reverse("sectordata:mapping"), {"code": "301000", "sector": bouw.pk})
    assert bouw in selectors.sectors_with_data()
    html = client.get(reverse("sectordata:sector", args=[bouw.slug])).content.decode()
    assert "OpenstaandeVacatures_1" in html and "<svg" in html


def test_a_lower_case_identifier_in_the_metadata_is_the_same_table(tmp_path):
    lower = tmp_path / "metadata.csv"
    text = (
        fixture("statline_80472NED_metadata.csv").read_bytes().replace(b'"80472NED"', b'"80472ned"')
    )
    lower.write_bytes(text)
    first = dataset_import(path=fixture("api_80472NED_typed_pandas.csv"))
    second = dataset_import(path=fixture("statline_80472NED_data.csv"), metadata_path=lower)
    assert first.table_id == second.table_id == "80472NED"
    assert Dataset.objects.get(is_current=True).pk == second.dataset_id
