from django import template

from praktijktafel.dates import local_format, quarter_of

register = template.Library()


@register.filter
def warning_count(results) -> int:
    return sum(1 for r in results if r.is_warning)


@register.filter
def quarter(moment) -> str:
    """'2027 K1' ('2027 Q1' in English) for a date in the first quarter (local time)."""
    return quarter_of(moment)


@register.filter(expects_localtime=True)
def short_date(value, fmt: str) -> str:
    """The same as `when` (kept for templates that still load it): in the site's time zone."""
    return local_format(value, fmt)
