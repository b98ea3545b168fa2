from django import template
from django.utils.formats import localize
from django.utils.translation import ngettext

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
def recognised_by(count: int) -> str:
    """'recognised by 3' ('herkend door 3'), the same words as `blocktranslate count` gives,
    at a fraction of its cost: the projector says it for each of its bottlenecks on every
    refresh."""
    return ngettext("recognised by %(n)s", "recognised by %(n)s", count) % {"n": localize(count)}
