"""Charts, sector pages, the mapping, exports and commands, and charts attached to sessions."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from sectordata import demo, selectors
from sectordata.charts import ChartSpec, change_text, chart_data, describe, source_line
from sectordata.classify import classify
from sectordata.export import export_rows, safe_cell
from sectordata.models import Dataset, DimensionValue, Figure
from sectordata.parsing.numbers import dutch_number
from sectordata.services import dataset_import, sector_code_map
from sectordata.svg import nice_ticks, render
from sessions import pve
from sessions.models import SessionChart
from sessions.selectors.projector import projector
from sessions.selectors.sessions import session_facts
from sessions.services.charts import live_chart_show, session_chart_attach
from sessions.services.live import live_goto, live_start
from tests.factories import SectorFactory

FIXTURES = Path(__file__).parent / "fixtures" / "sectordata"
pytestmark = pytest.mark.django_db


def import_vacatures():
    report = dataset_import(
        path=FIXTURES / "cbs_vacatures.csv", metadata_path=FIXTURES / "cbs_vacatures_metadata.csv"
    )
    assert report.status == "imported", report.errors
    return Dataset.objects.get(pk=report.dataset_id)


def spec(kind="series", indicator="OpenstaandeVacatures_1", code="301000"):
    dim = "BedrijfstakkenBranchesSBI2008"
    return ChartSpec("80472NED", indicator, kind, ((dim, code),), dim if kind == "compare" else "")


class TestClassify:
    def test_sections_divisions_sizes_totals_and_ages(self):
        assert classify("F Bouwnijverheid") == ("sector", "F")
        assert classify("43.21 Elektrotechnische bouwinstallatie") == ("sector", "43.21")
        assert classify("10 tot 50 werkzame personen") == ("size", "")
        assert classify("A-U Alle economische activiteiten")[0] == "total"
        assert classify("15 tot 25 jaar") == ("other", "")  # an age class is not SBI 15


class TestChartData:
    def test_series_uses_one_period_kind_and_knows_a_year_earlier(self, sector):
        import_vacatures()
        data = chart_data(spec())
        # The fixture mixes 2022JJ00 with 2023 quarters; the line shows the quarters only.
        assert data["periods"] == ["2023KW02", "2023KW03"]
        assert data["values"] == [29.8, 28.1]
        assert data["title"] == "Openstaande vacatures, F Bouwnijverheid"
        assert data["unit"] == "x 1 000" and data["decimals"] == 1
        assert source_line(data) == "Bron: CBS StatLine, tabel 80472NED, 2023KW02–2023KW03"

    def test_change_against_a_year_earlier(self):
        data = {
            "latest": 5.5,
            "year_earlier": 6.0,
            "year_earlier_label": "2022 K3",
            "unit": "%",
            "decimals": 1,
        }
        assert change_text(data) == "−0,5 procentpunt t.o.v. 2022 K3"
        data.update(unit="x 1 000", latest=110.0, year_earlier=100.0)
        # Issue 15: thousands are written out, not as "10,0" in "x 1 000".
        assert change_text(data) == "+10.000 (+10,0%) t.o.v. 2022 K3"
        assert change_text({**data, "year_earlier": None}) == ""

    def test_comparison_highlights_the_sector_and_keeps_the_total_for_percentages(self, sector):
        import_vacatures()
        data = chart_data(spec("compare", "Ziekteverzuimpercentage_2"))
        assert data["values"] == [4.9, 5.4]
        assert data["labels"] == ["A-U Alle economische activiteiten", "F Bouwnijverheid"]
        assert data["highlight"] == 1
        assert "size" not in " ".join(data["labels"])  # size classes never become bars

    def test_a_count_comparison_leaves_out_a_total_that_dwarfs_the_sectors(self, sector):
        import_vacatures()
        # Only F and the national total are sections: without the total one bar is left,
        # and a comparison of one bar is no chart.
        assert chart_data(spec("compare")) is None

    def test_a_chart_of_a_table_that_is_gone_has_no_data(self):
        assert chart_data(spec()) is None
        assert ChartSpec.from_key("rubbish") is None

    def test_key_round_trip(self):
        assert ChartSpec.from_key(spec("compare").key()) == spec("compare")


class TestSvg:
    def test_accessible_and_escaped(self):
        data = {
            "kind": "compare",
            "key": "x",
            "title": "<script>alert(1)</script>",
            "indicator": "Verzuim",
            "labels": ["A & B", "<b>C</b>"],
            "values": [4.5, 6.25],
            "highlight": 1,
            "period_label": "2024",
            "unit": "%",
            "decimals": 1,
        }
        markup = render(data)
        assert 'role="img"' in markup and "aria-labelledby=" in markup
        assert "<title id=" in markup and "<desc id=" in markup
        assert "<script>" not in markup and "&lt;script&gt;" in markup
        assert "<b>C</b>" not in markup and "A &amp; B" in markup
        assert 'font-weight="bold"' in markup  # the highlighted bar is not told by colour alone

    def test_line_chart_renders_every_point(self):
        data = {
            "kind": "series",
            "key": "y",
            "title": "Vacatures",
            "indicator": "Vacatures",
            "labels": ["2023 K1", "2023 K2", "2023 K3"],
            "values": [10.0, 12.5, 11.0],
            "unit": "x 1 000",
            "decimals": 1,
        }
        markup = render(data)
        assert markup.count("<circle") == 3
        assert "Het hoogst in 2023 K2" in describe(data)

    def test_ticks_are_round(self):
        assert nice_ticks(0, 28.1) == [0, 10, 20, 30]
        assert nice_ticks(0, 5.8) == [0, 2, 4, 6]


class TestMappingAndSectorPages:
    def test_sbi_codes_on_the_sector_map_by_themselves_and_a_coordinator_maps_the_rest(
        self, sector
    ):
        import_vacatures()
        rows = {row.code: row for row in selectors.mapping_rows()}
        assert rows["301000"].sector == sector and not rows["301000"].explicit
        assert rows["412000"].sector is None  # 43 is not on the sector
        assert "WP10_50" not in rows and "T001081" not in rows  # sizes and totals apart
        installers = SectorFactory(name="Installatie", slug="installatie", sbi_codes=["43.2"])
        sector_code_map(code="412000", sector=installers)
        rows = {row.code: row for row in selectors.mapping_rows()}
        assert rows["412000"].sector == installers and rows["412000"].explicit

    def test_key_figures_for_the_sector(self, sector):
        import_vacatures()
        found = {slug: data for slug, _name, data in selectors.key_figures(sector)}
        assert set(found) == {"vacancies", "sick_leave"}  # the data has no jobs or ages
        assert found["vacancies"]["latest"] == 28.1

    def test_sector_page_for_members_with_source_and_table(self, client, ondernemer, sector):
        import_vacatures()
        client.force_login(ondernemer)
        response = client.get(reverse("sectordata:sector", args=[sector.slug]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bron: CBS StatLine, tabel 80472NED" in html
        assert '<table class="chart-table">' in html and 'role="img"' in html
        assert reverse("sectordata:export", args=["80472NED"]) in html

    def test_sector_pages_are_not_for_outsiders(self, client, django_user_model, sector):
        outsider = django_user_model.objects.create_user(email="buiten@example.org")
        assert client.get(reverse("sectordata:sectors")).status_code == 302  # to login
        client.force_login(outsider)
        assert client.get(reverse("sectordata:sector", args=[sector.slug])).status_code == 403

    def test_mapping_screen(self, client, coordinator, facilitator, sector):
        import_vacatures()
        client.force_login(facilitator)
        assert client.get(reverse("sectordata:mapping")).status_code == 403
        client.force_login(coordinator)
        page = client.get(reverse("sectordata:mapping"))
        assert "43 Gespecialiseerde bouw" in page.content.decode()
        client.post(reverse("sectordata:mapping"), {"code": "412000", "sector": sector.pk})
        assert {r.code: r.sector for r in selectors.mapping_rows()}["412000"] == sector


class TestExport:
    def test_round_trip_keeps_every_figure_with_codes_and_labels(self):
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

    def test_cells_that_would_start_a_formula_are_escaped(self, client, coordinator):
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


class TestCommands:
    def test_import_with_json_summary_then_export(self, capsys):
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
        assert "F Bouwnijverheid;2023KW03;Openstaande vacatures;28,1;x 1 000" in (
            exported.getvalue()
        )

    def test_a_refused_file_fails_the_command_and_imports_nothing(self):
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_sectordata", str(FIXTURES / "cbs_bad_numbers.csv"), stderr=err)
        assert "rij 3, kolom OpenstaandeVacatures_1: '12,3,4' is geen getal" in err.getvalue()
        assert not Dataset.objects.exists()
        with pytest.raises(CommandError):
            call_command("export_sectordata", "80472NED")


class TestUploadPage:
    def test_only_coordinators(self, client, facilitator):
        client.force_login(facilitator)
        assert client.get(reverse("sectordata:datasets")).status_code == 403

    def test_upload_shows_the_report(self, client, coordinator):
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

    def test_a_bad_file_shows_what_to_fix_and_saves_nothing(self, client, coordinator):
        client.force_login(coordinator)
        bad = (FIXTURES / "cbs_bad_numbers.csv").read_bytes()
        response = client.post(
            reverse("sectordata:datasets"),
            {"data": SimpleUploadedFile("bad.csv", bad, "text/csv"), "source": "CBS"},
        )
        assert response.status_code == 422
        assert "rij 3, kolom OpenstaandeVacatures_1" in response.content.decode()
        assert not Dataset.objects.exists()

    def test_an_oversize_upload_is_refused_before_it_is_stored(self, client, coordinator, settings):
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


class TestSessionCharts:
    def test_attach_freezes_the_data_against_a_newer_import(
        self, session, facilitator, sector, tmp_path
    ):
        import_vacatures()
        key = spec().key()
        chart = session_chart_attach(session=session, key=key, user=facilitator)
        assert chart.data["values"] == [29.8, 28.1]
        newer = (FIXTURES / "cbs_vacatures.csv").read_text(encoding="utf-8-sig")
        newer = newer.replace('"    28.1"', '"    99.9"')
        path = tmp_path / "newer.csv"
        path.write_text(newer, encoding="utf-8")
        report = dataset_import(path=path, metadata_path=FIXTURES / "cbs_vacatures_metadata.csv")
        assert report.status == "imported"
        assert chart_data(spec())["values"][-1] == 99.9  # the table moved on...
        chart.refresh_from_db()
        assert chart.data["values"] == [29.8, 28.1]  # ...what the session shows did not

    def test_attaching_twice_is_one_chart_and_four_is_too_many(self, session, facilitator):
        demo.load()
        options = [o.key for o in selectors.chart_options(session.sector)][:4]
        assert len(options) == 4
        first = session_chart_attach(session=session, key=options[0], user=facilitator)
        again = session_chart_attach(session=session, key=options[0], user=facilitator)
        assert first.pk == again.pk
        for key in options[1:3]:
            session_chart_attach(session=session, key=key, user=facilitator)
        with pytest.raises(ValidationError, match="hoogstens 3"):
            session_chart_attach(session=session, key=options[3], user=facilitator)
        assert SessionChart.objects.filter(session=session).count() == 3

    def test_pve_sector_data_rule_follows_the_charts(self, session, facilitator, sector):
        assert session_facts(session).chart_count is None  # nothing imported at all
        import_vacatures()
        assert pve.sector_data_first(session_facts(session)).is_warning
        session_chart_attach(session=session, key=spec().key(), user=facilitator)
        assert pve.sector_data_first(session_facts(session)).level == pve.Level.PASS

    def test_planning_page_attach_and_remove(self, client, session, facilitator, ondernemer):
        import_vacatures()
        client.force_login(facilitator)
        page = client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
        assert spec().key() in page
        url = reverse("sessions:chart_attach", args=[session.pk])
        client.post(url, {"chart": spec().key()}, HTTP_HX_REQUEST="true")
        chart = SessionChart.objects.get(session=session)
        client.post(reverse("sessions:chart_detach", args=[session.pk, chart.pk]))
        assert not SessionChart.objects.filter(session=session).exists()
        client.force_login(ondernemer)
        assert client.post(url, {"chart": spec().key()}).status_code == 404

    def test_projector_shows_the_chosen_chart_in_phase_three(self, session, facilitator):
        demo.load()
        figures = selectors.key_figures(session.sector)
        for _slug, _name, data in figures[:2]:
            session_chart_attach(session=session, key=data["key"], user=facilitator)
        live_start(session=session)
        assert projector(session=session).chart is None  # phase 1
        knowledge = session.phases.get(kind="knowledge")
        live_goto(session=session, phase=knowledge)
        view = projector(session=session)
        assert view.chart["key"] == figures[0][2]["key"] and view.chart_total == 2
        live_chart_show(session=session, index=1)
        assert projector(session=session).chart["key"] == figures[1][2]["key"]


def test_demo_sector_data_is_made_up_and_says_so(sector):
    member_sector = SectorFactory(slug="installatietechniek", sbi_codes=["43.22"])
    reports = demo.load()
    assert [r.status for r in reports] == ["imported", "imported"]
    assert all("fictieve cijfers" in d.source for d in Dataset.objects.all())
    assert {s.slug for s in selectors.sectors_with_data()} >= {sector.slug, member_sector.slug}
    assert [r.status for r in demo.load()] == ["unchanged", "unchanged"]


def test_the_chart_picker_offers_only_combinations_with_figures(session):
    """'Share of workers aged 55 or older (15 to 25 years)' has no figures: not offered."""
    demo.load()
    options = selectors.chart_options(session.sector)
    series = [o for o in options if "|series|" in o.key]
    assert series
    empty = [o.label for o in series if chart_data(ChartSpec.from_key(o.key)) is None]
    assert empty == []
    assert all(o.indicator and o.detail for o in options)


def test_a_change_that_rounds_to_nothing_has_no_minus_sign():
    data = {
        "latest": 5.44,
        "year_earlier": 5.46,
        "year_earlier_label": "2022 K3",
        "unit": "%",
        "decimals": 1,
    }
    assert change_text(data) == "±0,0 procentpunt t.o.v. 2022 K3"


def test_thousands_are_written_out_not_as_x_1000():
    from sectordata.charts import shown_unit, with_unit

    data = {"unit": "x 1 000", "decimals": 1}
    assert with_unit(15.2, data) == "15.200"
    assert shown_unit(data) == ""
    data = {"unit": "x 1 000", "decimals": 1, "latest": 110.0, "year_earlier": 100.0}
    assert change_text({**data, "year_earlier_label": "2022 K3"}) == (
        "+10.000 (+10,0%) t.o.v. 2022 K3"
    )
    assert with_unit(4.8, {"unit": "personen", "decimals": 1}) == "4,8 personen"
