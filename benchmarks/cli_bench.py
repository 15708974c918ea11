"""CPU cost of one command-line call, against `python -c pass` in the same run.

    .venv/bin/python benchmarks/cli_bench.py               # 15 rounds
    .venv/bin/python benchmarks/cli_bench.py --rounds 25

Each round runs, in turn, `python -c pass`, `ics-tui show ics/dorset` and
`ics-tui search dorset` (the installed entry point, as a member types it), each with its
output to a pipe, and reads the child's user+system CPU time from `os.wait4`. Two more
rows show where the floor is: importing the standard library's `typing` and `dataclasses`
(which the content model needs), and importing the model itself (its dataclasses made). The machines
here are shared and noisy, so the figures that matter are the ratios of medians to
`python -c pass` measured in the same run. The first round warms the bytecode cache, the
OS file cache and the content cache (the CLI reads the validated content from it, as the
explorer does) and is not counted. Every child gets its own data and state folders.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

VENV_BIN = Path(sys.executable).parent


def cpu_of(argv: list[str], env: dict[str, str]) -> float:
    """User+system CPU seconds of one child process, from its resource usage."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed with status {process.returncode}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    entry = str(VENV_BIN / "ics-tui")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import typing, dataclasses'": [
            sys.executable,
            "-c",
            "import typing, dataclasses",
        ],
        "python -c 'import ics_tui.core.model'": [
            sys.executable,
            "-c",
            "import ics_tui.core.model",
        ],
        "ics-tui show ics/dorset": [entry, "show", "ics/dorset"],
        "ics-tui search dorset": [entry, "search", "dorset"],
    }
    with tempfile.TemporaryDirectory() as home:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("ICS_TUI_CONTENT", "PYTHONDONTWRITEBYTECODE")
        }
        env.update(
            ICS_TUI_DATA_DIR=f"{home}/data",
            ICS_TUI_STATE_DIR=f"{home}/state",
            ICS_TUI_CONFIG_DIR=f"{home}/config",
        )
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_number in range(args.rounds + 1):
            for name, argv in commands.items():
                cpu = cpu_of(argv, env)
                if round_number:  # round 0 warms every cache
                    times[name].append(cpu)
    base = statistics.median(times["python -c pass"])
    print(f"{args.rounds} rounds, CPU seconds (user+system) of one call, medians\n")
    print("| command | CPU, median ms | fastest ms | ratio to `python -c pass` |")
    print("| --- | ---: | ---: | ---: |")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"| `{name}` | {median * 1000:.1f} | {min(values) * 1000:.1f} | {median / base:.2f} |"
        )


if __name__ == "__main__":
    main()
