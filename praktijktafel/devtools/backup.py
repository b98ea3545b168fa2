"""`make backup` and `make restore FILE=…`: pg_dump / pg_restore of DATABASE_URL (stdlib only).

The dump is PostgreSQL's custom format (compressed, restorable table by table). Restoring
replaces what is in the database: objects are dropped and created again from the dump, in
one transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlparse


def _binary(name: str) -> str:
    from praktijktafel.devtools import pg

    folder = pg.bin_dir()  # the server's own version, when PostgreSQL is installed here
    if folder and (folder / name).exists():
        return str(folder / name)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install the Debian package postgresql-client.")
    return found


def _conninfo(url: str) -> list[str]:
    """pg_dump arguments for a postgresql:// URL. The host may be a unix-socket folder
    (percent-encoded); it is read from the URL as written, since paths are case-sensitive."""
    parsed = urlparse(url)
    args = ["--dbname", unquote(parsed.path.lstrip("/"))]
    hostport = parsed.netloc.rsplit("@", 1)[-1]
    host, _sep, port = hostport.rpartition(":") if hostport.count(":") == 1 else (hostport, "", "")
    if host:
        args += ["--host", unquote(host)]
    if port:
        args += ["--port", port]
    if parsed.username:
        args += ["--username", unquote(parsed.username)]
    return args


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    password = urlparse(url).password
    if password:
        env["PGPASSWORD"] = unquote(password)
    return env


def dump(url: str, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [_binary("pg_dump"), *_conninfo(url), "--format=custom", "--no-owner"]
    subprocess.run([*command, "--file", str(target)], check=True, env=_env(url))
    return target


def restore(url: str, source: Path) -> None:
    if not source.is_file():
        raise SystemExit(f"No dump at {source}.")
    command = [
        _binary("pg_restore"),
        *_conninfo(url),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
    ]
    subprocess.run([*command, str(source)], check=True, env=_env(url))


def main(argv: list[str]) -> int:
    url = os.environ.get("DATABASE_URL")
    if not url:
        print("DATABASE_URL is not set.", file=sys.stderr)
        return 2
    action = argv[0] if argv else ""
    if action == "dump":
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = Path(argv[1]) if len(argv) > 1 else Path("backups") / f"praktijktafel-{stamp}.dump"
        print(dump(url, target))
        return 0
    if action == "restore" and len(argv) > 1:
        restore(url, Path(argv[1]))
        print(f"Restored {argv[1]}")
        return 0
    print("usage: backup.py dump [FILE] | restore FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
