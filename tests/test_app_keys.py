"""The keyboard model a reader of less, man or Frogmouth knows, at 80x24 and at 120x40.

Up/down move item by item and the item under the cursor is always on screen and is the one
b, y, enter and d act on; space/pgdn and pgup/w page; g/G and home/end go to the ends; n/N
move between the last search's matches; escape closes what is open and never walks history;
help lists every key and closes with escape; narrow screens hide the contents.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList

from ics_tui.screens.help import KEY_GROUPS, HelpScreen
from ics_tui.views.advice import AdviceView
from ics_tui.views.bookmarks import BookmarkCard, BookmarksView
from ics_tui.views.cards import CardView
from ics_tui.views.compare import CompareView, RowCard
from ics_tui.views.reader import Reader
from ics_tui.views.section import SectionView

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def on_screen(view: CardView, card) -> bool:
    """Whether `card` shows in the view's scrolling column (at least one line of it)."""
    return view._visible(card)


async def open_view(pilot, ui, key: str):
    await ui.ready(pilot)
    await pilot.press(key)
    await ui.settle(pilot)
    await ui.wait_for(
        pilot,
        lambda: (
            pilot.app.focused_pane.view is not None
            and pilot.app.screen.focused is not None
            and pilot.app.focused_pane.view in pilot.app.screen.focused.ancestors
        ),
        what="the view to take the focus",
    )
    return pilot.app.focused_pane.view


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_in_member_advice_each_down_is_the_next_item_and_b_bookmarks_the_one_on_screen(
    app, ui, size
) -> None:
    explorer = app()
    async with explorer.run_test(size=size) as pilot:
        view = await open_view(pilot, ui, "4")
        assert isinstance(view, AdviceView)
        items = view.cards
        assert len(items) > 21
        assert explorer.screen.focused is items[0]
        for press in range(1, 21):
            await pilot.press("down")
            await pilot.pause()
            assert view.cursor_card() is items[press], press
        await ui.settle(pilot)
        assert explorer.screen.focused is items[20] and on_screen(view, items[20])  # the 21st item
        await pilot.press("b")
        await ui.settle(pilot)
        assert [b.section_id for b in explorer.bookmarks.all()] == [items[20].section_id]
        await pilot.press("k", "k", "j")  # j/k are the same as the arrows
        await ui.settle(pilot)
        assert view.cursor_card() is items[19] and on_screen(view, items[19])


async def test_twenty_fast_downs_still_reach_the_twenty_first_item(app, ui) -> None:
    """Keys typed faster than the focus moves must each count (they count from the cursor)."""
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        view = await open_view(pilot, ui, "4")
        await pilot.press(*["down"] * 20)
        await ui.settle(pilot)
        assert view.cursor_card() is view.cards[20] and explorer.screen.focused is view.cards[20]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_pages_and_ends_take_the_cursor_along(app, ui, size) -> None:
    explorer = app()
    async with explorer.run_test(size=size) as pilot:
        view = await open_view(pilot, ui, "4")
        items = view.cards
        for key in ("space", "pagedown", "space"):
            await pilot.press(key)
            await ui.settle(pilot)
            assert (
                on_screen(view, view.cursor_card())
                and explorer.screen.focused is view.cursor_card()
            )
        assert items.index(view.cursor_card()) > 0
        for key, index in (("G", -1), ("g", 0), ("end", -1), ("home", 0)):
            await pilot.press(key)
            await ui.settle(pilot)
            assert view.cursor_card() is items[index] and on_screen(view, items[index]), key
        await pilot.press("G", "pageup", "w")
        await ui.settle(pilot)
        assert on_screen(view, view.cursor_card()) and view.cursor_card() is not items[-1]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_in_bookmarks_d_deletes_the_bookmark_under_the_cursor(app, ui, size) -> None:
    explorer = app()
    ids = [
        "advice/principle-1",
        "tiers/place",
        "glossary/pcn",
        "ics/frimley-health-and-care",
        "ics/dorset",
    ]
    for section_id in ids:
        explorer.bookmarks.add(section_id, explorer.model.sections[section_id].title)
    async with explorer.run_test(size=size) as pilot:
        view = await open_view(pilot, ui, "5")
        assert isinstance(view, BookmarksView)
        order = [card.section_id for card in view.cards]
        for _ in range(3):
            await pilot.press("down")
            await pilot.pause()
        await ui.settle(pilot)
        target = view.cursor_card()
        assert isinstance(target, BookmarkCard) and on_screen(view, target)
        assert target.section_id == order[3]
        await pilot.press("d")
        await ui.wait_for(
            pilot, lambda: explorer.bookmarks.find(order[3]) is None, what="the delete"
        )
        await ui.settle(pilot)
        assert sorted(b.section_id for b in explorer.bookmarks.all()) == sorted(
            set(order) - {order[3]}
        )
        # the cursor stays in the list, on the bookmark that took its place, on screen
        assert (
            view.cursor_card().section_id == order[4]
            and explorer.screen.focused is view.cursor_card()
        )
        await pilot.press("u")
        await ui.settle(pilot)
        assert explorer.bookmarks.find(order[3]) is not None


