"""Mutation testing for ICS Explorer's core and data modules: does the suite notice a small bug?

    .venv/bin/python tools/mutate.py ics_tui/data/atomic.py ics_tui/core/loader.py
    .venv/bin/python tools/mutate.py ics_tui/core/search --sample 120 --seed 7 -j 2
    .venv/bin/python tools/mutate.py ics_tui/data/atomic.py --list      # the mutants, not run

Each argument is a module file or a package folder (every `.py` in it). For each mutant (one
small change: a flipped comparison, `and`/`or`, a dropped `not`, another arithmetic operator,
a number +1, `True`/`False` swapped, `return X` as `return None`, a statement deleted) the
module is rewritten with `ast.unparse` in a private copy of the checkout, and the tests that
import the module (or its package) run there with `pytest -x`. A failing run or a timeout
kills the mutant. Tests that drive the app (`run_test`, `snap_compare`) and tests marked
`slow` are left out unless `--ui`: they reach core code only through the UI and take minutes.

Skipped: docstrings, annotations, `if TYPE_CHECKING:` blocks, and any statement whose line
says `pragma: no cover` or `pragma: no mutate` (platform-only branches). Mutants judged
equivalent (no test could tell them apart from the original) are listed with the reason in
`tools/mutation-equivalents.txt` and left out of the score.

Why our own runner rather than mutmut or cosmic-ray: it needs no network or extra package,
it runs on every Python the project supports, the tests' subprocesses (`python -m ics_tui`
with `PYTHONPATH`) see the mutant because the whole checkout is copied, and it chooses the
tests per module, so a module's run takes minutes rather than the whole suite's quarter hour.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent
EQUIVALENTS = TOOLS / "mutation-equivalents.txt"
COPIED = ("ics_tui", "tests", "content", "pyproject.toml", "README.md")

FLIP_COMPARE = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
SWAP_BINOP = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult,
    ast.Mod: ast.FloorDiv,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
    ast.LShift: ast.RShift,
    ast.RShift: ast.LShift,
    ast.Pow: ast.Mult,
}
DELETABLE = (
    ast.Expr,
    ast.Assign,
    ast.AugAssign,
    ast.AnnAssign,
    ast.Raise,
    ast.If,
    ast.For,
    ast.While,
    ast.With,
    ast.Try,
    ast.Continue,
    ast.Break,
    ast.Delete,
    ast.Assert,
)


@dataclass
class Mutant:
    module: str  # path relative to the checkout
    number: int  # 1-based, in source order
    line: int
    scope: str  # the enclosing function or class
    before: str
    after: str
    key: str = ""  # stable name: scope, before -> after, and an occurrence count

    def describe(self) -> str:
        return (
            f"{self.module}:{self.line} #{self.number} [{self.scope}] {self.before} -> {self.after}"
        )


def _short(node: ast.AST) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= 90 else text[:87] + "..."


class _Walker:
    """Finds every mutation point of a module, in source order, and can apply one of them."""

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines()
        self.tree = ast.parse(source)

    def _skipped(self, node: ast.AST) -> bool:
        line = getattr(node, "lineno", None)
        if line is None:
            return False
        text = self.lines[line - 1]
        if "pragma: no cover" in text or "pragma: no mutate" in text:
            return True
        return isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        )

    def _else_skipped(self, node: ast.If) -> bool:
        if (
            not node.orelse
            or isinstance(node.orelse[0], ast.If)
            and node.orelse[0].col_offset > node.col_offset
        ):
            return False
        line = node.body[-1].end_lineno or node.lineno
        for text in self.lines[line : node.orelse[0].lineno]:
            if text.strip().startswith("else") and (
                "pragma: no cover" in text or "pragma: no mutate" in text
            ):
                return True
        return False

    def points(self) -> list[tuple[list, str, ast.AST, str]]:
        """(path to the node, scope, original, mutated) for every mutation, in walk order."""
        found: list[tuple[list, str, ast.AST, str]] = []

        def visit(node: ast.AST, path: list, scope: str) -> None:
            if isinstance(node, ast.If) and self._skipped(node) and not self._else_skipped(node):
                for i, child in enumerate(node.orelse):  # `if win32:  # pragma: no cover` / else
                    visit(child, path + [("orelse", i)], scope)
                return
            if isinstance(node, ast.stmt) and self._skipped(node):
                return
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                scope = f"{scope}.{node.name}" if scope else node.name
            for mutated in _mutations(node):
                found.append((path, scope, node, mutated))
            for field, value in ast.iter_fields(node):
                if field in ("annotation", "returns", "type_comment"):
                    continue
                if field == "orelse" and isinstance(node, ast.If) and self._else_skipped(node):
                    continue
                if isinstance(value, list):
                    body = value
                    for i, child in enumerate(body):
                        if not isinstance(child, ast.AST):
                            continue
                        if i == 0 and _is_docstring(child) and field == "body":
                            continue
                        if (
                            isinstance(child, ast.stmt)
                            and isinstance(child, DELETABLE)
                            and not self._skipped(child)
                        ):
                            if not (
                                isinstance(child, ast.Expr)
                                and isinstance(child.value, ast.Constant)
                            ):
                                found.append((path + [(field, i)], scope, child, "pass"))
                        visit(child, path + [(field, i)], scope)
                elif isinstance(value, ast.AST):
                    visit(value, path + [(field, None)], scope)

        visit(self.tree, [], "")
        return found

    def apply(self, point: tuple[list, str, ast.AST, str]) -> str:
        path, _scope, original, mutated = point
        tree = copy.deepcopy(self.tree)
        parent: ast.AST = tree
        for field, index in path[:-1] if mutated == "pass" else path:
            child = getattr(parent, field)
            parent = child[index] if index is not None else child
        if mutated == "pass":
            field, index = path[-1]
            getattr(parent, field)[index] = ast.Pass()
        else:
            _apply(parent, mutated)
        ast.fix_missing_locations(tree)
        return ast.unparse(tree) + "\n"


def _is_docstring(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _mutations(node: ast.AST) -> list[str]:
    """Names of the mutations that apply to this node itself (not its children)."""
    out = []
    if isinstance(node, ast.Compare):
        out += [f"cmp{i}" for i, op in enumerate(node.ops) if type(op) in FLIP_COMPARE]
    elif isinstance(node, ast.BoolOp):
        out.append("boolop")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append("drop-not")
    elif isinstance(node, ast.BinOp) and type(node.op) in SWAP_BINOP:
        out.append("binop")
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            out.append("bool")
        elif isinstance(node.value, (int, float)):
            out.append("plus-one")
    elif (
        isinstance(node, ast.Return)
        and node.value is not None
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
    ):
        out.append("return-none")
    return out


def _apply(node: ast.AST, how: str) -> None:
    """Change `node` in place (the parent keeps the same object), so paths stay valid."""
    if how.startswith("cmp"):
        i = int(how[3:])
        node.ops[i] = FLIP_COMPARE[type(node.ops[i])]()
    elif how == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif how == "drop-not":
        node.op = ast.UAdd()  # replaced below by the operand itself
    elif how == "binop":
        node.op = SWAP_BINOP[type(node.op)]()
    elif how == "bool":
        node.value = not node.value
    elif how == "plus-one":
        node.value = node.value + 1
    elif how == "return-none":
        node.value = ast.Constant(None)
    else:
        raise AssertionError(how)


class _DropUAdd(ast.NodeTransformer):
    """`not x` was marked `+x` by `drop-not`; make it plain `x` (no `+` on a bool-returning call)."""

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        return (
            node.operand if isinstance(node.op, ast.UAdd) and getattr(node, "_mut", False) else node
        )


def mutants_of(module: Path) -> tuple[list[Mutant], "_Texts"]:
    """Every mutant of a module file, and a way to get the source text of each (made on demand)."""
    source = module.read_text(encoding="utf-8")
    walker = _Walker(source)
    rel = str(module.resolve().relative_to(ROOT))
    mutants: list[Mutant] = []
    points = walker.points()
    seen: dict[str, int] = {}
    for number, point in enumerate(points, 1):
        path, scope, original, how = point
        before = _short(original)
        after = "pass" if how == "pass" else _after(original, how)
        base = f"{scope or '<module>'}: {before} -> {after}"
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base} ({seen[base]})"
        mutants.append(
            Mutant(
                rel, number, getattr(original, "lineno", 0), scope or "<module>", before, after, key
            )
        )
    return mutants, _Texts(walker, points)


class _Texts:
    def __init__(self, walker: _Walker, points: list) -> None:
        self.walker, self.points = walker, points

    def __getitem__(self, i: int) -> str:
        point = self.points[i]
        if point[3] == "pass":
            return self.walker.apply(point)
        return _mutated_text(self.walker, point)[0]


def _after(original: ast.AST, how: str) -> str:
    node = copy.deepcopy(original)
    _apply(node, how)
    if how == "drop-not":
        return _short(node.operand)  # type: ignore[attr-defined]
    return _short(node)


def _mutated_text(walker: _Walker, point) -> tuple[str, str]:
    path, scope, original, how = point
    tree = copy.deepcopy(walker.tree)
    node: ast.AST = tree
    for field, index in path:
        child = getattr(node, field)
        node = child[index] if index is not None else child
    _apply(node, how)
    if how == "drop-not":
        node._mut = True  # type: ignore[attr-defined]
        tree = _DropUAdd().visit(tree)
        after = _short(node.operand)  # type: ignore[attr-defined]
    else:
        after = _short(node)
    ast.fix_missing_locations(tree)
    return ast.unparse(tree) + "\n", after


# --- choosing tests -----------------------------------------------------------------------------


def dotted(module: Path) -> str:
    rel = module.resolve().relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def tests_for(module: Path) -> list[str]:
    """Test files that import the module or the package it belongs to (below ics_tui.core/data)."""
    names = [dotted(module)]
    parts = names[0].split(".")
    for depth in range(len(parts) - 1, 2, -1):  # ics_tui.core.search for ics_tui.core.search.rank
        names.append(".".join(parts[:depth]))
    patterns = []
    for name in names:
        package, _, last = name.rpartition(".")
        patterns.append(re.compile(rf"\b{re.escape(name)}\b"))
        patterns.append(
            re.compile(rf"from {re.escape(package)} import [^\n]*\b{re.escape(last)}\b")
        )
    chosen = []
    for test in sorted((ROOT / "tests").glob("test_*.py")):
        text = test.read_text(encoding="utf-8")
        if any(p.search(text) for p in patterns):
            chosen.append(str(test.relative_to(ROOT)))
    return chosen


# --- running ------------------------------------------------------------------------------------


class Workspace:
    """A private copy of the checkout where one mutant at a time is written and tested."""

    def __init__(self, base: Path) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="ics-mutate-", dir=base))
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source, self.dir / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
                )
            elif source.exists():
                shutil.copy2(source, self.dir / name)

    def run(
        self,
        module: str,
        text: str | None,
        tests: list[str],
        pytest_args: list[str],
        timeout: float,
    ) -> tuple[str, float]:
        target = self.dir / module
        original = target.read_text(encoding="utf-8")
        if text is not None:
            target.write_text(text, encoding="utf-8")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(self.dir), str(TOOLS)]),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "mutate_select",
            "-o",
            "addopts=",
            *pytest_args,
            *tests,
        ]
        started = time.monotonic()
        try:
            done = subprocess.run(
                command, cwd=self.dir, env=env, capture_output=True, text=True, timeout=timeout
            )
            outcome = "survived" if done.returncode == 0 else "killed"
            if done.returncode in (
                2,
                3,
                4,
            ):  # interrupted, internal error, usage: not a test verdict
                outcome = "error" if text is None else "killed"
            if done.returncode == 5:
                outcome = "no tests"
            self.last_output = done.stdout[-3000:] + done.stderr[-2000:]
        except subprocess.TimeoutExpired:
            outcome = "killed"  # a hang is a behaviour the tests noticed
            self.last_output = "timeout"
        finally:
            target.write_text(original, encoding="utf-8")
        return outcome, time.monotonic() - started

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def load_equivalents() -> dict[tuple[str, str], str]:
    """(module, mutant key) -> why it is equivalent, from tools/mutation-equivalents.txt."""
    out: dict[tuple[str, str], str] = {}
    if not EQUIVALENTS.exists():
        return out
    for raw in EQUIVALENTS.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        entry, _, reason = raw.partition("  -- ")
        module, _, key = entry.partition(" :: ")
        out[(module.strip(), key.strip())] = reason.strip()
    return out


def expand(paths: list[str]) -> list[Path]:
    out = []
    for name in paths:
        path = (ROOT / name) if not Path(name).is_absolute() else Path(name)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)
        elif path.is_file():
            out.append(path)
        else:
            raise SystemExit(f"mutate: {name} is neither a module nor a package folder")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="module files or package folders under ics_tui/")
    parser.add_argument("--tests", nargs="*", help="test files to run instead of the importers")
    parser.add_argument("--ui", action="store_true", help="also run tests that drive the app")
    parser.add_argument(
        "--no-property",
        action="store_true",
        help="leave out hypothesis tests (slow and random; for big modules such as search)",
    )
    parser.add_argument(
        "--sample", type=int, help="test this many mutants per module, chosen with --seed"
    )
    parser.add_argument("--seed", type=int, default=20181106)
    parser.add_argument("--only", help="comma-separated mutant numbers to run (with one module)")
    parser.add_argument("--lines", help="only mutants on these lines, e.g. 120-260")
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        help="parallel copies (default 1: the machine is shared)",
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument(
        "--show", type=int, help="print the diff of one mutant (with one module) and exit"
    )
    parser.add_argument("--json", help="write every result to this file")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the private copies are removed

    equivalents = load_equivalents()
    modules = expand(args.paths)
    report: dict[str, dict] = {}
    for module in modules:
        mutants, texts = mutants_of(module)
        rel = str(module.resolve().relative_to(ROOT))
        chosen = list(range(len(mutants)))
        if args.lines:
            low, _, high = args.lines.partition("-")
            chosen = [i for i in chosen if int(low) <= mutants[i].line <= int(high or low)]
        if args.only:
            wanted = {int(n) for n in args.only.split(",")}
            chosen = [i for i in chosen if mutants[i].number in wanted]
        if args.sample and args.sample < len(chosen):
            chosen = sorted(random.Random(f"{args.seed}:{rel}").sample(chosen, args.sample))
        if args.show:
            import difflib

            original = module.read_text(encoding="utf-8")
            base = ast.unparse(ast.parse(original)) + "\n"
            diff = difflib.unified_diff(
                base.splitlines(), texts[args.show - 1].splitlines(), lineterm="", n=2
            )
            print(mutants[args.show - 1].describe())
            print("\n".join(diff))
            return 0
        if args.list:
            for i in chosen:
                m = mutants[i]
                flag = "  [equivalent]" if (rel, m.key) in equivalents else ""
                print(f"{m.describe()}{flag}")
            continue
        tests = args.tests if args.tests is not None else tests_for(module)
        if not tests:
            print(f"{rel}: no test imports it; skipped")
            continue
        pytest_args = (
            ["--mutate-ui"] if args.ui else ["-p", "no:textual-snapshot", "-p", "no:syrupy"]
        )
        if args.no_property:
            pytest_args.append("--mutate-no-property")
        report[rel] = run_module(
            rel, mutants, texts, chosen, tests, pytest_args, args.jobs, equivalents
        )
    if args.json and report:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if report:
        print("\nmodule                                   mutants  run  killed  equivalent  score")
        for rel, r in report.items():
            print(
                f"{rel:40} {r['total']:7} {r['run']:4} {r['killed']:7} {r['equivalent']:11}  {r['score']:.0%}"
            )
    return 0


def run_module(rel, mutants, texts, chosen, tests, pytest_args, jobs, equivalents) -> dict:
    print(
        f"{rel}: {len(mutants)} mutants, running {len(chosen)} against {' '.join(tests)}",
        flush=True,
    )
    base = Path(tempfile.gettempdir())
    spaces = [Workspace(base) for _ in range(max(1, jobs))]
    try:
        outcome, took = spaces[0].run(rel, None, tests, pytest_args, timeout=1800)
        if outcome != "survived":
            print(spaces[0].last_output)
            raise SystemExit(
                f"mutate: the unmutated tests do not pass for {rel} ({outcome}); fix that first"
            )
        timeout = max(60.0, took * 3)
        print(f"  baseline {took:.0f} s; timeout per mutant {timeout:.0f} s", flush=True)
        results: dict[int, str] = {}
        todo = [i for i in chosen if (rel, mutants[i].key) not in equivalents]
        skipped = [i for i in chosen if (rel, mutants[i].key) in equivalents]
        free = list(spaces)

        def one(i: int) -> tuple[int, str]:
            space = free.pop()
            try:
                outcome, took = space.run(rel, texts[i], tests, pytest_args, timeout)
            finally:
                free.append(space)
            print(f"  {outcome:8} {took:5.0f}s  {mutants[i].describe()}", flush=True)
            return i, outcome

        with ThreadPoolExecutor(max_workers=len(spaces)) as pool:
            for i, outcome in pool.map(one, todo):
                results[i] = outcome
    finally:
        for space in spaces:
            space.remove()
    killed = sum(1 for o in results.values() if o == "killed")
    survivors = [mutants[i] for i, o in results.items() if o != "killed"]
    score = killed / len(results) if results else 1.0
    print(
        f"{rel}: {killed}/{len(results)} killed ({score:.0%}); {len(skipped)} equivalent left out"
    )
    for m in survivors:
        print(f"  survived: {m.describe()}\n            key: {m.key}")
    return {
        "total": len(mutants),
        "run": len(results),
        "killed": killed,
        "equivalent": len(skipped),
        "score": score,
        "tests": tests,
        "survivors": [{"number": m.number, "line": m.line, "key": m.key} for m in survivors],
    }


if __name__ == "__main__":
    sys.exit(main())
