"""Continuity and configuration: panes reopen where the member left off; bad files never stop the app."""

from __future__ import annotations

import json

import pytest

from ics_tui.data.locations import CONFIG_FILE
from ics_tui.data.state import STATE_FILE
from ics_tui.views.bookmarks import BookmarksView
from ics_tui.views.map_list import MapListView
from ics_tui.views.tiers import TiersView

SIZE = (100, 30)


async def test_a_new_app_reopens_the_panes_the_member_left(app, ui, isolated_dirs) -> None:
    first = app(remember=True)
    async with first.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("down", "down")  # the third ICS on the map
        await ui.settle(pilot)
        chosen = first.focused_pane.target
        assert chosen.startswith("ics/")
        await pilot.press("s")
        await ui.settle(pilot)
        await pilot.press("3")
        await ui.settle(pilot)
        first.focused_pane.view.select("tiers/place")
        await ui.settle(pilot)
        await pilot.press("q")
        await ui.settle(pilot)
    saved = json.loads((isolated_dirs.state / STATE_FILE).read_text(encoding="utf-8"))
    # Each pane is saved as its view and the item selected in it.
    assert saved["panes"] == [f"@map#{chosen}", "@tiers#tiers/place"] and saved["focus"] == 1
    second = app(remember=True)
    async with second.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        one, two = ui.panes(second)
        await ui.wait_for(
            pilot, lambda: second.focused_pane is two, what="the saved focus on pane 2"
        )
        assert isinstance(one.view, MapListView) and one.target == chosen
        assert isinstance(two.view, TiersView) and two.target == "tiers/place"
        assert two.has_class("-active") and two in second.screen.focused.ancestors


async def test_a_save_that_fires_after_quitting_is_harmless(app, ui, isolated_dirs) -> None:
    explorer = app(remember=True)
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("3")
        await ui.settle(pilot)
        await pilot.press("q")
        await ui.settle(pilot)
    saved = (isolated_dirs.state / STATE_FILE).read_text(encoding="utf-8")
    explorer.save_state()  # what a pending timer does when it fires after the screens are gone
    assert (isolated_dirs.state / STATE_FILE).read_text(encoding="utf-8") == saved
    assert not (isolated_dirs.state / "crash.log").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff{not json at all",
        b'{"schema": 99, "panes": ["@tiers"], "focus": 0}',
        b'{"schema": 1, "panes": ["ics/not-a-real-ics", 7], "focus": 9}',
    ],
    ids=["binary", "future-schema", "unknown-section-and-bad-values"],
)
async def test_a_corrupt_state_file_opens_the_default_layout_silently_and_is_replaced_on_quit(
    app, ui, isolated_dirs, content
) -> None:
    # Pane positions are not the member's data: a bad file is not worth a notice, and the next
    # save (on quit) writes a good one over it.
    isolated_dirs.state.mkdir(parents=True)
    (isolated_dirs.state / STATE_FILE).write_bytes(content)
    explorer = app(remember=True)
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        panes = ui.panes(explorer)
        assert len(panes) == 1 and isinstance(panes[0].view, MapListView)
        assert "ICS map" in ui.pane_title(panes[0]) and explorer.focused_pane is panes[0]
        assert ui.notifications(explorer) == []
        await pilot.press("q")
        await ui.settle(pilot)
    saved = json.loads((isolated_dirs.state / STATE_FILE).read_text(encoding="utf-8"))
    assert saved["schema"] == 1 and saved["focus"] == 0 and saved["panes"][0].startswith("@map")
    assert sorted(p.name for p in isolated_dirs.state.iterdir() if "cache" not in p.name) == [
        STATE_FILE
    ]


async def test_the_bookmarks_view_reopens_as_the_bookmarks_view(app, ui, isolated_dirs) -> None:
    first = app(remember=True)
    first.bookmarks.add("ics/dorset", "Dorset")
    async with first.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("5")
        await ui.settle(pilot)
        assert isinstance(first.focused_pane.view, BookmarksView)
        await pilot.press("q")
        await ui.settle(pilot)
    second = app(remember=True)
    async with second.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        assert isinstance(second.focused_pane.view, BookmarksView)


# --- config.toml --------------------------------------------------------------------------


def write_config(isolated_dirs, text: str) -> None:
    isolated_dirs.config.mkdir(parents=True, exist_ok=True)
    (isolated_dirs.config / CONFIG_FILE).write_text(text, encoding="utf-8")


async def test_bad_config_entries_are_reported_and_a_good_keymap_entry_remaps(
    app, ui, isolated_dirs
) -> None:
    write_config(
        isolated_dirs,
        'theme = "no-such-theme"\n\n[keymap]\n"pane.splitt" = "x"\n"pane.split" = "ctrl+s"\n',
    )
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await ui.wait_for(
            pilot, lambda: len(ui.notifications(explorer)) >= 2, what="the config warnings"
        )
        warnings = [
            message
            for title, message, severity in ui.notifications(explorer)
            if title == "config.toml" and severity == "warning"
        ]
        assert any("no-such-theme" in message for message in warnings), warnings
        assert any("pane.splitt" in message and "pane.split" in message for message in warnings), (
            warnings
        )  # did you mean
        assert all(
            ":" in message and CONFIG_FILE in message for message in warnings
        )  # file and line
        assert explorer.theme == "textual-dark"  # the default stays
        assert isinstance(explorer.focused_pane.view, MapListView)
        await pilot.press("s")  # remapped away
        await ui.settle(pilot)
        assert len(ui.panes(explorer)) == 1
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert len(ui.panes(explorer)) == 2
        await pilot.press("3")  # other keys keep their defaults
        await ui.settle(pilot)
        assert isinstance(explorer.focused_pane.view, TiersView)


async def test_a_config_that_is_not_toml_is_reported_and_the_default_keys_work(
    app, ui, isolated_dirs
) -> None:
    write_config(isolated_dirs, "[keymap\nthis is not toml = = =\n")
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await ui.wait_for(pilot, lambda: ui.notifications(explorer), what="the config warning")
        assert any(
            title == "config.toml" and "TOML" in message
            for title, message, _ in ui.notifications(explorer)
        )
        await pilot.press("3")
        await ui.settle(pilot)
        assert isinstance(explorer.focused_pane.view, TiersView)


async def test_a_valid_theme_in_config_is_used_and_remember_false_writes_no_state(
    app, ui, isolated_dirs
) -> None:
    write_config(isolated_dirs, 'theme = "textual-light"\n')
    explorer = app(remember=False)
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        assert explorer.theme == "textual-light"
        assert not [n for n in ui.notifications(explorer) if n[0] == "config.toml"]
        await pilot.press("3")
        await ui.settle(pilot)
        await pilot.press("q")
        await ui.settle(pilot)
    assert not (isolated_dirs.state / STATE_FILE).exists()


async def test_a_theme_picked_while_running_is_kept_over_a_restart(app, ui, isolated_dirs) -> None:
    write_config(isolated_dirs, 'theme = "textual-light"\n')
    first = app(remember=True)
    async with first.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await ui.settle(pilot)
        assert (
            first.theme == "textual-light" and first.picked_theme == ""
        )  # config's theme is no pick
        first.theme = "solarized-light"  # what the palette's Theme command does
        await ui.wait_for(pilot, lambda: first.picked_theme == "solarized-light", what="the pick")
        await pilot.press("q")
        await ui.settle(pilot)
    saved = json.loads((isolated_dirs.state / STATE_FILE).read_text(encoding="utf-8"))
    assert saved["theme"] == "solarized-light"
    second = app(remember=True)
    async with second.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        assert second.theme == "solarized-light"
