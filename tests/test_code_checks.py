"""The code's own checks, run by the test suite so that `.ci/run` fails when they fail:
ruff (lint and format), mypy (strict on core/ and data/), the layer contracts
(import-linter, configured in pyproject.toml) and no import cycles."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["ics_tui", "tests", "benchmarks", "scripts", "tools"]


def run(
    *argv: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *argv], cwd=cwd, capture_output=True, text=True, timeout=600, env=env
    )


def test_ruff_finds_no_lint_problem() -> None:
    result = run("ruff", "check", "--no-cache", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    result = run("ruff", "format", "--check", "--no-cache", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes_strict_on_core_and_data_and_checks_the_rest() -> None:
    result = run("mypy", "ics_tui")
    assert result.returncode == 0, result.stdout + result.stderr


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    script = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run(
        [sys.executable, "-c", script, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def test_layer_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_textual_import_in_core_breaks_the_contracts(tmp_path: Path) -> None:
    """The contracts can fail: a copy of the code with `core/` importing Textual is refused."""
    shutil.copytree(
        ROOT / "ics_tui", tmp_path / "ics_tui", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "ics_tui" / "core" / "model.py"
    model.write_text(
        "import textual  # a broken contract\n" + model.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = lint_imports(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout.upper(), (
        result.stdout + result.stderr
    )


def import_cycles(package: str) -> list[list[str]]:
    """Groups of modules that import each other (strongly connected), TYPE_CHECKING imports aside."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True)
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for module in modules:
        if module not in index:
            visit(module)
    return cycles


def test_the_import_graph_has_no_cycles() -> None:
    assert import_cycles("ics_tui") == []


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "loopy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from loopy import b\n")
    (package / "b.py").write_text("def f():\n    from loopy import a\n")
    (package / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from loopy import a\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("loopy") == [["loopy.a", "loopy.b"]]
