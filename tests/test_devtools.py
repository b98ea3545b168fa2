"""The embedded database helper picks a safe place and a valid URL."""

from __future__ import annotations

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
    monkeypatch.setattr(sysdeps, "requirements_for", lambda target: [missing])
    monkeypatch.setattr(sysdeps.os, "geteuid", lambda: 1000)
    assert sysdeps.ensure("test") == 1
    err = capsys.readouterr().err
    assert "apt-get install some-package" in err
    assert "Something for a test" in err
