"""The login session: Django's database store, with the read that every logged-in request
makes written out once.

The live screens poll every two or three seconds, and each poll loads its login session
first. Built by the ORM, that one-row SELECT took about half a millisecond of CPU to compile
on every request, several times what the database needed to answer it. Same table, same
rows, same encoding: sessions made before this store are read as they were, and saving,
creating and deleting stay Django's own.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


@functools.cache
def _load_sql(model: Any) -> str:
    meta = model._meta

    def col(name: str) -> str:
        return meta.get_field(name).column

    return (
        f"SELECT {col('session_data')} FROM {meta.db_table} "  # noqa: S608 - names from _meta
        f"WHERE {col('session_key')} = %s AND {col('expire_date')} > %s"
    )


class SessionStore(db.SessionStore):
    def load(self) -> dict[str, Any]:
        """As Django's: the data of an unexpired session, else nothing and no key (so a new
        one is made when something is stored)."""
        with connections[router.db_for_read(self.model)].cursor() as cursor:
            cursor.execute(_load_sql(self.model), [self.session_key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
