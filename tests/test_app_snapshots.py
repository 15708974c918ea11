"""Snapshots of each view alone and of two side by side, at 80x24 and 120x40.

Deterministic by construction: fixed theme, no cursor blink, isolated user folders
(the `app` fixture), remember=False (no saved state, in-memory bookmarks), workers
finished and notifications dismissed before the picture is taken.

Regenerate with the whole file selected (never -k, which deletes the other snapshots):
    python -m pytest tests/test_app_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Awaitable, Callable

import pytest

THEME = "textual-dark"
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}

Scene = Callable[..., Awaitable[None]]


async def steady(pilot, refocus: bool = True) -> None:
    """Finish every worker and message, put the focus where the focused pane says, hide notifications."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
    if refocus and app.focused_pane is not None:
        app.screen.focus_pane(app.focused_pane)
    await pilot.pause()
    await app.workers.wait_for_complete()
    app.clear_notifications()
    await pilot.pause()
    await still(pilot)


async def still(pilot, rounds: int = 40) -> None:
    """Wait until two pictures in a row are the same: a Resize handled late (a view laying itself
    out again, a detail re-wrapped, its scrollbar redrawn) changes the picture after the queues
    are empty, and the snapshot must not depend on how fast the machine got there."""
    before = pilot.app.export_screenshot()
    for _ in range(rounds):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        after = pilot.app.export_screenshot()
        if after == before:
            return
        before = after
    raise AssertionError(f"the picture still changed after {rounds} rounds")


def scene(
    *keys: str,
    shows: tuple[str, ...],
    select: str | None = None,
    open_target: str | None = None,
    split: str | None = None,
    after: tuple[str, ...] = (),
    on_top: str | None = None,
) -> Scene:
    """A run_before: press `keys`, select or open something, maybe split with `split` in the new pane.

    The panes must then show the views `shows`. Two-pane scenes open the second pane on its view directly
    (what `s` then a view key ends with): changing the view of a focused pane 2 lets the focus, and the
    scroll position, of pane 1 move with timing, which would make the pictures flaky.
    """

    async def run_before(pilot) -> None:
        app = pilot.app
        app.theme = THEME
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
        if open_target is not None:
            app.open(open_target)
            await pilot.pause()
        if select is not None:
            assert app.focused_pane.view.select(select)
            await pilot.pause()
        if split is not None:
            app.screen.split(split)
            await pilot.pause()
            await pilot.pause()
        await steady(pilot)
        for key in after:  # keys pressed once the panes are steady (the cursor, help, contents)
            await pilot.press(key)
            await pilot.pause()
        if after:
            await steady(pilot, refocus=False)
        # The scene is what it claims to be (a crash or a wrong view would fail here, not in a picture).
        assert app.is_running and app.theme == THEME and not app._notifications
        assert type(app.screen).__name__ == (on_top or "MainScreen")
        main = app.main_screen
        assert tuple(type(pane.view).__name__ for pane in main.query("Pane")) == shows

    return run_before


SCENES: dict[str, Scene] = {
    "map-dorset": scene(select="ics/dorset", shows=("MapListView",)),
    # the drawn map focused, moved west from South Yorkshire (1) to Greater Manchester (9)
    "map-drawing-manchester": scene("m", "left", shows=("MapListView",)),
    "drawn-map-alone": scene("6", shows=("DrawnMapView",)),
    "compare": scene("2", shows=("CompareView",)),
    "tiers": scene("3", shows=("TiersView",)),
    "advice": scene("4", shows=("AdviceView",)),
    "section-alliance-agreement": scene(
        open_target="bma/alliance-agreement", shows=("SectionView",)
    ),
    "bookmarks-empty": scene("5", shows=("BookmarksView",)),
    "map-and-tiers": scene(split="@tiers", shows=("MapListView", "TiersView")),
    "compare-and-advice": scene("2", split="@advice", shows=("CompareView", "AdviceView")),
    # the cursor on the 21st item of member advice, after twenty downs
    "advice-21st-item": scene("4", after=("down",) * 20, shows=("AdviceView",)),
    # help over the comparison (every key, grouped; the pane behind unchanged)
    "help-over-compare": scene(
        "2", after=("question_mark",), shows=("CompareView",), on_top="HelpScreen"
    ),
    # t: the contents hide when wide (the pane takes the width), show over the pane when narrow
    "contents-toggled": scene(after=("t",), shows=("MapListView",)),
    # the second comparison's aspects: a table whose header stays (wide), labelled blocks (narrow)
    "compare-second-table": scene(
        "2", select="compare/stp-vs-ics", after=("down", "down"), shows=("CompareView",)
    ),
}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SCENES))
def test_snapshot(snap_compare, app, name: str, size: str) -> None:
    explorer = app()  # remember=False, cursor_blink=False, isolated folders
    assert snap_compare(explorer, terminal_size=SIZES[size], run_before=SCENES[name])
