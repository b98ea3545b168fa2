"""The rules on what surrounds the session: a clear invitation, sector data to start from,
and the follow-up recorded afterwards."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sessions.pve.facts import Level, RuleResult, SessionFacts


def clear_invitation(facts: SessionFacts) -> RuleResult:
    title = _("Clear invitation")
    if facts.has_location:
        return RuleResult(
            "invitation",
            title,
            Level.PASS,
            _("Date, start and end time, location and time investment are filled in by the app."),
        )
    return RuleResult(
        "invitation", title, Level.WARNING, _("Fill in the venue and its full address.")
    )


def sector_data_first(facts: SessionFacts) -> RuleResult:
    title = _("Start with sector data")
    if facts.chart_count is None:
        return RuleResult(
            "sector_data",
            title,
            Level.INFO,
            _("Charts of sector figures can be attached once sector data has been imported."),
        )
    if facts.chart_count >= 1:
        return RuleResult(
            "sector_data",
            title,
            Level.PASS,
            ngettext("%(n)d chart for phase 3.", "%(n)d charts for phase 3.", facts.chart_count)
            % {"n": facts.chart_count},
        )
    return RuleResult(
        "sector_data", title, Level.WARNING, _("Attach at least one sector-data chart for phase 3.")
    )


def borging(facts: SessionFacts) -> RuleResult:
    title = _("Follow-up recorded")
    if not facts.finished:
        return RuleResult(
            "borging",
            title,
            Level.INFO,
            _("After the session, the shared tips, solutions and contacts are listed."),
        )
    if facts.borging_items:
        return RuleResult(
            "borging",
            title,
            Level.PASS,
            _("%(n)d tips, solutions and contacts recorded.") % {"n": facts.borging_items},
        )
    return RuleResult(
        "borging", title, Level.WARNING, _("No tips, solutions or contacts were recorded.")
    )
