"""The bench's own database: `<name>_bench` next to the configured one, made afresh each run."""

from __future__ import annotations

import os
import secrets
import sys
from urllib.parse import quote

import dj_database_url
import psycopg


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL")
    if not base:
        sys.path.insert(0, os.getcwd())
        from praktijktafel.devtools import pg

        base = pg.url()
    parsed = dj_database_url.parse(base)
    name = f"{parsed['NAME']}_bench"
    host = parsed["HOST"]
    auth = parsed["USER"] + (f":{quote(parsed['PASSWORD'])}" if parsed["PASSWORD"] else "")
    netloc = quote(host, safe="") if host.startswith("/") else host
    if parsed["PORT"]:
        netloc += f":{parsed['PORT']}"
    return f"postgresql://{auth}@{netloc}/{name}"


def recreate_database(url: str) -> None:
    parsed = dj_database_url.parse(url)
    conninfo = {
        "dbname": "postgres",
        "user": parsed["USER"],
        "host": parsed["HOST"],
        "port": parsed["PORT"] or None,
        "password": parsed["PASSWORD"] or None,
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed["NAME"]}"')


def configure(*, fresh: bool = True) -> str:
    """Point Django at a fresh bench database with production-like settings (with `fresh`
    False: at the one already there, migrated, e.g. the 100,000-item data set of a run
    before, which takes many minutes to build)."""
    url = bench_database_url()
    if fresh:
        recreate_database(url)
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="false",
        # A fresh random key per run: production settings refuse a short or guessable one.
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        DJANGO_SETTINGS_MODULE="praktijktafel.settings",
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    return url
