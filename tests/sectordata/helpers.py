"""Shared by the sector-data tests: the fixture files and the vacancy table they import."""

from __future__ import annotations

from pathlib import Path

from sectordata.chartdata import ChartData
from sectordata.charts import ChartSpec
from sectordata.models import Dataset, Figure
from sectordata.services import dataset_import

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sectordata"


def chart(fields: dict) -> ChartData:
    """Chart data written by hand: only the fields a test is about, the rest empty."""
    return ChartData.from_json(
        {"kind": "series", "title": "", "labels": [], "values": [], **fields}
    )


def fixture(name: str) -> Path:
    return FIXTURES / name


def values(dataset, indicator_code, dim_code):
    return {
        f.period: f.value
        for f in Figure.objects.filter(
            dataset=dataset, indicator__code=indicator_code, dim1__code=dim_code
        )
    }


def import_vacatures():
    report = dataset_import(
        path=FIXTURES / "cbs_vacatures.csv", metadata_path=FIXTURES / "cbs_vacatures_metadata.csv"
    )
    assert report.status == "imported", report.errors
    return Dataset.objects.get(pk=report.dataset_id)


def spec(kind="series", indicator="OpenstaandeVacatures_1", code="301000"):
    dim = "BedrijfstakkenBranchesSBI2008"
    return ChartSpec("80472NED", indicator, kind, ((dim, code),), dim if kind == "compare" else "")