async def test_at_80x24_every_word_of_the_ics_vs_icp_rows_shows_without_an_ellipsis(
    app, ui
) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        view = await open_view(pilot, ui, "2")
        assert isinstance(view, CompareView) and view.as_table is False  # labelled blocks
        comparison = explorer.model.sections["compare/ics-vs-icp"]
        rows = [card for card in view.query(RowCard) if card.section_id == comparison.id]
        assert len(rows) == len(comparison.rows)
        for card, row in zip(rows, comparison.rows):
            shown = card.render().plain
            assert "…" not in shown
            for part in (row.aspect, row.left, row.right, row.note):
                assert part in shown, part
            for label in (comparison.left + ":", comparison.right + ":"):
                assert label in shown
            assert card.region.right <= 80
        # down walks the aspects one by one, each on screen, and y copies the comparison it is in
        await pilot.press("down")
        await ui.settle(pilot)
        assert view.cursor_card() is rows[0] and on_screen(view, rows[0])
        await pilot.press("y")
        await ui.settle(pilot)
        assert explorer.clipboard.startswith("ICS versus ICP")


async def test_at_120x40_the_comparison_is_a_table_with_its_header_kept_on_screen(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=(120, 40)) as pilot:
        view = await open_view(pilot, ui, "2")
        assert view.as_table is True
        header = view.query_one("#compare-header")
        rows = list(view.query(RowCard))
        stp = [card for card in rows if card.section_id == "compare/stp-vs-ics"]
        for _ in range(len(rows) + 2):  # into the second comparison
            await pilot.press("down")
            await pilot.pause()
        await ui.settle(pilot)
        assert view.cursor_card() in stp and header.display and header.region.height > 0
        await pilot.press("y")  # the comparison on screen is the one copied
        await ui.settle(pilot)
        assert explorer.clipboard.startswith("STP versus ICS")


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_help_shows_every_app_key_scrolls_and_escape_leaves_the_pane_unchanged(
    app, ui, size
) -> None:
    explorer = app()
    async with explorer.run_test(size=size) as pilot:
        view = await open_view(pilot, ui, "2")
        await pilot.press("down", "down")
        await ui.settle(pilot)
        pane = explorer.focused_pane
        before = (str(pane.here), list(pane.back_stack), explorer.screen.focused)
        await pilot.press("question_mark")
        await ui.settle(pilot)
        assert isinstance(explorer.screen, HelpScreen)
        box = explorer.screen.query_one("#help-box")
        assert box.region.right <= size[0] and box.region.bottom <= size[1]  # fits the screen
        reader = explorer.screen.query_one(Reader)
        assert explorer.screen.focused is reader
        # every key of the app is listed; the keyboard scrolls to the end of the list
        from ics_tui.screens.help import key_lines

        listed = key_lines({})
        assert sum(len(entries) for _, entries in KEY_GROUPS) == len(listed)
        for key in ("b", "a", "n", "y", "u", "q", "s", "5", "/"):
            assert any(keys.split()[0] == key for _, keys, _ in listed), key
        if reader.max_scroll_y:
            await pilot.press("G")
            await ui.settle(pilot)
            assert reader.scroll_y == reader.max_scroll_y
            await pilot.press("g")
            await ui.settle(pilot)
            assert reader.scroll_y == 0
        await pilot.press("escape")
        await ui.settle(pilot)
        assert not isinstance(explorer.screen, HelpScreen)
        assert (str(pane.here), list(pane.back_stack), explorer.screen.focused) == before
        assert pane.view is view


