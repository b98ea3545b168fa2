"""`{{ value|when:"j M, H:i" }}`: every date and time in a template, in the site's time zone.

A builtin (settings.TEMPLATES), so no template needs to load it; Django's own `date` and
`time` filters are not used in templates (a test checks), so there is one rule for times.
"""

from django import template

from praktijktafel.dates import local_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def when(value, fmt: str = "j F Y, H:i") -> str:
    return local_format(value, fmt)
