"""Quarters, as the sessions, the kennisbank and the quarterly update name them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from django.utils.dateformat import format as django_format
from django.utils.translation import gettext, pgettext

# Dutch writes abbreviated months in lower case with a full stop ("5 dec.", "10 okt."), where
# Django's own "M" capitalises them ("5 Dec") and "b" drops the stop.
_MONTH_ABBREVIATIONS = (
    lambda: pgettext("abbreviated month", "Jan"),
    lambda: pgettext("abbreviated month", "Feb"),
    lambda: pgettext("abbreviated month", "Mar"),
    lambda: pgettext("abbreviated month", "Apr"),
    lambda: pgettext("abbreviated month", "May"),
    lambda: pgettext("abbreviated month", "Jun"),
    lambda: pgettext("abbreviated month", "Jul"),
    lambda: pgettext("abbreviated month", "Aug"),
    lambda: pgettext("abbreviated month", "Sep"),
    lambda: pgettext("abbreviated month", "Oct"),
    lambda: pgettext("abbreviated month", "Nov"),
    lambda: pgettext("abbreviated month", "Dec"),
)

# The moments a person may type for a session (and days for a call back): from today up to a
# few years ahead: Python's datetime stops at 9999-12-31 (and at year 1), so a session near
# either end would make working out its end or a reminder fail on every page that shows it.
PLAN_AHEAD_YEARS = 3
CALL_BACK_AHEAD_DAYS = 366
# Whatever path a moment took into the database (the admin, a shell, a restore), one outside
# these years is refused by the model's own check.
SANE_YEARS = (2000, 2100)

# Where arithmetic on a stored moment stops instead of raising OverflowError: a margin from
# the ends of datetime leaves room for a time zone and a day or two added on top.
_EARLIEST = datetime(1, 1, 8, tzinfo=UTC)
_LATEST = datetime(9999, 12, 24, tzinfo=UTC)

# A quarter as people type it: '2027 K1' (kwartaal), '2027-Q1', '2027k1'.
_QUARTER = re.compile(r"(\d{4})\s*-?\s*[KQ]([1-4])", re.IGNORECASE)


def quarter_label(year: int, quarter: int) -> str:
    """A quarter as the reader writes it: '2027 K1' in Dutch (K for kwartaal), '2027 Q1' in
    English."""
    return gettext("%(year)d Q%(quarter)d") % {"year": year, "quarter": quarter}


def quarter_code(year: int, quarter: int) -> str:
    """'2027 K1': a quarter as it is stored (e.g. an item's source quarter), in one language
    whatever the writer reads; `stored_quarter_label` shows it."""
    return f"{year} K{quarter}"


def parse_quarter(text: str) -> tuple[int, int] | None:
    """(2027, 1) for '2027 K1', '2027-K1', '2027 Q1' or '2027q1'; None for anything else."""
    match = _QUARTER.fullmatch((text or "").strip())
    return (int(match[1]), int(match[2])) if match else None


def stored_quarter_label(value: str) -> str:
    """A stored quarter ('2027 K1') in the reader's language; any other text as it is."""
    quarter = parse_quarter(value)
    return quarter_label(*quarter) if quarter else value


def quarter_of(moment: datetime) -> str:
    """'2027 K1' (Dutch) or '2027 Q1' (English) for a moment in the first quarter (local
    time)."""
    return quarter_label(*quarter_containing(moment))


def quarter_bounds(year: int, quarter: int) -> tuple[datetime, datetime]:
    """[start, end) of a quarter: 00:00 on its first day to 00:00 on the next quarter's first
    day, in the site's time zone (Europe/Amsterdam), so summer time is right."""
    start = timezone.make_aware(datetime(year, 3 * (quarter - 1) + 1, 1))
    next_year, next_quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    end = timezone.make_aware(datetime(next_year, 3 * (next_quarter - 1) + 1, 1))
    return start, end


def quarter_containing(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def last_complete_quarter(now: datetime | None = None) -> tuple[int, int]:
    return previous_quarter(*quarter_containing(now or timezone.now()))


def first_working_day(year: int, quarter: int) -> date:
    """The first Monday to Friday of a quarter (public holidays aside: 1 January moves to
    the next working day)."""
    day = quarter_bounds(year, quarter)[0].date()
    while day.weekday() >= 5 or (day.month, day.day) == (1, 1):
        day += timedelta(days=1)
    return day


def plan_horizon(now: datetime | None = None) -> datetime:
    """The latest moment a session may be planned: PLAN_AHEAD_YEARS from now (a 29 February
    becomes the 28th)."""
    now = now or timezone.now()
    try:
        return now.replace(year=now.year + PLAN_AHEAD_YEARS)
    except ValueError:
        return now.replace(year=now.year + PLAN_AHEAD_YEARS, day=28)


def is_sane_year(day: date | datetime) -> bool:
    return SANE_YEARS[0] <= day.year <= SANE_YEARS[1]


def shifted(moment: datetime, delta: timedelta) -> datetime:
    """moment + delta, kept inside the calendar: a stored moment near year 1 or 9999 (written
    before the bounds were checked) must not make a page fail on a sum."""
    try:
        result = moment + delta
    except OverflowError:
        return _LATEST if delta > timedelta(0) else _EARLIEST
    return min(max(result, _EARLIEST), _LATEST)


def local_format(value: date | datetime | None, fmt: str) -> str:
    """The one formatter for every date and time a person reads (pages, mails, PDFs): an
    aware moment is shown in the site's time zone (Europe/Amsterdam, summer time included),
    with the reader's month and day names; "M" is the abbreviated month as the language
    writes it ("5 dec." in Dutch, "5 Dec" in English). Django's `date` format characters."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value = timezone.localtime(value)
    if "M" in fmt:
        fmt = _with_month_abbreviation(fmt, value.month)
    return django_format(value, fmt)


def _with_month_abbreviation(fmt: str, month: int) -> str:
    """`fmt` with each unescaped "M" replaced by the month's abbreviation, escaped so the
    formatter prints it as it is."""
    text = _MONTH_ABBREVIATIONS[month - 1]()
    escaped = "".join("\\" + char for char in text)
    out, escaping = [], False
    for char in fmt:
        if escaping:
            out.append(char)
            escaping = False
        elif char == "\\":
            out.append(char)
            escaping = True
        elif char == "M":
            out.append(escaped)
        else:
            out.append(char)
    return "".join(out)
