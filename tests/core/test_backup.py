"""`make backup` / `make restore`: a dump restored into a fresh database has the same rows."""

from __future__ import annotations

from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from praktijktafel.devtools import backup
from tests.factories import member

TABLES = ["praktijktafel_user", "praktijktafel_membership", "tafels_session", "tafels_phase"]


def _url(name: str) -> str:
    s = connection.settings_dict
    host = quote(s["HOST"], safe="") if s["HOST"].startswith("/") else s["HOST"]
    port = f":{s['PORT']}" if s["PORT"] else ""
    auth = s["USER"] + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{host}{port}/{name}"


def _counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database(tmp_path, session, network):
    for index in range(3):
        member(network, "ondernemer", full_name=f"Ondernemer {index}")
    source = _url(connection.settings_dict["NAME"])
    before = _counts(source)
    assert before["tafels_phase"] > 0
    dump = backup.dump(source, tmp_path / "test.dump")
    assert dump.stat().st_size > 0

    fresh = connection.settings_dict["NAME"] + "_restore"
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        conn.execute(f'CREATE DATABASE "{fresh}"')
    try:
        backup.restore(_url(fresh), dump)
        assert _counts(_url(fresh)) == before
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
