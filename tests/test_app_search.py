"""Search in the app: `/`, results as you type, enter opens here, ctrl+o opens in the other pane."""

from __future__ import annotations

import re

from textual.widgets import Input, OptionList

from ics_tui.screens.search import SearchScreen
from ics_tui.views.map_list import MapListView
from ics_tui.views.section import SectionView

SIZE = (100, 30)


async def type_query(pilot, ui, text: str) -> SearchScreen:
    """Type into the search box and wait until the results shown are for all of it."""
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*text)
    await ui.wait_for(
        pilot,
        lambda: screen.shown_query == screen.query_one(Input).value,
        what=f"results for {screen.query_one(Input).value!r}",
    )
    await pilot.pause()
    return screen


async def open_search(pilot, ui) -> SearchScreen:
    await pilot.press("slash")
    await ui.wait_for(
        pilot, lambda: isinstance(pilot.app.screen, SearchScreen), what="the search screen"
    )
    await ui.settle(pilot)
    screen = pilot.app.screen
    assert screen.focused is screen.query_one(Input)
    return screen


async def test_results_appear_and_change_as_you_type_and_enter_opens_the_hit_here(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        screen = await open_search(pilot, ui)
        results = screen.query_one(OptionList)
        assert results.option_count == 0
        await type_query(pilot, ui, "pcn")
        assert results.option_count > 0 and results.highlighted == 0
        first = [hit.section_id for hit in screen.hits]
        assert "glossary/pcn" in first[:3]
        status = str(screen.query_one("#search-status").render())
        assert re.search(r"\b(1 result|\d+\+? results) ·", status), status
        await type_query(pilot, ui, " clinical")
        after = [hit.section_id for hit in screen.hits]
        assert after and after != first
        assert results.option_count == len(after)
        # down moves through the results; enter opens the highlighted one in the focused pane
        await pilot.press("down")
        await pilot.pause()
        assert results.highlighted == 1
        chosen = screen.chosen()
        await pilot.press("enter")
        await ui.wait_for(
            pilot, lambda: not isinstance(explorer.screen, SearchScreen), what="search to close"
        )
        pane = explorer.focused_pane
        await ui.wait_for(pilot, lambda: pane.target == chosen.section_id, what="the hit to open")
        await ui.wait_for(
            pilot, lambda: ui.reversed_spans(pane), what="the match to be highlighted"
        )
        marked = [span.lower() for span in ui.reversed_spans(pane)]
        assert any(
            "clinical" in span or "pcn" in span or "primary care network" in span for span in marked
        ), marked
        assert len(ui.panes(explorer)) == 1


async def test_a_hit_opens_in_the_view_that_shows_it(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("3")
        await ui.settle(pilot)
        screen = await open_search(pilot, ui)
        await type_query(pilot, ui, "dorset")
        assert screen.hits[0].section_id == "ics/dorset"
        await pilot.press("enter")
        pane = explorer.focused_pane
        await ui.wait_for(
            pilot,
            lambda: isinstance(pane.view, MapListView) and pane.target == "ics/dorset",
            what="Dorset on the map",
        )
        await ui.wait_for(
            pilot, lambda: ui.reversed_spans(pane), what="the match to be highlighted"
        )
        assert "dorset" in [span.lower() for span in ui.reversed_spans(pane)]
        assert "What the documents say about Dorset" in ui.pane_text(pane)


async def test_ctrl_o_opens_the_hit_in_the_other_pane(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        first = explorer.focused_pane
        screen = await open_search(pilot, ui)
        await type_query(pilot, ui, "alliance agreement")
        hit = screen.chosen()
        await pilot.press("ctrl+o")  # one pane: splits
        await ui.wait_for(pilot, lambda: len(ui.panes(explorer)) == 2, what="a second pane")
        await ui.settle(pilot)
        one, two = ui.panes(explorer)
        assert one is first and isinstance(one.view, MapListView)
        assert two.target == hit.section_id and explorer.focused_pane is two
        await ui.wait_for(pilot, lambda: ui.reversed_spans(two), what="the match to be highlighted")
        # Two panes: ctrl+o from pane 2 opens in pane 1, and no third pane appears.
        screen = await open_search(pilot, ui)
        await type_query(pilot, ui, "pcn")
        hit = screen.chosen()
        await pilot.press("ctrl+o")
        await ui.wait_for(pilot, lambda: one.target == hit.section_id, what="the hit in pane 1")
        assert len(ui.panes(explorer)) == 2
        assert isinstance(one.view, SectionView)
        assert two.target != hit.section_id


async def test_escape_closes_search_and_nothing_found_says_so_as_typed(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        before = explorer.focused_pane.target
        screen = await open_search(pilot, ui)
        await type_query(pilot, ui, "[bold]qqxqzq")
        assert screen.query_one(OptionList).option_count == 0
        # The query is shown as typed, never parsed as markup.
        assert "Nothing matches “[bold]qqxqzq”" in str(screen.query_one("#search-status").render())
        await pilot.press("enter")  # nothing to open: stays
        await ui.settle(pilot)
        assert explorer.screen is screen
        await pilot.press("escape")
        await ui.wait_for(
            pilot, lambda: not isinstance(explorer.screen, SearchScreen), what="search to close"
        )
        assert explorer.focused_pane.target == before and len(ui.panes(explorer)) == 1


async def test_the_command_palette_also_offers_matching_facts(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        await pilot.press("ctrl+p")
        await ui.settle(pilot)
        await pilot.press(*"luton")
        palette = explorer.screen

        def fact_prompts() -> list[str]:
            if not palette.query("CommandList"):
                return []
            options = palette.query_one("CommandList")
            return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

        await ui.wait_for(
            pilot,
            lambda: any(p.startswith("Fact") for p in fact_prompts()),
            what="a fact in the palette",
        )
        assert any("Luton" in p for p in fact_prompts())


async def test_a_scope_shows_as_a_chip_that_clears_it(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        screen = await open_search(pilot, ui)
        await type_query(pilot, ui, "legislation doc:report")
        ids = [hit.section_id for hit in screen.hits]
        assert "report/rec-stp-partnerships-strategy" in ids[:5], ids
        assert "report/rec-ics-support" in ids[:5], ids
        chip = screen.query_one(".scope-chip")
        assert "Committee report" in str(chip.label)
        assert screen.query_one("#search-scopes").display
        await pilot.click(".scope-chip")
        await ui.wait_for(
            pilot,
            lambda: screen.query_one(Input).value == "legislation",
            what="the scope taken out of the query",
        )
        await ui.wait_for(
            pilot, lambda: screen.shown_query == "legislation", what="results for legislation"
        )
        await ui.wait_for(pilot, lambda: not screen.query(".scope-chip"), what="the chip to go")
        assert not screen.query_one("#search-scopes").display
        assert screen.focused is screen.query_one(Input)


async def test_a_word_in_neither_document_says_so_and_offers_nearest_words(app, ui) -> None:
    explorer = app()
    async with explorer.run_test(size=SIZE) as pilot:
        await ui.ready(pilot)
        screen = await open_search(pilot, ui)
        await type_query(pilot, ui, "mcp ")
        status = str(screen.query_one("#search-status").render())
        assert "“mcp” is in neither document" in status, status
        assert "Nearest words that are:" in status and "fewer" not in status
