"""Layout that holds from 40x12 to 200x60 (resizing too): pane titles, footer and search box stay on screen."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from ics_tui.screens.search import SearchScreen

SWEEP = [(40, 12), (200, 60), (60, 20), (99, 30), (100, 30)]


def essentials_shown(explorer, ui) -> list[str]:
    """What is cut off: each pane's title bar and the footer must be on the screen, whole."""
    from textual.widgets import Footer

    screen = explorer.screen.region
    parts = [
        (f"pane {n} title", pane.query_one(".pane-title"))
        for n, pane in enumerate(ui.panes(explorer), 1)
    ]
    parts.append(("footer", explorer.screen.query_one(Footer)))
    return [
        name
        for name, widget in parts
        if not (
            widget.region.width and widget.region.height and screen.contains_region(widget.region)
        )
    ]


async def test_resizing_from_40x12_to_200x60_with_two_panes_keeps_titles_and_footer_and_search(
    app, ui
) -> None:
    explorer = app()
    async with explorer.run_test(size=(40, 12)) as pilot:
        await ui.ready(pilot)
        await pilot.press("4")  # the advice view's Rich table is the widest thing to squeeze
        await ui.settle(pilot)
        explorer.screen.split("@tiers")
        await ui.settle(pilot)
        for size in SWEEP:
            await pilot.resize_terminal(*size)
            await ui.settle(pilot)
            assert explorer.is_running, size
            assert len(ui.panes(explorer)) == 2, size
            assert essentials_shown(explorer, ui) == [], size
        one, two = ui.panes(explorer)
        # Narrower than 100 columns the split stacks; from 100 it sits side by side.
        await pilot.resize_terminal(80, 24)
        await ui.settle(pilot)
        assert one.region.x == two.region.x and one.region.y < two.region.y
        assert one.region.width > 40 and two.region.height > 3
        await pilot.resize_terminal(100, 30)
        await ui.settle(pilot)
        assert one.region.y == two.region.y and one.region.x < two.region.x
        await pilot.press("slash")
        await ui.wait_for(pilot, lambda: isinstance(explorer.screen, SearchScreen), what="search")
        await pilot.press(*"dorset")
        for size in SWEEP[:1] + [(120, 40)]:
            await pilot.resize_terminal(*size)
            await ui.settle(pilot)
            assert explorer.is_running, size
            box = explorer.screen.query_one("Input")
            assert box.region.height and explorer.screen.region.contains_region(box.region), size
            assert box.value == "dorset"
        await explorer.workers.wait_for_complete()
        await ui.settle(pilot)
        assert explorer.is_running and explorer.screen.hits


def visible_lines(widget) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_the_tiers_diagram_beside_the_map_does_not_wrap(app, ui, size) -> None:
    explorer = app()
    async with explorer.run_test(size=size) as pilot:
        await ui.ready(pilot)
        explorer.screen.split("@tiers")
        await ui.settle(pilot, 3)
        diagram = explorer.screen.query_one("#tier-diagram")
        lines = [line for line in visible_lines(diagram) if line.strip()]
        assert lines
        for line in lines:
            # Every row belongs to the nesting (┌ │ └), or is the scale or the legend: nothing wrapped.
            assert (
                line.startswith(("┌", "│", "└")) or "log scale" in line or "stated range" in line
            ), lines


