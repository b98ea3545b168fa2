"""Chart data from imported tables, the SVG, and classifying dimension values."""

from __future__ import annotations

from datetime import date

import pytest

from sectordata.charts import ChartSpec, change_text, chart_data, describe, source_line
from sectordata.classify import classify
from sectordata.svg import nice_ticks, render
from tests.sectordata.helpers import chart, import_vacatures, spec

pytestmark = pytest.mark.django_db


def test_sections_divisions_sizes_totals_and_ages():
    assert classify("F Bouwnijverheid") == ("sector", "F")
    assert classify("43.21 Elektrotechnische bouwinstallatie") == ("sector", "43.21")
    assert classify("10 tot 50 werkzame personen") == ("size", "")
    assert classify("A-U Alle economische activiteiten")[0] == "total"
    assert classify("15 tot 25 jaar") == ("other", "")  # an age class is not SBI 15


def test_series_uses_one_period_kind_and_knows_a_year_earlier(sector):
    import_vacatures()
    data = chart_data(spec())
    # The fixture mixes 2022JJ00 with 2023 quarters; the line shows the quarters only.
    assert data.periods == ("2023KW02", "2023KW03")
    assert data.values == (29.8, 28.1)
    assert data.title == "Openstaande vacatures, F Bouwnijverheid"
    assert data.unit == "x 1 000" and data.decimals == 1
    assert source_line(data) == (
        "Bron: CBS StatLine, tabel 80472NED, 2023 K2–2023 K3, peilmoment 15 jan. 2024"
    )


def test_change_against_a_year_earlier():
    data = {
        "latest": 5.5,
        "year_earlier": 6.0,
        "year_earlier_label": "2022 K3",
        "unit": "%",
        "decimals": 1,
    }
    assert change_text(chart(data)) == "−0,5 procentpunt t.o.v. 2022 K3"
    data.update(unit="x 1 000", latest=110.0, year_earlier=100.0)
    # Issue 15: thousands are written out, not as "10,0" in "x 1 000".
    assert change_text(chart(data)) == "+10.000 (+10,0%) t.o.v. 2022 K3"
    assert change_text(chart({**data, "year_earlier": None})) == ""


def test_comparison_highlights_the_sector_and_keeps_the_total_for_percentages(sector):
    import_vacatures()
    data = chart_data(spec("compare", "Ziekteverzuimpercentage_2"))
    assert data.values == (4.9, 5.4)
    assert data.labels == ("A-U Alle economische activiteiten", "F Bouwnijverheid")
    assert data.highlight == 1
    assert "size" not in " ".join(data.labels)  # size classes never become bars


def test_a_count_comparison_leaves_out_a_total_that_dwarfs_the_sectors(sector):
    import_vacatures()
    # Only F and the national total are sections: without the total one bar is left,
    # and a comparison of one bar is no chart.
    assert chart_data(spec("compare")) is None


def test_a_chart_of_a_table_that_is_gone_has_no_data():
    assert chart_data(spec()) is None
    assert ChartSpec.from_key("rubbish") is None


def test_key_round_trip():
    assert ChartSpec.from_key(spec("compare").key()) == spec("compare")


def test_accessible_and_escaped():
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
    markup = render(chart(data))
    assert 'role="img"' in markup and "aria-labelledby=" in markup
    assert "<title id=" in markup and "<desc id=" in markup
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert "<b>C</b>" not in markup and "A &amp; B" in markup
    assert 'font-weight="bold"' in markup  # the highlighted bar is not told by colour alone


def test_line_chart_renders_every_point():
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
    markup = render(chart(data))
    assert markup.count("<circle") == 3
    assert "Het hoogst in 2023 K2" in describe(chart(data))


def test_ticks_are_round():
    assert nice_ticks(0, 28.1) == [0, 10, 20, 30]
    assert nice_ticks(0, 5.8) == [0, 2, 4, 6]


def test_a_series_from_figures_built_with_factories():
    from tests.factories import DimensionValueFactory, FigureFactory, IndicatorFactory

    indicator = IndicatorFactory(title="Banen", unit="x 1 000", decimals=1)
    bouw = DimensionValueFactory(dataset=indicator.dataset)
    for period, month, value in (("2023KW02", 4, 10.0), ("2023KW03", 7, 12.5)):
        FigureFactory(
            indicator=indicator,
            dim1=bouw,
            period=period,
            period_start=date(2023, month, 1),
            value=value,
        )
    fixed = ((bouw.dimension, bouw.code),)
    data = chart_data(ChartSpec(indicator.dataset.table_id, indicator.code, "series", fixed))
    assert data.values == (10.0, 12.5) and data.labels == ("2023 K2", "2023 K3")
    assert data.title == "Banen, F Bouwnijverheid"


@pytest.mark.django_db
def test_the_chart_picker_offers_only_combinations_with_figures(session):
    """'Share of workers aged 55 or older (15 to 25 years)' has no figures: not offered."""
    from sectordata import demo, selectors

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
    assert change_text(chart(data)) == "±0,0 procentpunt t.o.v. 2022 K3"


def test_thousands_are_written_out_not_as_x_1000():
    from sectordata.charts import shown_unit, with_unit

    data = {"unit": "x 1 000", "decimals": 1}
    assert with_unit(15.2, chart(data)) == "15.200"
    assert shown_unit(chart(data)) == ""
    data = {"unit": "x 1 000", "decimals": 1, "latest": 110.0, "year_earlier": 100.0}
    assert change_text(chart({**data, "year_earlier_label": "2022 K3"})) == (
        "+10.000 (+10,0%) t.o.v. 2022 K3"
    )
    assert with_unit(4.8, chart({"unit": "personen", "decimals": 1})) == "4,8 personen"
