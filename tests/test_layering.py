"""The pipeline's layers import downwards only: no stage and no data type reaches for the
report package (which renders finished results) or the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

_PACKAGE = Path(__file__).resolve().parent.parent / "citecheck"
_UPPER_LAYERS = ("citecheck.report", "citecheck.cli")
# The command line, and the config file reader that checks its ``format`` key against the
# registry of output formats, sit above the report package.
_MAY_IMPORT_UPPER = {"cli.py", "__main__.py", "config.py"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _core_modules() -> list[Path]:
    return sorted(
        path
        for path in _PACKAGE.rglob("*.py")
        if path.relative_to(_PACKAGE).parts[0] not in ("report", "audit")
        and path.name not in _MAY_IMPORT_UPPER
    )


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: str(p.relative_to(_PACKAGE)))
def test_core_modules_do_not_import_the_report_package_or_the_cli(path: Path) -> None:
    upward = {
        name
        for name in _imported_modules(path)
        if any(name == layer or name.startswith(layer + ".") for layer in _UPPER_LAYERS)
    }
    assert not upward, f"{path.name} imports {sorted(upward)}"


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "model.py"
    module.write_text("def f():\n    from citecheck.report import render\n", encoding="utf-8")
    assert "citecheck.report" in _imported_modules(module)


def test_model_is_found_among_the_core_modules() -> None:
    assert _PACKAGE / "model.py" in _core_modules()
