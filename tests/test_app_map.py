"""The drawn map in the map view: list and drawing select each other; waves by shape; layouts."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from ics_tui.views.england_map import SELECTED_STYLE, EnglandMap


def drawn(app) -> EnglandMap:
    return app.screen.query_one(EnglandMap)


async def drawing_ready(pilot, ui) -> EnglandMap:
    await ui.ready(pilot)
    await ui.wait_for(pilot, lambda: drawn(pilot.app)._ready, what="the drawing")
    return drawn(pilot.app)


def highlighted(widget: EnglandMap) -> list[str]:
    """The text the rendered drawing shows in the selected style (reversed, on screen)."""
    content = widget.render()
    return [
        content.plain[span.start : span.end]
        for span in content.spans
        if span.style == SELECTED_STYLE
    ]


def table_selection(app) -> str:
    table = app.screen.query_one(DataTable)
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_selecting_dorset_in_the_list_highlights_marker_3(app, ui, size) -> None:
    async with app().run_test(size=size) as pilot:
        widget = await drawing_ready(pilot, ui)
        assert highlighted(widget) == ["●1"]
        table = pilot.app.screen.query_one(DataTable)
        table.focus()
        while table_selection(pilot.app) != "ics/dorset":
            await pilot.press("down")
        await ui.settle(pilot)
        assert widget.selected == 3 and highlighted(widget) == ["●3"]


async def test_moving_on_the_map_to_marker_9_selects_greater_manchester(app, ui) -> None:
    async with app().run_test(size=(80, 24)) as pilot:
        widget = await drawing_ready(pilot, ui)
        await pilot.press("m")
        await ui.settle(pilot)
        assert pilot.app.screen.focused is widget
        # from South Yorkshire (1), Greater Manchester lies to the west
        await pilot.press("left")
        await ui.settle(pilot)
        assert widget.selected == 9 and highlighted(widget) == ["◉9"]
        assert table_selection(pilot.app) == "ics/greater-manchester"
        assert pilot.app.focused_pane.target == "ics/greater-manchester"
        await pilot.press("escape")  # back to the list, the selection kept
        await ui.settle(pilot)
        assert pilot.app.screen.focused is pilot.app.screen.query_one(DataTable)
        assert table_selection(pilot.app) == "ics/greater-manchester"


async def test_every_marker_is_reachable_with_the_arrows_and_enter_opens_the_facts(app, ui) -> None:
    async with app().run_test(size=(120, 40)) as pilot:
        widget = await drawing_ready(pilot, ui)
        await pilot.press("m")
        seen = set()
        for key in (
            ["up"] * 6 + ["down"] * 12 + ["left"] * 6 + ["right"] * 6 + ["up"] * 3 + ["left"] * 2
        ):
            await pilot.press(key)
            seen.add(widget.selected)
        await ui.settle(pilot)
        assert len(seen) >= 8
        await pilot.press("enter")
        await ui.settle(pilot)
        assert pilot.app.screen.focused.id == "map-detail"


async def test_a_click_on_a_marker_selects_its_ics(app, ui) -> None:
    async with app().run_test(size=(120, 40)) as pilot:
        widget = await drawing_ready(pilot, ui)
        label = widget.drawing.labels[13]
        await pilot.click(EnglandMap, offset=(label.x + 1, label.y))
        await ui.settle(pilot)
        assert (
            widget.selected == 13
            and table_selection(pilot.app) == "ics/suffolk-and-north-east-essex"
        )


async def test_all_fourteen_numbers_show_at_80x24_and_waves_differ_by_shape_with_no_color(
    app, ui, monkeypatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    async with app().run_test(size=(80, 24)) as pilot:
        widget = await drawing_ready(pilot, ui)
        text = widget.render().plain
        for ics in pilot.app.model.mapped_icss:
            shape = ("◉" if ics.devolution_area else "●") if ics.wave == 1 else "◆"
            assert f"{shape}{ics.number}" in text
        assert "approximate" in text
        assert "reverse" in SELECTED_STYLE  # the highlight is not a colour


async def test_shift_m_switches_to_half_blocks_and_back(app, ui) -> None:
    async with app().run_test(size=(120, 40)) as pilot:
        widget = await drawing_ready(pilot, ui)
        assert any("\u2801" <= ch <= "\u28ff" for ch in widget.render().plain)
        await pilot.press("M")
        await ui.settle(pilot)
        assert widget.mode == "blocks" and not any(
            "\u2800" <= ch <= "\u28ff" for ch in widget.render().plain
        )
        await pilot.press("M")
        await ui.settle(pilot)
        assert widget.mode == "braille"


async def test_config_map_style_blocks_is_used(app, ui, isolated_dirs) -> None:
    isolated_dirs.config.mkdir(parents=True, exist_ok=True)
    (isolated_dirs.config / "config.toml").write_text('map_style = "blocks"\n', encoding="utf-8")
    async with app().run_test(size=(120, 40)) as pilot:
        widget = await drawing_ready(pilot, ui)
        await ui.settle(pilot)
        assert widget.mode == "blocks"


async def test_too_narrow_a_pane_keeps_the_drawing_behind_m(app, ui) -> None:
    # (below 100 columns the contents hide, so the pane has the whole width: 48 is too narrow)
    async with app().run_test(size=(48, 24)) as pilot:
        await ui.ready(pilot)
        await ui.settle(pilot)
        widget = drawn(pilot.app)
        assert not widget.display
        await pilot.press("m")
        await ui.settle(pilot)
        assert widget.display and pilot.app.screen.focused is widget
        await pilot.press("escape")
        await ui.settle(pilot)
        assert not widget.display


# --- the drawn map on its own (a registry row: key 6) -----------------------------------------


async def test_key_6_shows_the_drawn_map_alone_and_it_follows_the_selection(app, ui) -> None:
    from ics_tui.views.drawn_map import DrawnMapView

    async with app().run_test(size=(120, 40)) as pilot:
        await ui.ready(pilot)
        await pilot.press("6")
        await ui.wait_for(
            pilot, lambda: isinstance(pilot.app.focused_pane.view, DrawnMapView), what="the view"
        )
        view = pilot.app.focused_pane.view
        widget = await drawing_ready(pilot, ui)
        assert pilot.app.screen.focused is widget
        await pilot.press("left")  # South Yorkshire (1) west to Greater Manchester (9)
        await ui.settle(pilot)
        assert view.current_section_id() == "ics/greater-manchester" and highlighted(widget) == [
            "◉9"
        ]
        legend = str(view.query_one("#drawn-map-legend").render())
        assert "▶ ◉  9  Greater Manchester" in legend
        await pilot.press("enter")  # the facts open in the other pane; the drawing stays
        await ui.wait_for(pilot, lambda: len(ui.panes(pilot.app)) == 2, what="a second pane")
        await ui.settle(pilot)
        kinds = [type(p.view).__name__ for p in ui.panes(pilot.app)]
        assert kinds == ["DrawnMapView", "MapListView"]
        assert ui.panes(pilot.app)[1].view.current_section_id() == "ics/greater-manchester"


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_wave_column_is_never_cut_and_names_the_month_where_it_fits(
    app, ui, size
) -> None:
    """A cell cut to "1 (Mar" misleads: the wave column shows whole words at every size, the
    month of the wave's announcement only where the list is wide enough for it."""
    async with app().run_test(size=size) as pilot:
        await drawing_ready(pilot, ui)
        table = pilot.app.screen.query_one(DataTable)

        def wave_cells() -> list[str]:
            return [str(table.get_row(row.key)[2]) for row in table.ordered_rows]

        def wave_text_end() -> int:
            keys = list(table.columns)
            before = sum(
                table.columns[k].get_render_width(table) for k in keys[: keys.index("wave")]
            )
            return before + table.cell_padding + max(len(cell) for cell in wave_cells())

        await ui.wait_for(
            pilot,
            lambda: wave_text_end() <= table.scrollable_content_region.width,
            what="every wave cell within the list's width",
        )
        with_month = [cell for cell in wave_cells() if "(" in cell]
        if size[0] >= 200:
            assert "1 (Mar 2017)" in with_month and "2 (May 2018)" in with_month
        else:
            assert not with_month and set(wave_cells()) <= {"1", "2", "–"}


