"""Sector pages, the mapping screen, exports, the commands and the upload page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from praktijktafel.csvfiles import safe_cell
from sectordata import selectors
from sectordata.export import export_rows
from sectordata.importing.numbers import dutch_number
from sectordata.models import Dataset, DimensionValue, Figure, SectorCode
from sectordata.services import dataset_import, sector_code_map, sector_code_unmap
from tests.factories import SectorFactory
from tests.sectordata.helpers import FIXTURES, import_vacatures

pytestmark = pytest.mark.django_db


def test_sbi_codes_on_the_sector_map_by_themselves_and_a_coordinator_maps_the_rest(sector):
    import_vacatures()
    rows = {row.code: row for row in selectors.mapping_rows()}
    assert rows["301000"].sector == sector and not rows["301000"].explicit
    assert rows["412000"].sector is None  # 43 is not on the sector
    assert "WP10_50" not in rows and "T001081" not in rows  # sizes and totals apart
    installers = SectorFactory(name="Installatie", slug="installatie", sbi_codes=["43.2"])
    sector_code_map(code="412000", sector=installers)
    rows = {row.code: row for row in selectors.mapping_rows()}
    assert rows["412000"].sector == installers and rows["412000"].explicit


def test_key_figures_for_the_sector(sector):
    import_vacatures()
    found = {slug: data for slug, _name, data in selectors.key_figures(sector)}
    assert set(found) == {"vacancies", "sick_leave"}  # the data has no jobs or ages
    assert found["vacancies"].latest == 28.1


def test_sector_page_for_members_with_source_and_table(client, ondernemer, sector):
    import_vacatures()
    client.force_login(ondernemer)
    response = client.get(reverse("sectordata:sector", args=[sector.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bron: CBS StatLine, tabel 80472NED" in html
    assert '<table class="chart-table">' in html and 'role="img"' in html
    assert reverse("sectordata:export", args=["80472NED"]) in html


def test_sector_pages_are_not_for_outsiders(client, django_user_model, sector):
    outsider = django_user_model.objects.create_user(email="buiten@example.org")
    assert client.get(reverse("sectordata:sectors")).status_code == 302  # to login
    client.force_login(outsider)
    assert client.get(reverse("sectordata:sector", args=[sector.slug])).status_code == 403


def test_mapping_screen(client, coordinator, facilitator, sector):
    import_vacatures()
    client.force_login(facilitator)
    assert client.get(reverse("sectordata:mapping")).status_code == 403
    client.force_login(coordinator)
    page = client.get(reverse("sectordata:mapping"))
    assert "43 Gespecialiseerde bouw" in page.content.decode()
    client.post(reverse("sectordata:mapping"), {"code": "412000", "sector": sector.pk})
    assert {r.code: r.sector for r in selectors.mapping_rows()}["412000"] == sector
    client.post(reverse("sectordata:mapping"), {"code": "412000", "sector": ""})
    assert {r.code: r.sector for r in selectors.mapping_rows()}["412000"] is None


def test_unmapping_a_code_removes_only_that_code_whatever_its_spacing(sector):
    sector_code_map(code="412000", sector=sector)
    sector_code_map(code="301000", sector=sector)
    assert sector_code_unmap(code=" 412000 ") is True
    assert sector_code_unmap(code="412000") is False  # a second click changes nothing
    assert list(SectorCode.objects.values_list("code", flat=True)) == ["301000"]


def test_round_trip_keeps_every_figure_with_codes_and_labels():
    dataset = dataset_import(path=FIXTURES / "cbs_two_dimensions.csv")
    dataset = Dataset.objects.get(pk=dataset.dataset_id)
    rows = list(export_rows(dataset))
    header, body = rows[0], rows[1:]
    assert header == [
        "Baankenmerken_code",
        "Baankenmerken",
        "BedrijfstakkenBranchesSBI2008_code",
        "BedrijfstakkenBranchesSBI2008",
        "periode",
        "indicator",
        "waarde",
        "eenheid",
    ]
    exported = {(r[0], r[2], r[4]): dutch_number(r[6]) for r in body}
    stored = {
        (f.dim1.code, f.dim2.code, f.period): f.value
        for f in Figure.objects.filter(dataset=dataset).select_related("dim1", "dim2")
    }
    assert exported == stored and len(stored) == 4


def test_cells_that_would_start_a_formula_are_escaped(client, coordinator):
    dataset = import_vacatures()
    DimensionValue.objects.filter(dataset=dataset, code="301000").update(
        label='=HYPERLINK("http://evil.example")'
    )
    assert safe_cell("-1+2") == "'-1+2" and safe_cell("Bouw") == "Bouw"
    client.force_login(coordinator)
    response = client.get(reverse("sectordata:export", args=["80472NED"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert '\'=HYPERLINK("http://evil.example")' in [cell for row in rows for cell in row]
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_import_with_json_summary_then_export(capsys):
    out = io.StringIO()
    call_command(
        "import_sectordata",
        str(FIXTURES / "cbs_vacatures.csv"),
        "--metadata",
        str(FIXTURES / "cbs_vacatures_metadata.csv"),
        "--json",
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    assert summary["status"] == "imported" and summary["table_id"] == "80472NED"
    assert summary["rows_imported"] == 9 and summary["rows_skipped"]
    assert "2023KW03" in summary["periods"] and "sector" in summary["categories"]
    exported = io.StringIO()
    call_command("export_sectordata", "80472NED", "--format", "csv", stdout=exported)
    assert "F Bouwnijverheid;2023KW03;Openstaande vacatures;28,1;x 1 000" in (exported.getvalue())


def test_a_refused_file_fails_the_command_and_imports_nothing():
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_sectordata", str(FIXTURES / "cbs_bad_numbers.csv"), stderr=err)
    assert "rij 3, kolom OpenstaandeVacatures_1: '12,3,4' is geen getal" in err.getvalue()
    assert not Dataset.objects.exists()
    with pytest.raises(CommandError):
        call_command("export_sectordata", "80472NED")


def test_only_coordinators(client, facilitator):
    client.force_login(facilitator)
    assert client.get(reverse("sectordata:datasets")).status_code == 403


def test_upload_shows_the_report(client, coordinator):
    client.force_login(coordinator)
    data = (FIXTURES / "cbs_vacatures.csv").read_bytes()
    meta = (FIXTURES / "cbs_vacatures_metadata.csv").read_bytes()
    response = client.post(
        reverse("sectordata:datasets"),
        {
            "data": SimpleUploadedFile("v.csv", data, "text/csv"),
            "metadata": SimpleUploadedFile("m.csv", meta, "text/csv"),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "80472NED" in html and "Geïmporteerd" in html
    assert Dataset.objects.get().imported_by == coordinator
    # The kinds of values are named in Dutch, not as stored ("sector", "total").
    assert "<dt>Sector (SBI)</dt>" in html
    assert "<dt>sector</dt>" not in html and "<dt>total</dt>" not in html


def test_a_bad_file_shows_what_to_fix_and_saves_nothing(client, coordinator):
    client.force_login(coordinator)
    bad = (FIXTURES / "cbs_bad_numbers.csv").read_bytes()
    response = client.post(
        reverse("sectordata:datasets"),
        {"data": SimpleUploadedFile("bad.csv", bad, "text/csv"), "source": "CBS"},
    )
    assert response.status_code == 422
    assert "rij 3, kolom OpenstaandeVacatures_1" in response.content.decode()
    assert not Dataset.objects.exists()


def test_an_oversize_upload_is_refused_before_it_is_stored(client, coordinator, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    client.force_login(coordinator)
    big = b'"ID";"Perioden";"X_1"\n' + b'"0";"2023KW01";"1"\n' * 2000
    response = client.post(
        reverse("sectordata:datasets"),
        {"source": "keep me", "data": SimpleUploadedFile("big.csv", big, "text/csv")},
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "import_sectordata" in html
    assert 'value="keep me"' in html  # what was typed is kept
    assert not Dataset.objects.exists()
