"""A member's journey through the installed `ics-tui`, in a real pseudo-terminal.

The console script next to this interpreter is started at 80x24 and at 120x40 with its
own data, state and config folders; pyte reads the screen and every step asserts on
the text a member would see. Waits poll against a deadline; they never assert by
sleeping.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from pty_driver import PtyApp, TerminalTimeout, console_script, isolated_env

SCRIPT = console_script()
SCROLLBAR = "▁▂▃▄▅▆▇█▔▏▎▍▌▋▊▉"  # glyphs a scrollbar draws at the right edge of a line
STEP = 10.0  # seconds a step may take before it counts as broken

pytestmark = pytest.mark.skipif(
    not SCRIPT.exists(), reason=f"no installed console script at {SCRIPT}"
)


def shows(
    app: PtyApp,
    *wanted: str | re.Pattern[str],
    absent: tuple[str | re.Pattern[str], ...] = (),
    timeout: float = STEP,
) -> str:
    """Wait until the screen shows every `wanted` text or pattern and none of `absent`."""

    def found(screen: str, item: str | re.Pattern[str]) -> bool:
        return item in screen if isinstance(item, str) else item.search(screen) is not None

    def ready(screen: str) -> bool:
        return all(found(screen, w) for w in wanted) and not any(found(screen, a) for a in absent)

    names = [w if isinstance(w, str) else w.pattern for w in wanted]
    return app.wait_for(ready, timeout=timeout, what=f"{names} (and none of {list(absent)})")


def pane(number: int, title: str) -> re.Pattern[str]:
    """A pane's title bar: its number, then what it shows."""
    return re.compile(rf"\b{number} +{re.escape(title)}")


def quiet(app: PtyApp, still: float = 0.3, timeout: float = STEP) -> str:
    """Wait until the screen has not changed for `still` seconds (the app has caught up)."""
    deadline = time.perf_counter() + timeout
    last, since = app.text(), time.perf_counter()
    while time.perf_counter() - since < still:
        if time.perf_counter() > deadline:
            raise TerminalTimeout(f"the screen kept changing for {timeout:.0f} s:\n{last}")
        time.sleep(0.03)
        now = app.text()
        if now != last:
            last, since = now, time.perf_counter()
    return last


def settled(app: PtyApp, before: str, timeout: float = STEP) -> str:
    """Wait for the screen to change from `before`, then to hold still."""
    app.wait_for(lambda s: s != before, timeout=timeout, what="the screen to change")
    return quiet(app)


def footer(screen: str) -> str:
    return screen.splitlines()[-1].strip()


def scroll_until(app: PtyApp, text: str, key: str = "pagedown", presses: int = 12) -> str:
    """Page through the focused widget until `text` is on screen (as a member reads on)."""
    screen = app.text()
    for _ in range(presses):
        if text in screen:
            return screen
        app.press(key)
        screen = settled(app, screen)
    return app.wait_for(text, timeout=1)


def select_row(app: PtyApp, row_text: str, detail_heading: str, presses: int = 6) -> str:
    """Move down the focused list until the detail panel's heading line is `detail_heading`."""
    # (the heading ends its line, or is followed by a gap and the drawn map beside the facts)
    heading = re.compile(
        rf"[▕█] +{re.escape(detail_heading)}(?:[\s{SCROLLBAR}]*$| {{2,}})", re.MULTILINE
    )
    for _ in range(presses):
        screen = quiet(app)
        if heading.search(screen):
            return screen
        app.press("down")
    raise AssertionError(
        f"{row_text} never showed in the detail after {presses} moves down:\n{app.text()}"
    )


@pytest.mark.parametrize("cols,rows", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_member_journey_in_a_real_terminal(tmp_path: Path, cols: int, rows: int) -> None:
    env = isolated_env(tmp_path)

    with PtyApp([SCRIPT], cols=cols, rows=rows, env=env) as app:
        # First screen: the map list with its title and the Dorset row.
        shows(
            app,
            "ICS map",
            re.compile(r"\b3 +Dorset\b"),
            "South Yorkshire and Bassetlaw",
            timeout=20,
        )

        # Select Dorset: filter the map, then take the Dorset row and read its facts.
        app.press("f")
        shows(app, "Filter ICSs")  # the filter box is open (its placeholder shows)
        app.type("dorset")
        shows(app, "dorset", re.compile(r"\b3 +Dorset\b"), absent=("Frimley",))
        app.press("enter")  # the list takes the focus: the footer shows its keys again
        # (help comes first in the footer at every size; the list's own keys come next)
        app.wait_for(
            lambda s: footer(s).startswith("? Help  f Filter"),
            timeout=STEP,
            what="the filter box to hand the focus to the list",
        )
        select_row(app, "Dorset", "Dorset")
        app.press("enter")  # into the detail, to read on
        quiet(app)
        scroll_until(app, "What the documents say about Dorset")

        # Split: a second pane takes the focus; 3 shows the tiers in it.
        app.press("s")
        shows(app, pane(2, "ICS map"))
        app.press("3")
        shows(app, pane(2, "Structural tiers"), pane(1, "ICS map"), "Region")

        # Search: "pcn" lists a primary care network hit.
        app.press("/")
        shows(app, "Search both documents")
        app.type("pcn")
        shows(app, re.compile(r"\d+ result"), "PCN: primary care network")

        # ctrl+o opens the highlighted hit in the other pane (pane 1), leaving the tiers in pane 2.
        app.press("ctrl+o")
        shows(
            app,
            pane(1, "PCN: primary care network"),
            pane(2, "Structural tiers"),
            absent=(re.compile(r"\d+ result"),),
        )

        # b bookmarks the focused item.
        app.press("b")
        shows(app, "Bookmarked", "PCN: primary care network")

        # q quits cleanly.
        app.press("q")
        assert app.wait_exit(timeout=STEP) == 0

    state = json.loads((tmp_path / "state" / "state.json").read_text(encoding="utf-8"))
    assert (
        len(state["panes"]) == 2
        and "glossary/pcn" in state["panes"][0]
        and "tiers" in state["panes"][1]
    ), state
    assert any((tmp_path / "data").iterdir()), "the bookmark should be saved in the data folder"

    # Restart: the panes are as left, and 5 lists the bookmark.
    with PtyApp([SCRIPT], cols=cols, rows=rows, env=env) as app:
        shows(
            app,
            pane(1, "PCN: primary care network"),
            pane(2, "Structural tiers"),
            "Region",
            timeout=20,
        )
        app.press("5")
        shows(
            app,
            pane(1, "Bookmarks (1)"),
            "★ PCN: primary care network",
            pane(2, "Structural tiers"),
        )
        app.press("q")
        assert app.wait_exit(timeout=STEP) == 0