async def test_at_80x24_reading_an_icss_facts_gives_them_the_rows(app, ui) -> None:
    """f dorset, enter, enter: the facts take the rows the list and drawing had (6 -> 13 at
    80x24), the list keeps its columns, and escape gives the list its rows back."""
    async with app().run_test(size=(80, 24)) as pilot:
        await drawing_ready(pilot, ui)
        screen = pilot.app.screen
        table = screen.query_one(DataTable)
        detail = screen.query_one("#map-detail")
        listed = detail.region.height
        await pilot.press("f", *"dorset", "enter", "enter")
        await ui.wait_for(pilot, lambda: detail.has_focus, what="the facts focused")
        await ui.wait_for(pilot, lambda: detail.region.height >= 12, what="the facts' rows")
        assert listed <= 7
        assert "What the documents say about Dorset" in str(
            screen.query_one("#map-detail-text").render()
        )
        name_width = table.columns["name"].get_render_width(table)
        await pilot.press("escape")
        await ui.wait_for(pilot, lambda: table.has_focus, what="back in the list")
        await ui.wait_for(pilot, lambda: detail.region.height == listed, what="the list's rows")
        await ui.settle(pilot)
        assert table.columns["name"].get_render_width(table) == name_width  # not refitted
        assert name_width >= len("South Yorkshire and Bassetlaw")
        assert table.row_count == 3  # the filter still narrows the list
        await pilot.press("escape")  # and escape now clears it, keeping the ICS chosen
        every = len(pilot.app.focused_pane.view.icss)
        await ui.wait_for(pilot, lambda: table.row_count == every, what="every ICS listed again")
        assert table.has_focus and pilot.app.focused_pane.view.current_section_id() == "ics/dorset"
