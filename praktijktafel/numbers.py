"""Numbers from form fields and URL parameters."""

from __future__ import annotations

INT_LIMIT = 2**31  # PostgreSQL's integer; a page or id beyond it is nonsense, not an error


def int_or_none(value: object) -> int | None:
    """The whole number in `value`, or None for anything else (empty, text, a fraction, or
    too large for a database integer): a hostile parameter must never become a 500."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if -INT_LIMIT < number < INT_LIMIT else None
