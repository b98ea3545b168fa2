"""The one writer of the kennisbank's search data.

What a search reads of an item is computed here, in Python, and nowhere else: its search
vector (the keys of its words and their rank tiers, `kennisbank.analysis.item_vector`, plus a
lexeme `=<filter>:<value>` for each of its filter values, `kennisbank.facets`), its filter
values as `FacetValue` codes (`facet_codes`, adding a value the first time an item has it)
and its narrow `SearchEntry` row (who may read it, when it was published, the codes and the
vector). Every write of an item ends here: the services after each change, the loaders (demo,
bench) after a bulk load, `manage.py kennisbank_reindex` after a change of the analysis or of
the filters, or after a write by SQL. The database only removes an item's entry with the
item (a foreign key, migration 0014)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from kennisbank.analysis import item_vector
from kennisbank.facets import SOURCES, item_values
from kennisbank.models import Solution

INDEX_BATCH = 500
_READ = (
    "pk",
    "title",
    "summary",
    "tags",
    "themes",
    "body",
    "status",
    "published_at",
    "network_id",
    "is_public",
    *dict.fromkeys(s for s in SOURCES if s not in ("tags", "themes")),
)


def _quoted(lexeme: str) -> str:
    """`lexeme` as one quoted lexeme of a tsvector literal (a tag is what someone typed)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _codes(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The `FacetValue` id of each (kind, value), adding the new ones (in a fixed order, so
    two writers never wait for each other in a circle)."""
    if not pairs:
        return {}
    kinds, values = zip(*sorted(pairs), strict=True)
    select = (
        "SELECT f.kind, f.value, f.id FROM kennisbank_facetvalue f "
        "JOIN unnest(%s::text[], %s::text[]) AS w(kind, value) USING (kind, value)"
    )
    with connection.cursor() as cursor:
        cursor.execute(select, [list(kinds), list(values)])
        found = {(k, v): pk for k, v, pk in cursor.fetchall()}
        if len(found) < len(pairs):
            cursor.execute(
                "INSERT INTO kennisbank_facetvalue (kind, value) "
                "SELECT * FROM unnest(%s::text[], %s::text[]) ORDER BY 1, 2 "
                "ON CONFLICT (kind, value) DO NOTHING",
                [list(kinds), list(values)],
            )
            cursor.execute(select, [list(kinds), list(values)])
            found = {(k, v): pk for k, v, pk in cursor.fetchall()}
    return found


def _write(rows: list[dict]) -> None:
    facets = {row["pk"]: set(item_values(row)) for row in rows}
    codes = _codes(set().union(*facets.values()))
    solutions, entries = [], []
    for row in rows:
        vector = item_vector(
            title=row["title"],
            summary=row["summary"],
            tags=list(row["tags"]),
            themes=list(row["themes"]),
            body=row["body"],
        )
        filters = " ".join(_quoted(f"={kind}:{value}") for kind, value in sorted(facets[row["pk"]]))
        vector = " ".join(part for part in (vector, filters) if part)
        item_codes = sorted(codes[pair] for pair in facets[row["pk"]])
        solutions.append((vector, item_codes, row["pk"]))
        entries.append(
            (
                row["pk"],
                row["published_at"],
                row["network_id"],
                row["is_public"],
                row["status"] == Solution.Status.PUBLISHED,
                item_codes,
                vector,
            )
        )
    with connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE kennisbank_solution SET search_vector = %s::tsvector, facet_codes = %s "
            "WHERE id = %s",
            solutions,
        )
        cursor.executemany(
            """
            INSERT INTO kennisbank_searchentry
              (id, published_at, network_id, is_public, published, facet_codes, search_vector)
            VALUES (%s, %s, %s, %s, %s, %s, %s::tsvector)
            ON CONFLICT (id) DO UPDATE SET
              published_at = EXCLUDED.published_at, network_id = EXCLUDED.network_id,
              is_public = EXCLUDED.is_public, published = EXCLUDED.published,
              facet_codes = EXCLUDED.facet_codes, search_vector = EXCLUDED.search_vector
            """,
            entries,
        )


def solutions_index(
    *, ids: Iterable[int] | None = None, after: int = 0, batch: int = INDEX_BATCH
) -> int:
    """Write the search data of the items `ids` (of every item with a larger id than `after`
    when None), `batch` items a transaction. Returns the number of items written."""
    wanted = None if ids is None else sorted(set(ids))
    done = 0
    last = after
    start = 0
    while True:
        items = Solution.objects.order_by("pk")
        if wanted is None:
            rows = list(items.filter(pk__gt=last).values(*_READ)[:batch])
            if not rows:
                return done
            last = rows[-1]["pk"]
        else:
            chunk = wanted[start : start + batch]
            if not chunk:
                return done
            start += batch
            rows = list(items.filter(pk__in=chunk).values(*_READ))
        with transaction.atomic():
            _write(rows)
        done += len(rows)


def solution_index(*, solution: Solution) -> None:
    """Write one item's search data (after a service changed it)."""
    solutions_index(ids=[solution.pk])
