"""The sector-data CSV byte for byte: a BOM, `;`, CRLF, a decimal comma, quotes where
needed and formula starts escaped, so a file opened in Dutch Excel stays as it was."""

from __future__ import annotations

import pytest

from sectordata.export import export_lines
from sectordata.models import Dataset, DimensionValue, Indicator
from sectordata.services import dataset_import

pytestmark = pytest.mark.django_db


def test_the_export_keeps_its_exact_bytes(tmp_path, sector):
    path = tmp_path / "eigen.csv"
    path.write_text(
        "sector;indicator;period;value;unit;source\n"
        "Bouw;Vacatures;2023 K1;1.500;aantal;UWV\n"
        "Bouw;Vacatures;2023 K2;-3;aantal;UWV\n"
        "Bouw;Verzuim;2023;4,8;%;CBS\n",
        encoding="utf-8",
    )
    report = dataset_import(path=path)
    assert report.status == "imported", report.errors
    dataset = Dataset.objects.get(pk=report.dataset_id)
    Indicator.objects.filter(dataset=dataset, code="verzuim").update(title='@Verzuim; "ziek"')
    DimensionValue.objects.filter(dataset=dataset).update(label=" -Bouw")
    data = "".join(export_lines(dataset)).encode()
    assert data == (
        b"\xef\xbb\xbfsector_code;sector;periode;indicator;waarde;eenheid\r\n"
        b"bouw;' -Bouw;2023KW01;Vacatures;1500;aantal\r\n"
        b"bouw;' -Bouw;2023KW02;Vacatures;-3;aantal\r\n"
        b'bouw;\' -Bouw;2023JJ00;"\'@Verzuim; ""ziek""";4,8;%\r\n'
    )
