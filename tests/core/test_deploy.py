"""The production files in deploy/ stay in step with the settings they configure.

`make deploy-check` proves them on fresh Debian machines (slow, as root); these fast checks
catch a variable or a limit forgotten on the way."""

from __future__ import annotations

import configparser
import os
import re
import runpy
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _names(text: str) -> set[str]:
    return set(re.findall(r"^([A-Z][A-Z0-9_]+)=", text, re.M))


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_the_env_template_has_every_variable_of_env_example_and_the_readme():
    template = _names((DEPLOY / "praktijktafel.env").read_text())
    assert _names((ROOT / ".env.example").read_text()) <= template
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") : readme.index("## Background work")]
    cells = " ".join(re.findall(r"^\|([^|]+)\|", table, re.M))  # the first column
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", cells))
    # HOST and PORT are the Makefile's (`make run`), not the app's.
    assert documented - {"HOST", "PORT"} <= template


def test_the_server_env_is_production():
    text = (DEPLOY / "praktijktafel.env").read_text()
    assert re.search(r"^DEBUG=false$", text, re.M)
    assert re.search(r"^TRUSTED_PROXY_COUNT=1$", text, re.M)  # nginx in front


def test_nginx_takes_its_upload_limit_from_the_app_setting():
    site = (DEPLOY / "nginx" / "praktijktafel.conf").read_text()
    assert "client_max_body_size @UPLOAD_MAX_MB@m;" in site
    assert "@UPLOAD_MAX_MB@" in (DEPLOY / "nginx" / "413.html").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site


def test_workers_run_run_worker_restart_always_and_outlast_a_pdf():
    service = _unit("praktijktafel-worker@.service")["Service"]
    assert "manage.py run_worker" in service["ExecStart"]
    assert service["Restart"] == "always"
    assert int(service["TimeoutStopSec"]) > 60  # a quarterly PDF takes about a minute
    for name in ("praktijktafel-worker@.service", "praktijktafel-web.service"):
        service = _unit(name)["Service"]
        assert service["User"] == "praktijktafel"
        assert service["NoNewPrivileges"] == "yes"
        assert service["ProtectSystem"] == "strict"
        assert service["PrivateTmp"] == "yes"


def test_every_released_version_records_its_commit():
    changelog = (ROOT / "CHANGELOG.md").read_text()
    versions = re.findall(r"^## \[(\d+\.\d+\.\d+)\](.*)$", changelog, re.M)
    assert ("1.0.0", " — 2026-12-05 — d1332f4") in versions
    for _version, rest in versions:
        assert re.search(r"— [0-9a-f]{7,40}$", rest)


def test_the_web_unit_runs_gunicorn_with_the_settings_file_the_bench_uses():
    """Production and the load bench read the same praktijktafel/gunicorn_conf.py (deploy/setup
    installs it next to the units, so an older release without it starts with it too); the
    unit adds only what is the machine's own: the socket nginx and deploy/lib.sh know."""
    service = _unit("praktijktafel-web.service")["Service"]
    words = shlex.split(service["ExecStart"])
    assert words[0] == service["WorkingDirectory"] + "/.venv/bin/gunicorn"
    lib = re.search(r"^PT_LIB=(\S+)$", (DEPLOY / "lib.sh").read_text(), re.M)[1]
    assert words[words.index("-c") + 1] == f"{lib}/gunicorn_conf.py"
    setup = (DEPLOY / "setup").read_text()
    assert (
        'install -m 0644 "$here/../praktijktafel/gunicorn_conf.py" "$PT_LIB/gunicorn_conf.py"'
        in (setup)
    )
    assert [w for w in words[1:] if w.startswith("-")] == ["-c", "--bind"]
    socket = re.search(r"^PT_SOCKET=(\S+)$", (DEPLOY / "lib.sh").read_text(), re.M)[1]
    assert words[words.index("--bind") + 1] == f"unix:{socket}"
    assert f"server unix:{socket} " in (DEPLOY / "nginx" / "praktijktafel.conf").read_text()


def test_gunicorn_waits_as_long_as_nginx_for_an_upload(monkeypatch):
    """A sector table is imported inside the request: gunicorn must not kill the worker
    before nginx stops waiting for it; the access log goes to the journal."""
    for name in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    conf = runpy.run_path(str(ROOT / "praktijktafel" / "gunicorn_conf.py"))
    site = (DEPLOY / "nginx" / "praktijktafel.conf").read_text()
    nginx = int(re.search(r"proxy_read_timeout (\d+)s;", site)[1])
    assert conf["timeout"] >= nginx
    assert conf["accesslog"] == "-"
    stop = _unit("praktijktafel-web.service")["Service"]["TimeoutStopSec"]
    assert conf["graceful_timeout"] < int(stop)  # requests finish before systemd kills
