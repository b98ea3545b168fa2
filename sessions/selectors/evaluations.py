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

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

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


def _average(total: int, count: int) -> float:
    """The average usefulness as every page shows it: one decimal."""
    return round(total / count, 1)


@dataclass(frozen=True)
class EvaluationCounts:
    """A session's answers as three sums, and what may be shown of them: the one place
    the five-answer rule and the averages are worked out for the summary page, the trend,
    the quarterly update and the programme report."""

    answers: int
    useful_sum: int
    yes: int  # "yes, I would come again"

    @property
    def shown(self) -> bool:
        return self.answers >= MIN_ANSWERS

    @property
    def useful_average(self) -> float | None:
        return _average(self.useful_sum, self.answers) if self.shown else None

    @property
    def again_percent(self) -> int | None:
        return _percent(self.yes, self.answers) if self.shown else None


def _per_session(**filters) -> Coalesce:
    rows = (
        Evaluation.objects.filter(session=OuterRef("pk"), **filters)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_evaluation_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """`sessions` with their answers counted in the same query (subqueries, so no join
    multiplies other counts): read them with `evaluation_counts_of`."""
    useful_sum = (
        Evaluation.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(total=Sum("useful"))
        .values("total")
    )
    return sessions.annotate(
        eval_answers=_per_session(),
        eval_useful_sum=Coalesce(Subquery(useful_sum, output_field=IntegerField()), Value(0)),
        eval_yes=_per_session(come_again=Evaluation.Again.YES),
    )


def evaluation_counts_of(session: Session) -> EvaluationCounts:
    """The counts of a session read through `with_evaluation_counts`."""
    return EvaluationCounts(
        answers=session.eval_answers,  # type: ignore[attr-defined]
        useful_sum=session.eval_useful_sum,  # type: ignore[attr-defined]
        yes=session.eval_yes,  # type: ignore[attr-defined]
    )


def _result(answers: list[tuple[int, str, str]]) -> EvaluationResult:
    total = len(answers)
    counts = EvaluationCounts(
        answers=total,
        useful_sum=sum(u for u, _a, _r in answers),
        yes=sum(1 for _u, a, _r in answers if a == Evaluation.Again.YES),
    )
    if not counts.shown:
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
        useful_average=counts.useful_average,
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
    trend = []
    for row in rows:
        counts = EvaluationCounts(row["n"], row["useful_sum"], row["yes"])
        if not counts.shown:
            continue
        trend.append(
            TrendRow(
                session_id=row["session_id"],
                title=by_pk[row["session_id"]].title,
                starts_at=by_pk[row["session_id"]].starts_at,
                answers=counts.answers,
                useful_average=counts.useful_average or 0.0,
                again_percent=counts.again_percent or 0,
                useful_sum=counts.useful_sum,
                yes=counts.yes,
            )
        )
    return sorted(trend, key=lambda r: (r.starts_at, r.session_id))


@dataclass
class EvaluationTotals:
    """The evaluations of a set of sessions taken together (the quarterly update): only
    sessions with MIN_ANSWERS answers or more count."""

    sessions: int
    answers: int
    useful_average: float | None
    again_percent: int | None


def evaluation_totals_of(counts: Iterable[EvaluationCounts]) -> EvaluationTotals:
    """Sessions taken together, from their counts: the sessions below MIN_ANSWERS are left
    out altogether, so none can be worked out by subtraction from the total."""
    shown = [c for c in counts if c.shown]
    answers = sum(c.answers for c in shown)
    if not answers:
        return EvaluationTotals(0, 0, None, None)
    return EvaluationTotals(
        sessions=len(shown),
        answers=answers,
        useful_average=_average(sum(c.useful_sum for c in shown), answers),
        again_percent=_percent(sum(c.yes for c in shown), answers),
    )


def evaluation_totals(*, sessions: Iterable[Session]) -> EvaluationTotals:
    trend = evaluation_trend(sessions=sessions)
    return evaluation_totals_of(EvaluationCounts(r.answers, r.useful_sum, r.yes) for r in trend)


def evaluation_trend_for_user(*, user: User, sessions: QuerySet[Session]) -> list[TrendRow]:
    """The trend over the finished sessions whose evaluation this person reads: the
    facilitator their own sessions, a coordinator every session of the network."""
    finished = sessions.filter(status=Session.Status.DONE).order_by()
    return evaluation_trend(sessions=[s for s in finished if has_perm(user, Perm.SESSION_EDIT, s)])
