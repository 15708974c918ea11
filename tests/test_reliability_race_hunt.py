"""Race hunting: seeded random key sequences, sent with no waits from the first frame on.

Every bound key (b n d u y s [ ] / f enter escape tab, digits, arrows, paging, the
palette...) and plain letters are posted in bursts to a fresh app at 80x24 and 120x40;
between bursts the event loop gets a random number of turns, so keys land while views,
panes, dialogs, search workers and bookmark saves are half done. `q` is in the mix: when
the app quits a new one starts (from its first frame again) and the sequence goes on.
The test fails on any exception in the app, or any crash.log, and names the seed.

`ICS_RACE_SEED` replays one seed; `ICS_RACE_KEYS` changes how many keys a run sends.
"""

from __future__ import annotations

import asyncio
import os
import random

import pytest
from textual import events

BOUND = [
    "b",
    "n",
    "d",
    "u",
    "y",
    "s",
    "left_square_bracket",
    "right_square_bracket",
    "slash",
    "f",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "1",
    "2",
    "3",
    "4",
    "5",
    "o",
    "r",
    "t",
    "a",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "space",
    "backspace",
    "ctrl+o",
    "question_mark",
    "g",
    "G",
    "N",
    "w",
    "j",
    "k",
    "e",
    "6",
    "m",
    "M",
]
RARE = ["q", "ctrl+p", "ctrl+q"]
TEXT = list("placedorsetpcnzq é")
CHARACTERS = {
    "space": " ",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
}
KEYS_PER_RUN = int(os.environ.get("ICS_RACE_KEYS", "1000"))  # per size: 2,000 a run
SEEDS = [int(os.environ["ICS_RACE_SEED"])] if os.environ.get("ICS_RACE_SEED") else [20261201]


def random_key(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.012:
        return rng.choice(RARE)
    if roll < 0.25:
        return rng.choice(TEXT)
    return rng.choice(BOUND)


def key_event(key: str) -> events.Key:
    if key == " ":
        return events.Key("space", " ")
    character = CHARACTERS.get(key, key if len(key) == 1 else None)
    return events.Key(key, character)


async def hunt(make_app, size: tuple[int, int], seed: int, keys: int, state_dir) -> list[str]:
    """Send `keys` random keys; return what was sent (for the failure message)."""
    rng = random.Random(seed)
    sent: list[str] = []
    while len(sent) < keys:
        explorer = make_app(remember=True)
        explorer.bookmarks.lock_timeout = 1.0
        try:
            async with explorer.run_test(size=size) as pilot:
                while len(sent) < keys and explorer.is_running and not explorer.quitting:
                    for _ in range(rng.randint(1, 25)):
                        key = random_key(rng)
                        sent.append(key)
                        explorer.post_message(key_event(key))
                        if key in ("q", "ctrl+q") or len(sent) >= keys:
                            break
                    for _ in range(rng.choice((0, 0, 1, 2, 5, 20))):
                        await asyncio.sleep(0)  # a few turns of the loop: keys land mid-work
                    if rng.random() < 0.08:
                        await pilot.pause()  # now and then, let everything finish
                if explorer.is_running and rng.random() < 0.5:
                    await pilot.pause()
        except Exception as error:  # noqa: BLE001 - reported with the seed and the keys
            raise AssertionError(
                f"seed {seed} at {size}: {error!r} after keys {sent[-40:]}"
            ) from error
        assert explorer._exception is None, (
            f"seed {seed} at {size}: {explorer._exception!r} after {sent[-40:]}"
        )
        crash = state_dir / "crash.log"
        assert not crash.exists(), f"seed {seed} at {size}: crash.log\n{crash.read_text()[-3000:]}"
    return sent


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("seed", SEEDS)
async def test_random_key_storms_never_crash(
    app, isolated_dirs, size, seed, tmp_path, monkeypatch
) -> None:
    # `e` exports to Documents (else home) and `y` keeps a copy file: both stay in tmp_path
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "home" / "Documents"))
    (tmp_path / "home").mkdir()
    sent = await hunt(app, size, seed + size[0], KEYS_PER_RUN, isolated_dirs.state)
    assert len(sent) >= KEYS_PER_RUN
    assert {"b", "slash", "enter", "escape", "tab", "1", "5", "s"} <= set(sent)
