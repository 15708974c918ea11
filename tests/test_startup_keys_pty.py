"""Keys typed while `ics-tui` is still starting take effect, in order, once it is ready.

Issue 12's item 11 and issue 10's loaded machine: `2 s 3` typed in the first moments
after launch lost the `s` (one pane showing the tiers). The installed console script runs
in a real pseudo-terminal; the keys are typed (50 ms apart) at three moments of its start.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pty_driver import PtyApp, console_script, isolated_env

SCRIPT = console_script()

pytestmark = pytest.mark.skipif(
    not SCRIPT.exists(), reason=f"no installed console script at {SCRIPT}"
)


def pane(number: int, title: str) -> re.Pattern[str]:
    return re.compile(rf"\b{number} +{re.escape(title)}")


@pytest.mark.parametrize("when", ["at-launch", "at-first-output", "at-title"])
def test_keys_typed_while_the_app_starts_all_take_effect(tmp_path: Path, when: str) -> None:
    with PtyApp([SCRIPT], cols=100, rows=30, env=isolated_env(tmp_path)) as app:
        if when == "at-first-output":
            app.wait_for(lambda s: s.strip() != "", timeout=30, what="the first output")
        elif when == "at-title":  # the screen is drawn; its views and contents still mount
            app.wait_for("ICS Explorer", timeout=30)
        app.press("2", "s", "3")  # comparisons, split, the tiers in the new pane: typed quickly
        app.wait_for(
            lambda s: bool(
                pane(1, "Comparisons").search(s) and pane(2, "Structural tiers").search(s)
            ),
            timeout=60,
            what="comparisons in pane 1 and the tiers in pane 2",
        )
