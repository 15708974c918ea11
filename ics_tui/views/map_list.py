"""The ICS map list: the 14 ICSs in a sortable, filterable table, with every fact on the selected one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from ics_tui.core.model import Ics, month_year
from ics_tui.views import text
from ics_tui.views.base import View, ViewContext
from ics_tui.views.england_map import KEY_LINES, EnglandMap
from ics_tui.views.filter_input import FilterInput
from ics_tui.views.hanging import HangingText
from ics_tui.views.reader import Reader
from ics_tui.views.section import section_blocks

# the shapes the drawn map marks each wave with (and a devolution area)
SHAPES = {(1, False): "●", (1, True): "◉", (2, False): "◆", (2, True): "◈"}
WIDE = 84  # this wide, the drawing sits beside the list and the facts; narrower, beside the list
TOO_NARROW = 50  # narrower than this, the drawing waits behind `m`
READING_UPPER = 8  # rows left to the list and drawing while the detail is read (when not wide)
COLUMNS = (
    ("number", "No."),
    ("name", "ICS"),
    ("wave", "Wave"),
    ("devolution", "Devolved"),
    ("notes", "Notes"),
)


class MapTable(DataTable):
    """The list of ICSs with the pager's keys: j/k, space/w a page, g/home and G/end the ends."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("space", "page_down", show=False),
        Binding("w,shift+space", "page_up", show=False),
        Binding("g,home", "scroll_top", show=False),
        Binding("G,end", "scroll_bottom", show=False),
    ]


