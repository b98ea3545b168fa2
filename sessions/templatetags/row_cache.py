"""`{% rowcache %}` and `{% listcache %}`: a row or a whole list of the console, rendered
once per content.

    {% rowcache k confirm_kind confirm_pk keep_id="row-"|add:ref %}
      <li id="{{ keep_id }}" data-h="{{ row_hash }}">…</li>
    {% endrowcache %}
    {% listcache session.pk kind digest keep_id="list-"|add:kind %}
      <section>…</section>
    {% endlistcache %}

The console's lists are sent again whenever anything in the session changes (every few
seconds in a busy room), but nearly all rows are the same as last time. This keeps each row's
HTML in the worker's own memory, keyed by everything it is drawn from: every stored field of
each model instance given (so an edit, a +1 or a release is a new key and nothing has to be
invalidated), the other values given, and the language. A whole list is kept the same way
by a digest of its rows (sessions/live/selectors/list_digests.py): a list whose digest was
seen before is not even loaded. The forms in a row carry the CSRF
token of the person asking: the row is kept with a marker in its place and each answer puts
its own token in, so no token is ever shared between people.

With `keep_id`, the element carries that id and `row_hash`, a hash of what it is drawn from.
When the asking tab already shows it (`shown_in_tab` in the context, sessions/live/tab.py),
a `<template data-keep>` placeholder goes out in its place and the tab fills it in. A list
the tab has in an older form is taken whole from the store and its rows the tab has (an id
no newer than its newest) are cut to placeholders: a changed list costs what it did, and
sends only its new rows.

Not Django's cache framework: its local-memory backend pickles every value and wants string
keys, which cost more than rendering a short row; here a lookup is one dict access.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable

from django import template
from django.db.models import Model
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Stored text cannot hold a NUL (PostgreSQL refuses it), so this cannot come from a user.
TOKEN_MARK = "\x00csrf-token\x00"  # noqa: S105 - a placeholder, not a secret
_TOKEN_MARK = TOKEN_MARK.encode()
# Bytes kept per worker, the least recently used dropped first: a row is ~1.5 KB, a list up
# to a few hundred. Rows and lists apart, so that big lists never push out the rows a
# changed list is drawn from. Kept as UTF-8: a Python string holding one − or ✕ takes two
# bytes for every character, its UTF-8 one for nearly every one.
ROW_BYTES_KEPT = 12_000_000
LIST_BYTES_KEPT = 8_000_000


class RowStore:
    """A map from what a row is drawn from to its HTML (UTF-8), bounded by the bytes it
    holds, least recently used out."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.held = 0
        self._rows: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threads share a worker's store

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            html = self._rows.get(key)
            if html is not None:
                self._rows.move_to_end(key)
            return html

    def put(self, key: Hashable, html: bytes) -> None:
        with self._lock:
            old = self._rows.pop(key, None)
            self.held += len(html) - (len(old) if old is not None else 0)
            self._rows[key] = html
            while self.held > self.size and len(self._rows) > 1:
                self.held -= len(self._rows.popitem(last=False)[1])

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()
            self.held = 0


ROWS = RowStore(ROW_BYTES_KEPT)
LISTS = RowStore(LIST_BYTES_KEPT)


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


def key_hash(key: Hashable) -> str:
    """A short name of what a row is drawn from, the same in every worker (the values are
    numbers, text, dates and ids, whose repr is stable)."""
    return hashlib.blake2b(repr(key).encode(), digest_size=6).hexdigest()


