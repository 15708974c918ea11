"""First paint of `ics-tui.pyz` against the venv install, in one run, as ratios.

    .venv/bin/python benchmarks/pyz_bench.py [--pyz dist/ics-tui.pyz] [--rounds 9]

Builds the file with `scripts/build_pyz.py` unless `--pyz` names one. Then, in turn for each
round, in a real 80x24 pseudo-terminal read with pyte, it times spawning the process until
"Dorset" is on the screen (the ICS map list) for:

- venv: the installed `ics-tui` console script (warm: its bytecode and content cache exist);
- pyz, later start: `python3 ics-tui.pyz` with the file already unpacked in its SHIV_ROOT;
- pyz, first start: the same with an empty SHIV_ROOT, so it unpacks and compiles first.

All three use the same interpreter (the one behind this venv) and warm user folders; one
warm-up round is not counted. It prints the medians, the ratios to the venv, and the size.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))

from pty_driver import PtyApp, console_script, isolated_env  # noqa: E402

TEXT = "Dorset"


def first_paint(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    with PtyApp(argv, cols=80, rows=24, env=env, watch=TEXT) as app:
        app.wait_for(TEXT, timeout=60)
        deadline = time.perf_counter() + 5
        while app.seen_at is None and time.perf_counter() < deadline:
            time.sleep(0.005)
        paint = app.seen_at - app.started
        app.press("q")
        app.wait_exit(timeout=15)
        return paint, app.peak_rss_kib or 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pyz", type=Path)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    python = getattr(sys, "_base_executable", sys.executable)
    with tempfile.TemporaryDirectory(prefix="pyz-bench-") as scratch:
        work = Path(scratch)
        pyz = args.pyz
        if pyz is None:
            pyz = work / "ics-tui.pyz"
            script = ROOT / "scripts" / "build_pyz.py"
            subprocess.run(
                [sys.executable, str(script), "-o", str(pyz)], check=True, stdout=subprocess.DEVNULL
            )
        env = isolated_env(work / "user", SHIV_ROOT=str(work / "shiv"))
        runs = {
            "venv": lambda r: first_paint([str(console_script())], env),
            "pyz, later start": lambda r: first_paint([python, str(pyz)], env),
            "pyz, first start": lambda r: first_paint(
                [python, str(pyz)], {**env, "SHIV_ROOT": str(work / f"shiv-{r}")}
            ),
        }
        results: dict[str, list[tuple[float, int]]] = {name: [] for name in runs}
        for round_ in range(args.rounds + 1):
            for name, run in runs.items():
                measured = run(round_)
                if round_:
                    results[name].append(measured)
        base = statistics.median(p for p, _ in results["venv"])
        size = pyz.stat().st_size
        print(
            f"Python {sys.version.split()[0]}, {args.rounds} rounds, 80x24; "
            f"file size {size / 2**20:.2f} MiB ({size:,} bytes)\n"
        )
        print("| start | first paint (median) | ratio to venv | peak RSS (median) |")
        print("| --- | ---: | ---: | ---: |")
        for name, values in results.items():
            paint = statistics.median(p for p, _ in values)
            rss = statistics.median(r for _, r in values) / 1024
            print(f"| {name} | {paint * 1000:.0f} ms | {paint / base:.2f} | {rss:.1f} MiB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
