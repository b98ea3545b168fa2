"""The rules on time: when the session is held, how long it takes, and how its minutes are
shared between landing, the participants' own input and knowledge input."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from praktijktafel.dates import local_format
from sessions.pve.facts import (
    EARLY_END,
    KNOWLEDGE_MAX,
    LANDING_MIN,
    LATE_START,
    OWN_INPUT_SHARE,
    SHORT_MAX,
    SHORT_MIN,
    Level,
    RuleResult,
    SessionFacts,
)


def _hm(moment: datetime) -> str:
    return local_format(moment, "H:i")


def edges_of_the_day(facts: SessionFacts) -> RuleResult:
    title = _("Edges of the day")
    start, end = timezone.localtime(facts.starts_at), timezone.localtime(facts.ends_at)
    early = end.date() == start.date() and end.time() <= EARLY_END
    if early or start.time() >= LATE_START:
        return RuleResult(
            "edges",
            title,
            Level.PASS,
            _("%(start)s–%(end)s: outside working hours.") % {"start": _hm(start), "end": _hm(end)},
        )
    return RuleResult(
        "edges",
        title,
        Level.WARNING,
        _(
            "Starts at %(start)s and ends at %(end)s: the table should end by 08:30 "
            "or start at 16:00 or later."
        )
        % {"start": _hm(start), "end": _hm(end)},
    )


def short(facts: SessionFacts) -> RuleResult:
    title = _("Short session")
    total = sum(p.minutes for p in facts.phases)
    slot = round((facts.ends_at - facts.starts_at).total_seconds() / 60)
    times = {"start": _hm(facts.starts_at), "end": _hm(facts.ends_at), "slot": slot, "n": total}
    if not SHORT_MIN <= slot <= SHORT_MAX:
        return RuleResult(
            "short",
            title,
            Level.WARNING,
            _(
                "From %(start)s to %(end)s is %(slot)d minutes: keep the session between "
                "60 and 90 minutes."
            )
            % times,
        )
    if not SHORT_MIN <= total <= SHORT_MAX:
        return RuleResult(
            "short",
            title,
            Level.WARNING,
            _("The phases take %(n)d minutes: keep it between 60 and 90 minutes.") % times,
        )
    if total > slot:
        return RuleResult(
            "short",
            title,
            Level.WARNING,
            _("The phases take %(n)d minutes, longer than the %(slot)d-minute slot.") % times,
        )
    return RuleResult(
        "short",
        title,
        Level.PASS,
        _("%(slot)d-minute slot (%(start)s–%(end)s); the phases take %(n)d minutes.") % times,
    )


def landing(facts: SessionFacts) -> RuleResult:
    title = _("Room to land")
    minutes = sum(p.minutes for p in facts.phases if p.is_landing)
    if minutes >= LANDING_MIN:
        return RuleResult(
            "landing",
            title,
            Level.PASS,
            ngettext("%(n)d minute to land and vent.", "%(n)d minutes to land and vent.", minutes)
            % {"n": minutes},
        )
    return RuleResult(
        "landing",
        title,
        Level.WARNING,
        ngettext(
            "Only %(n)d minute to land and vent: give it at least 20.",
            "Only %(n)d minutes to land and vent: give it at least 20.",
            minutes,
        )
        % {"n": minutes},
    )


def own_cases(facts: SessionFacts) -> RuleResult:
    title = _("Own questions and cases")
    total = sum(p.minutes for p in facts.phases)
    own = sum(p.minutes for p in facts.phases if p.is_own_input)
    share = round(100 * own / total) if total else 0
    if total and own >= OWN_INPUT_SHARE * total:
        return RuleResult(
            "own_input",
            title,
            Level.PASS,
            _("%(share)d%% of the time is for the participants' own input.") % {"share": share},
        )
    return RuleResult(
        "own_input",
        title,
        Level.WARNING,
        _("Only %(share)d%% of the time is for the participants' own input: make it at least 50%%.")
        % {"share": share},
    )


def knowledge_input(facts: SessionFacts) -> RuleResult:
    title = _("Short knowledge input")
    minutes = sum(p.minutes for p in facts.phases if p.is_knowledge_input)
    if minutes <= KNOWLEDGE_MAX:
        return RuleResult(
            "knowledge",
            title,
            Level.PASS,
            ngettext(
                "%(n)d minute of knowledge input.", "%(n)d minutes of knowledge input.", minutes
            )
            % {"n": minutes},
        )
    return RuleResult(
        "knowledge",
        title,
        Level.WARNING,
        _("%(n)d minutes of knowledge input: keep it to 10 at most.") % {"n": minutes},
    )