EVERY_VIEW = ["1", "2", "3", "4", "5", "@references", "@group:glossary", "bma/alliance-agreement"]


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("where", EVERY_VIEW)
async def test_every_view_works_with_arrows_pages_and_escape_alone(app, ui, size, where) -> None:
    """After each key the focus is in the pane's view, the cursor (card, row, tier or line) is on
    screen, and escape never changes what the pane shows."""
    explorer = app()
    explorer.bookmarks.add("ics/dorset", "Dorset")
    explorer.bookmarks.add("tiers/place", "Place")
    async with explorer.run_test(size=size) as pilot:
        if len(where) == 1:
            view = await open_view(pilot, ui, where)
        else:
            await ui.ready(pilot)
            explorer.open(where)
            await ui.settle(pilot, 3)
            view = explorer.focused_pane.view
        pane = explorer.focused_pane
        shown = str(pane.here).split("#")[0]

        def check(key: str) -> None:
            focused = explorer.screen.focused
            assert focused is not None and view in focused.ancestors, (key, focused)
            assert pane.view is view and str(pane.here).split("#")[0] == shown, key
            if isinstance(view, CardView) and view.cards:
                assert focused is view.cursor_card() and on_screen(view, focused), key
            elif isinstance(focused, DataTable):
                row = focused.cursor_row
                assert 0 <= row < focused.row_count
                assert explorer.focused_pane.target == str(
                    focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
                ), key
            elif isinstance(focused, OptionList):
                assert focused.highlighted is not None
                assert (
                    explorer.focused_pane.target
                    == focused.get_option_at_index(focused.highlighted).id
                )
            elif isinstance(view, SectionView):
                assert isinstance(focused, Reader) or focused.has_class("link"), key

        for key in (
            "down",
            "down",
            "pagedown",
            "up",
            "pageup",
            "end",
            "home",
            "down",
            "escape",
            "escape",
        ):
            await pilot.press(key)
            await ui.settle(pilot)
            check(key)


async def test_a_key_typed_as_the_filter_box_takes_the_focus_is_kept_in_order(app, ui) -> None:
    """Issue 12, item 11: `f dorset` under load gave "doret". The box selected the `s` typed
    into it as it took the focus, and the keys typed before (`dor`) then replaced it."""
    from types import SimpleNamespace

    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        view = await open_view(pilot, ui, "1")
        await pilot.press("f")
        await ui.settle(pilot)
        box = view.filter_input
        assert box is not None and box.select_on_focus is False
        # the race, step by step: "dor" held back while the box was made, "s" typed into it
        # once it had the focus, then the box's focus reaching the view
        view.typed_ahead = "dor"
        box.value = "s"
        box.cursor_position = 1
        view.on_descendant_focus(SimpleNamespace(widget=box))
        await pilot.press(*"et")
        await ui.settle(pilot)
        assert box.value == "dorset"
        assert view.row_ids()[:1] == ["ics/dorset"] or "ics/dorset" in view.row_ids()


