"""Bookmarks in the app: b, notes, the bookmarks view (open, rename, delete, undo, filter), and restarts."""

from __future__ import annotations

import re

from textual.widgets import DataTable, Input

from ics_tui.data.bookmarks import FILE_NAME
from ics_tui.screens.prompt import TextPrompt
from ics_tui.views.bookmarks import BookmarkCard, BookmarksView
from ics_tui.views.map_list import MapListView
from ics_tui.widgets.sidebar import Sidebar

SIZE = (100, 30)


async def select_on_map(pilot, ui, section_id: str) -> None:
    """Move the focused map table's cursor down to `section_id`."""
    table = pilot.app.screen.query_one(DataTable)
    for _ in range(table.row_count):
        if pilot.app.focused_pane.target == section_id:
            return
        await pilot.press("down")
        await pilot.pause()
    assert pilot.app.focused_pane.target == section_id


async def type_in_prompt(pilot, ui, text: str, *, clear: bool = False) -> None:
    await ui.wait_for(pilot, lambda: isinstance(pilot.app.screen, TextPrompt), what="the prompt")
    await ui.settle(pilot)
    if clear:
        pilot.app.screen.query_one(Input).value = ""
    await pilot.press(*text, "enter")
    await ui.wait_for(
        pilot, lambda: not isinstance(pilot.app.screen, TextPrompt), what="the prompt to close"
    )
    await ui.settle(pilot)


def map_number_cell(app, section_id: str) -> str:
    return str(app.screen.query_one(DataTable).get_row(section_id)[0])


def sidebar_label(app, section_id: str) -> str:
    sidebar = app.screen.query_one(Sidebar)
    return next(str(node.label) for node in sidebar._tree_nodes.values() if node.data == section_id)


def cards(app) -> list[BookmarkCard]:
    return [card for card in app.screen.query(BookmarkCard)]


