"""Pilot journeys through the explorer: views, an ICS's facts, split panes, history, help, palette, copy."""

from __future__ import annotations

import io
import os

from rich.console import Console
from textual.widgets import DataTable, Input

from ics_tui.views.advice import AdviceView
from ics_tui.views.bookmarks import BookmarksView
from ics_tui.views.compare import CompareView
from ics_tui.views.group import GroupView
from ics_tui.views.map_list import MapListView
from ics_tui.views.section import SectionView
from ics_tui.views.tiers import TiersView
from ics_tui.widgets.sidebar import Sidebar

SIZE = (100, 30)


async def select_dorset_with_cursor(pilot, ui) -> None:
    """Move the map table's cursor down, as a member would, until Dorset is selected."""
    app = pilot.app
    table = app.screen.query_one(DataTable)
    assert app.screen.focused is table
    for _ in range(table.row_count):
        if app.focused_pane.target == "ics/dorset":
            return
        await pilot.press("down")
        await pilot.pause()
    assert app.focused_pane.target == "ics/dorset"


# --- first run and the four views --------------------------------------------------------


async def test_first_run_shows_the_map_in_pane_one_and_q_quits(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        panes = ui.panes(explorer)
        assert len(panes) == 1
        assert "ICS map" in ui.pane_title(panes[0])
        assert isinstance(panes[0].view, MapListView)
        assert explorer.focused_pane is panes[0] and panes[0].has_class("-active")
        assert explorer.screen.focused is explorer.screen.query_one(DataTable)
        assert explorer.screen.query_one(DataTable).row_count >= 14
        # The header names both sources with their dates; the sidebar lists the groups.
        assert "BMA briefing" in explorer.screen.sub_title and "2019" in explorer.screen.sub_title
        assert "2018" in explorer.screen.sub_title
        groups = [str(node.label) for node in explorer.screen.query_one(Sidebar).root.children]
        assert "Bookmarks" in groups and len(groups) >= 10
        await pilot.press("q")
        await ui.settle(pilot)
        assert not explorer.is_running


async def test_keys_1_to_5_show_each_view_in_the_focused_pane(app, ui) -> None:
    explorer = app()
    expected = {
        "2": (CompareView, "Comparisons"),
        "3": (TiersView, "Structural tiers"),
        "4": (AdviceView, "Member advice"),
        "5": (BookmarksView, "Bookmarks"),
        "1": (MapListView, "ICS map"),
    }
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        for key, (view_class, title) in expected.items():
            await pilot.press(key)
            await ui.settle(pilot)
            pane = explorer.focused_pane
            assert isinstance(pane.view, view_class), key
            assert title in ui.pane_title(pane), key
            assert len(ui.panes(explorer)) == 1
            if key == "2":
                shown = ui.pane_text(pane)
                assert "ICS" in shown and "ICP" in shown and "Sources:" in shown
            elif key == "3":
                tiers = pane.view
                assert explorer.screen.focused is explorer.screen.query_one("#tier-diagram")
                assert tiers.current_section_id() == tiers.tiers[0].id
                await pilot.press("down")  # up/down choose a tier; its role shows below
                await ui.settle(pilot)
                assert tiers.current_section_id() == tiers.tiers[1].id
                assert tiers.tiers[1].title in str(
                    explorer.screen.query_one("#tier-detail-text").render()
                )
            elif key == "4":
                shown = ui.pane_text(pane)
                assert "principles" in shown and "What members can do now" in shown
            elif key == "5":
                assert "No bookmarks yet" in ui.pane_text(pane)


# --- an ICS and its facts ------------------------------------------------------------------


async def test_dorset_shows_its_facts_with_citations_and_y_copies_them(
    app, ui, isolated_dirs, model
) -> None:
    from ics_tui.core.plaintext import all_citations

    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await select_dorset_with_cursor(pilot, ui)
        detail = str(explorer.screen.query_one("#map-detail-text").render())
        assert "What the documents say about Dorset" in detail
        assert "BMA briefing" in detail and "Committee report" in detail
        assert "↳" in detail  # each fact carries its own citation line
        await pilot.press("y")
        await ui.wait_for(
            pilot,
            lambda: any(t == "Copied" for t, _, _ in ui.notifications(explorer)),
            what="the copy toast",
        )
        assert explorer.clipboard.startswith("Dorset\n") and "Sources:" in explorer.clipboard
        assert "BMA briefing" in explorer.clipboard and "\nReferences:\n" in explorer.clipboard
        saved = isolated_dirs.state / "last-copy.txt"
        message = next(m for t, m, _ in ui.notifications(explorer) if t == "Copied")
        # No clipboard tool here: the toast says so, names the file, and counts every citation copied.
        assert "Dorset" in message and str(saved) in message and "OSC 52" in message
        cited = all_citations(model.sections["ics/dorset"])
        assert f"{len(cited)} citations from 2 documents" in message and len(cited) > len(
            model.sections["ics/dorset"].citations
        )
        assert saved.read_text(encoding="utf-8") == explorer.clipboard


async def test_filter_narrows_the_map_enter_picks_the_named_ics_and_escape_clears_it(
    app, ui
) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        table = explorer.screen.query_one(DataTable)
        everything = table.row_count
        await pilot.press("f")
        await ui.settle(pilot)
        assert isinstance(explorer.screen.focused, Input)
        await pilot.press(*"zzz")
        await ui.settle(pilot)
        assert table.row_count == 0 and "No ICS matches" in str(
            explorer.screen.query_one("#map-detail-text").render()
        )
        await pilot.press("backspace", "backspace", "backspace", *"dorset")
        await ui.settle(pilot)
        shown = [str(row.key.value) for row in table.ordered_rows]
        assert (
            "ics/dorset" in shown and len(shown) < everything
        )  # other ICSs whose facts name Dorset stay
        await pilot.press("enter")  # the ICS whose name matches is the one chosen
        await ui.settle(pilot)
        assert explorer.screen.focused is table and explorer.focused_pane.target == "ics/dorset"
        assert "What the documents say about Dorset" in str(
            explorer.screen.query_one("#map-detail-text").render()
        )
        await pilot.press("f")
        await ui.settle(pilot)
        await pilot.press("escape")  # clears the filter; the selection stays
        await ui.settle(pilot)
        assert table.row_count == everything
        assert explorer.screen.focused is table and explorer.focused_pane.target == "ics/dorset"


async def test_keys_typed_straight_after_f_go_into_the_filter_box(app, ui) -> None:
    # The filter box is made on first use; a member typing fast must not have "dorset" read
    # as keys meanwhile (o sorts, s splits, t hides the contents).
    from textual import events

    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        assert not explorer.screen.query("#map-filter")  # not on the first screen
        view = explorer.screen.query_one(MapListView)
        for key in "fdorset":  # all at once, as from a fast typist: no waiting between keys
            explorer.post_message(events.Key(key, key))
        await ui.wait_for(
            pilot, lambda: view.needle == "dorset", what="the filter to read 'dorset'"
        )
        await ui.settle(pilot)
        assert (
            isinstance(explorer.screen.focused, Input) and explorer.screen.focused.value == "dorset"
        )
        assert (
            len(ui.panes(explorer)) == 1
            and view.sort_index == 0
            and explorer.screen.sidebar.display
        )
        table = explorer.screen.query_one(DataTable)
        assert "ics/dorset" in [
            str(row.key.value) for row in table.ordered_rows
        ] and table.row_count < len(view.icss)


async def test_filtering_as_soon_as_the_list_shows_keeps_the_focus_in_the_filter_box(
    app, ui
) -> None:
    # Start-up focus lands after the first frame; it must not pull the focus back out of a
    # filter box the member has already opened.
    from textual import events

    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.wait_for(
            pilot,
            lambda: (
                explorer.screen.query(DataTable) and explorer.screen.query_one(DataTable).row_count
            ),
            what="the map list",
        )
        view = explorer.screen.query_one(MapListView)
        for key in "fdorset":
            explorer.post_message(events.Key(key, key))
        await ui.wait_for(
            pilot, lambda: view.needle == "dorset", what="the filter to read 'dorset'"
        )
        await ui.settle(pilot, rounds=4)
        assert isinstance(explorer.screen.focused, Input) and view.needle == "dorset"
        assert len(ui.panes(explorer)) == 1 and view.sort_index == 0


# --- split panes -----------------------------------------------------------------------


async def test_split_puts_tiers_beside_the_map(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await select_dorset_with_cursor(pilot, ui)
        await pilot.press("s")
        await ui.settle(pilot)
        one, two = ui.panes(explorer)
        assert two.target == "ics/dorset" and isinstance(two.view, MapListView)
        assert (
            explorer.focused_pane is two
            and two.has_class("-active")
            and not one.has_class("-active")
        )
        assert " 2 " in ui.pane_title(two)
        await pilot.press("3")
        await ui.settle(pilot)
        assert isinstance(two.view, TiersView)
        assert isinstance(one.view, MapListView) and one.target == "ics/dorset"
        assert (
            one.region.y == two.region.y and one.region.x < two.region.x
        )  # wide enough: side by side
        await pilot.press("s")  # in a split, s closes the focused pane (tiers) and keeps the map
        await ui.settle(pilot)
        assert explorer.is_running
        assert (
            ui.panes(explorer) == [one]
            and isinstance(one.view, MapListView)
            and one.target == "ics/dorset"
        )
        assert explorer.focused_pane is one and one in explorer.screen.focused.ancestors


async def test_s_in_pane_one_of_a_split_closes_it_and_pane_two_becomes_pane_one(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("s", "3")  # as a member splits: the tiers in the new pane
        await ui.wait_for(pilot, lambda: len(ui.panes(explorer)) == 2, what="the split")
        one, two = ui.panes(explorer)
        await ui.wait_for(
            pilot,
            lambda: isinstance(two.view, TiersView) and explorer.focused_pane is two,
            what="the tiers in pane 2, focused",
        )
        await pilot.press("shift+tab")
        await ui.wait_for(pilot, lambda: explorer.focused_pane is one, what="pane 1 focused")
        await pilot.press("s")
        await ui.wait_for(pilot, lambda: ui.panes(explorer) == [two], what="pane 1 closed")
        assert explorer.is_running and isinstance(two.view, TiersView)
        await ui.wait_for(
            pilot,
            lambda: explorer.focused_pane is two and two in explorer.screen.focused.ancestors,
            what="pane 2 focused",
        )
        assert " 1 " in ui.pane_title(two)


async def test_split_moves_the_keyboard_focus_into_the_new_pane(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        one = explorer.focused_pane
        before = one.target
        await pilot.press("s")
        await ui.settle(pilot, 4)
        two = explorer.focused_pane
        assert two is not one
        await pilot.press("down")
        await ui.settle(pilot)
        assert one.target == before  # pane 1 did not move
        assert two.target != before  # pane 2 did
        assert two in explorer.screen.focused.ancestors


async def test_tab_and_shift_tab_move_between_sidebar_and_panes(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("s")
        await ui.settle(pilot)
        sidebar = explorer.screen.query_one(Sidebar)
        one, two = ui.panes(explorer)

        def where() -> str:
            focused = explorer.screen.focused
            return (
                "sidebar" if focused is sidebar else ("one" if one in focused.ancestors else "two")
            )

        for _ in range(3):
            if where() == "sidebar":
                break
            await pilot.press("tab")
            await ui.settle(pilot)
        assert where() == "sidebar"
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            await ui.settle(pilot)
            seen.append(where())
            if seen[-1] != "sidebar":
                assert explorer.focused_pane is (one if seen[-1] == "one" else two)
                assert explorer.focused_pane.has_class("-active")
        assert seen == ["one", "two", "sidebar"]
        back = []
        for _ in range(3):
            await pilot.press("shift+tab")
            await ui.settle(pilot)
            back.append(where())
        assert back == ["two", "one", "sidebar"]


async def test_the_sidebar_opens_a_view_or_a_group_in_the_focused_pane(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("shift+tab")
        await ui.settle(pilot)
        sidebar = explorer.screen.query_one(Sidebar)
        assert explorer.screen.focused is sidebar
        for _ in range(40):
            if sidebar.cursor_node is not None and sidebar.cursor_node.data == "@compare":
                break
            await pilot.press("down")
        assert sidebar.cursor_node.data == "@compare"
        await pilot.press("enter")
        await ui.settle(pilot)
        assert isinstance(explorer.focused_pane.view, CompareView)
        for _ in range(40):
            if sidebar.cursor_node is not None and str(sidebar.cursor_node.data).startswith(
                "@group:"
            ):
                break
            await pilot.press("down")
        group = sidebar.cursor_node.data
        await pilot.press("enter")
        await ui.settle(pilot)
        assert (
            isinstance(explorer.focused_pane.view, GroupView)
            and explorer.focused_pane.location == group
        )
        assert sidebar.cursor_node.is_expanded  # the group unfolds to show its sections


# --- history ---------------------------------------------------------------------------


async def test_back_forward_and_escape_in_a_pane(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        pane = explorer.focused_pane
        for key in "23":
            await pilot.press(key)
            await ui.settle(pilot)
        assert isinstance(pane.view, TiersView) and "◀ back" in ui.pane_title(pane)
        await pilot.press("left_square_bracket")
        await ui.settle(pilot)
        assert isinstance(pane.view, CompareView)
        assert "◀ back" in ui.pane_title(pane) and "forward ▶" in ui.pane_title(pane)
        await pilot.press("alt+left")
        await ui.settle(pilot)
        assert isinstance(pane.view, MapListView) and "back" not in ui.pane_title(pane)
        await pilot.press("left_square_bracket")  # nothing further back: the pane stays and says so
        await ui.settle(pilot)
        assert isinstance(pane.view, MapListView)
        assert any("Nothing to go back" in message for _, message, _ in ui.notifications(explorer))
        await pilot.press("right_square_bracket")
        await ui.settle(pilot)
        assert isinstance(pane.view, CompareView)
        await pilot.press("alt+right")
        await ui.settle(pilot)
        assert isinstance(pane.view, TiersView) and "forward" not in ui.pane_title(pane)
        # escape never walks the history: with nothing open it leaves the pane where it is
        history = list(pane.back_stack)
        for _ in range(3):
            await pilot.press("escape")
            await ui.settle(pilot)
        assert isinstance(pane.view, TiersView) and pane.back_stack == history
        assert pane in explorer.screen.focused.ancestors
        # backspace is back too
        await pilot.press("backspace")
        await ui.settle(pilot)
        assert isinstance(pane.view, CompareView)
        # from the contents, escape returns to the pane
        await pilot.press("shift+tab")
        await ui.settle(pilot)
        assert explorer.screen.focused is explorer.screen.query_one(Sidebar)
        await pilot.press("escape")
        await ui.settle(pilot)
        assert pane in explorer.screen.focused.ancestors and isinstance(pane.view, CompareView)
        # Opening somewhere new clears forward.
        await pilot.press("4")
        await ui.settle(pilot)
        assert pane.forward_stack == []


async def test_back_in_pane_two_stays_in_pane_two_and_leaves_pane_one_alone(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("2")
        await ui.settle(pilot)
        one = explorer.focused_pane
        one_history = list(one.back_stack)
        await pilot.press("s")
        await ui.settle(pilot)
        two = explorer.focused_pane
        assert two is not one
        before = one.target
        for key in "34":
            await pilot.press(key)
            await ui.settle(pilot)
        assert isinstance(two.view, AdviceView) and len(two.back_stack) == 2
        await pilot.press("left_square_bracket")
        await ui.settle(pilot)
        assert explorer.focused_pane is two and isinstance(two.view, TiersView)
        await pilot.press("left_square_bracket")
        await ui.settle(pilot)
        assert explorer.focused_pane is two and isinstance(two.view, CompareView)
        # Pane 1 kept its view, its selection and its own history.
        assert isinstance(one.view, CompareView) and one.target == before
        assert one.back_stack == one_history and one.forward_stack == []


async def test_back_returns_to_the_bookmarks_view(app, ui) -> None:
    explorer = app()
    explorer.bookmarks.add("ics/dorset", "Dorset")
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("5")
        await ui.settle(pilot)
        assert isinstance(explorer.focused_pane.view, BookmarksView)
        assert explorer.screen.focused.section_id == "ics/dorset"  # a bookmark card has the focus
        await pilot.press("3")
        await ui.settle(pilot)
        await pilot.press("left_square_bracket")
        await ui.settle(pilot)
        assert isinstance(explorer.focused_pane.view, BookmarksView)


# --- help, palette, copy -------------------------------------------------------------


def help_text(explorer) -> str:
    """What the help screen shows, as text."""
    from ics_tui.screens.help import HelpScreen

    assert isinstance(explorer.screen, HelpScreen)
    console = Console(width=76, record=True, file=io.StringIO())
    for widget in explorer.screen.query("Static"):
        console.print(widget.content)
    return console.export_text()


async def test_help_lists_every_app_key_and_the_focused_place_and_closes_leaving_the_pane(
    app, ui
) -> None:
    from ics_tui.screens.help import HelpScreen

    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("2")
        await ui.settle(pilot)
        pane = explorer.focused_pane
        before = (pane.entry, list(pane.back_stack), explorer.screen.focused)
        await pilot.press("question_mark")
        await ui.settle(pilot)
        shown = help_text(explorer)
        for expected in (
            "Comparisons side by side",
            "page down",
            "next match",
            "bookmark the item",
            "copy the item",
            "back in this pane",
            "split",
            "quit",
            "search both",
        ):
            assert expected in shown, expected
        # Textual's generic entries are not there
        assert "Scroll Left" not in shown and "Page Left" not in shown
        for key in ("escape", "question_mark", "f1"):
            await pilot.press(key)
            await ui.settle(pilot)
            assert not isinstance(explorer.screen, HelpScreen), key
            assert (pane.entry, list(pane.back_stack), explorer.screen.focused) == before
            if key != "f1":
                await pilot.press("f1" if key == "escape" else "question_mark")
                await ui.settle(pilot)
                assert isinstance(explorer.screen, HelpScreen)
        await pilot.press("shift+tab", "question_mark")  # in the contents, help says what they are
        await ui.settle(pilot)
        assert "Contents." in help_text(explorer)


async def test_the_command_palette_opens_a_section_by_name_and_y_copies_it(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("ctrl+p")
        await ui.settle(pilot)
        assert type(explorer.screen).__name__ == "CommandPalette"
        await pilot.press(*"The alliance agreement")
        await ui.wait_for(
            pilot,
            lambda: (
                explorer.screen.query("CommandList")
                and explorer.screen.query_one("CommandList").option_count > 0
            ),
            what="palette results",
        )
        await pilot.pause(0.3)
        await pilot.press("enter")
        await ui.wait_for(
            pilot,
            lambda: (
                explorer.focused_pane is not None
                and explorer.focused_pane.target == "bma/alliance-agreement"
            ),
            what="section opened",
        )
        await ui.settle(pilot)
        assert type(explorer.screen).__name__ == "MainScreen"
        assert isinstance(explorer.focused_pane.view, SectionView)
        assert "The alliance agreement" in ui.pane_title(explorer.focused_pane)
        assert "Sources:" in ui.pane_text(explorer.focused_pane)
        await pilot.press("y")
        await ui.wait_for(
            pilot,
            lambda: any(
                t == "Copied" and "The alliance agreement" in m
                for t, m, _ in ui.notifications(explorer)
            ),
            what="the copy toast",
        )
        assert (
            explorer.clipboard.startswith("The alliance agreement")
            and "Sources:" in explorer.clipboard
        )


async def test_e_exports_bookmarks_to_markdown_without_leaving_and_never_overwrites(
    app, ui, isolated_dirs, tmp_path
) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("e")
        await ui.wait_for(
            pilot,
            lambda: any("no bookmarks to export" in m for _, m, _ in ui.notifications(explorer)),
            what="the nothing-to-export toast",
        )
        await select_dorset_with_cursor(pilot, ui)
        await pilot.press("b")
        await ui.wait_for(
            pilot, lambda: explorer.bookmarks.find("ics/dorset") is not None, what="bookmark"
        )
        target = tmp_path / "for-the-lmc.md"
        await pilot.press("e")
        await ui.wait_for(
            pilot, lambda: type(explorer.screen).__name__ == "TextPrompt", what="the path prompt"
        )
        prompt_input = explorer.screen.query_one("#prompt-input")
        assert prompt_input.value.endswith(".md")  # a free name in Documents (or home) is offered
        prompt_input.value = str(target)
        await pilot.press("enter")
        await ui.wait_for(pilot, lambda: target.exists(), what="the export file")
        await ui.wait_for(
            pilot,
            lambda: any(
                t == "Export" and str(target) in m for t, m, _ in ui.notifications(explorer)
            ),
            what="the export toast",
        )
        text = target.read_text(encoding="utf-8")
        assert (
            text.startswith("# My ICS Explorer bookmarks")
            and "## 1. Dorset" in text
            and "## References" in text
        )
        # Again to the same name: refused, the file kept as it was.
        await pilot.press("e")
        await ui.wait_for(
            pilot, lambda: type(explorer.screen).__name__ == "TextPrompt", what="the path prompt"
        )
        explorer.screen.query_one("#prompt-input").value = str(target)
        target.write_text("the member's own paper", encoding="utf-8")
        await pilot.press("enter")
        # Refused, and asked again with a free name beside it: nothing to retype.
        await ui.wait_for(
            pilot,
            lambda: (
                type(explorer.screen).__name__ == "TextPrompt"
                and explorer.screen.query_one("#prompt-input").value != str(target)
            ),
            what="the prompt again, with a free name",
        )
        assert "already exists" in explorer.screen.prompt_title
        offered = explorer.screen.query_one("#prompt-input").value
        assert offered == str(target.with_name(f"{target.stem}-2{target.suffix}"))
        assert target.read_text(encoding="utf-8") == "the member's own paper"
        await pilot.press("enter")
        await ui.wait_for(
            pilot, lambda: os.path.exists(offered), what="the export, to the free name"
        )
        assert target.read_text(encoding="utf-8") == "the member's own paper"


async def test_the_palette_offers_export(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("ctrl+p")
        await ui.wait_for(pilot, lambda: explorer.screen.query("CommandInput"), what="palette")
        await pilot.press(*"export")
        await ui.wait_for(
            pilot,
            lambda: (
                explorer.screen.query("CommandList")
                and explorer.screen.query_one("CommandList").option_count > 0
            ),
            what="palette results",
        )
        first = explorer.screen.query_one("CommandList").get_option_at_index(0).prompt
        assert "Export bookmarks" in str(first)
