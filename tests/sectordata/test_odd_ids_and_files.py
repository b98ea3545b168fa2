"""Table ids and codes with any character, formula-like column names in the export, and
XLSX parts in every encoding an XML parser reads."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sectordata.charts import ChartSpec
from sectordata.importing.problems import FileRefused
from sectordata.importing.reading import check_xlsx
from sectordata.models import Dataset
from sectordata.periods import parse_period
from sectordata.services import dataset_import
from tests.sectordata.helpers import import_vacatures

pytestmark = pytest.mark.django_db

ODD_IDS = [
    "RT/2",
    "tabel met spaties",
    "Ünïcødé–tabel",
    "a|b,c=d",
    "100%",
    "x?y#z",
    '"q"',
    "a/../b",
]


@pytest.mark.parametrize("table_id", ODD_IDS)
def test_an_odd_table_id_keeps_every_page_up_and_downloads(
    client, ondernemer, coordinator, sector, table_id
):
    dataset = import_vacatures()
    Dataset.objects.filter(pk=dataset.pk).update(table_id=table_id)
    url = reverse("sectordata:export", args=[table_id])
    client.force_login(ondernemer)
    page = client.get(reverse("sectordata:sector", args=[sector.slug]))
    assert page.status_code == 200
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert (
        b"".join(download.streaming_content)
        .decode("utf-8-sig")
        .startswith("BedrijfstakkenBranchesSBI2008_code")
    )
    assert "\n" not in download["Content-Disposition"]
    client.force_login(coordinator)
    assert client.get(reverse("sectordata:datasets")).status_code == 200


@pytest.mark.parametrize("odd", ["RT|2", "a,b", "x=y", "100%", "RT/2 ü"])
def test_a_chart_key_comes_back_whole_for_any_id_or_code(odd):
    spec = ChartSpec(odd, odd, "compare", (("Dim", odd), (odd, "c")), odd)
    assert ChartSpec.from_key(spec.key()) == spec


def test_the_export_header_row_is_neutralised_too(client, coordinator):
    dataset = import_vacatures()
    formula = '=HYPERLINK("http://evil.example","klik")'
    Dataset.objects.filter(pk=dataset.pk).update(dimensions=[formula])
    client.force_login(coordinator)
    response = client.get(reverse("sectordata:export", args=["80472NED"]))
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0][:2] == ["'" + formula + "_code", "'" + formula]
    assert not any(cell.lstrip().startswith(("=", "+", "@")) for row in rows for cell in row)


def test_negative_figures_stay_numbers_in_the_export(client, coordinator):
    from sectordata.models import Figure

    dataset = import_vacatures()
    Figure.objects.filter(dataset=dataset).update(value=-12.5)
    client.force_login(coordinator)
    response = client.get(reverse("sectordata:export", args=["80472NED"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert ";-12,5;" in text and "'-12,5" not in text


def _workbook(part: bytes, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["sector", "indicator", "period", "value"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, part if info.filename == name else source.read(info))
        if name not in source.namelist():
            target.writestr(name, part)
    return out.getvalue()


ENTITY_SHEET = """<?xml version="1.0" encoding="{encoding}"?>
<!DOCTYPE x [<!ENTITY e "uitgebreid">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    ("codec", "declared", "bom"),
    [
        ("utf-8", "UTF-8", b""),
        ("utf-8", "UTF-8", b"\xef\xbb\xbf"),
        ("utf-16-le", "UTF-16", b""),
        ("utf-16-be", "UTF-16", b""),
        ("utf-16-le", "UTF-16", b"\xff\xfe"),
        ("utf-16-be", "UTF-16", b"\xfe\xff"),
        ("utf-32-le", "UTF-32", b""),
        ("utf-32-be", "UTF-32", b""),
        ("utf-32-le", "UTF-32", b"\xff\xfe\x00\x00"),
        ("utf-32-be", "UTF-32", b"\x00\x00\xfe\xff"),
    ],
)
def test_a_doctype_is_found_in_every_encoding(tmp_path, codec, declared, bom):
    path = tmp_path / "boos.xlsx"
    path.write_bytes(_workbook(bom + ENTITY_SHEET.format(encoding=declared).encode(codec)))
    with pytest.raises(FileRefused, match="documenttypedeclaratie"):
        check_xlsx(path)


def test_a_doctype_after_a_comment_that_looks_like_an_element_is_found(tmp_path):
    sheet = ENTITY_SHEET.format(encoding="UTF-8").replace("<!DOCTYPE", "<!-- <a> -->\n<!DOCTYPE", 1)
    path = tmp_path / "boos.xlsx"
    path.write_bytes(_workbook(sheet.encode()))
    with pytest.raises(FileRefused):
        check_xlsx(path)


