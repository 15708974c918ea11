"""Keys pressed faster than views mount must never crash the explorer."""

from __future__ import annotations

import asyncio

import pytest
from textual import events


@pytest.mark.parametrize("delay", [0.001, 0.01, 0.02])
async def test_split_then_tiers_in_quick_succession(app, ui, delay) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.settle(pilot)
        explorer.post_message(events.Key("s", "s"))
        await asyncio.sleep(delay)
        explorer.post_message(events.Key("3", "3"))
        await pilot.pause(0.5)
        assert explorer.is_running
    assert explorer.return_code in (None, 0), explorer._exception


async def test_views_switched_faster_than_they_mount(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        for key in "1234s1234s5[]":
            explorer.post_message(events.Key(key, key))
            await asyncio.sleep(0.002)
        await pilot.pause(0.5)
        assert explorer.is_running
    assert explorer.return_code in (None, 0), explorer._exception


@pytest.mark.parametrize("keys", ["sq1234", "ssq5", "q[]s2"])
async def test_keys_typed_straight_after_q_are_dropped(app, ui, keys) -> None:
    # The split pane of `s` was still mounting when `q` closed the app: opening a view in it crashed.
    explorer = app()
    async with explorer.run_test(size=(100, 30)) as pilot:
        await ui.settle(pilot)
        for key in keys:
            explorer.post_message(events.Key(key, key))
        await pilot.pause(0.5)
    assert explorer.return_code in (None, 0) and explorer._exception is None, explorer._exception


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
