from django import template

register = template.Library()


@register.filter
def warning_count(results) -> int:
    return sum(1 for r in results if r.is_warning)
