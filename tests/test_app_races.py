"""Keys pressed faster than views mount land where the member meant, and `q` ends the app at once."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual import events

from ics_tui.views.bookmarks import BookmarksView
from ics_tui.views.tiers import TiersView


async def until(predicate, what: str, limit: float = 20.0) -> None:
    """Wait for a condition without Pilot (whose pause needs a running app)."""
    deadline = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("delay", [0.001, 0.01, 0.02])
async def test_split_then_tiers_in_quick_succession_shows_tiers_in_the_new_pane(
    app, ui, delay
) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        explorer.post_message(events.Key("s", "s"))
        await asyncio.sleep(delay)
        explorer.post_message(events.Key("3", "3"))
        await ui.wait_for(
            pilot,
            lambda: (
                len(ui.panes(explorer)) == 2 and isinstance(ui.panes(explorer)[1].view, TiersView)
            ),
            what="tiers in pane 2",
            timeout=90,
        )
        one, two = ui.panes(explorer)
        assert explorer.focused_pane is two and not isinstance(one.view, TiersView)
        assert explorer.is_running
    assert explorer.return_code in (None, 0), explorer._exception


async def test_views_switched_faster_than_they_mount_end_where_the_keys_lead(app, ui) -> None:
    # 1234 in pane 1, s opens pane 2, 1234 there, s closes it again, 5 is bookmarks, [ back, ] forward.
    explorer = app()
    async with explorer.run_test(size=(100, 30)) as pilot:
        await ui.ready(pilot)
        for key in "1234s1234s5[]":
            explorer.post_message(events.Key(key, key))
            await asyncio.sleep(0.002)
        await ui.wait_for(
            pilot,
            lambda: (
                len(ui.panes(explorer)) == 1
                and isinstance(ui.panes(explorer)[0].view, BookmarksView)
            ),
            what="bookmarks in one pane",
            timeout=90,
        )
        assert explorer.focused_pane is ui.panes(explorer)[0] and explorer.is_running


@pytest.mark.parametrize("keys", ["sq1234", "ssq5", "q[]s2"])
async def test_q_quits_and_the_keys_typed_straight_after_it_run_nothing(app, ui, keys) -> None:
    # The split pane of `s` was still mounting when `q` closed the app: opening a view in it crashed.
    explorer = app()
    ran_while_quitting: list[str] = []
    async with explorer.run_test(size=(100, 30)) as pilot:
        await ui.ready(pilot)
        real = explorer.run_action

        async def spy(action, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if explorer.quitting:
                ran_while_quitting.append(str(action))
            return await real(action, *args, **kwargs)

        explorer.run_action = spy  # every key binding runs through App.run_action
        for key in keys:  # all queued before any is handled
            explorer.post_message(events.Key(key, key))
        await until(lambda: explorer.return_code is not None, "q to quit the app")
    assert explorer.return_code == 0
    assert ran_while_quitting == []


async def test_a_view_replaced_in_the_moment_it_opens_does_nothing(app, ui) -> None:
    # Under load, `s` then `3` replaced the tiers view before its mount was handled, and its
    # on_mount found its children gone (NoMatches). Two opens in one tick do that every time.
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        for second in ("@compare", "@map", "@advice"):
            for first in ("@tiers", "@map"):
                explorer.open(first)
                explorer.open(second)  # before the first view's mount is handled
                await pilot.pause(0.05)
        await ui.settle(pilot)
        assert explorer.is_running
    assert explorer.return_code in (None, 0), explorer._exception


async def test_keys_typed_before_the_first_view_is_ready_all_take_effect_in_order(app, ui) -> None:
    # Issue 12's item 11: keys typed in the first moments after launch were lost. Here they
    # are posted as soon as the app runs, before its first pane's view (or the contents) is up.
    from ics_tui.views.compare import CompareView

    explorer = app()
    async with explorer.run_test(size=(100, 30)) as pilot:
        for key in "2s3":
            explorer.post_message(events.Key(key, key))
        await ui.wait_for(
            pilot,
            lambda: (
                len(ui.panes(explorer)) == 2
                and isinstance(ui.panes(explorer)[0].view, CompareView)
                and isinstance(ui.panes(explorer)[1].view, TiersView)
            ),
            what="comparisons in pane 1, the tiers in pane 2",
            timeout=90,
        )
        assert explorer.focused_pane is ui.panes(explorer)[1] and explorer.is_running


@pytest.mark.parametrize("dialog", ["search", "help", "prompt"])
@pytest.mark.parametrize("turns", [0, 1, 2])
async def test_quitting_as_a_dialog_opens_ends_the_app_cleanly(app, ui, dialog, turns) -> None:
    # CI's key storm: `/` then ctrl+q in one burst. The closing app mounted none of the search
    # box's children, and its on_mount's query for the box ended the app with NoMatches.
    from ics_tui.screens.help import HelpScreen
    from ics_tui.screens.prompt import TextPrompt
    from ics_tui.screens.search import SearchScreen

    opened = {
        "search": SearchScreen,
        "help": HelpScreen,
        "prompt": lambda: TextPrompt("Note", "draft"),
    }[dialog]
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        explorer.push_screen(opened())
        for _ in range(turns):
            await asyncio.sleep(0)  # the dialog part-way through opening
        explorer.exit()
        await until(lambda: explorer.return_code is not None, "the app to end")
    assert explorer._exception is None
    assert explorer.return_code == 0