@pytest.mark.parametrize("key", ["1", "3"])
async def test_escape_from_details_returns_to_the_list_and_never_walks_history(
    app, ui, key
) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        view = await open_view(pilot, ui, key)
        pane = explorer.focused_pane
        history = list(pane.back_stack)
        await pilot.press("down", "enter")
        await ui.settle(pilot)
        chosen = pane.target
        assert explorer.screen.focused.has_class(
            "detail"
        )  # the details have the focus (and the bar)
        await pilot.press("escape")
        await ui.settle(pilot)
        assert (
            isinstance(explorer.screen.focused, (DataTable, OptionList))
            and view in explorer.screen.focused.ancestors
        )
        assert pane.target == chosen and pane.view is view
        await pilot.press("escape")  # nothing left to close: the pane stays, and says what keys do
        await ui.settle(pilot)
        assert pane.view is view and list(pane.back_stack) == history
        assert any(
            "Nothing open to close" in message for _, message, _ in ui.notifications(explorer)
        )


async def test_see_also_and_glossary_links_are_followed_from_the_keyboard(app, ui) -> None:
    from ics_tui.views.reader import Link

    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        explorer.open("bma/alliance-agreement")
        await ui.settle(pilot, 3)
        pane = explorer.focused_pane
        view = pane.view
        section = explorer.model.sections["bma/alliance-agreement"]
        links = list(view.query(Link))
        assert [link.target for link in links][: len(section.see_also)] == list(section.see_also)
        assert any(link.target.startswith("glossary/") for link in links)  # the terms it uses
        await pilot.press("G", "down")  # at the end, down steps onto the first link
        await ui.settle(pilot)
        assert explorer.screen.focused is links[0]
        await pilot.press("down", "up")
        await ui.settle(pilot)
        assert explorer.screen.focused is links[0]
        await pilot.press("enter")
        await ui.settle(pilot, 3)
        assert pane.here.view == section.see_also[0] or pane.target == section.see_also[0]
        await pilot.press("left_square_bracket")  # and back
        await ui.settle(pilot, 3)
        assert pane.view.location == "bma/alliance-agreement"


async def click_as_a_terminal_does(pilot, x: int, y: int) -> None:
    """A press and a release sent to the app as the driver sends them (Pilot's `click`
    bypasses the app and makes the Click itself), with the screen redrawn in between, as it
    is while a member's finger is down: the app makes the Click on release."""
    from textual import events

    def event(kind):
        return kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)

    pilot.app.post_message(event(events.MouseDown))
    for _ in range(3):
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    pilot.app.post_message(event(events.MouseUp))
    await pilot.pause()


