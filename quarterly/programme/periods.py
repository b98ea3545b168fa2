"""The period a programme report covers: a quarter or a year, named by the `periode` parameter
("2026-K3", "2026"), and the choices the page offers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from praktijktafel.dates import (
    last_complete_quarter,
    previous_quarter,
    quarter_bounds,
    quarter_containing,
)
from praktijktafel.dates import quarter_label as _quarter_label

_QUARTER = re.compile(r"^(\d{4})-K([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    code: str  # "2026-K3" or "2026": the value of the `periode` parameter
    label: str
    start: datetime
    end: datetime  # exclusive

    @property
    def filename_part(self) -> str:
        return self.code.lower()

    @property
    def last_day(self):
        return timezone.localdate(self.end - timedelta(seconds=1))


def quarter_period(year: int, quarter: int) -> Period:
    start, end = quarter_bounds(year, quarter)
    return Period(f"{year}-K{quarter}", _quarter_label(year, quarter), start, end)


def year_period(year: int) -> Period:
    start, _end = quarter_bounds(year, 1)
    _start, end = quarter_bounds(year, 4)
    return Period(str(year), str(year), start, end)


def period_from(value: str | None, *, now: datetime | None = None) -> Period:
    """The period a `periode` parameter names; empty is the last full quarter. Anything else
    is refused with a Dutch message that says what to write."""
    text = (value or "").strip()
    if not text:
        return quarter_period(*last_complete_quarter(now))
    for pattern, make in ((_QUARTER, quarter_period), (_YEAR, year_period)):
        match = pattern.match(text)
        if match:
            numbers = [int(group) for group in match.groups()]
            if 2000 <= numbers[0] <= 2100:
                return make(*numbers)
    raise ValidationError(
        _("Choose a period from the list: a quarter such as 2026-K3, or a year such as 2026.")
    )


def period_choices(*, now: datetime | None = None) -> list[Period]:
    """The quarter under way (marked as such), the last eight full quarters, then the current
    and the two previous years."""
    quarters = [last_complete_quarter(now)]
    while len(quarters) < 8:
        quarters.append(previous_quarter(*quarters[-1]))
    this_year = timezone.localtime(now or timezone.now()).year
    current = quarter_period(*quarter_containing(now or timezone.now()))
    current = Period(
        current.code,
        _("%(quarter)s (not over yet)") % {"quarter": current.label},
        current.start,
        current.end,
    )
    return (
        [current]
        + [quarter_period(*q) for q in quarters]
        + [year_period(year) for year in (this_year, this_year - 1, this_year - 2)]
    )
