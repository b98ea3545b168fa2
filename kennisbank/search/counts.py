"""The counts beside the filters and the total, in one pass over the first matches."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import nullcontext

import psycopg
from django.db import connection
from django.db.models import QuerySet

from kennisbank import facets

COUNT_CAP = 10_000  # matches counted exactly; above it the page says "more than 10.000"
TAG_SAMPLE = 1_000  # above COUNT_CAP, the tags offered as filters are those of this many


def _counts(
    qs: QuerySet, meanwhile: Callable[[], object] | None = None
) -> dict[str, dict[str, int]]:
    """Counts per theme, sector, tag and size and the total, in one query that reads each of
    the first COUNT_CAP + 1 matches the index gives once. A total above COUNT_CAP means "more
    than that": then no count per filter value is made (it would be of the first matches
    only), and the tags offered are the most frequent of the first TAG_SAMPLE matches.

    It is the slowest statement of a search, so `meanwhile` (Python work that needs no
    query) runs while the database counts: the statement is sent in pipeline mode and its
    rows are read after `meanwhile`, on the same connection and in the same transaction."""
    inner, inner_params = (
        qs.order_by().values("facet_codes")[: COUNT_CAP + 1].query.sql_with_params()
    )
    # Every filter value of every match counted in one go, as integers (`facet_codes`); above
    # the cap only the tags of the first TAG_SAMPLE matches, to offer as filters.
    sql = f"""
        WITH hits AS MATERIALIZED ({inner}),
        n AS MATERIALIZED (SELECT count(*) AS c FROM hits)
        SELECT f.kind, f.value, x.c FROM (
            SELECT v, count(*) AS c FROM (
                SELECT unnest(facet_codes) v FROM hits WHERE (SELECT c FROM n) <= %(cap)s
            ) u GROUP BY v
        ) x JOIN kennisbank_facetvalue f ON f.id = x.v
        UNION ALL
        SELECT f.kind, f.value, x.c FROM (
            SELECT v, count(*) AS c FROM (
                SELECT unnest(facet_codes) v FROM (
                    SELECT facet_codes FROM hits
                    LIMIT CASE WHEN (SELECT c FROM n) > %(cap)s THEN %(sample)s ELSE 0 END
                ) first
            ) u GROUP BY v
        ) x JOIN kennisbank_facetvalue f ON f.id = x.v AND f.kind = 'tag'
        UNION ALL SELECT 'total', '', c FROM n
    """  # noqa: S608 - inner SQL comes from the ORM with its own parameters
    counts: dict[str, dict[str, int]] = {f.name: {} for f in facets.FACETS}
    total = 0
    # The ORM's positional parameters as named ones, to mix with those of this query.
    named = {f"p{i}": value for i, value in enumerate(inner_params)}
    names = iter(named)
    inner_sql = re.sub(r"%([%s])", lambda m: "%%" if m[1] == "%" else f"%({next(names)})s", inner)
    values = {"cap": COUNT_CAP, "sample": TAG_SAMPLE}
    connection.ensure_connection()
    # Pipeline mode needs libpq 14 or newer (psycopg[binary] brings its own); without it the
    # work is done first and the counts after, as before.
    overlap = psycopg.Pipeline.is_supported()
    with (
        connection.connection.pipeline() if overlap else nullcontext(),
        connection.cursor() as cursor,
    ):
        if meanwhile is not None and not overlap:
            meanwhile()
        cursor.execute(sql.replace(inner, inner_sql), {**named, **values})
        if meanwhile is not None and overlap:
            meanwhile()
        rows = cursor.fetchall()
    for kind, value, count in rows:
        if kind == "total":
            total = count
        elif kind in counts:  # a filter taken out of `FACETS` counts no more
            counts[kind][value] = count
    counts["total"] = {"": total}
    return counts
