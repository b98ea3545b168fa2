"""Migrations are frozen: what a migration does on a database must not change when the app's
code changes, so a migration imports no code of the app (services, selectors, the search
analysis, …) and no other migration's module. It carries what it needs, and a data
migration reads its models through `apps.get_model`. The one exception is what Django itself
writes into a migration and must stay importable: a model field's default or a model's
manager, both from a models module."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT = {d.name for d in ROOT.iterdir() if (d / "__init__.py").exists()} | {"tests"}


def _imports(path: Path) -> list[str]:
    """Every module a migration imports, at its top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append(node.module or "")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
        ) or (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__"):
            found.append("importlib.import_module(…)")
    return found


def _forbidden(module: str) -> bool:
    if module.startswith(("importlib", "importlib.import_module")):
        return True
    top = module.split(".")[0]
    if top not in PROJECT:
        return False
    # What Django serialises into a migration: a field default or a manager from a models
    # module (`<app>.models`, `sessions.live.models`).
    return module.split(".")[-1] != "models"


def test_no_migration_imports_the_apps_code_or_another_migration():
    migrations = sorted(p for p in ROOT.glob("*/migrations/0*.py") if ".venv" not in p.parts)
    assert len(migrations) > 20  # the scan sees the migrations
    offending = {
        path.relative_to(ROOT).as_posix(): bad
        for path in migrations
        if (bad := [m for m in _imports(path) if _forbidden(m) or ".migrations" in m])
    }
    assert offending == {}


def test_the_scan_catches_what_it_is_for(tmp_path):
    """The scan above would have caught the old kennisbank migrations."""
    sample = tmp_path / "0099_sample.py"
    sample.write_text(
        "import importlib\n"
        "PREVIOUS = importlib.import_module('kennisbank.migrations.0007_x')\n"
        "def reindex(apps, schema_editor):\n"
        "    from kennisbank.services import solutions_reindex\n",
        encoding="utf-8",
    )
    found = _imports(sample)
    assert "kennisbank.services" in found and "importlib" in found
    assert all(_forbidden(m) for m in found)
    assert not _forbidden("praktijktafel.models") and not _forbidden("django.db")
