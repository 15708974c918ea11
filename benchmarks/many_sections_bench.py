"""10,000 extra sections in one group: how long loading, the first screen, the search and the
group page take (the tests check only the work done: one page of 200 cards and a pointer).

    python benchmarks/many_sections_bench.py [--count 10000]

Wall-clock seconds, for comparison with a run of the same script on the same machine; the
goals the tests once asserted were: load < 30 s, first screen < 15 s, search < 10 s, group page
open < 5 s and `end` < 5 s, on a loaded machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile import many_sections_pack  # noqa: E402

from ics_tui.core.loader import load_content  # noqa: E402


async def drive(content) -> dict[str, float]:
    from ics_tui.app import ExplorerApp

    app = ExplorerApp(content, remember=False)
    app.cursor_blink = False
    times: dict[str, float] = {}

    async def until(pilot, text: str) -> None:
        while text not in "".join(str(w.render()) for w in app.screen.query("Static")):
            await pilot.pause(0.01)

    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, "Dorset")
        times["first screen"] = time.perf_counter() - started
        started = time.perf_counter()
        app.open("@group:key-themes")
        await until(pilot, "Key themes")
        await pilot.pause()
        times["group page open"] = time.perf_counter() - started
        started = time.perf_counter()
        await pilot.press("end")
        await until(pilot, "more sections in this group")
        times["group page end"] = time.perf_counter() - started
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ICS_TUI_STATE_DIR", str(Path(tmp) / "state"))
        os.environ.setdefault("ICS_TUI_DATA_DIR", str(Path(tmp) / "data"))
        pack = many_sections_pack(Path(tmp), args.count)
        started = time.perf_counter()
        content = load_content(pack)
        times = {"load": time.perf_counter() - started, **asyncio.run(drive(content))}
    print(f"| step ({args.count:,} extra sections) | seconds |\n| --- | --- |")
    for step, seconds in times.items():
        print(f"| {step} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
