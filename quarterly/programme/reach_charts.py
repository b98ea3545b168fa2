"""The report's reach as charts: firms reached per sector and per company size."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quarterly.programme.rows import ProgrammeReport
from sectordata.chartdata import ChartData


def charts(report: ProgrammeReport) -> list[ChartData]:
    """Chart data for `sectordata.svg.render`: firms reached per sector and per size."""
    found = []
    for key, title, rows in (
        ("programme-sector", _("Firms reached per sector"), report.by_sector),
        ("programme-size", _("Firms reached per company size"), report.by_size),
    ):
        if rows:
            found.append(
                ChartData(
                    kind="bars",
                    key=f"{key}-{report.period.code}",
                    title=f"{title}, {report.period.label}",
                    indicator=_("Firms reached"),
                    period_label=report.period.label,
                    labels=tuple(r.label for r in rows),
                    values=tuple(float(r.firms) for r in rows),
                )
            )
    return found