class MapListView(View):
    """Every ICS the documents name; the selected one's facts, each with its source."""

    HELP = (
        "The 14 ICSs of the BMA map (and others the report names), and England drawn with each "
        "one's number at its approximate place (the project's own positions: neither document "
        "gives them). Up/down select, f filters as you type, o changes the sort order, enter "
        "opens the facts. m moves to the drawing, where the arrows go from marker to marker and "
        "escape comes back; M switches braille dots and half blocks."
    )
    BINDINGS = [
        Binding("f", "filter", "Filter", id="map.filter"),
        Binding("o", "sort", "Sort", show=False, id="map.sort"),
        Binding("m", "to_drawing", "Drawing", show=False, id="map.drawing"),
        Binding("M", "map_mode", "Dots/blocks", show=False, id="map.mode"),
    ]

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__(context, location)
        mapped = self.model.mapped_icss
        self.icss: list[Ics] = mapped + [i for i in self.model.icss if i.number is None]
        self.sort_index = 0
        self.selected_id = self.icss[0].id if self.icss else None
        self.typed_ahead: str | None = (
            None  # keys typed between f and the filter box taking the focus
        )
        self.filter_pending = (
            False  # f pressed, the box not yet focused: other focus moves keep the keys
        )
        # the layout as the stylesheet sets it (the 80x24 one): see lay_out
        self._grid_shape: tuple[bool, bool, str, str] = (False, False, "15 1fr", "1fr 24")
        self.marked_ids: frozenset[str] = frozenset()

    @property
    def title(self) -> str:
        mapped = len(self.model.mapped_icss)
        return f"ICS map: {mapped} ICSs in {len(self.model.waves)} waves"

    def compose(self) -> ComposeResult:
        from ics_tui.core.mapdraw import places_of, wave_names

        table: DataTable = MapTable(id="map-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="map-list"):
            yield table
        places = places_of(self.model)
        if places:
            mode = getattr(self.app, "map_mode", "braille")
            yield EnglandMap(places, wave_names(self.model), mode=mode, id="map-drawing")
        with Reader(id="map-detail", classes="detail"):
            yield HangingText("", id="map-detail-text", markup=False)

    @property
    def drawing(self) -> EnglandMap | None:
        found = self.query("#map-drawing")
        return found.first(EnglandMap) if found else None

    _laid_out_width = 0
    detail_shown = False  # the detail shows the selected ICS (not "No ICS matches")
    short_waves = False  # the wave column without its month (too narrow for it)

    def on_resize(self, event) -> None:
        self.lay_out()
        # (styles set while the screen is laid out may not be picked up: again after it)
        self.call_after_refresh(self.lay_out)

    def on_hanging_text_width_changed(self, event: HangingText.WidthChanged) -> None:
        """Bullets and source lines hang under their text: redraw them at the new width (with
        whatever is selected by then: a saved selection may be applied in between)."""
        event.stop()
        if self.removed or not self.selected_id or not self.detail_shown:
            return  # (nothing hung: "No ICS matches" stays until the filter changes)
        if event.width != self._laid_out_width:
            self.show_detail(self.selected_id)

    def lay_out(self) -> None:
        """The drawing beside the list and the facts when wide; beside the list, over the facts,
        when narrower; behind `m` when too narrow for both. Changes nothing (no new layout
        pass) when the pane's shape calls for the layout it already has."""
        from ics_tui.core.mapdraw import map_size

        drawing = self.drawing
        width, height = self.size.width, self.size.height
        if drawing is None or width == 0:
            self._set_layout(False, True, "1fr 1fr", "1fr")
            return
        wide = width >= WIDE
        if wide:
            columns = list_columns = min(map_size(height - KEY_LINES) + 2, int(width * 0.42))
            rows = f"{min(18, max(5, height // 2))} 1fr"
        else:
            # Reading an ICS's facts (the detail focused), the list and drawing give the
            # detail the rows: at 80x24, 13 of them instead of 6.
            upper = max(8, min(16, height - 6))
            columns = map_size(upper - KEY_LINES) + 3
            list_columns = columns  # (the wave column keeps its form while the detail is read)
            if self._reading_detail():
                upper = READING_UPPER
                columns = map_size(upper - KEY_LINES) + 3
            rows = f"{upper} 1fr"
        hidden = width - columns < TOO_NARROW - 24 and not self.has_class("-show-drawing")
        drawing.display = not hidden
        self._set_layout(wide, hidden, rows, "1fr" if hidden else f"1fr {columns}")
        self._fit_wave_column(width - (0 if hidden else list_columns))

    _reading = False

    def _reading_detail(self) -> bool:
        """Whether the detail has the focus; while a mouse button is down, what it was (a
        click into the detail must not move the layout under it before its release)."""
        if not getattr(self.app, "mouse_held", False):
            found = self.query("#map-detail")
            self._reading = bool(found) and found.first().has_focus
        return self._reading

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self.lay_out)  # (after the focus has landed: one layout)

    def _fit_wave_column(self, list_width: int) -> None:
        """The wave's month only where it fits beside the longest name: a cell cut to
        "1 (Mar" misleads, and the detail names the month anyway (80x24 keeps "1")."""
        longest = max((len(i.title) for i in self.icss), default=0)
        short = list_width < 7 + longest + len("1 (Mar 2017)") + 8  # (cell padding, scrollbar)
        if short != self.short_waves:
            self.short_waves = short
            if self.query(DataTable) and self.query_one(DataTable).columns:
                # (a column keeps the width of its widest cell ever: fit them anew, here only,
                # not at every fill: the filter refills at each key typed)
                self.query_one(DataTable).clear(columns=True)
                self.fill(self.needle)  # (and not before on_mount has filled it first)

    def _set_layout(self, wide: bool, hidden: bool, rows: str, columns: str) -> None:
        layout = (wide, hidden, rows, columns)
        if layout == self._grid_shape:
            return
        self._grid_shape = layout
        self.set_class(wide, "-wide")
        self.set_class(hidden, "-no-drawing")
        self.styles.grid_size_columns = 1 if hidden else 2
        self.styles.grid_rows = rows
        self.styles.grid_columns = columns
        self.refresh(layout=True)

    def action_to_drawing(self) -> None:
        """Move to the drawing (showing it if the pane is too narrow for it beside the list)."""
        drawing = self.drawing
        if drawing is None:
            self.notify("This content gives no map positions, so there is no drawing.", timeout=3)
            return
        if not drawing.display:
            self.add_class("-show-drawing")
            self.lay_out()
        drawing.focus()

    def action_map_mode(self) -> None:
        """Switch every drawn map between braille dots and half blocks."""
        EnglandMap.switch_mode(self)

    def on_england_map_picked(self, event: EnglandMap.Picked) -> None:
        event.stop()
        found = [i.id for i in self.icss if i.number == event.number]
        if found and self.select(found[0]):
            self.announce_move()
            if event.chosen:
                self.query_one("#map-detail").focus()

    def leave_drawing(self) -> bool:
        """Escape on the drawing: back to the list (hiding the drawing if `m` had to show it)."""
        drawing = self.drawing
        if drawing is None or self.screen.focused is not drawing:
            return False
        if self.has_class("-show-drawing"):
            self.remove_class("-show-drawing")
            self.lay_out()
        self.query_one(DataTable).focus()
        return True

    def on_mount(self) -> None:
        if self.removed or not self.query(DataTable) or not self.query("#map-detail-text"):
            return  # replaced before its mount was handled (or its pane closed): children gone
        self.fill("")
        self.context.bookmarks_changed.subscribe(self, self.refresh_marks, immediate=True)

    def row_cells(self, ics: Ics) -> list[Text]:
        wave = self.model.wave(ics.wave)
        mark = "★" if ics.id in self.marked_ids else " "
        shape = SHAPES.get((ics.wave or 0, ics.devolution_area), "") if ics.lat is not None else ""
        number = (
            f"{mark}{shape or ' '} {ics.number:>2}" if ics.number is not None else f"{mark}   –"
        )
        return [
            Text(number),
            Text(ics.title),
            Text(
                (
                    str(wave.number)
                    if self.short_waves
                    else f"{wave.number} ({month_year(wave.announced)})"
                )
                if wave
                else ("–" if self.short_waves else "not on map")
            ),
            Text("yes" if ics.devolution_area else ""),
            Text(  # a glimpse of the note: the detail panel has the whole of it
                text.shorten(ics.notes or ("not on the BMA map" if ics.number is None else ""), 28)
            ),
        ]

    def matches(self, ics: Ics, needle: str) -> bool:
        haystack = " ".join([ics.title, ics.notes, ics.body] + [f.text for f in ics.facts]).lower()
        return all(word in haystack for word in needle.lower().split())

    def fill(self, needle: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        if not table.columns:
            for key, label in COLUMNS:
                table.add_column(Text(label), key=key)
        self.marked_ids = self.context.bookmarked_ids()
        shown = (
            [i for i in self.icss if self.matches(i, needle)] if needle.strip() else list(self.icss)
        )
        for ics in shown:
            table.add_row(*self.row_cells(ics), key=ics.id)
        if self.sort_index:
            self.apply_sort()
        if shown:
            ids = self.row_ids()
            row = ids.index(self.selected_id) if self.selected_id in ids else 0
            table.move_cursor(row=row, animate=False)
            self.show_detail(ids[row])
        else:
            self.detail_shown = False
            self.query_one("#map-detail-text", Static).update(
                Content(f"No ICS matches “{needle}”. Escape clears the filter.")
            )

    def row_ids(self) -> list[str]:
        """The ICS ids in the order the table shows them (filtered and sorted)."""
        return [str(row.key.value) for row in self.query_one(DataTable).ordered_rows]

    def apply_sort(self) -> None:
        table = self.query_one(DataTable)
        key = COLUMNS[self.sort_index][0]
        if key == "number":
            digits = lambda cell: int("".join(filter(str.isdigit, cell.plain)) or 99)  # noqa: E731
            table.sort("number", key=digits)
        else:
            table.sort(key, key=lambda cell: cell.plain.lower())

    def show_detail(self, ics_id: str) -> None:
        ics = self.model.sections.get(ics_id)
        if not isinstance(ics, Ics):
            return
        another = ics_id != self.selected_id
        self.selected_id = ics_id
        if self.removed or not self.query("#map-detail-text"):
            return  # (replaced by a fast second key: its children are gone)
        if another:  # another ICS: its facts from the top, not where the last were left
            self.query_one("#map-detail").scroll_home(animate=False)
        self.detail_shown = True
        # (the width its lines are hung at; 0 until laid out)
        self._laid_out_width = self.query_one("#map-detail-text", Static).size.width
        blocks = section_blocks(self.model, ics, self.glossary)
        note = text.project_note(ics, self.glossary)
        if note is not None:  # the project's note goes after the facts, apart from what is sourced
            blocks = [b for b in blocks if b.plain != note.plain]
        heading, rest = blocks[0], blocks[1:-1]
        parts = [heading, *rest]
        if ics.facts:
            count = f"{len(ics.facts)} fact{'s' if len(ics.facts) != 1 else ''}"
            facts = [text.heading(f"What the documents say about {ics.title} ({count})")]
            width = self._laid_out_width
            for fact in ics.facts:
                facts.append(text.hanging("• ", text.styled(fact.text, self.glossary), width))
                cite = text.citation_line(self.model, fact.citations, "")
                facts.append(text.hanging("  ↳ ", cite, width))
            parts.append(text.join_lines(facts))
        if note is not None:
            parts.append(note)
        if ics.lat is not None and ics.lon is not None:
            parts.append(Content(position_note(ics)).stylize("italic $text-muted"))
        parts.append(blocks[-1])
        self.query_one("#map-detail-text", Static).update(self.marked(text.join_blocks(parts)))
        drawing = self.drawing
        if drawing is not None:
            drawing.selected = ics.number

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Act on where the cursor is now, not on the row the event names: events posted while
        # the filter refilled the table can arrive after a later selection and must not undo it.
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if row_key.value and row_key.value != self.selected_id:
            self.show_detail(str(row_key.value))
            self.announce_move()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#map-detail").focus()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.sort_index = [k for k, _ in COLUMNS].index(str(event.column_key.value))
        self.apply_sort()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the filter picks the ICS whose name matches, before ones that only mention it."""
        needle = event.value.strip().lower()
        named = [
            i.id
            for i in self.icss
            if needle and needle in i.title.lower() and self.matches(i, event.value)
        ]
        if named:
            self.select(named[0])
        self.query_one(DataTable).focus()

    def on_key(self, event) -> None:
        filter_input = self.filter_input
        if (
            self.typed_ahead is None
            and event.key in self.filter_keys()
            and (filter_input is None or self.screen.focused is not filter_input)
        ):
            # Keys typed after this one reach this view before its binding has made the
            # box: from here until the box has the focus they are filter text.
            self.typed_ahead = ""
            self.filter_pending = True
        elif self.typed_ahead is not None and event.is_printable and event.character:
            # typed after f, before the filter box had the focus: it is filter text, not a key
            event.stop()
            event.prevent_default()
            self.typed_ahead += event.character
        elif event.key == "escape" and self.leave_drawing():
            event.stop()
        elif (
            event.key == "escape"
            and filter_input is not None
            and self.screen.focused is filter_input
        ):
            event.stop()
            if filter_input.value:
                filter_input.value = ""
            else:
                filter_input.display = False
            self.query_one(DataTable).focus()

    def on_descendant_focus(self, event) -> None:
        self.call_after_refresh(self.lay_out)  # (the detail taken or left: its rows)
        if self.typed_ahead is not None:
            box = self.filter_input
            if event.widget is box and box is not None:
                # Keys typed before the box had the focus come first: any typed straight into
                # it since (before this message arrived) were typed after them.
                box.value = self.typed_ahead + box.value
                box.cursor_position = len(box.value)
            elif self.filter_pending:
                return  # (the table taking the focus as the view starts: the box is still coming)
            self.typed_ahead = None  # (focus went elsewhere: keys are keys again)
        self.filter_pending = False

    def filter_keys(self) -> set[str]:
        """The keys bound to `filter` here (the member's keymap may have changed them)."""
        return {
            key
            for key, bindings in self._bindings.key_to_bindings.items()
            if any(b.action == "filter" for b in bindings)
        }

    @property
    def filter_input(self) -> Input | None:
        """The filter box, once `f` has made it."""
        found = self.query("#map-filter")
        return found.first(Input) if found else None

    @property
    def needle(self) -> str:
        filter_input = self.filter_input
        return filter_input.value if filter_input is not None else ""

    async def action_filter(self) -> None:
        """Open the filter box: made on first use, so the first screen does not pay for it."""
        filter_input = self.filter_input
        if self.typed_ahead is None and (
            filter_input is None or self.screen.focused is not filter_input
        ):
            self.typed_ahead = ""  # (opened from the palette or a remapped key)
        self.filter_pending = True
        if filter_input is None:
            filter_input = FilterInput(
                placeholder="Filter ICSs (name, place, fact)…",
                id="map-filter",
                classes="filter",
                select_on_focus=False,
            )
            # (select_on_focus would select a key typed into the box as it took the focus, and
            # the keys typed before it would then replace it: "f dorset" gave "doret")
            await self.query_one("#map-list").mount(filter_input, before=self.query_one(DataTable))
        filter_input.display = True
        filter_input.focus()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(COLUMNS)
        self.apply_sort()
        self.notify(f"Sorted by {COLUMNS[self.sort_index][1]}", timeout=2)

    def current_section_id(self) -> str | None:
        return self.selected_id

    def next_match(self, query: str, step: int) -> bool:
        """n / N: the next (previous) ICS in the list whose facts mention the last search."""
        found = self.next_matching(self.row_ids(), query, step)
        if found is None:
            return False
        self.query_text = query
        self.select(found)
        return True

    def select(self, section_id: str) -> bool:
        table = self.query_one(DataTable)
        ids = self.row_ids()
        if section_id not in ids:
            filter_input = self.filter_input
            if filter_input is not None and filter_input.value:
                filter_input.value = ""
                self.fill("")
                ids = self.row_ids()
            if section_id not in ids:
                return False
        table.move_cursor(row=ids.index(section_id), animate=False)
        self.show_detail(section_id)
        return True

    def focus_main(self) -> None:
        self.query_one(DataTable).focus()

    def refresh_marks(self, _: frozenset[str] = frozenset()) -> None:
        if self.removed or not self.is_attached or not self.query("#map-detail-text"):
            return  # being replaced: its children are going (a bookmark made in the same burst)
        tables = self.query("#map-table")
        if not tables or not tables.first(DataTable).columns:
            return  # not mounted yet (shown again a moment ago): on_mount fills it, marks and all
        self.fill(self.needle)


def position_note(ics: Ics) -> str:
    """Where the drawing puts an ICS, said to be approximate and the project's own."""
    lat, lon = ics.lat or 0.0, ics.lon or 0.0
    north, west = "N" if lat >= 0 else "S", "W" if lon < 0 else "E"
    where = f"{abs(lat):.2f}° {north}, {abs(lon):.2f}° {west}"
    return (
        f"Drawn on the map at about {where}: an approximate position (the area's main towns), "
        "the project's own addition; neither document gives one."
    )
