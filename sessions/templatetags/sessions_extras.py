from django import template

from praktijktafel.dates import quarter_of

register = template.Library()


@register.filter
def warning_count(results) -> int:
    return sum(1 for r in results if r.is_warning)


@register.filter
def quarter(moment) -> str:
    """'2027 K1' ('2027 Q1' in English) for a date in the first quarter (local time)."""
    return quarter_of(moment)


@register.filter
def short_date(value, fmt: str) -> str:
    """`date` with short month names as each language writes them: "8 dec" in Dutch
    (Django's "M" capitalises them: "8 Dec"), "8 Dec" in English."""
    from django.template.defaultfilters import date
    from django.utils.translation import get_language

    if (get_language() or "").startswith("nl"):
        fmt = fmt.replace("M", "b")
    return date(value, fmt)