def test_a_part_of_any_name_is_checked(tmp_path):
    """A relationship can point a worksheet at a part named like a picture."""
    path = tmp_path / "boos.xlsx"
    sheet = ENTITY_SHEET.format(encoding="UTF-16").encode("utf-16-le")
    path.write_bytes(_workbook(sheet, name="xl/media/image1.png"))
    with pytest.raises(FileRefused, match=r"image1\.png"):
        check_xlsx(path)


def test_a_part_in_an_encoding_that_hides_the_keywords_is_refused(tmp_path):
    sheet = '<?xml version="1.0" encoding="UTF-7"?><worksheet/>'
    path = tmp_path / "boos.xlsx"
    path.write_bytes(_workbook(sheet.encode()))
    with pytest.raises(FileRefused):
        check_xlsx(path)


def test_an_ordinary_workbook_in_utf16_still_imports(client, coordinator, sector):
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>sector</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>indicator</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>period</t></is></c>'
        '<c r="D1" t="inlineStr"><is><t>value</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Bouw</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>Banen</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>2023</t></is></c><c r="D2"><v>1500</v></c></row>'
        "</sheetData></worksheet>"
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("sectordata:datasets"),
        {"data": SimpleUploadedFile("c.xlsx", _workbook(sheet.encode("utf-16")), "x/y")},
    )
    assert response.status_code == 200, response.content.decode()[:3000]
    assert Dataset.objects.get().figure_count == 1


@pytest.mark.parametrize("code", ["0000KW01", "0000JJ00", "9999MM01"])
def test_a_period_in_year_0_or_9999_is_kept_as_a_code_without_a_date(tmp_path, code):
    assert parse_period(code) == ("XX", None)
    path = tmp_path / "80472NED.csv"
    path.write_text(
        '"ID";"BedrijfstakkenBranchesSBI2008";"Perioden";"OpenstaandeVacatures_1"\n'
        f'"0";"301000 ";"2023KW01";"12"\n"1";"301000 ";"{code}";"13"\n',
        encoding="utf-8",
    )
    report = dataset_import(path=path)
    assert report.status == "imported", report.errors


def test_the_importer_removes_a_table_with_an_odd_id_and_the_earlier_version_returns(
    client, staff, tmp_path
):
    """The beheerder (who may import for every network) removes the current version; the
    one before it is current again. A second click changes nothing."""
    first = import_vacatures()
    newer = Dataset.objects.create(table_id=first.table_id, title="Nieuwer", is_current=False)
    Dataset.objects.filter(pk=first.pk).update(is_current=False)
    Dataset.objects.filter(pk=newer.pk).update(is_current=True)
    Dataset.objects.filter(table_id=first.table_id).update(table_id="RT/2")
    client.force_login(staff)
    page = client.get(reverse("sectordata:datasets"))
    assert page.status_code == 200
    url = reverse("sectordata:dataset_remove", args=[newer.pk])
    assert url in page.content.decode()
    response = client.post(url, follow=True)
    assert "Tabel RT/2 (geïmporteerd" in response.content.decode()
    assert list(Dataset.objects.values_list("pk", "is_current")) == [(first.pk, True)]
    again = client.post(url, follow=True)
    assert "Deze tabel was al verwijderd" in again.content.decode()
    assert Dataset.objects.count() == 1


def test_only_who_may_import_removes_a_table(client, coordinator, other_network):
    dataset = import_vacatures()
    client.force_login(coordinator)  # coordinates one network, not every network
    response = client.post(reverse("sectordata:dataset_remove", args=[dataset.pk]))
    assert response.status_code == 403
    assert Dataset.objects.filter(pk=dataset.pk).exists()


def test_a_table_id_is_stored_as_one_line_of_visible_text(tmp_path, client, ondernemer, sector):
    """A line break or a control character (from a metadata file) would make the download
    link an address the site refuses."""
    path = tmp_path / "80472NED.csv"
    path.write_text(
        '"ID";"BedrijfstakkenBranchesSBI2008";"Perioden";"OpenstaandeVacatures_1"\n'
        '"0";"301000 ";"2023KW01";"12"\n',
        encoding="utf-8",
    )
    report = dataset_import(path=path, table_id=" RT\n2\x07\u202e ")
    assert report.status == "imported", report.errors
    assert Dataset.objects.get().table_id == "RT 2"
    client.force_login(ondernemer)
    assert client.get(reverse("sectordata:export", args=["RT 2"])).status_code == 200


def test_our_own_table_with_year_0000_imports_with_a_warning(tmp_path, sector):
    path = tmp_path / "eigen.csv"
    path.write_text(
        "sector;indicator;period;value\nBouw;Banen;2023;1500\nBouw;Banen;0000;1400\n",
        encoding="utf-8",
    )
    report = dataset_import(path=path)
    assert report.status == "imported", report.errors
    assert any("0000JJ00" in warning for warning in report.warnings)
