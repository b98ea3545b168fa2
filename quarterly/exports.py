"""The programme report as files: one CSV per table and a tagged PDF. Each returns
`(filename, content_type, bytes)` and reads the same `programme_report` as the page, so the
numbers match. CSV as Dutch Excel opens it (`;`, decimal comma, a BOM); every text cell that
would start a spreadsheet formula is neutralised (a session title or a firm name is typed
by people): `praktijktafel.csvfiles` writes them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praktijktafel.csvfiles import Cell, csv_bytes
from praktijktafel.dates import local_format
from quarterly import pdf
from quarterly.programme import ProgrammeReport, charts, presence_lists
from sectordata.svg import render as render_chart


def _sessions(report: ProgrammeReport) -> Iterable[list[Cell]]:
    yield [
        _("Date"),
        _("Session"),
        _("Network"),
        _("Sector"),
        _("Status"),
        _("Reason for cancelling"),
        _("Cancelling explained"),
        _("Invited"),
        _("Signed up"),
        _("Came"),
        _("No-shows"),
        _("Minutes"),
        _("Hours invested"),
        _("Group actions"),
        _("Evaluation answers"),
        _("Usefulness (1-5)"),
        _("Would come again (%)"),
    ]
    for r in report.sessions:
        s = r.session
        yield [
            local_format(s.starts_at, "Y-m-d H:i"),
            s.title,
            s.network.name,
            s.sector.name,
            s.get_status_display(),
            s.get_cancel_reason_display() if r.cancelled and s.cancel_reason else None,
            s.cancel_note if r.cancelled else None,
            r.invited,
            r.signed_up,
            r.came,
            r.no_shows,
            r.minutes,
            round(r.hours, 2),
            r.group_actions,
            r.answers if r.evaluation.shown else None,  # a count below five says too much
            None if r.useful is None else round(r.useful, 1),
            r.would_return,
        ]


def _reach(rows) -> Callable[[ProgrammeReport], Iterable[list[Cell]]]:
    def table(report: ProgrammeReport) -> Iterable[list[Cell]]:
        yield [_("Group"), _("Firms"), _("New firms"), _("Returning firms")]
        for row in rows(report):
            yield [row.label, row.firms, row.new, row.returning]

    return table


def _knowledge(report: ProgrammeReport) -> Iterable[list[Cell]]:
    yield [_("Published"), _("Kennisbank item"), _("Found useful")]
    for k in report.knowledge:
        yield [local_format(k.solution.published_at, "Y-m-d"), k.solution.title, k.useful]


def _presence(report: ProgrammeReport) -> Iterable[list[Cell]]:
    yield [_("Date"), _("Session"), _("Name"), _("Firm"), _("Minutes")]
    came = presence_lists(report)
    for r in report.sessions:
        for invitation in came.get(r.session.pk, []):
            yield [
                local_format(r.session.starts_at, "Y-m-d"),
                r.session.title,
                invitation.shown_name,
                invitation.shown_firm,
                r.minutes,
            ]


TABLES: dict[str, Callable[[ProgrammeReport], Iterable[list[Cell]]]] = {
    "sessies": _sessions,
    "sectoren": _reach(lambda report: report.by_sector),
    "grootte": _reach(lambda report: report.by_size),
    "kennisbank": _knowledge,
    "presentie": _presence,
}


def table_labels() -> list[tuple[str, str]]:
    """(key, label) of each CSV table, for the links on the page."""
    return [
        ("sessies", _("Sessions")),
        ("sectoren", _("Firms per sector")),
        ("grootte", _("Firms per company size")),
        ("kennisbank", _("Kennisbank items")),
        ("presentie", _("Presence per session")),
    ]


def _basename(report: ProgrammeReport) -> str:
    scope = report.network.slug if report.network else "alle-netwerken"
    return f"programma-{slugify(scope)}-{report.period.filename_part}"


def export_csv(report: ProgrammeReport, table: str) -> tuple[str, str, bytes]:
    """One table of the report; `table` is a key of TABLES (the view checks it)."""
    return (
        f"{_basename(report)}-{table}.csv",
        "text/csv; charset=utf-8",
        csv_bytes(TABLES[table](report)),
    )


def render_html(report: ProgrammeReport) -> str:
    with translation.override("nl"):  # the report goes to funders in Dutch
        return render_to_string(
            "pdf/programme.html",
            {
                "r": report,
                "t": report.totals,
                "charts": [(c, render_chart(c)) for c in charts(report)],
                "site_url": settings.SITE_URL,
            },
        )


def export_pdf(report: ProgrammeReport) -> tuple[str, str, bytes]:
    content, _pages = pdf.html_to_pdf(render_html(report))
    return f"{_basename(report)}.pdf", "application/pdf", content
