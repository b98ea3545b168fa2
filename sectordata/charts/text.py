"""The words around a chart: its source line, its period, a link to the table, a sentence
that says what it shows, and the change against a year earlier."""

from __future__ import annotations

import math
import re
from datetime import datetime

from django.utils.translation import gettext as _

from sectordata.chartdata import ChartData
from sectordata.charts.numbers import format_number, shown_value, with_unit
from sectordata.periods import period_label


def source_line(data: ChartData) -> str:
    """'Bron: CBS StatLine, tabel 80472NED, 2023 K2–2023 K3, peilmoment 5 dec 2026'; made
    when shown, in the reader's language, from the frozen data. Periods are written as the
    chart writes them (never the code 2023KW03 next to the label 2023 K3)."""
    return _("Source: %(source)s, table %(table)s, %(period)s, reference date %(date)s") % {
        "source": data.source or _("own file"),
        "table": data.table_id,
        "period": period_text(data),
        "date": reference_date(data),
    }


def period_text(data: ChartData) -> str:
    periods = data.periods
    if data.kind == "series" and periods:
        first, last = period_label(periods[0]), period_label(periods[-1])
        return last if first == last else f"{first}–{last}"
    if data.period_label:
        return data.period_label
    return "–".join(period_label(code) for code in data.period_text.split("–"))


def reference_date(data: ChartData) -> str:
    """The moment the figures are as of: when the source last changed the table (CBS's
    "Gewijzigd op" in the metadata), else when it was imported here."""
    from praktijktafel.dates import local_format

    text = data.source_modified or data.imported_at or ""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text or "–"
    return local_format(moment, "j M Y")


_STATLINE_TABLE = re.compile(r"^\d{5}[A-Z]{3}$")


def statline_url(data: ChartData) -> str:
    """The table on CBS StatLine, for a CBS table id (80472NED); "" for any other source."""
    table = (data.table_id or "").strip()
    if "cbs" not in (data.source or "").lower() or not _STATLINE_TABLE.match(table):
        return ""
    return f"https://opendata.cbs.nl/#/CBS/nl/dataset/{table}/table"


def describe(data: ChartData) -> str:
    """A sentence that says what the chart shows, for screen readers and the PDF."""
    values = data.values
    if data.kind == "series":
        first, last = values[0], values[-1]
        text = _("%(indicator)s from %(start)s to %(end)s: from %(first)s to %(last)s.") % {
            "indicator": data.indicator,
            "start": data.labels[0],
            "end": data.labels[-1],
            "first": with_unit(first, data),
            "last": with_unit(last, data),
        }
        if len(values) > 2:
            top = max(range(len(values)), key=lambda i: values[i])
            text += " " + _("Highest in %(period)s (%(value)s).") % {
                "period": data.labels[top],
                "value": with_unit(values[top], data),
            }
        return text
    top = max(range(len(values)), key=lambda i: values[i])
    if len(values) == 1:  # one group: no "highest", no "1 groepen"
        return _("%(indicator)s in %(period)s: %(label)s (%(value)s).") % {
            "indicator": data.indicator,
            "period": data.period_label,
            "label": data.labels[0],
            "value": with_unit(values[0], data),
        }
    text = _("%(indicator)s in %(period)s for %(n)s groups; highest: %(label)s (%(value)s).") % {
        "indicator": data.indicator,
        "period": data.period_label,
        "n": len(values),
        "label": data.labels[top],
        "value": with_unit(values[top], data),
    }
    if data.highlight is not None and data.highlight != top:
        index = data.highlight
        text += " " + _("%(label)s: %(value)s.") % {
            "label": data.labels[index],
            "value": with_unit(values[index], data),
        }
    return text


def change_text(data: ChartData) -> str:
    latest, earlier = data.latest, data.year_earlier
    if latest is None or earlier is None:
        return ""
    difference = latest - earlier
    if not math.isfinite(difference):
        return ""
    shown = shown_value(abs(difference), data)
    # The sign follows the difference as shown: -0.02 with one decimal is "±0,0", not "−0,0".
    nothing = not re.search(r"[1-9]", shown)
    sign = "±" if nothing else ("+" if difference > 0 else "−")
    text = sign + shown
    if data.unit == "%":
        text += " " + _("percentage points")
    elif earlier and math.isfinite(share := abs(difference) / abs(earlier) * 100):
        text += f" ({sign}{format_number(share, 1)}%)"
    return _("%(change)s against %(period)s") % {
        "change": text,
        "period": data.year_earlier_label,
    }
