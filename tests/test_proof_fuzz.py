"""UI fuzzing: random keys and terminal sizes through Pilot, seeded and repeatable.

Each run presses keys from the app's whole vocabulary (views, panes, history, search,
palette, bookmarks, notes, filters, help, plain letters typed into whatever has the
focus) and resizes the terminal between 40x12 and 200x60. It fails if the app raised
anything, stopped, or wrote a crash log. Quit keys are left out so a run reaches the end.

Re-run one seed: ICS_TUI_FUZZ_SEEDS=1234 pytest tests/test_proof_fuzz.py
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from ics_tui.app import ExplorerApp

SEEDS = [int(s) for s in os.environ.get("ICS_TUI_FUZZ_SEEDS", "20190127,20180611").split(",")]
EVENTS = int(
    os.environ.get("ICS_TUI_FUZZ_EVENTS", "150")
)  # keys per seed: 300 over the default seeds, plus resizes
RESIZE_EVERY = 8  # on average, one resize per this many keys
KEYS_AT_ONCE = 4  # keys pressed between two waits for the app to go idle

# Everything a member might press, weighted towards the app's own keys. No q, ctrl+q or ctrl+c.
APP_KEYS = [
    "1",
    "2",
    "3",
    "4",
    "5",
    "s",
    "tab",
    "shift+tab",
    "left_square_bracket",
    "right_square_bracket",
    "escape",
    "escape",
    "y",
    "f",
    "o",
    "t",
    "question_mark",
    "f1",
    "ctrl+p",
    "slash",
    "b",
    "n",
    "u",
    "r",
    "d",
    "ctrl+o",
    "enter",
    "enter",
    "space",
    "backspace",
    "alt+left",
    "alt+right",
]
MOVES = ["up", "down", "left", "right", "pageup", "pagedown", "home", "end", "up", "down"]
LETTERS = list("abcdeghijklmnoprstuvwxyz0123456789 -'")  # no q: typed into a list it would quit


def plan(seed: int, events: int) -> list[tuple[str, object]]:
    """The seeded sequence of ("key", name) and ("resize", (w, h)) events."""
    rng = random.Random(seed)
    steps: list[tuple[str, object]] = []
    keys = 0
    while keys < events:
        if rng.random() < 1 / RESIZE_EVERY:
            steps.append(("resize", (rng.randint(40, 200), rng.randint(12, 60))))
            continue
        pool = rng.choices([APP_KEYS, MOVES, LETTERS], weights=[5, 3, 2])[0]
        steps.append(("key", rng.choice(pool)))
        keys += 1
    return steps


def batched(steps: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Runs of up to KEYS_AT_ONCE keys pressed together, as a member types: Pilot waits for the
    app to go idle once per run instead of once per key (the fuzz's main cost), and keys that
    arrive before the last one is handled are the races worth finding."""
    out: list[tuple[str, object]] = []
    for kind, value in steps:
        if kind == "key" and out and out[-1][0] == "keys" and len(out[-1][1]) < KEYS_AT_ONCE:  # type: ignore[arg-type]
            out[-1][1].append(value)  # type: ignore[union-attr]
        elif kind == "key":
            out.append(("keys", [value]))
        else:
            out.append((kind, value))
    return out


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for env, name in (
        ("ICS_TUI_DATA_DIR", "data"),
        ("ICS_TUI_STATE_DIR", "state"),
        ("ICS_TUI_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(env, str(tmp_path / name))
    for name in ("NO_COLOR", "TEXTUAL_THEME", "ICS_TUI_CONTENT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.parametrize("seed", SEEDS)
async def test_random_keys_and_resizes_never_crash(seed: int, model, user_dirs: Path) -> None:
    steps = plan(seed, EVENTS)
    rng = random.Random(seed)
    app = ExplorerApp(model, remember=False)
    app.cursor_blink = False
    app.animation_level = "none"  # scrolls jump instead of gliding: same code paths, less waiting
    done: list[str] = []
    started = time.monotonic()

    def failure(why: str) -> str:
        recent = ", ".join(done[-25:])
        return f"seed {seed}: {why} after {len(done)} steps (rerun with ICS_TUI_FUZZ_SEEDS={seed}); last steps: {recent}"

    size = (rng.randint(40, 200), rng.randint(12, 60))
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for kind, value in batched(steps):
                if kind == "resize":
                    width, height = value  # type: ignore[misc]
                    await pilot.resize_terminal(width, height)
                    done.append(f"resize {width}x{height}")
                else:
                    await pilot.press(*value)  # type: ignore[misc]
                    done.extend(value)  # type: ignore[arg-type]
                if app._exception is not None or not app.is_running:
                    break
            await pilot.pause()
    except Exception as error:  # noqa: BLE001 - reported with the seed
        pytest.fail(failure(f"{type(error).__name__}: {error}"))
    print(f"seed {seed}: {len(done)} steps in {time.monotonic() - started:.1f} s")
    assert app._exception is None, failure(f"the app raised {app._exception!r}")
    assert app.return_code in (None, 0), failure(f"the app exited with {app.return_code}")
    assert len(done) == len(steps), failure("the app stopped early")
    assert sum(1 for kind, _ in steps if kind == "key") == EVENTS and not {v for _, v in steps} & {
        "q",
        "ctrl+q",
        "ctrl+c",
    }
    crash_logs = list(user_dirs.rglob("crash*.log"))
    assert not crash_logs, failure(f"a crash log was written: {crash_logs}")