async def test_a_click_on_an_underlined_term_opens_its_entry_in_the_pane_clicked(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        first = explorer.focused_pane
        explorer.main_screen.split("bma/alliance-agreement")
        await ui.wait_for(pilot, lambda: len(ui.panes(explorer)) == 2, what="the split")
        second = ui.panes(explorer)[1]
        await ui.wait_for(pilot, lambda: second.view is not None and second.view.ready)
        explorer.main_screen.focus_pane(first)  # the click lands in the pane not focused
        await ui.settle(pilot)
        screen = explorer.screen
        region = second.view.region

        def term_under(x: int, y: int) -> str | None:
            action = screen.get_style_at(x, y).meta.get("@click")
            return action[1][0] if action else None

        spots = [
            (x, y, term_under(x, y))
            for y in range(region.y, region.bottom)
            for x in range(region.x, region.right)
        ]
        x, y, target = next((spot for spot in spots if spot[2]), (0, 0, None))
        assert target is not None and target.startswith("glossary/"), "no underlined term shown"
        await click_as_a_terminal_does(pilot, x, y)
        await ui.wait_for(pilot, lambda: second.view is not None and second.view.location == target)
        assert explorer.focused_pane is second and second.has_class("-tall")  # grown on release
        assert first.view.location != target  # the other pane is untouched
        await pilot.press("left_square_bracket")  # [ comes back to the section
        await ui.wait_for(
            pilot,
            lambda: second.view is not None and second.view.location == "bma/alliance-agreement",
        )


async def test_n_and_N_move_between_the_matches_of_the_last_search(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        await pilot.press("n")  # no search yet: n says so and changes nothing
        await ui.settle(pilot)
        assert any("No search yet" in message for _, message, _ in ui.notifications(explorer))
        assert explorer.bookmarks.all() == []
        view = await open_view(pilot, ui, "4")
        explorer.main_screen.last_query = "trust"
        await pilot.press("n")
        await ui.settle(pilot)
        first = view.cursor_card()
        assert first is not None and "trust" in first.text.plain.lower() and on_screen(view, first)
        assert any(
            "underline" in str(span.style) for span in first.render().spans
        )  # the current match
        await pilot.press("n")
        await ui.settle(pilot)
        second = view.cursor_card()
        assert second is not first and "trust" in second.text.plain.lower()
        await pilot.press("N")
        await ui.settle(pilot)
        assert view.cursor_card() is first
        assert explorer.bookmarks.all() == []  # n never bookmarks


async def test_n_in_a_section_underlines_each_match_in_turn_and_wraps(app, ui) -> None:
    from textual.content import Content

    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        explorer.main_screen.last_query = "legislation"
        explorer.open("report/rec-ics-support", query="legislation")
        pane = explorer.focused_pane
        await ui.wait_for(
            pilot, lambda: pane.view is not None and pane.view.location == "report/rec-ics-support"
        )
        view = pane.view
        await ui.wait_for(pilot, lambda: view.query_text == "legislation", what="highlighted")

        def current() -> list[str]:
            found = []
            for widget in view.query(".block"):
                shown = widget.render()
                if isinstance(shown, Content):
                    found += [
                        shown.plain[s.start : s.end]
                        for s in shown.spans
                        if "underline" in str(s.style) and "reverse" in str(s.style)
                    ]
            return found

        total = len(ui.reversed_spans(pane))
        assert total >= 1 and current() == []
        await pilot.press("g", "n")
        await ui.wait_for(pilot, lambda: len(current()) == 1, what="one current match")
        first = (view.match_index, current())
        for _ in range(total):  # round the page and back to the first
            await pilot.press("n")
            await ui.settle(pilot)
        assert (view.match_index, current()) == first
        await pilot.press("N")
        await ui.wait_for(pilot, lambda: view.match_index == (first[0] - 1) % total)


async def test_below_100_columns_the_contents_hide_and_t_shows_them_over_the_pane(app, ui) -> None:
    from ics_tui.widgets.sidebar import Sidebar

    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        await ui.wait_for(pilot, lambda: explorer.screen.query(Sidebar), what="the contents")
        await ui.settle(pilot)
        sidebar = explorer.screen.query_one(Sidebar)
        pane = explorer.focused_pane
        assert not sidebar.display and pane.region.x <= 1  # the pane has the whole width
        await pilot.press("t")
        await ui.settle(pilot)
        assert sidebar.display and explorer.screen.focused is sidebar
        assert pane.region.x <= 1  # over the pane, not beside it
        await pilot.press("escape")
        await ui.settle(pilot)
        assert not sidebar.display and pane in explorer.screen.focused.ancestors
    wide = app()
    async with wide.run_test(size=(120, 40)) as pilot:
        await ui.ready(pilot)
        await ui.wait_for(pilot, lambda: wide.screen.query(Sidebar), what="the contents")
        await ui.settle(pilot)
        sidebar = wide.screen.query_one(Sidebar)
        assert sidebar.display and wide.focused_pane.region.x >= sidebar.region.right
        await pilot.press("t")  # t hides them; the focus stays in the pane
        await ui.settle(pilot)
        assert not sidebar.display and wide.focused_pane in wide.screen.focused.ancestors


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
async def test_the_footer_shows_whole_keys_that_fit_help_first(app, ui, size) -> None:
    from textual.widgets._footer import FooterKey

    explorer = app()
    async with explorer.run_test(size=size) as pilot:
        await open_view(pilot, ui, "5")
        await ui.settle(pilot)
        keys = [
            key for key in explorer.screen.query(FooterKey) if not key.has_class("-command-palette")
        ]
        assert keys and keys[0].description == "Help"
        assert all(key.region.right <= size[0] for key in keys)
        assert "Delete" in [key.description for key in keys]  # the place's own keys come next
        assert "Export" in [key.description for key in keys]  # e: the bookmarks out, to a file
