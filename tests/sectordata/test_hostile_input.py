"""Issue 19, sector-data parts: no number, file or upload stops a worker or gives a 500;
each is a clear Dutch message at import, or a chart that still draws."""

from __future__ import annotations

import io
import math
import time
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sectordata.chartdata import ChartData
from sectordata.charts import ChartSpec, chart_data
from sectordata.models import Dataset
from sectordata.services import dataset_import, sector_code_map
from sectordata.svg import nice_ticks, render
from sessions.services.charts import session_chart_attach
from tests.factories import DimensionValueFactory, FigureFactory, IndicatorFactory, SectorFactory

pytestmark = pytest.mark.django_db

HEADER = '"ID";"BedrijfstakkenBranchesSBI2008";"Perioden";"OpenstaandeVacatures_1"\n'
HUGE_TEXT = "17000" + "0" * 307


def cbs_file(tmp_path, *values: str):
    path = tmp_path / "80472NED.csv"
    rows = [f'"{i}";"301000 ";"2023KW0{i + 1}";"{v}"\n' for i, v in enumerate(values)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (0.0, 1.7e308),
        (-1.7e308, 1.7e308),
        (0.0, 1e308),
        (0.0, 5e-324),
        (5e-324, 5e-324),
        (1e16, 1e16 + 2),  # a step below what a float resolves at this size
        (1.7e308, 1.7e308),
        (-3.0, -3.0),
    ],
)
def test_nice_ticks_end_quickly_for_any_finite_pair(low, high):
    started = time.perf_counter()
    ticks = nice_ticks(low, high)
    assert time.perf_counter() - started < 0.1
    assert 2 <= len(ticks) <= 12 and all(math.isfinite(t) for t in ticks)
    assert ticks[0] <= low and ticks[-1] >= high
    assert ticks == sorted(ticks) and len(set(ticks)) == len(ticks)


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_nice_ticks_refuse_what_is_not_a_number(bad):
    with pytest.raises(ValueError, match="finite"):
        nice_ticks(0.0, bad)


@pytest.mark.parametrize(
    "values", [[1.7e308, 1e308], [5e-324, 5e-324], [-1.7e308, 1.7e308], [1e16, 1e16 + 2]]
)
def test_charts_of_extreme_figures_still_draw(values):
    for kind in ("series", "compare"):
        markup = render(
            ChartData.from_json(
                {
                    "kind": kind,
                    "key": "x",
                    "title": "Extreem",
                    "indicator": "Extreem",
                    "labels": ["2023 K1", "2023 K2"],
                    "values": values,
                    "highlight": 1,
                    "period_label": "2023 K2",
                    "unit": "x 1 000",
                    "decimals": 1,
                }
            )
        )
        assert markup.startswith("<svg") and "inf" not in markup and "nan" not in markup


@pytest.mark.parametrize("text", [HUGE_TEXT, "1e999", "-1E400"])
def test_a_number_beyond_a_float_is_refused_at_import(tmp_path, text):
    report = dataset_import(path=cbs_file(tmp_path, "12.5", text))
    assert report.status == "refused"
    assert "rij 3, kolom OpenstaandeVacatures_1" in report.errors[0]
    assert "te groot voor een cijfer" in report.errors[0]
    assert not Dataset.objects.exists()


def test_huge_and_tiny_figures_import_and_their_pages_and_charts_work(
    tmp_path, client, ondernemer, session, facilitator
):
    bouw = session.sector
    report = dataset_import(path=cbs_file(tmp_path, "1.7e308", "1e308", "5e-324"))
    assert report.status == "imported", report.errors
    sector_code_map(code="301000", sector=bouw)  # no metadata: the code is mapped by hand
    client.force_login(ondernemer)
    started = time.perf_counter()
    response = client.get(reverse("sectordata:sector", args=[bouw.slug]))
    assert response.status_code == 200 and time.perf_counter() - started < 5
    assert response.content.decode().count("<svg") >= 1  # the chart is drawn
    key = ChartSpec(
        "80472NED",
        "OpenstaandeVacatures_1",
        "series",
        (("BedrijfstakkenBranchesSBI2008", "301000"),),
    ).key()
    chart = session_chart_attach(session=session, key=key, user=facilitator)
    assert chart.data["values"] == [1.7e308, 1e308, 5e-324]


