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
a `<template data-keep>` placeholder goes out in its place and the tab fills it in.

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
        # With its md5 when loaded with one: a contact's covers the person's row too.
        md5 = getattr(value, "row_md5", None)
        return (value._meta.label, md5, *(getattr(value, f.attname) for f in fields))
    if isinstance(value, list | tuple):
        return tuple(_part(v) for v in value)
    return value  # type: ignore[return-value]


def row_key(values: list, language: str | None) -> Hashable:
    return (language, *(_part(v) for v in values))


def key_hash(key: Hashable) -> str:
    """A short name of what a row is drawn from, the same in every worker (the values are
    numbers, text, dates and ids, whose repr is stable)."""
    return hashlib.blake2b(repr(key).encode(), digest_size=6).hexdigest()


def placeholder(keep_id: str, digest: str) -> SafeString:
    """What goes out in place of a list or row the tab has (filled in by console-rows.js)."""
    html = f'<template data-keep="{escape(keep_id)}" data-h="{escape(digest)}"></template>'
    return mark_safe(html)  # both escaped


def row_hash(key: Hashable, values: list, keep_id: str | None, language: str | None) -> str:
    """The hash an element carries on the page. A row loaded with `row_md5`
    (sessions/live/selectors/list_rows.py) is named by it and the other values it is drawn
    from (a question waiting on it, its warnings): so is a row the tab has, without loading
    it. Anything else by its whole key."""
    md5 = getattr(values[0], "row_md5", None)
    if md5 is None:
        return key_hash(key)
    rest = [_part(v) for v in values[1:] if v is not None and not isinstance(v, Model)]
    return key_hash((language, keep_id, md5, *rest))


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
        first = self.vary_on[0].resolve(context)
        if hasattr(first, "placeholders"):  # list_rows.KeptRows: rows the tab has
            return mark_safe(first.placeholders)  # made by placeholder()
        values = [first, *(v.resolve(context) for v in self.vary_on[1:])]
        keep_id = str(self.keep_id.resolve(context)) if self.keep_id else None
        language = translation.get_language()
        key = row_key([*values, keep_id], language)
        tab = context.get("shown_in_tab")
        if keep_id and tab is not None and self.store is ROWS:
            if isinstance(first, Model) and tab.has_row(first):
                # Its hash read back from the kept row: not made again for every answer.
                kept = self.store.get(key)
                digest = _hash_in(kept) if kept else None
                return placeholder(keep_id, digest or row_hash(key, values, keep_id, language))
        elif keep_id and tab is not None:
            digest = row_hash(key, values, keep_id, language)
            if tab.has_list(keep_id, digest):
                return placeholder(keep_id, digest)
            if self.store is LISTS and keep_id not in tab.whole:
                # Its rows may be placeholders for this tab alone: drawn, never kept.
                with context.push(keep_id=keep_id, row_hash=digest):
                    return self.nodelist.render(context)
        token = context.get("csrf_token")
        if not token or str(token) == "NOTPROVIDED":  # no form can be posted: nothing to keep
            with context.push(keep_id=keep_id, row_hash=row_hash(key, values, keep_id, language)):
                return self.nodelist.render(context)
        html = self.store.get(key)
        if html is None:
            with context.push(
                csrf_token=TOKEN_MARK,
                keep_id=keep_id,
                row_hash=row_hash(key, values, keep_id, language),
                shown_in_tab=None,  # kept for everyone: drawn whole
            ):
                html = str(self.nodelist.render(context)).encode()
            self.store.put(key, html)
        # The row was rendered (and escaped) by the template; the token is letters and digits.
        return mark_safe(html.replace(_TOKEN_MARK, str(token).encode()).decode())


_HASH = re.compile(rb' data-h="([0-9a-f]{12})"')


def _hash_in(html: bytes) -> str | None:
    """The hash on a kept element's own (first) tag."""
    found = _HASH.search(html, 0, html.find(b">") + 1)
    return found[1].decode() if found else None


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


def dom_id(prefix: str, model: type[Model] | Model, pk: object) -> str:
    """A row's id on the page, for `keep_id`: its place, its table and its id."""
    return f"{prefix}-{model._meta.model_name}-{pk}"


@register.filter
def row_id(item: Model, prefix: str) -> str:
    return dom_id(prefix, item, item.pk)
