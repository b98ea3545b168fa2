"""The programme report for funders: what a network (or every network) did in a period.

Sessions planned, held and cancelled; invited, signed up, came and no-shows; reach per sector
and firm size (distinct firms, new or returning); hours invested by ondernemers (who came ×
the session's time slot, as the invitation states it); group actions agreed; kennisbank items
published from sessions and how often they were found useful; evaluation scores.

One `programme_report` reads everything in a fixed number of queries, whatever the period:
the page, the CSV files and the PDF all read it, so their numbers match.

Evaluations are read through the evaluations selector (`sessions.selectors.evaluations`), so
the five-answer rule and the rounding are the session page's own: a session with fewer than
five answers shows no score, and the overall score is taken only over sessions that have five
or more (so no small session can be worked out by subtraction).
"""

from quarterly.programme.periods import (
    Period,
    period_choices,
    period_from,
    quarter_period,
    year_period,
)
from quarterly.programme.presence import presence_list, presence_lists
from quarterly.programme.reach_charts import charts
from quarterly.programme.report import REPORT_FIELDS, programme_report
from quarterly.programme.rows import (
    CAME,
    HELD,
    KnowledgeRow,
    ProgrammeReport,
    ReachRow,
    SessionRow,
)

__all__ = [
    "CAME",
    "HELD",
    "REPORT_FIELDS",
    "KnowledgeRow",
    "Period",
    "ProgrammeReport",
    "ReachRow",
    "SessionRow",
    "charts",
    "period_choices",
    "period_from",
    "presence_list",
    "presence_lists",
    "programme_report",
    "quarter_period",
    "year_period",
]
