"""Reads of the anonymous evaluations: per session, and the trend over sessions.

Two rules keep an answer from being traced to a person in a group of 8-12:
- nothing is shown below MIN_ANSWERS answers (not the spread, not the remarks, not an average);
- nothing shows a moment or an order: the spread is counts, remarks are sorted alphabetically
  (never by when they came in) and no date of an answer is read at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum

from praktijktafel.models import User
from praktijktafel.permissions import Perm, has_perm
from sessions.models import Evaluation, Session

MIN_ANSWERS = 5
USEFUL_SCALE = (1, 2, 3, 4, 5)
AGAIN_ORDER = (Evaluation.Again.YES, Evaluation.Again.MAYBE, Evaluation.Again.NO)


@dataclass
class SpreadRow:
    value: str
    label: str
    count: int
    percent: int


@dataclass
class EvaluationResult:
    """A session's answers, or only their number while there are too few to show."""

    answers: int
    useful: list[SpreadRow] = field(default_factory=list)
    again: list[SpreadRow] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    useful_average: float | None = None

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _result(answers: list[tuple[int, str, str]]) -> EvaluationResult:
    total = len(answers)
    if total < MIN_ANSWERS:
        return EvaluationResult(answers=total)
    useful_counts = dict.fromkeys(USEFUL_SCALE, 0)
    again_counts = {str(v): 0 for v in AGAIN_ORDER}
    for useful, again, _remark in answers:
        useful_counts[useful] = useful_counts.get(useful, 0) + 1
        again_counts[again] = again_counts.get(again, 0) + 1
    return EvaluationResult(
        answers=total,
        useful=[
            SpreadRow(str(v), str(v), useful_counts[v], _percent(useful_counts[v], total))
            for v in USEFUL_SCALE
        ],
        again=[
            SpreadRow(str(v), str(v.label), again_counts[v], _percent(again_counts[v], total))
            for v in AGAIN_ORDER
        ],
        # Alphabetical, never in the order they came in: the first remark is not the first
        # person who answered.
        remarks=sorted((r for _u, _a, r in answers if r.strip()), key=str.casefold),
        useful_average=round(sum(u for u, _a, _r in answers) / total, 1),
    )


def evaluation_result(*, session: Session) -> EvaluationResult:
    """The session's evaluation, shown only from MIN_ANSWERS answers on."""
    # Only the three answers are read: no id, no date (the query has no ORDER BY either).
    answers = list(
        Evaluation.objects.filter(session=session)
        .order_by()
        .values_list("useful", "come_again", "remark")
    )
    return _result(answers)


@dataclass
class TrendRow:
    session_id: int
    title: str
    starts_at: datetime
    answers: int
    useful_average: float
    again_percent: int  # share of "yes, I would come again"
    useful_sum: int
    yes: int


def evaluation_trend(*, sessions: Iterable[Session]) -> list[TrendRow]:
    """Per session (in the order of the sessions' dates) the number of answers, the average
    usefulness and the share that would come again; only sessions with MIN_ANSWERS answers
    or more. One query, whatever the number of sessions."""
    by_pk = {s.pk: s for s in sessions}
    if not by_pk:
        return []
    rows = (
        Evaluation.objects.filter(session_id__in=by_pk)
        .order_by()
        .values("session_id")
        .annotate(
            n=Count("pk"),
            useful_sum=Sum("useful"),
            yes=Count("pk", filter=Q(come_again=Evaluation.Again.YES)),
        )
        .filter(n__gte=MIN_ANSWERS)
    )
    trend = [
        TrendRow(
            session_id=row["session_id"],
            title=by_pk[row["session_id"]].title,
            starts_at=by_pk[row["session_id"]].starts_at,
            answers=row["n"],
            useful_average=round(row["useful_sum"] / row["n"], 1),
            again_percent=_percent(row["yes"], row["n"]),
            useful_sum=row["useful_sum"],
            yes=row["yes"],
        )
        for row in rows
    ]
    return sorted(trend, key=lambda r: (r.starts_at, r.session_id))


@dataclass
class EvaluationTotals:
    """The evaluations of a set of sessions taken together (the quarterly update): only
    sessions with MIN_ANSWERS answers or more count."""

    sessions: int
    answers: int
    useful_average: float | None
    again_percent: int | None


def evaluation_totals(*, sessions: Iterable[Session]) -> EvaluationTotals:
    trend = evaluation_trend(sessions=sessions)
    answers = sum(r.answers for r in trend)
    if not answers:
        return EvaluationTotals(0, 0, None, None)
    return EvaluationTotals(
        sessions=len(trend),
        answers=answers,
        useful_average=round(sum(r.useful_sum for r in trend) / answers, 1),
        again_percent=_percent(sum(r.yes for r in trend), answers),
    )


def evaluation_trend_for_user(*, user: User, sessions: QuerySet[Session]) -> list[TrendRow]:
    """The trend over the finished sessions whose evaluation this person reads: the
    facilitator their own sessions, a coordinator every session of the network."""
    finished = sessions.filter(status=Session.Status.DONE).order_by()
    return evaluation_trend(sessions=[s for s in finished if has_perm(user, Perm.SESSION_EDIT, s)])
