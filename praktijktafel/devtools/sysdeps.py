"""Check, and where we can install, the system packages the project needs.

    python3 -m praktijktafel.devtools.sysdeps run    # database server (when needed), Pango, gettext
    python3 -m praktijktafel.devtools.sysdeps test   # the same plus Chromium for browser tests

Standard library only: it runs before the virtualenv exists. As root with apt-get it
installs what is missing; otherwise it stops with one line that says what to install.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from praktijktafel.devtools import pg


@dataclass(frozen=True)
class Requirement:
    purpose: str
    packages: tuple[str, ...]
    present: Callable[[], bool]


def _libraries(*names: str) -> Callable[[], bool]:
    return lambda: all(ctypes.util.find_library(name) for name in names)


def _commands(*names: str) -> Callable[[], bool]:
    return lambda: all(shutil.which(name) for name in names)


POSTGRES = Requirement(
    "PostgreSQL server for the embedded database",
    ("postgresql", "postgresql-contrib"),
    lambda: pg.bin_dir() is not None,
)
PANGO = Requirement(
    "Pango and HarfBuzz for WeasyPrint (PDF)",
    ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"),
    _libraries("pango-1.0", "pangoft2-1.0", "harfbuzz-subset"),
)
GETTEXT = Requirement("gettext to compile translations", ("gettext",), _commands("msgfmt"))
# Playwright drives Chromium through its own Node.js, which needs libatomic (not pulled in by
# Debian's chromium package; without it every browser test fails on a fresh Debian).
CHROMIUM = Requirement(
    "Chromium and libatomic for the browser tests",
    ("chromium", "libatomic1"),
    lambda: _commands("chromium")() and _libraries("atomic")(),
)


def uses_embedded_database(database_url: str | None) -> bool:
    """True when the project runs its own cluster: no DATABASE_URL, or the embedded one's.

    The Makefile exports the embedded cluster's URL before this check runs, so "DATABASE_URL
    is set" does not mean "someone else's server": only a URL other than ours does.
    """
    return not database_url or database_url == pg.url()


def requirements_for(target: str, database_url: str | None = None) -> list[Requirement]:
    needed = [PANGO, GETTEXT]
    if uses_embedded_database(database_url):
        needed.insert(0, POSTGRES)
    if target in {"test", "bench"}:
        needed.append(CHROMIUM)
    return needed


def ensure(target: str) -> int:
    needed = requirements_for(target, os.environ.get("DATABASE_URL"))
    missing = [req for req in needed if not req.present()]
    if not missing:
        return 0
    packages = sorted({pkg for req in missing for pkg in req.packages})
    purposes = "; ".join(req.purpose for req in missing)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(
            f"Missing system packages ({purposes}). Install them first: "
            f"sudo apt-get install {' '.join(packages)}",
            file=sys.stderr,
        )
        return 1
    print(f"Installing system packages: {' '.join(packages)} ({purposes})")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    result = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=False,
        env=env,
    )
    still_missing = [req.purpose for req in missing if not req.present()]
    if result.returncode != 0 or still_missing:
        print(f"Could not install: {', '.join(still_missing) or packages}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(ensure(sys.argv[1] if len(sys.argv) > 1 else "run"))