async def test_b_marks_dorset_everywhere_b_again_removes_and_u_restores(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await select_on_map(pilot, ui, "ics/dorset")
        assert "★" not in map_number_cell(explorer, "ics/dorset")
        await pilot.press("b")
        await ui.settle(pilot)
        bookmark = explorer.bookmarks.find("ics/dorset")
        assert bookmark is not None and bookmark.title == "Dorset"
        assert "★" in map_number_cell(explorer, "ics/dorset")
        assert sidebar_label(explorer, "ics/dorset").startswith("★")
        assert "★" not in map_number_cell(explorer, "ics/south-yorkshire-and-bassetlaw")
        assert any(title == "Bookmarked" for title, _, _ in ui.notifications(explorer))
        assert explorer.focused_pane.target == "ics/dorset"  # the selection stayed on Dorset
        await pilot.press("b")
        await ui.settle(pilot)
        assert explorer.bookmarks.find("ics/dorset") is None
        assert "★" not in map_number_cell(explorer, "ics/dorset") and not sidebar_label(
            explorer, "ics/dorset"
        ).startswith("★")
        await pilot.press("u")
        await ui.settle(pilot)
        restored = explorer.bookmarks.find("ics/dorset")
        assert restored is not None and restored.id == bookmark.id
        assert "★" in map_number_cell(explorer, "ics/dorset")
        await pilot.press("u")  # nothing left to undo: said, not fatal
        await ui.settle(pilot)
        assert any("Nothing to undo" in message for _, message, _ in ui.notifications(explorer))


async def test_a_adds_and_edits_a_note_and_escape_cancels(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await select_on_map(pilot, ui, "ics/dorset")
        await pilot.press("n")  # n is the pager's next match: it never bookmarks or opens a prompt
        await ui.settle(pilot)
        assert not isinstance(explorer.screen, TextPrompt) and explorer.bookmarks.all() == []
        await pilot.press(
            "a"
        )  # a note on an item not yet bookmarked, cancelled: nothing is left behind
        await ui.wait_for(pilot, lambda: isinstance(explorer.screen, TextPrompt), what="the prompt")
        await pilot.press(*"never mind", "escape")
        await ui.wait_for(
            pilot, lambda: not isinstance(explorer.screen, TextPrompt), what="the prompt to close"
        )
        await ui.settle(pilot)
        assert explorer.bookmarks.all() == [] and "★" not in map_number_cell(explorer, "ics/dorset")
        await pilot.press("a")  # a note saved on an item not yet bookmarked bookmarks it
        await type_in_prompt(pilot, ui, "raise the merger at the LNC")
        bookmark = explorer.bookmarks.find("ics/dorset")
        assert bookmark is not None and bookmark.note == "raise the merger at the LNC"
        assert "★" in map_number_cell(explorer, "ics/dorset")
        await pilot.press("a")  # the prompt opens with the note to edit
        await ui.wait_for(pilot, lambda: isinstance(explorer.screen, TextPrompt), what="the prompt")
        await ui.settle(pilot)
        assert explorer.screen.query_one(Input).value == "raise the merger at the LNC"
        await pilot.press(
            *" [b]now[/b]", "enter"
        )  # the cursor starts at the end, nothing selected: typing adds on
        await ui.wait_for(
            pilot, lambda: not isinstance(explorer.screen, TextPrompt), what="the prompt to close"
        )
        await ui.settle(pilot)
        assert (
            explorer.bookmarks.find("ics/dorset").note == "raise the merger at the LNC [b]now[/b]"
        )
        # the note shows with the bookmarked item, under the pane's title
        assert "raise the merger at the LNC [b]now[/b]" in str(
            explorer.focused_pane.query_one(".pane-note").render()
        )
        await pilot.press("a")
        await ui.wait_for(pilot, lambda: isinstance(explorer.screen, TextPrompt), what="the prompt")
        await ui.settle(pilot)
        await pilot.press(*"thrown away", "escape")
        await ui.wait_for(
            pilot, lambda: not isinstance(explorer.screen, TextPrompt), what="the prompt to close"
        )
        assert (
            explorer.bookmarks.find("ics/dorset").note == "raise the merger at the LNC [b]now[/b]"
        )
        assert len(explorer.bookmarks.all()) == 1


async def test_the_bookmarks_view_lists_filters_opens_renames_deletes_and_undoes(app, ui) -> None:
    explorer = app()
    dorset = explorer.bookmarks.add("ics/dorset", "Dorset")
    explorer.bookmarks.set_note(dorset.id, "raise at the LNC")
    explorer.bookmarks.add("tiers/place", "Place")
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("5")
        await ui.settle(pilot)
        pane = explorer.focused_pane
        assert isinstance(pane.view, BookmarksView) and "Bookmarks (2)" in ui.pane_title(pane)
        shown = ui.pane_text(pane)
        assert "★ Dorset" in shown and "Note: raise at the LNC" in shown and "★ Place" in shown
        assert (
            re.search(r"Added \d{1,2} [A-Z][a-z]+ 20\d\d", shown)
            and "Source: BMA briefing" in shown
        )
        # f filters as you type (title, note, source)
        await pilot.press("f", *"lnc")
        await ui.settle(pilot)
        assert [c.section_id for c in cards(explorer)] == ["ics/dorset"]
        await pilot.press("enter")  # back to the list
        await ui.settle(pilot)
        await pilot.press("f")
        await ui.settle(pilot)
        explorer.screen.query_one("#bookmarks-filter", Input).value = ""
        await ui.settle(pilot)
        assert len(cards(explorer)) == 2
        explorer.screen.query_one("#bookmarks-filter", Input).value = "nothing like this"
        await ui.settle(pilot)
        assert cards(explorer) == [] and "No bookmark matches" in ui.pane_text(pane)
        explorer.screen.query_one("#bookmarks-filter", Input).value = ""
        await ui.settle(pilot)
        # Focus the Dorset card; r renames it
        pane.view.focus_main()
        await ui.settle(pilot)
        for _ in range(3):
            if explorer.screen.focused.section_id == "ics/dorset":
                break
            await pilot.press("down")
            await pilot.pause()
        assert explorer.screen.focused.section_id == "ics/dorset"
        await pilot.press("r")
        await type_in_prompt(pilot, ui, "Dorset: the merger", clear=True)
        assert explorer.bookmarks.get(dorset.id).title == "Dorset: the merger"
        assert "★ Dorset: the merger" in ui.pane_text(pane) and "Section: Dorset" in ui.pane_text(
            pane
        )
        # d deletes, u restores with its note
        pane.view.select("ics/dorset")
        await ui.settle(pilot)
        await pilot.press("d")
        await ui.settle(pilot)
        assert explorer.bookmarks.find("ics/dorset") is None
        assert [c.section_id for c in cards(explorer)] == ["tiers/place"]
        assert "Bookmarks (1)" in ui.pane_title(pane)
        await pilot.press("u")
        await ui.settle(pilot)
        back = explorer.bookmarks.find("ics/dorset")
        assert (
            back is not None
            and back.note == "raise at the LNC"
            and back.title == "Dorset: the merger"
        )
        assert len(cards(explorer)) == 2
        # ctrl+o opens a bookmark in the other pane; enter opens it here
        pane.view.select("ics/dorset")
        await ui.settle(pilot)
        await pilot.press("ctrl+o")
        await ui.wait_for(pilot, lambda: len(ui.panes(explorer)) == 2, what="a second pane")
        await ui.settle(pilot)
        one, two = ui.panes(explorer)
        assert isinstance(one.view, BookmarksView)
        assert isinstance(two.view, MapListView) and two.target == "ics/dorset"
        explorer.screen.focus_pane(one)
        await ui.settle(pilot)
        one.view.select("tiers/place")
        await ui.settle(pilot)
        await pilot.press("enter")
        await ui.wait_for(
            pilot,
            lambda: one.target == "tiers/place" and not isinstance(one.view, BookmarksView),
            what="the tier to open in pane 1",
        )


async def test_a_bookmark_whose_section_is_gone_is_kept_and_shown_as_missing(app, ui) -> None:
    explorer = app()
    explorer.bookmarks.add("ics/no-such-ics", "An ICS from another content pack")
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("5")
        await ui.settle(pilot)
        assert "missing from the loaded content" in ui.pane_text(explorer.focused_pane)
        explorer.focused_pane.view.focus_main()
        await ui.settle(pilot)
        await pilot.press("enter")
        await ui.settle(pilot)
        assert isinstance(explorer.focused_pane.view, BookmarksView)
        assert any(
            "is not in the loaded content" in message
            for _, message, _ in ui.notifications(explorer)
        )
        assert explorer.bookmarks.find("ics/no-such-ics") is not None


async def test_bookmarks_and_notes_survive_a_restart(app, ui, isolated_dirs) -> None:
    first = app(remember=True)
    async with first.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await select_on_map(pilot, ui, "ics/dorset")
        await pilot.press("a")
        await type_in_prompt(pilot, ui, "kept over weeks")
        await pilot.press("q")
        await ui.settle(pilot)
    assert (isolated_dirs.data / FILE_NAME).exists()
    second = app(remember=True)
    async with second.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        bookmark = second.bookmarks.find("ics/dorset")
        assert bookmark is not None and bookmark.note == "kept over weeks"
        assert "★" in map_number_cell(second, "ics/dorset")


async def test_a_bad_bookmarks_file_is_moved_aside_and_the_member_told(
    app, ui, isolated_dirs
) -> None:
    garbage = b"\x00\xffnot json {"
    isolated_dirs.data.mkdir(parents=True)
    (isolated_dirs.data / FILE_NAME).write_bytes(garbage)
    explorer = app(remember=True)
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        assert isinstance(explorer.focused_pane.view, MapListView)
        await ui.wait_for(pilot, lambda: ui.notifications(explorer), what="the bookmarks notice")
        notices = [
            message for title, message, _ in ui.notifications(explorer) if title == "Bookmarks"
        ]
        moved = [
            p
            for p in isolated_dirs.data.iterdir()
            if p.name != FILE_NAME and p.read_bytes() == garbage
        ]
        assert len(moved) == 1
        assert notices and any(moved[0].name in message for message in notices), notices
        await pilot.press("b")  # and bookmarks still work
        await ui.settle(pilot)
        assert explorer.bookmarks.find(explorer.focused_pane.target) is not None
    assert moved[0].read_bytes() == garbage


async def test_a_toast_shows_square_brackets_as_typed(app, ui) -> None:
    """Toasts carry titles, notes and queries: "[draft]" or "[b]" must show, not be read as markup
    (a widget's notify passes markup=True to the app)."""
    from textual.widgets._toast import Toast

    explorer = app()
    async with explorer.run_test(size=(100, 30), notifications=True) as pilot:
        await ui.ready(pilot)
        explorer.screen.notify("Note saved on “[b]Plan[/b] [draft]”.", title="Bookmark")

        def shown() -> str:
            return " ".join(str(t.render()) for t in explorer.screen.query(Toast))

        await ui.wait_for(pilot, lambda: "[draft]" in shown(), what="the brackets in the toast")
        assert "“[b]Plan[/b] [draft]”" in shown()


async def test_the_pane_title_names_the_bookmarked_item_under_the_cursor(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        pane = explorer.focused_pane
        await pilot.press("3", "down", "down")  # the tiers: Place
        await ui.wait_for(pilot, lambda: pane.view.current_section_id() == "tiers/place")
        assert "★" not in ui.pane_title(pane)
        await pilot.press("b")
        await ui.wait_for(pilot, lambda: "★ Place" in ui.pane_title(pane), what="★ Place")
        await pilot.press("up")  # another tier, not bookmarked: no star
        await ui.wait_for(pilot, lambda: "★" not in ui.pane_title(pane), what="no star")
        explorer.open("bma/alliance-agreement")  # a section on its own page: the page is it
        await ui.wait_for(pilot, lambda: pane.view.location == "bma/alliance-agreement")
        await pilot.press("b")
        await ui.wait_for(pilot, lambda: "★ bookmarked" in ui.pane_title(pane), what="the page")
        await pilot.press("5")  # every item in the bookmarks is one: no star to say so
        await ui.wait_for(pilot, lambda: "Bookmarks (2)" in ui.pane_title(pane))
        assert "★" not in ui.pane_title(pane)
