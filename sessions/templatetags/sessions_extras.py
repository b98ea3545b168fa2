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
