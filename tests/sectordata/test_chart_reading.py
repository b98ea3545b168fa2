"""What a coordinator reads off a chart: rounded figures, one sentence that says something,
one way to write a period, the provenance of every chart, a picker without look-alikes, and
a chart that fits a phone."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace

import pytest

from sectordata.charts import ChartSpec, change_text, chart_data, describe, source_line
from sectordata.services import dataset_import
from sectordata.svg import render
from tests.sectordata.helpers import chart, fixture, import_vacatures, spec

pytestmark = pytest.mark.django_db


def test_a_change_is_rounded_not_cut_off():
    # 115.8 - 114.2 is 1.5999999999999943 as a float: the data say +1.600, not +1.599.
    data = {"latest": 115.8, "year_earlier": 114.2, "year_earlier_label": "2022"}
    data.update(unit="x 1 000", decimals=1)
    assert change_text(chart(data)).startswith("+1.600 ")
    # 5.4 - 5.5 is -0.0999...: one tenth down, not "±0,0".
    percent = {"latest": 5.4, "year_earlier": 5.5, "year_earlier_label": "2023 K2"}
    percent.update(unit="%", decimals=1)
    assert change_text(chart(percent)) == "−0,1 procentpunt t.o.v. 2023 K2"


def test_a_comparison_names_the_highest_once_when_it_is_the_sector_itself():
    data = {
        "kind": "compare",
        "indicator": "Ziekteverzuimpercentage",
        "period_label": "2023 K3",
        "labels": ["A-U Alle economische activiteiten", "F Bouwnijverheid"],
        "values": [4.9, 5.9],
        "highlight": 1,
        "unit": "%",
        "decimals": 1,
    }
    text = describe(chart(data))
    assert text.count("F Bouwnijverheid") == 1, text
    assert "5,9%" in text
    # Another sector highest: both are named, each once.
    other = describe(chart({**data, "highlight": 0}))
    assert other.count("F Bouwnijverheid") == 1 and "A-U Alle" in other


def test_the_source_line_writes_periods_as_the_chart_does_and_names_the_reference_date(sector):
    import_vacatures()
    data = chart_data(spec())
    line = source_line(data)
    assert "2023KW" not in line, line
    assert "2023 K2–2023 K3" in line
    assert "80472NED" in line and "CBS StatLine" in line
    assert "peilmoment" in line


def test_a_cbs_chart_links_to_its_statline_table(client, ondernemer, sector):
    from django.template.loader import render_to_string

    import_vacatures()
    html = render_to_string("sectordata/_chart.html", {"data": chart_data(spec())})
    assert 'href="https://opendata.cbs.nl/#/CBS/nl/dataset/80472NED/table"' in html
    own = replace(chart_data(spec()), source="Eigen enquête", table_id="enquete-2024")
    assert "opendata.cbs.nl" not in render_to_string("sectordata/_chart.html", {"data": own})


def test_importing_the_same_file_again_reports_every_period():
    files = {
        "path": fixture("cbs_vacatures.csv"),
        "metadata_path": fixture("cbs_vacatures_metadata.csv"),
    }
    first = dataset_import(**files)
    again = dataset_import(**files)
    assert again.status == "unchanged"
    assert again.periods == first.periods and len(first.periods) > 2


def test_the_picker_has_no_two_options_with_the_same_label(session):
    from sectordata import demo, selectors

    demo.load()
    options = selectors.chart_options(session.sector)
    twice = [label for label, n in Counter(o.label for o in options).items() if n > 1]
    assert twice == []
    details = Counter((o.table, o.indicator, o.detail) for o in options)
    assert [d for d, n in details.items() if n > 1] == []
    # Age classes are offered through time; a comparison is offered for the totals only.
    assert len(options) <= 24, len(options)


def _widths(svg: str) -> tuple[float, list[float]]:
    width = float(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    return width, [float(x) for x in re.findall(r'<text x="([\d.]+)"', svg)]


def test_a_phone_gets_a_narrow_chart_with_large_type_and_wide_bars(sector):
    import_vacatures()
    series = chart_data(spec())
    narrow = str(render(series, narrow=True))
    width, xs = _widths(narrow)
    # Shown 100% wide in a 307 px box, 20 px type stays at least 14 px on screen.
    assert width <= 440
    assert max(xs) <= width
    assert 'font-size="20"' in narrow
    compare = chart_data(spec("compare", "Ziekteverzuimpercentage_2"))
    bars = str(render(compare, narrow=True))
    width, _xs = _widths(bars)
    rect_widths = [
        float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', bars)
    ]
    # The label sits above its bar, so the longest bar takes most of the width.
    assert max(rect_widths) >= 0.6 * width
    # Ids differ from the wide chart's: both are in the page.
    wide = str(render(compare))
    assert re.search(r'<title id="([^"]+)"', wide).group(1) != re.search(
        r'<title id="([^"]+)"', bars
    ).group(1)


def test_the_chart_template_has_both_pictures_and_no_fixed_phone_width(sector):
    from django.template.loader import render_to_string

    import_vacatures()
    html = render_to_string("sectordata/_chart.html", {"data": chart_data(spec())})
    assert html.count("<svg") == 2 and "chart-narrow" in html and "chart-wide" in html


def test_period_labels_on_a_phone_do_not_overlap(sector):
    from sectordata import demo

    demo.load()
    data = chart_data(ChartSpec("DEMO-VAC", "OpenstaandeVacatures_1", "series", spec().fixed))
    assert len(data.labels) == 12
    svg = str(render(data, narrow=True))
    labels = re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(middle|end)" fill="[^"]+">(\d{4} K\d)<', svg
    )
    spans = []
    for x, anchor, text in labels:
        width = len(text) * 12  # about 0.6 em at 20 units
        start = float(x) - (width / 2 if anchor == "middle" else width)
        spans.append((start, start + width))
    spans.sort()
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans)), spans


@pytest.mark.django_db
def test_the_period_range_of_a_table_ends_on_its_last_dated_period():
    """A code without a date (2010X000, an older method at a series break) is kept, but the
    list of tables reads "2010 – 2024 K2", not "2010 – 2010X000"."""
    from pathlib import Path

    from django.conf import settings

    from sectordata.models import Dataset
    from sectordata.services import dataset_import

    fixtures = Path(settings.BASE_DIR) / "tests" / "fixtures" / "sectordata"
    report = dataset_import(
        path=fixtures / "statline_80472NED_data.csv",
        metadata_path=fixtures / "statline_80472NED_metadata.csv",
    )
    dataset = Dataset.objects.get(pk=report.dataset_id)
    assert "X" not in dataset.period_to
    assert dataset.period_to > dataset.period_from


def test_a_comparison_of_one_group_says_no_highest_and_no_plural():
    from django.utils import translation

    from sectordata.charts import describe

    data = {
        "kind": "bars", "title": "Banen", "indicator": "Banen", "labels": ["F Bouw"],
        "values": [115.8], "unit": "", "decimals": 1, "period_label": "2024",
        "highlight": 0, "source": "CBS", "table_id": "T", "period_text": "2024",
    }  # fmt: skip
    with translation.override("nl"):
        text = describe(chart(data))
    assert "1 groepen" not in text and "het hoogst" not in text
    assert "F Bouw" in text


def test_the_narrow_bars_keep_their_zero_axis():
    """Negative bars on a phone need the zero line as much as on a laptop."""
    from sectordata.svg import render

    data = {
        "kind": "bars", "title": "Groei", "indicator": "Groei", "labels": ["A", "B"],
        "values": [-2.0, 3.0], "unit": "%", "decimals": 1, "period_label": "2024",
        "source": "CBS", "table_id": "T", "period_text": "2024",
    }  # fmt: skip
    assert (
        render(chart(data)).count("<line") == render(chart(data), narrow=True).count("<line") >= 1
    )