class RowCacheNode(Node):
    def __init__(
        self,
        vary_on: list[FilterExpression],
        nodelist: NodeList,
        store: RowStore,
        keep_id: FilterExpression | None,
    ):
        self.vary_on, self.nodelist, self.store = vary_on, nodelist, store
        self.keep_id = keep_id

    def render(self, context) -> SafeString:
        values = [v.resolve(context) for v in self.vary_on]
        keep_id = str(self.keep_id.resolve(context)) if self.keep_id else None
        key = row_key([*values, keep_id], translation.get_language())
        tab = context.get("shown_in_tab")
        token = context.get("csrf_token")
        if not token or str(token) == "NOTPROVIDED":  # no form can be posted: nothing to keep
            html, token = self._draw(context, key, keep_id), ""
        else:
            kept = self.store.get(key)
            if kept is None:
                with context.push(csrf_token=TOKEN_MARK):
                    kept = self._draw(context, key, keep_id)
                self.store.put(key, kept)
            html = kept
        if keep_id and tab is not None:
            # The hash is read back from the kept HTML: no hash is made for an unchanged row.
            digest = _hash_in(html)
            if digest and tab.shows(keep_id, values[0], digest):
                return placeholder(keep_id, digest)
            if self.store is LISTS:
                html = _rows_kept(html, tab.newest)
        # The row was rendered (and escaped) by the template; the token is letters and digits.
        return mark_safe(html.replace(_TOKEN_MARK, str(token).encode()).decode())

    def _draw(self, context, key: Hashable, keep_id: str | None) -> bytes:
        # Drawn whole, whoever asks: a kept list never holds one tab's placeholders.
        digest = key_hash(key) if keep_id else None
        with context.push(keep_id=keep_id, row_hash=digest, shown_in_tab=None):
            return str(self.nodelist.render(context)).encode()


_HASH = re.compile(rb' data-h="([0-9a-f]{12})"')


def _hash_in(html: bytes) -> str | None:
    """The hash on the element's own tag (its first)."""
    found = _HASH.search(html, 0, html.find(b">") + 1)
    return found[1].decode() if found else None


# A list's rows, as the console's template writes them (`{% rowcache … keep_id=…|row_id:"row" %}`
# on an <li> that holds no other <li>; user text is escaped, so "</li>" is always markup).
_ROW = re.compile(rb'<li\b[^>]*? id="row-([a-z]+)-(\d+)" data-h="([0-9a-f]{12})">.*?</li>', re.S)


def _rows_kept(html: bytes, newest: dict[str, int]) -> bytes:
    """A list's HTML with each row the tab has (an id no newer than the tab's newest of its
    table) as a placeholder: cut from the kept list, so nothing is loaded or drawn for it."""

    def cut(row: re.Match[bytes]) -> bytes:
        if int(row[2]) > newest.get(row[1].decode(), 0):
            return row[0]
        return b'<template data-keep="row-%s-%s" data-h="%s"></template>' % (row[1], row[2], row[3])

    return _ROW.sub(cut, html)


def placeholder(keep_id: str, digest: str) -> SafeString:
    """What goes out in place of a list or row the tab has (filled in by console-rows.js)."""
    html = f'<template data-keep="{escape(keep_id)}" data-h="{escape(digest)}"></template>'
    return mark_safe(html)  # both escaped


def _cache_tag(parser: Parser, token: Token, store: RowStore) -> RowCacheNode:
    name, *bits = token.split_contents()
    keep = [bit.removeprefix("keep_id=") for bit in bits if bit.startswith("keep_id=")]
    bits = [bit for bit in bits if not bit.startswith("keep_id=")]
    if not bits or len(keep) > 1:
        raise template.TemplateSyntaxError(f"{name} needs what it is drawn from, one keep_id")
    nodelist = parser.parse((f"end{name}",))
    parser.delete_first_token()
    keep_id = parser.compile_filter(keep[0]) if keep else None
    return RowCacheNode([parser.compile_filter(bit) for bit in bits], nodelist, store, keep_id)


@register.tag
def rowcache(parser: Parser, token: Token) -> RowCacheNode:
    return _cache_tag(parser, token, ROWS)


@register.tag
def listcache(parser: Parser, token: Token) -> RowCacheNode:
    return _cache_tag(parser, token, LISTS)


@register.filter
def row_id(item: Model, prefix: str) -> str:
    """A row's id on the page, for `keep_id`: its place, its table and its id."""
    return f"{prefix}-{item._meta.model_name}-{item.pk}"
