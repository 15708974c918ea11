"""Start-up, memory and content-load benchmark for ICS Explorer, against a bare Textual app.

    .venv/bin/python benchmarks/startup_bench.py            # 10 rounds, 80x24
    .venv/bin/python benchmarks/startup_bench.py --rounds 5 --size 120x40

In one run it measures, alternately (bare, ics-tui, then ics-tui, bare, ...), in a real
pseudo-terminal read with pyte:

- time to first paint: from spawning the process until the first view's text is on the
  screen ("Dorset" in the ICS map list; the label for `benchmarks/bare_app.py`, a Textual
  app with a Header, one Label and a Footer);
- CPU to first paint: the child's CPU time over all its threads (/proc schedstat) at that
  moment;
- peak memory: the child's ru_maxrss from os.wait4, after it has painted, settled and quit;

then content load and validation at 1x, 10x and 100x the shipped content (packs made by
copying it with renamed ids into a temporary folder): cold (`load_content`, parse and
validate every file, as `ics-tui validate` does) and warm (`load_content_cached`, what
`ics-tui` itself calls on start-up when the files have not changed since the last run).

A third app, `benchmarks/floor_app.py`, runs in turn with them: it loads the content as
ics-tui does and shows only a Header, the ICS map list as a plain DataTable and a Footer.
Its ratio is the least any first screen of this product could cost. ics-tui runs twice
per round: warm (its own state folder, kept across rounds) and first run (new, empty data,
state and config folders every round, as after an install: what it shows comes from the
content shipped in its fast form, or from the TOML if that is out of step).

Ratios are paired: each round's figure divided by the bare app's in the same round, then
the median over rounds, which cancels much of the noise of a shared machine.

It prints a markdown table with the medians and the ratios to the bare app. Both apps get
their own data, state and config folders, and run as an installed app does, from compiled
bytecode: PYTHONDONTWRITEBYTECODE is cleared for them and bytecode goes to a temporary
PYTHONPYCACHEPREFIX, so neither pays for compiling (or leaves files in the checkout). The
first round of each is a warm-up (it fills that bytecode cache, the OS file cache and
ics-tui's content cache) and is not counted.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))  # the pty driver and the pack builders live with the tests

from pty_driver import PtyApp, console_script, isolated_env  # noqa: E402

BARE_TEXT = "Bare Textual app"
ICS_TEXT = "Dorset"
# Same-run ratios to the bare app (issue 17): warm and first-run first paint, peak memory.
GOALS = {"warm": 1.25, "first": 1.30, "memory": 1.15, "load_1x_ms": 15.0}
# Measured in turn, the order reversed every other round. "first" is ics-tui's first run
# after an install: a state folder of its own every round, so no content cache of its own.
APPS = ("bare", "floor", "ics", "first")
LABELS = {
    "bare": "bare Textual app",
    "floor": "floor app",
    "ics": "ics-tui, warm",
    "first": "ics-tui, first run",
}


def ics_command() -> list[str]:
    script = console_script("ics-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ics_tui"]


def run_once(
    argv: list[str], text: str, env: dict[str, str], cols: int, rows: int, settle: float
) -> tuple[float, float, int]:
    """(seconds to first paint of `text`, CPU seconds to it, peak RSS in KiB) for one start of `argv`."""
    with PtyApp(argv, cols=cols, rows=rows, env=env, watch=text) as app:
        app.wait_for(text, timeout=30)
        deadline = time.perf_counter() + 5
        while app.seen_at is None and time.perf_counter() < deadline:
            time.sleep(0.005)
        assert app.seen_at is not None
        paint = app.seen_at - app.started
        cpu = app.cpu_at_seen if app.cpu_at_seen is not None else float("nan")
        time.sleep(
            settle
        )  # let start-up work that follows the first frame finish: it counts for memory
        app.press("q")
        app.wait_exit(timeout=15)
        assert app.peak_rss_kib is not None
        return paint, cpu, app.peak_rss_kib


def measure_startup(
    rounds: int, cols: int, rows: int, settle: float, extra: dict[str, list[str]] | None = None
) -> dict[str, dict[str, list[float]]]:
    """Medians per app; `extra`: more ics-tui commands (label: argv), each run warm in turn."""
    extra = extra or {}
    apps = APPS + tuple(extra)
    results: dict[str, dict[str, list[float]]] = {
        name: {"paint": [], "cpu": [], "rss": []} for name in apps
    }
    with tempfile.TemporaryDirectory(prefix="ics-bench-") as tmp:
        pycache = str(Path(tmp) / "pycache")
        envs = {name: isolated_env(Path(tmp) / name, PYTHONPYCACHEPREFIX=pycache) for name in apps}
        for env in envs.values():
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "bare": ([sys.executable, str(HERE / "bare_app.py")], BARE_TEXT),
            "floor": ([sys.executable, str(HERE / "floor_app.py")], ICS_TEXT),
            "ics": (ics_command(), ICS_TEXT),
            "first": (ics_command(), ICS_TEXT),
            **{label: (argv, ICS_TEXT) for label, argv in extra.items()},
        }
        for round_number in range(rounds + 1):
            order = apps if round_number % 2 == 0 else apps[::-1]
            for name in order:
                argv, text = commands[name]
                env = envs[name]
                if name == "first":  # new data, state and config folders: nothing cached there
                    env = isolated_env(
                        Path(tmp) / f"first-{round_number}", PYTHONPYCACHEPREFIX=pycache
                    )
                    env.pop("PYTHONDONTWRITEBYTECODE", None)
                paint, cpu, rss = run_once(argv, text, env, cols, rows, settle)
                if round_number == 0:
                    continue  # warm-up
                results[name]["paint"].append(paint)
                results[name]["cpu"].append(cpu)
                results[name]["rss"].append(rss)
            print(
                f"  round {round_number}{' (warm-up)' if round_number == 0 else ''} done",
                file=sys.stderr,
            )
    return results


def time_call(function, repeat: int) -> float:
    """Median wall time of `function()` in milliseconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure_load(factors: list[int]) -> list[tuple[int, int, int, float, float]]:
    """(factor, sections, bytes, cold ms, warm ms) per content size."""
    from hostile import multiply

    from ics_tui.core.loader import load_content
    from ics_tui.data.content_cache import load_content_cached

    rows = []
    with tempfile.TemporaryDirectory(prefix="ics-load-") as tmp:
        for factor in factors:
            pack = multiply(Path(tmp) / f"x{factor}", factor)
            cache = Path(tmp) / f"cache{factor}"
            size = sum(p.stat().st_size for p in pack.glob("*.toml"))
            sections = len(load_content(pack))
            repeat = 15 if factor == 1 else (5 if factor <= 10 else 2)
            cold = time_call(lambda pack=pack: load_content(pack), repeat)
            load_content_cached(pack, cache)  # fill the cache
            warm = time_call(
                lambda pack=pack, cache=cache: load_content_cached(pack, cache), repeat
            )
            rows.append((factor, sections, size, cold, warm))
            print(f"  load {factor}x done", file=sys.stderr)
    if 1 in factors:  # the shipped folder itself: what every start (the first too) reads
        from ics_tui.data.locations import shipped_content_dir
        from ics_tui.data.shipped_content import load_shipped

        shipped = shipped_content_dir()
        if load_shipped(shipped) is not None:
            size = sum(p.stat().st_size for p in shipped.glob("*.toml"))
            fast = time_call(lambda: load_shipped(shipped), 15)
            rows.append(
                (
                    0,
                    len(load_content(shipped)),
                    size,
                    time_call(lambda: load_content(shipped), 15),
                    fast,
                )
            )
    return rows


