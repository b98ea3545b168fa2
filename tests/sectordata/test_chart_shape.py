"""Chart data has one typed shape (`sectordata.chartdata.ChartData`): what `chart_data`
builds, what a session freezes, and what the projector, console, session page and quarterly
PDF read back are the same thing, and an older frozen copy still reads."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, fields

import pytest
from django.template.loader import render_to_string

from sectordata.chartdata import ChartData
from sectordata.charts import chart_data
from sessions.services.charts import session_chart_attach
from tests.factories import CHART_DATA, SessionChartFactory
from tests.sectordata.helpers import import_vacatures, spec

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["series", "compare"])
def test_chart_data_survives_the_frozen_copy_unchanged(kind):
    import_vacatures()
    built = chart_data(spec() if kind == "series" else spec("compare", "Ziekteverzuimpercentage_2"))
    assert isinstance(built, ChartData) and built.kind == kind
    stored = json.loads(json.dumps(built.as_json()))  # as the JSONField keeps it
    assert ChartData.from_json(stored) == built
    assert set(stored) == {f.name for f in fields(ChartData)}
    with pytest.raises(FrozenInstanceError):
        built.title = "changed"  # type: ignore[misc]


def test_a_session_shows_its_frozen_copy_as_the_sector_page_shows_the_table(session, facilitator):
    import_vacatures()
    attached = session_chart_attach(session=session, key=spec().key(), user=facilitator)
    attached.refresh_from_db()
    assert attached.frozen == chart_data(spec())
    page = render_to_string("sectordata/_chart.html", {"data": chart_data(spec())})
    assert render_to_string("sectordata/_chart.html", {"data": attached.frozen}) == page


def test_an_older_frozen_copy_without_the_newer_fields_still_reads(session):
    """Copies frozen before a field existed (no highlight, no period label, no dates) and
    with a key no longer written are read with the defaults, not refused."""
    old = SessionChartFactory(session=session, data={**CHART_DATA, "retired": 1})
    chart = old.frozen
    assert chart.values == (1.0, 2.0) and chart.highlight is None and chart.period_label == ""
    html = render_to_string("sectordata/_chart.html", {"data": chart})
    assert "Vacatures" in html and "<svg" in html
