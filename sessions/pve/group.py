"""The rules on the group: a small one, enough people signed up, all from the session's
sector."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from praktijktafel.dates import shifted
from sessions.pve.facts import (
    GROUP_MAX,
    QUORUM_CHECK_BEFORE,
    Level,
    RuleResult,
    SessionFacts,
)


def group_size(facts: SessionFacts, now: datetime) -> RuleResult:
    title = _("Group size")
    if facts.confirmed > facts.capacity:
        return RuleResult(
            "group_size",
            title,
            Level.WARNING,
            _("%(n)d confirmed, more than the %(max)d places.")
            % {"n": facts.confirmed, "max": facts.capacity},
        )
    if facts.capacity > GROUP_MAX:
        return RuleResult(
            "group_size",
            title,
            Level.WARNING,
            _("%(max)d places: a Praktijktafel is a small group of at most %(limit)d.")
            % {"max": facts.capacity, "limit": GROUP_MAX},
        )
    return RuleResult(
        "group_size",
        title,
        Level.PASS,
        _("%(max)d places: a small group.") % {"max": facts.capacity},
    )


def turnout(facts: SessionFacts, now: datetime) -> RuleResult:
    title = _("Enough people")
    values = {"n": facts.confirmed, "min": facts.quorum}
    if facts.confirmed >= facts.quorum:
        return RuleResult(
            "turnout",
            title,
            Level.PASS,
            ngettext(
                "%(n)d signed up; at least %(min)d are needed.",
                "%(n)d signed up; at least %(min)d are needed.",
                facts.confirmed,
            )
            % values,
        )
    if facts.finished:
        return RuleResult(
            "turnout",
            title,
            Level.INFO,
            _("%(n)d signed up; at least %(min)d were needed.") % values,
        )
    if not facts.invited:
        return RuleResult(
            "turnout",
            title,
            Level.INFO,
            _("Not yet: nobody can sign up before the invitations go out."),
        )
    if now >= shifted(facts.starts_at, -QUORUM_CHECK_BEFORE):
        return RuleResult(
            "turnout",
            title,
            Level.WARNING,
            _("Only %(n)d confirmed with less than 48 hours to go; at least %(min)d are needed.")
            % values,
        )
    return RuleResult(
        "turnout",
        title,
        Level.INFO,
        _(
            "Not yet: %(n)d signed up, at least %(min)d are needed. "
            "This becomes a warning 48 hours before the start."
        )
        % values,
    )


def homogeneous(facts: SessionFacts) -> RuleResult:
    title = _("One sector")
    others = sum(1 for sector in facts.participant_sectors if sector != facts.sector_id)
    if not others:
        return RuleResult(
            "homogeneous", title, Level.PASS, _("All participants come from the session's sector.")
        )
    return RuleResult(
        "homogeneous",
        title,
        Level.WARNING,
        ngettext(
            "%(n)d participant comes from another sector (or has no firm on record).",
            "%(n)d participants come from another sector (or have no firm on record).",
            others,
        )
        % {"n": others},
    )
