"""`{% rowcache %}`: a row of the console's lists, rendered once per content.

    {% rowcache k confirm_kind confirm_pk %} <li>…</li> {% endrowcache %}

The console's lists are sent again whenever anything in the session changes (every few
seconds in a busy room), but nearly all rows are the same as last time. This keeps each row's
HTML in the worker's own memory, keyed by everything it is drawn from: every stored field of
each model instance given (so an edit, a +1 or a release is a new key and nothing has to be
invalidated), the other values given, and the language. The forms in a row carry the CSRF
token of the person asking: the row is kept with a marker in its place and each answer puts
its own token in, so no token is ever shared between people.

Not Django's cache framework: its local-memory backend pickles every value and wants string
keys, which cost more than rendering a short row; here a lookup is one dict access.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django import template
from django.db.models import Model
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Stored text cannot hold a NUL (PostgreSQL refuses it), so this cannot come from a user.
TOKEN_MARK = "\x00csrf-token\x00"  # noqa: S105 - a placeholder, not a secret
ROWS_KEPT = 20_000  # ~1 KB each: at most ~20 MB per worker, the oldest dropped first


class RowStore:
    """A bounded map from what a row is drawn from to its HTML, least recently used out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._rows: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threads share a worker's store

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            html = self._rows.get(key)
            if html is not None:
                self._rows.move_to_end(key)
            return html

    def put(self, key: Hashable, html: str) -> None:
        with self._lock:
            self._rows[key] = html
            self._rows.move_to_end(key)
            while len(self._rows) > self.size:
                self._rows.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()


ROWS = RowStore(ROWS_KEPT)


def _part(value: object) -> Hashable:
    """What a row is drawn from, as a key: a model instance by all its stored fields."""
    if isinstance(value, Model):
        fields = value._meta.concrete_fields
        return (value._meta.label, *(getattr(value, f.attname) for f in fields))
    if isinstance(value, list | tuple):
        return tuple(_part(v) for v in value)
    return value  # type: ignore[return-value]


def row_key(values: list, language: str | None) -> Hashable:
    return (language, *(_part(v) for v in values))


class RowCacheNode(Node):
    def __init__(self, vary_on: list[FilterExpression], nodelist: NodeList) -> None:
        self.vary_on, self.nodelist = vary_on, nodelist

    def render(self, context) -> SafeString:
        token = context.get("csrf_token")
        if not token or str(token) == "NOTPROVIDED":  # no form can be posted: nothing to keep
            return self.nodelist.render(context)
        key = row_key([v.resolve(context) for v in self.vary_on], translation.get_language())
        html = ROWS.get(key)
        if html is None:
            with context.push(csrf_token=TOKEN_MARK):
                html = str(self.nodelist.render(context))
            ROWS.put(key, html)
        # The row was rendered (and escaped) by the template; the token is letters and digits.
        return mark_safe(html.replace(TOKEN_MARK, str(token)))


@register.tag
def rowcache(parser: Parser, token: Token) -> RowCacheNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("rowcache needs what the row is drawn from")
    nodelist = parser.parse(("endrowcache",))
    parser.delete_first_token()
    return RowCacheNode([parser.compile_filter(bit) for bit in bits], nodelist)
