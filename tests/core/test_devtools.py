"""The embedded database helper picks a safe place and a valid URL."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import dj_database_url

from praktijktafel.devtools import pg, sysdeps


def test_url_points_at_the_socket_folder():
    parsed = dj_database_url.parse(pg.url())
    assert parsed["HOST"] == str(pg.paths()["run"])
    assert parsed["NAME"] == "praktijktafel"


def test_falls_back_outside_the_project_when_the_socket_path_is_too_long(monkeypatch):
    monkeypatch.setattr(pg, "PROJECT_DIR", Path("/tmp/" + "x" * 120))
    assert str(pg.base_dir()).startswith("/var/tmp/praktijktafel-pg-")
    assert len(str(pg.paths()["run"])) <= pg.MAX_SOCKET_DIR


def test_falls_back_when_postgres_user_cannot_reach_project(monkeypatch):
    monkeypatch.setattr(pg, "_service_user_can_reach", lambda path: False)
    assert str(pg.base_dir()).startswith("/var/tmp/")


def test_missing_packages_give_one_clear_line_when_not_root(monkeypatch, capsys):
    missing = sysdeps.Requirement("Something for a test", ("some-package",), lambda: False)
    monkeypatch.setattr(sysdeps, "requirements_for", lambda target, database_url=None: [missing])
    monkeypatch.setattr(sysdeps.os, "geteuid", lambda: 1000)
    assert sysdeps.ensure("test") == 1
    err = capsys.readouterr().err
    assert "apt-get install some-package" in err
    assert "Something for a test" in err


def test_the_embedded_database_needs_the_server_even_when_the_makefile_exported_its_url():
    # The Makefile exports the embedded cluster's URL before sysdeps runs (a fresh Debian
    # without PostgreSQL then failed at "PostgreSQL server not found").
    assert sysdeps.POSTGRES in sysdeps.requirements_for("run", pg.url())
    assert sysdeps.POSTGRES in sysdeps.requirements_for("test", pg.url())
    assert sysdeps.POSTGRES in sysdeps.requirements_for("run", None)
    assert sysdeps.POSTGRES in sysdeps.requirements_for("run", "")


def test_a_database_of_our_own_choosing_needs_no_local_server():
    needed = sysdeps.requirements_for("test", "postgresql://app@db.example.internal/praktijktafel")
    assert sysdeps.POSTGRES not in needed
    assert sysdeps.CHROMIUM in needed


def test_ensure_asks_with_the_url_the_makefile_exported(monkeypatch):
    seen = []
    monkeypatch.setenv("DATABASE_URL", pg.url())
    monkeypatch.setattr(
        sysdeps, "requirements_for", lambda target, url=None: seen.append(url) or []
    )
    assert sysdeps.ensure("run") == 0
    assert seen == [pg.url()]


def _make_variable(name: str, *args: str, env_overrides: dict[str, str] | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != name}
    env.update(env_overrides or {})
    result = subprocess.run(  # noqa: S603 - our own Makefile with fixed arguments
        ["make", "-s", f"print-{name}", *args],  # noqa: S607 - make from the PATH, as a developer runs it
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_serves_links_on_the_port_it_listens_on():
    # `make run PORT=8010` once mailed links to :8000, where nothing answered.
    assert _make_variable("SITE_URL", "PORT=8010") == "http://127.0.0.1:8010"
    assert _make_variable("SITE_URL", "HOST=0.0.0.0", "PORT=9000") == "http://0.0.0.0:9000"


def test_an_explicit_site_url_wins_over_host_and_port():
    assert (
        _make_variable("SITE_URL", "PORT=8010", env_overrides={"SITE_URL": "https://pt.example"})
        == "https://pt.example"
    )
