"""Dependencies point one way: demo → quarterly → sessions → kennisbank → sectordata → core.

A module may import its own app and the apps below it, never one above: a cycle or an
upward arrow means a model or a function lives in the wrong app.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each app and what it may import besides itself.
ALLOWED = {
    "praktijktafel": set(),
    "sectordata": {"praktijktafel"},
    "kennisbank": {"praktijktafel", "sectordata"},
    "sessions": {"praktijktafel", "sectordata", "kennisbank"},
    "quarterly": {"praktijktafel", "sectordata", "kennisbank", "sessions"},
    "demo": {"praktijktafel", "sectordata", "kennisbank", "sessions", "quarterly"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        upward = _imports(path) - ALLOWED[app] - {app}
        if upward:
            wrong[str(path.relative_to(ROOT))] = sorted(upward)
    assert not wrong, f"imports that point the wrong way: {wrong}"


# Inside the sessions app the live session (console, projector, phones) is a package of its
# own, built on the planning side. The rest of the code reaches into it only through these
# modules; its screens (views, the console's and projector's read models, the poll) are
# leaves that nothing outside the package imports.
LIVE = "sessions.live"
LIVE_FRONT_DOORS = {
    "sessions.live.models",  # registered through sessions.models
    "sessions.live.urls",  # included by sessions.urls
    "sessions.live.limits",
    "sessions.live.forms",  # the evaluation form of the after-session pages
    "sessions.live.services.run",  # reopen_until on the summary page
    "sessions.live.services.captures",  # promoting a tip to the kennisbank
    "sessions.live.selectors.clock",  # the fidelity report's phase times
    "sessions.live.timer",  # and the timer arithmetic it uses
    "sessions.live.demo",  # load_demo
    "sessions.live.unchanged",  # the polls' middleware (settings) and its ticket's template tag
}


def _modules_imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from sessions.live import demo` names the module sessions.live.demo
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
            found.add(node.module)
    return found


def test_the_live_package_is_reached_only_through_its_front_doors():
    wrong = {}
    for app in sorted(ALLOWED):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative.parts[:2] == ("sessions", "live") or "migrations" in relative.parts:
                continue
            inside = {
                m
                for m in _modules_imported(path)
                if m.startswith(LIVE + ".")
                and not any(m == door or m.startswith(door + ".") for door in LIVE_FRONT_DOORS)
            }
            # `from sessions.live.models import Capture` also yields "…models.Capture": fine.
            if inside:
                wrong[str(relative)] = sorted(inside)
    assert not wrong, f"imports into the live package's insides: {wrong}"


def test_the_live_package_imports_no_app_above_sessions():
    upward = {}
    for path in sorted((ROOT / "sessions" / "live").rglob("*.py")):
        bad = _imports(path) - ALLOWED["sessions"] - {"sessions"}
        if bad:
            upward[str(path.relative_to(ROOT))] = sorted(bad)
    assert (ROOT / "sessions" / "live" / "models.py").exists()
    assert not upward, f"imports that point the wrong way: {upward}"


# A module that passes a few hundred lines becomes a package named by what it holds.
MAX_MODULE_LINES = 400


def test_every_module_is_under_the_size_that_makes_it_a_package():
    too_long = {}
    for app in sorted(ALLOWED):
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            lines = len(path.read_text().splitlines())
            if lines >= MAX_MODULE_LINES:
                too_long[str(relative)] = lines
    assert not too_long, f"modules of {MAX_MODULE_LINES} lines or more: {too_long}"