def test_a_figure_stored_as_infinity_before_is_left_out_of_the_chart():
    indicator = IndicatorFactory(title="Banen")
    bouw = DimensionValueFactory(dataset=indicator.dataset)
    FigureFactory(indicator=indicator, dim1=bouw, value=12.0)
    FigureFactory(
        indicator=indicator,
        dim1=bouw,
        period="2023KW04",
        period_start=date(2023, 10, 1),
        value=math.inf,
    )
    spec = ChartSpec(
        indicator.dataset.table_id,
        indicator.code,
        "series",
        (("BedrijfstakkenBranchesSBI2008", "301000"),),
    )
    assert chart_data(spec).values == (12.0,)


def test_a_field_over_128_kb_is_refused_quickly(tmp_path):
    path = tmp_path / "lang.csv"
    path.write_text(HEADER + '"0";"301000";"2023KW01";"' + "9" * 200_000 + '"\n', "utf-8")
    started = time.perf_counter()
    report = dataset_import(path=path)
    assert time.perf_counter() - started < 5
    assert report.status == "refused"
    assert "rij 2: een veld is langer dan 128 KB" in report.errors[0]


def test_invalid_utf8_after_the_first_4_kb_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    rows = "".join(f'"{i}";"301000";"2023KW01";"    12.{i % 10}"\n' for i in range(300))
    path.write_bytes(
        (HEADER + rows).encode() + '"300";"Bouw café";"2023KW02";"1"\n'.encode("latin-1")
    )
    assert path.stat().st_size > 8192
    report = dataset_import(path=path)
    assert report.status == "refused"
    assert "geen geldige UTF-8-tekst" in report.errors[0]


def test_a_million_columns_are_refused_fast(tmp_path):
    path = tmp_path / "breed.csv"
    names = ";".join(f'"K{i}"' for i in range(1_000_000))
    path.write_text(f'"ID";"Perioden";{names}\n"0";"2023KW01";' + ";".join(["1"] * 10) + "\n")
    started = time.perf_counter()
    report = dataset_import(path=path)
    assert time.perf_counter() - started < 10
    assert report.status == "refused"
    assert "minstens 8331 kolommen; er kunnen er hoogstens 1000" in report.errors[0]


def _xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_upload_through_the_web_imports(client, coordinator):
    SectorFactory(name="Bouw", slug="bouw", sbi_codes=["F"])
    client.force_login(coordinator)
    content = _xlsx_bytes(
        [
            ["sector", "indicator", "period", "value", "unit"],
            ["Bouw", "Banen", "2023", 1500, "aantal"],
        ]
    )
    response = client.post(
        reverse("sectordata:datasets"),
        {"data": SimpleUploadedFile("cijfers.xlsx", content, "application/vnd.ms-excel")},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert Dataset.objects.get().figure_count == 1


def _with_part(content: bytes, name: str, replace: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, replace if info.filename == name else source.read(info))
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE])
def test_entity_tricks_in_an_xlsx_are_refused_with_a_message(client, coordinator, payload):
    content = _with_part(
        _xlsx_bytes([["sector", "indicator", "period", "value"]]),
        "xl/worksheets/sheet1.xml",
        payload,
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("sectordata:datasets"),
        {"data": SimpleUploadedFile("boos.xlsx", content, "application/octet-stream")},
    )
    assert response.status_code == 422
    assert "documenttypedeclaratie" in response.content.decode()
    assert not Dataset.objects.exists()


def test_a_broken_workbook_is_a_message_not_a_500(tmp_path):
    content = _with_part(
        _xlsx_bytes([["sector"]]), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>"
    )
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(content)
    report = dataset_import(path=path)
    assert report.status == "refused"
    assert "niet te lezen" in report.errors[0]


def test_messages_from_the_checking_thread_are_in_the_readers_language(tmp_path):
    from django.utils import translation

    with translation.override("en"):
        report = dataset_import(path=cbs_file(tmp_path, "12.5", "abc"))
    assert report.errors == ["row 3, column OpenstaandeVacatures_1: 'abc' is not a number"]
