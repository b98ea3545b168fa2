"""What a programme report holds: a row per session, the reach per sector and size, the
kennisbank items, and the report around them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kennisbank.models import Solution
from praktijktafel.models import Network
from quarterly.programme.periods import Period
from sessions.models import Invitation, Session
from sessions.selectors.evaluations import EvaluationCounts

CAME = Invitation.ATTENDED
# Held means finished: a session running now (or started early and left open) is not yet
# evidence of anything, and a funder reads "gehouden" as "took place".
HELD = (Session.Status.DONE,)


@dataclass
class SessionRow:
    session: Session
    invited: int
    signed_up: int
    came: int
    no_shows: int
    minutes: int  # the time slot the invitation states
    group_actions: int
    evaluation: EvaluationCounts  # the evaluations selector's sums and five-answer rule

    @property
    def answers(self) -> int:
        return self.evaluation.answers

    @property
    def useful(self) -> float | None:
        """Average 1 to 5 as the session page shows it; None below the minimum."""
        return self.evaluation.useful_average

    @property
    def would_return(self) -> int | None:
        """Percent "yes, again"; None below the minimum."""
        return self.evaluation.again_percent

    @property
    def held(self) -> bool:
        return self.session.status in HELD

    @property
    def cancelled(self) -> bool:
        return self.session.status == Session.Status.CANCELLED

    @property
    def cancel_reason(self) -> str:
        """Why a cancelled session did not go ahead, as stored when it was cancelled: "too_few"
        (the reason the pilot lost a session), "other", or "unknown" (cancelled before the
        reason was kept). Never guessed from the sign-ups. Empty when not cancelled."""
        if not self.cancelled:
            return ""
        return self.session.cancel_reason or Session.CancelReason.UNKNOWN

    @property
    def too_few(self) -> bool:
        return self.cancel_reason == Session.CancelReason.TOO_FEW

    @property
    def cancel_reason_label(self) -> str:
        """The reason in a sentence's middle ("te weinig aanmeldingen", "anders: zaal
        dicht")."""
        if not self.cancelled:
            return ""
        labels = {
            Session.CancelReason.TOO_FEW: _("too few sign-ups"),
            Session.CancelReason.OTHER: pgettext("cancel reason", "other"),
            Session.CancelReason.UNKNOWN: _("reason not recorded"),
        }
        label = labels[Session.CancelReason(self.cancel_reason)]
        if self.cancel_reason == Session.CancelReason.OTHER and self.session.cancel_note:
            return f"{label}: {self.session.cancel_note}"
        return label

    @property
    def hours(self) -> float:
        return self.came * self.minutes / 60 if self.held else 0.0


@dataclass
class ReachRow:
    label: str
    firms: int
    new: int
    returning: int


@dataclass
class KnowledgeRow:
    solution: Solution
    useful: int


@dataclass
class ProgrammeReport:
    network: Network | None  # None: every network
    period: Period
    sessions: list[SessionRow]
    by_sector: list[ReachRow]
    by_size: list[ReachRow]
    people_without_firm: int
    knowledge: list[KnowledgeRow]
    totals: dict = field(default_factory=dict)

    @property
    def scope_label(self) -> str:
        return self.network.name if self.network else _("All networks")

    @property
    def reach_tables(self) -> list[tuple[str, list[ReachRow]]]:
        return [
            (_("Firms per sector"), self.by_sector),
            (_("Firms per company size"), self.by_size),
        ]
