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
