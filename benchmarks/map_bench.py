"""Drawn-map benchmark: how long `draw_map` takes to draw England with the 14 ICSs.

    python benchmarks/map_bench.py [--rounds 30]

For each size (the 80x24 map view's drawing, 120x40's, and 200x60, the goal's size) and each
mode (braille, half blocks) it draws the map `--rounds` times and prints the median and the
p95 wall-clock time, and the median CPU time of this thread (which leaves out time other
processes held the CPU on a shared machine). The first draw of the run, which also reads the
outline file, is shown on its own. Goal: a 200x60 drawing in under 10 ms.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ics_tui.core.loader import load_content  # noqa: E402
from ics_tui.core.mapdraw import BLOCKS, BRAILLE, draw_map, places_of  # noqa: E402
from ics_tui.data.locations import shipped_content_dir  # noqa: E402

SIZES = {"80x24 view": (22, 13), "120x40 view": (37, 35), "200x60": (200, 60)}
GOAL_MS = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--rounds", type=int, default=30, help="draws of each size and mode (default 30)"
    )
    args = parser.parse_args()
    places = places_of(load_content(shipped_content_dir()))
    start = time.perf_counter()
    draw_map(places, 200, 60)
    first = (time.perf_counter() - start) * 1000
    print(
        f"Drawn map: {len(places)} markers, {args.rounds} draws of each, "
        f"Python {sys.version.split()[0]}\n"
    )
    print(f"First draw of the run (reads the outline too): {first:.1f} ms\n")
    print("| drawing | mode | median | p95 | median CPU | goal |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    met = True
    gc.disable()
    try:
        for name, (width, height) in SIZES.items():
            for mode in (BRAILLE, BLOCKS):
                wall, cpu = [], []
                for _ in range(args.rounds):
                    w0, c0 = time.perf_counter(), time.thread_time()
                    draw_map(places, width, height, mode)
                    wall.append((time.perf_counter() - w0) * 1000)
                    cpu.append((time.thread_time() - c0) * 1000)
                wall.sort()
                median, p95 = (
                    statistics.median(wall),
                    wall[min(len(wall) - 1, int(len(wall) * 0.95))],
                )
                goal = ""
                if name == "200x60":
                    ok = statistics.median(cpu) < GOAL_MS
                    met &= ok
                    goal = f"< {GOAL_MS:.0f} ms: {'met' if ok else '**missed**'}"
                print(
                    f"| {name} ({width}x{height}) | {mode} | {median:.2f} ms | {p95:.2f} ms | "
                    f"{statistics.median(cpu):.2f} ms | {goal} |"
                )
    finally:
        gc.enable()
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
