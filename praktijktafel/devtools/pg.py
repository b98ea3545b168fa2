"""The embedded development database: a PostgreSQL cluster inside the project folder.

Run with the system Python (standard library only), before the virtualenv exists:

    python3 -m praktijktafel.devtools.pg start   # init on first use, then start; idempotent
    python3 -m praktijktafel.devtools.pg stop
    python3 -m praktijktafel.devtools.pg url     # the DATABASE_URL of the cluster

The cluster listens on a unix socket only (no TCP port), so it never collides with a
PostgreSQL server that already runs on the machine. PostgreSQL refuses to run as root; as
root we run it as the unprivileged `postgres` system user that Debian's package creates.
When that user cannot reach the project folder (a clone under a private home folder) or
the socket path would be too long for a unix socket, the cluster lives under /var/tmp in
a folder named after the project path instead.
"""

from __future__ import annotations

import glob
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

PROJECT_DIR = Path(__file__).resolve().parents[2]
DB_NAME = "praktijktafel"
DB_USER = "postgres"
SERVICE_USER = "postgres"
# The kernel limits a unix socket path to 107 bytes; ".s.PGSQL.5432" takes 14 of them.
MAX_SOCKET_DIR = 90


class PgError(Exception):
    pass


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL server's bin folder (Debian layout)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(found[-1]).parent if found else None


def _is_root() -> bool:
    return os.geteuid() == 0


def _run_as_service_user(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    if _is_root():
        cmd = ["runuser", "-u", SERVICE_USER, "--", *cmd]
    return subprocess.run(cmd, check=False, text=True, capture_output=True, **kwargs)


def _service_user_can_reach(path: Path) -> bool:
    if not _is_root():
        return True
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        return False
    # Walk up to the first folder that exists: every one above must be traversable.
    probe = path
    while not probe.exists():
        probe = probe.parent
    result = subprocess.run(
        ["runuser", "-u", SERVICE_USER, "--", "test", "-x", str(probe)],
        check=False,
        capture_output=True,
    )
    return result.returncode == 0


def base_dir() -> Path:
    """Where the cluster lives: `.pgdata/` in the project, or a fallback under /var/tmp."""
    local = PROJECT_DIR / ".pgdata"
    if len(str(local / "run")) <= MAX_SOCKET_DIR and _service_user_can_reach(PROJECT_DIR):
        return local
    digest = hashlib.sha1(str(PROJECT_DIR).encode(), usedforsecurity=False).hexdigest()[:12]
    return Path("/var/tmp") / f"praktijktafel-pg-{digest}"  # noqa: S108


def paths() -> dict[str, Path]:
    base = base_dir()
    return {"base": base, "data": base / "data", "run": base / "run", "log": base / "postgres.log"}


def url() -> str:
    return f"postgresql://{DB_USER}@{quote(str(paths()['run']), safe='')}/{DB_NAME}"


def _prepare_folders(p: dict[str, Path]) -> None:
    p["base"].mkdir(parents=True, exist_ok=True)
    p["run"].mkdir(exist_ok=True)
    p["log"].touch(exist_ok=True)
    if _is_root():
        svc = pwd.getpwnam(SERVICE_USER)
        for path in (p["base"], p["run"], p["log"]):
            os.chown(path, svc.pw_uid, svc.pw_gid)
        if p["data"].exists():
            os.chown(p["data"], svc.pw_uid, svc.pw_gid)
    os.chmod(p["base"], 0o755)  # noqa: S103 - the socket folder must be reachable


def _init(binaries: Path, p: dict[str, Path]) -> None:
    if (p["data"] / "PG_VERSION").exists():
        return
    result = _run_as_service_user(
        [
            str(binaries / "initdb"),
            "--pgdata",
            str(p["data"]),
            "--username",
            DB_USER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
        ]
    )
    if result.returncode != 0:
        raise PgError(f"initdb failed:\n{result.stdout}\n{result.stderr}")


def _is_running(binaries: Path, p: dict[str, Path]) -> bool:
    result = _run_as_service_user([str(binaries / "pg_ctl"), "status", "-D", str(p["data"])])
    return result.returncode == 0


def _psql(binaries: Path, p: dict[str, Path], sql: str, database: str = "postgres") -> str:
    result = _run_as_service_user(
        [
            str(binaries / "psql"),
            "-h",
            str(p["run"]),
            "-U",
            DB_USER,
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-tAc",
            sql,
        ]
    )
    if result.returncode != 0:
        raise PgError(f"psql failed: {result.stderr.strip()}")
    return result.stdout.strip()


def start() -> str:
    binaries = bin_dir()
    if binaries is None:
        raise PgError(
            "PostgreSQL server not found. Install the Debian package 'postgresql' "
            "or set DATABASE_URL to an existing database."
        )
    p = paths()
    _prepare_folders(p)
    _init(binaries, p)
    if not _is_running(binaries, p):
        result = _run_as_service_user(
            [
                str(binaries / "pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(p["data"]),
                "-l",
                str(p["log"]),
                "-o",
                f"-k {p['run']} -c listen_addresses='' -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off",
            ]
        )
        if result.returncode != 0:
            log_tail = p["log"].read_text(errors="replace")[-2000:] if p["log"].exists() else ""
            raise PgError(f"pg_ctl start failed:\n{result.stderr}\n{log_tail}")
    for _ in range(50):
        if (p["run"] / ".s.PGSQL.5432").exists():
            break
        time.sleep(0.1)
    exists = _psql(binaries, p, f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'")  # noqa: S608
    if exists != "1":
        _psql(binaries, p, f'CREATE DATABASE "{DB_NAME}"')
    return url()


def stop() -> None:
    binaries = bin_dir()
    p = paths()
    if binaries is None or not (p["data"] / "PG_VERSION").exists():
        return
    if _is_running(binaries, p):
        _run_as_service_user([str(binaries / "pg_ctl"), "stop", "-m", "fast", "-D", str(p["data"])])


def destroy() -> None:
    stop()
    shutil.rmtree(paths()["base"], ignore_errors=True)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "url"
    try:
        if command == "start":
            print(start())
        elif command == "stop":
            stop()
        elif command == "destroy":
            destroy()
        elif command == "url":
            print(url())
        else:
            print(f"usage: {argv[0]} start|stop|destroy|url", file=sys.stderr)
            return 2
    except PgError as exc:
        print(f"Embedded PostgreSQL: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
