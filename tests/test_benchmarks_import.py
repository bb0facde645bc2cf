"""Every benchmark still imports: they run outside the test suite, so a renamed module would
otherwise break them silently."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("path", sorted(_BENCHMARKS.glob("[!_]*.py")), ids=lambda p: p.name)
def test_benchmark_imports_and_has_a_main(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"benchmark_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    try:
        spec.loader.exec_module(module)
        assert callable(getattr(module, "main", None))
    finally:
        del sys.modules[spec.name]