def paired_ratios(results: dict[str, dict[str, list[float]]], name: str, measure: str) -> float:
    """Median over rounds of the app's figure divided by the bare app's in the same round."""
    return statistics.median(
        a / b for a, b in zip(results[name][measure], results["bare"][measure])
    )


def table(
    results: dict[str, dict[str, list[float]]],
    loads: list[tuple[int, int, int, float, float]],
    rounds: int,
    size: str,
) -> str:
    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    lines = [
        f"Start-up and memory: {rounds} paired rounds, {size} pty, Python {sys.version.split()[0]}; "
        "ratios are medians of each round's ratio to the bare app",
        "",
        "| app | first paint | ratio | CPU to first paint | ratio | peak RSS | ratio | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name in results:
        r = results[name]
        paint, cpu = statistics.median(r["paint"]) * 1000, statistics.median(r["cpu"]) * 1000
        rss = statistics.median(r["rss"]) / 1024
        ratios = {m: paired_ratios(results, name, m) for m in ("paint", "cpu", "rss")}
        goal = ""
        if name in ("ics", "first"):
            goal = (
                f"paint <= {GOALS[name if name == 'first' else 'warm']:.2f}: "
                f"{verdict(ratios['paint'] <= GOALS['first' if name == 'first' else 'warm'])}; "
                f"RSS <= {GOALS['memory']:.2f}: {verdict(ratios['rss'] <= GOALS['memory'])}"
            )
        label = f"**{LABELS[name]}**" if name == "ics" else LABELS.get(name, f"variant: {name}")
        lines.append(
            f"| {label} | {paint:.0f} ms | {ratios['paint']:.2f} | {cpu:.0f} ms | {ratios['cpu']:.2f} "
            f"| {rss:.1f} MiB | {ratios['rss']:.2f} | {goal} |"
        )
    lines += [
        "",
        "Content load and validation (median):",
        "",
        "| content | sections | TOML size | cold: parse + validate | warm: unchanged files, from the cache | goal |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for factor, sections, size_bytes, cold, warm in loads:
        if factor == 0:
            lines.append(
                f"| shipped (warm: its checked-in fast form) | {sections:,} | {size_bytes / 1024:,.0f} KiB "
                f"| {cold:,.1f} ms | {warm:,.1f} ms | < {GOALS['load_1x_ms']:.0f} ms: "
                f"{verdict(warm < GOALS['load_1x_ms'])} (warm) |"
            )
            continue
        goal = (
            f"< {GOALS['load_1x_ms']:.0f} ms: {verdict(warm < GOALS['load_1x_ms'])} (warm), {verdict(cold < GOALS['load_1x_ms'])} (cold)"
            if factor == 1
            else ""
        )
        lines.append(
            f"| {factor}x | {sections:,} | {size_bytes / 1024:,.0f} KiB | {cold:,.1f} ms | {warm:,.1f} ms | {goal} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rounds",
        type=int,
        default=10,
        help="measured runs of each app (default 10; at least 9 for the goals), after one warm-up each",
    )
    parser.add_argument("--size", default="80x24", help="terminal size COLSxROWS (default 80x24)")
    parser.add_argument(
        "--settle",
        type=float,
        default=0.5,
        help="seconds each app runs after its first paint before quitting (default 0.5)",
    )
    parser.add_argument(
        "--factors", default="1,10,100", help="content sizes to load (default 1,10,100)"
    )
    parser.add_argument("--skip-load", action="store_true", help="measure start-up and memory only")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="LABEL=COMMAND",
        help="also time this command (shell words; it must show the ICS list) in the same rounds, "
        "to measure one start-up lever against ics-tui, e.g. "
        "\"no-gc-lever=.venv/bin/python -c 'import gc; gc.disable = gc.freeze = lambda: None; "
        "from ics_tui.cli import main; main()'\"",
    )
    args = parser.parse_args(argv)
    cols, rows = (int(n) for n in args.size.lower().split("x"))
    print(
        f"Measuring start-up: {args.rounds} rounds of each app, alternately, at {cols}x{rows} ...",
        file=sys.stderr,
    )
    import shlex

    extra = {
        label: shlex.split(command) for label, command in (v.split("=", 1) for v in args.variant)
    }
    results = measure_startup(args.rounds, cols, rows, args.settle, extra)
    loads = [] if args.skip_load else measure_load([int(f) for f in args.factors.split(",")])
    print(table(results, loads, args.rounds, f"{cols}x{rows}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