async def test_the_header_names_both_sources_with_dates_at_80x24(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        title = explorer.screen.query_one("HeaderTitle")
        shown = title.render_lines(Region(0, 0, title.size.width, 1))[0].text
        assert "(Feb 2019)" in shown and "(Jun 2018)" in shown, shown


def bullets_as_read(rendered: str) -> list[str]:
    """Each bullet of a card as a reader sees it: its first line, then the lines hung under it
    (indented), joined. A bullet whose lines ran back to column 0 comes out cut short."""
    bullets: list[str] = []
    for line in rendered.splitlines():
        if line.startswith("• "):
            bullets.append(line[2:].strip())
        elif bullets and line.startswith("  ") and line.strip():
            bullets[-1] += " " + line.strip()
        elif bullets and not line.startswith("  "):
            bullets.append("")  # (the bullet list ended; a later bullet starts anew)
    return [b for b in bullets if b]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_bullets_in_member_advice_hang_under_their_text(app, ui, model, size) -> None:
    from ics_tui.views.cards import Card

    explorer = app()
    async with explorer.run_test(size=size) as pilot:
        await ui.ready(pilot)
        await pilot.press("4")
        await ui.wait_for(pilot, lambda: explorer.screen.query(Card), what="member advice")
        cards = [c for c in explorer.screen.query(Card) if c.section_id and "• " in c.text.plain]
        assert cards, "no card with bullets"

        def misread() -> list[str]:
            wrong = []
            for card in cards:
                items = model.sections[card.section_id].items
                width = card.size.width - card.styles.gutter.width
                shown = "\n".join(line.plain for line in card.render().wrap(width))  # as drawn
                read = bullets_as_read(shown)
                wrong += [item for item in items if " ".join(item.split()) not in read]
            return wrong

        await ui.wait_for(pilot, lambda: not misread(), what=f"every bullet hung: {misread()}")


async def test_stacked_at_80x24_the_pane_being_read_is_the_tall_one(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        await pilot.press("s")
        await ui.wait_for(pilot, lambda: len(ui.panes(explorer)) == 2, what="the split")
        one, two = ui.panes(explorer)

        def heights() -> tuple[int, int]:
            return one.region.height, two.region.height

        # 22 rows between header and footer: the new pane (focused) gets two thirds
        await ui.wait_for(pilot, lambda: heights() == (7, 15), what="7 and 15 rows")
        await pilot.press("tab")  # reading the other pane: it grows, the first shrinks
        await ui.wait_for(pilot, lambda: heights() == (14, 8), what="14 and 8 rows (rounding)")
        assert explorer.focused_pane is one and one.view is not None
        cursor = one.view.region
        assert cursor.height >= 13  # its view, under its title bar
        await pilot.press("s")  # one pane again: the whole height
        await ui.wait_for(pilot, lambda: len(ui.panes(explorer)) == 1, what="the close")
        await ui.wait_for(pilot, lambda: ui.panes(explorer)[0].region.height == 22)


async def test_a_toast_at_80x24_covers_a_few_rows_not_half_the_pane(app, ui) -> None:
    from textual.widgets._toast import Toast

    explorer = app()
    async with explorer.run_test(size=(80, 24), notifications=True) as pilot:
        await ui.ready(pilot)
        await pilot.press("b")  # bookmarks the first ICS, and says how to add a note
        await ui.wait_for(pilot, lambda: bool(explorer.screen.query(Toast)), what="a toast")
        await ui.settle(pilot)
        toast = explorer.screen.query(Toast).first()
        await ui.wait_for(pilot, lambda: toast.region.height > 0, what="the toast drawn")
        assert toast.region.width >= 60  # not Textual's half width, so its words need few lines
        assert toast.region.height <= 3, toast.region
        await pilot.press("slash")  # over the search screen too
        await ui.wait_for(pilot, lambda: isinstance(explorer.screen, SearchScreen), what="search")
        explorer.notify(
            "A message as long as the copy toast's, naming a file in the state "
            "folder where the copied text is also saved for the member."
        )
        await ui.wait_for(pilot, lambda: bool(explorer.screen.query(Toast)), what="a toast")
        await ui.settle(pilot)
        toasts = list(explorer.screen.query(Toast))
        await ui.wait_for(pilot, lambda: toasts[-1].region.height > 0, what="the toast drawn")
        assert toasts[-1].region.width >= 60 and toasts[-1].region.height <= 3


@pytest.mark.parametrize(("key", "detail"), [("3", "#tier-detail"), ("1", "#map-detail")])
async def test_the_next_item_s_details_start_at_their_top(app, ui, key, detail) -> None:
    """Read down one tier's (or ICS's) details, back to the list, down one: the next item's
    details open at their first line, not where the last item's were left."""
    explorer = app()
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        await pilot.press(key)
        await ui.wait_for(pilot, lambda: bool(explorer.screen.query(detail)), what="the view")
        scroll = explorer.screen.query_one(detail)
        await ui.settle(pilot)
        await pilot.press("enter")  # into the details
        await ui.wait_for(pilot, lambda: scroll.has_focus, what="the details focused")
        await pilot.press("space")
        await ui.wait_for(pilot, lambda: scroll.scroll_y > 0, what="the details paged down")
        await pilot.press("escape", "down")
        await ui.wait_for(pilot, lambda: scroll.scroll_y == 0, what="the next item at its top")
