"""`{% liveform %}`: the console's many small POST forms, written once.

    {% liveform "sessions:live_timer" session.pk "next" class="inline" %}
      <button>…</button>
    {% endliveform %}

renders a `<form method="post">` whose `action` (without JavaScript) and `hx-post` (with
htmx) are the same URL, with the CSRF token. Where the answer goes (`hx-target`, `hx-swap`)
is said once by the region around the forms, and htmx lets the forms inherit it.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


class LiveFormNode(Node):
    def __init__(
        self,
        name: FilterExpression,
        args: list[FilterExpression],
        attrs: dict[str, FilterExpression],
        nodelist: NodeList,
    ) -> None:
        self.name, self.args, self.attrs, self.nodelist = name, args, attrs, nodelist

    def render(self, context) -> SafeString:
        url = reverse(self.name.resolve(context), args=[a.resolve(context) for a in self.args])
        attrs = "".join(
            f' {key}="{conditional_escape(value.resolve(context))}"'
            for key, value in self.attrs.items()
        )
        opening = format_html('<form method="post" action="{}" hx-post="{}"', url, url)
        csrf = CsrfTokenNode().render(context)
        return mark_safe(f"{opening}{attrs}>{csrf}{self.nodelist.render(context)}</form>")


@register.tag
def liveform(parser: Parser, token: Token) -> LiveFormNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("liveform needs a URL name")
    args, attrs = [], {}
    for bit in bits[1:]:
        key, eq, value = bit.partition("=")
        if eq and key.replace("-", "").isalnum():
            attrs[key] = parser.compile_filter(value)
        else:
            args.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endliveform",))
    parser.delete_first_token()
    return LiveFormNode(parser.compile_filter(bits[0]), args, attrs, nodelist)
