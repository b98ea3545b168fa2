"""The one way tests count the queries of a request (no N+1 as data grows)."""

from __future__ import annotations

from functools import partial

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_request(
    client: Client,
    url: str,
    *,
    data: dict | None = None,
    params: dict | None = None,
    rollback: bool = False,
    **headers,
) -> tuple[int, int]:
    """(status code, number of queries) of one GET (with `params`), or one POST when `data`
    is given.

    With `rollback` the request runs in a transaction that is rolled back, so a write can be
    counted twice on the same data.
    """
    # Django's query log keeps at most 9,000 entries and nothing here empties it between
    # requests: once full, every capture would count 0 and any comparison would pass.
    connection.queries_log.clear()
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        send = partial(client.get, data=params) if data is None else partial(client.post, data=data)
        response = send(url, **headers)
        transaction.set_rollback(rollback)
    return response.status_code, len(captured)


def count_queries(
    client: Client, url: str, *, params: dict | None = None, ok: tuple = (200,), **headers
) -> int:
    """Queries of a GET that must succeed; a count of 0 means nothing was measured."""
    status, queries = count_request(client, url, params=params, **headers)
    assert status in ok, (url, status)
    assert queries > 0, f"{url}: no query counted"
    return queries
