"""The ICS map list: the 14 ICSs in a sortable, filterable table, with every fact on the selected one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from ics_tui.core.model import Content as Model, Ics
from ics_tui.views import text
from ics_tui.views.base import View
from ics_tui.views.section import section_blocks

COLUMNS = (("number", "No."), ("name", "ICS"), ("wave", "Wave"), ("devolution", "Devolved"), ("notes", "Notes"))


def _short(note: str, width: int = 28) -> str:
    """The notes column shows a glimpse; the detail panel has the whole note."""
    return note if len(note) <= width else note[: width - 1].rstrip() + "…"


class MapListView(View):
    """Every ICS the documents name; the selected one's facts, each with its source."""

    HELP = (
        "The 14 ICSs of the BMA map (and others the report names). Up/down select, f filters as you type, "
        "o changes the sort order, enter opens the facts."
    )
    BINDINGS = [
        Binding("f", "filter", "Filter", id="map.filter"),
        Binding("o", "sort", "Sort", show=False, id="map.sort"),
    ]

    def __init__(self, model: Model, location: str, glossary: text.Glossary | None = None) -> None:
        super().__init__(model, location)
        self.glossary = glossary
        mapped = model.mapped_icss
        self.icss: list[Ics] = mapped + [i for i in model.icss if i.number is None]
        self.sort_index = 0
        self.selected_id = self.icss[0].id if self.icss else None
        self.typed_ahead: str | None = None  # keys typed between f and the filter box taking the focus

    @property
    def title(self) -> str:
        mapped = len(self.model.mapped_icss)
        return f"ICS map: {mapped} ICSs in {len(self.model.waves)} waves"

    def compose(self) -> ComposeResult:
        table: DataTable = DataTable(id="map-table", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="map-detail", classes="detail"):
            yield Static("", id="map-detail-text", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(Text(label), key=key)
        self.fill("")

    def row_cells(self, ics: Ics) -> list[Text]:
        wave = self.model.wave(ics.wave)
        mark = "★" if ics.id in self.app.bookmarked_ids() else " "
        number = f"{mark}{ics.number:>2}" if ics.number is not None else f"{mark} –"
        return [
            Text(number),
            Text(ics.title),
            Text(f"{wave.number} ({wave.announced})" if wave else "not on map"),
            Text("yes" if ics.devolution_area else ""),
            Text(_short(ics.notes or ("not on the BMA map" if ics.number is None else ""))),
        ]

    def matches(self, ics: Ics, needle: str) -> bool:
        haystack = " ".join([ics.title, ics.notes, ics.body] + [f.text for f in ics.facts]).lower()
        return all(word in haystack for word in needle.lower().split())

    def fill(self, needle: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        shown = [i for i in self.icss if self.matches(i, needle)] if needle.strip() else list(self.icss)
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
            self.query_one("#map-detail-text", Static).update(Content(f"No ICS matches “{needle}”. Escape clears the filter."))

    def row_ids(self) -> list[str]:
        """The ICS ids in the order the table shows them (filtered and sorted)."""
        return [str(row.key.value) for row in self.query_one(DataTable).ordered_rows]

    def apply_sort(self) -> None:
        table = self.query_one(DataTable)
        key = COLUMNS[self.sort_index][0]
        if key == "number":
            table.sort("number", key=lambda cell: cell.plain.strip("★ –") or "99")
        else:
            table.sort(key, key=lambda cell: cell.plain.lower())

    def show_detail(self, ics_id: str) -> None:
        ics = self.model.sections.get(ics_id)
        if not isinstance(ics, Ics):
            return
        self.selected_id = ics_id
        blocks = section_blocks(self.model, ics, self.glossary)
        note = text.project_note(ics, self.glossary)
        if note is not None:  # the project's note goes after the facts, apart from what is sourced
            blocks = [b for b in blocks if b.plain != note.plain]
        heading, rest = blocks[0], blocks[1:-1]
        parts = [heading, *rest]
        if ics.facts:
            count = f"{len(ics.facts)} fact{'s' if len(ics.facts) != 1 else ''}"
            facts = [text.heading(f"What the documents say about {ics.title} ({count})")]
            for fact in ics.facts:
                facts.append(Content.assemble("• ", text.styled(fact.text, self.glossary)))
                facts.append(text.citation_line(self.model, fact.citations, "  ↳ "))
            parts.append(text.join_lines(facts))
        if note is not None:
            parts.append(note)
        parts.append(blocks[-1])
        self.query_one("#map-detail-text", Static).update(self.marked(text.join_blocks(parts)))

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
        named = [i.id for i in self.icss if needle and needle in i.title.lower() and self.matches(i, event.value)]
        if named:
            self.select(named[0])
        self.query_one(DataTable).focus()

    def on_key(self, event) -> None:
        filter_input = self.filter_input
        if self.typed_ahead is None and event.key in self.filter_keys() and (
            filter_input is None or self.screen.focused is not filter_input
        ):
            # Keys typed after this one reach this view before its binding has made the
            # box: from here until the box has the focus they are filter text.
            self.typed_ahead = ""
        elif self.typed_ahead is not None and event.is_printable and event.character:
            # typed after f, before the filter box had the focus: it is filter text, not a key
            event.stop()
            event.prevent_default()
            self.typed_ahead += event.character
        elif event.key == "escape" and filter_input is not None and self.screen.focused is filter_input:
            event.stop()
            if filter_input.value:
                filter_input.value = ""
            else:
                filter_input.display = False
            self.query_one(DataTable).focus()

    def on_descendant_focus(self, event) -> None:
        if self.typed_ahead is not None:
            if event.widget is self.filter_input:
                event.widget.insert_text_at_cursor(self.typed_ahead)
            self.typed_ahead = None  # (focus went elsewhere: keys are keys again)

    def filter_keys(self) -> set[str]:
        """The keys bound to `filter` here (the member's keymap may have changed them)."""
        return {key for key, bindings in self._bindings.key_to_bindings.items() if any(b.action == "filter" for b in bindings)}

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
        if self.typed_ahead is None and (filter_input is None or self.screen.focused is not filter_input):
            self.typed_ahead = ""  # (opened from the palette or a remapped key)
        if filter_input is None:
            filter_input = Input(placeholder="Filter ICSs (name, place, fact)…", id="map-filter", classes="filter")
            filter_input.cursor_blink = self.app.cursor_blink
            await self.mount(filter_input, before=self.query_one(DataTable))
        filter_input.display = True
        filter_input.focus()

    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(COLUMNS)
        self.apply_sort()
        self.notify(f"Sorted by {COLUMNS[self.sort_index][1]}", timeout=2)

    def current_section_id(self) -> str | None:
        return self.selected_id

    def select(self, section_id: str) -> bool:
        table = self.query_one(DataTable)
        ids = self.row_ids()
        if section_id not in ids:
            if self.needle:
                self.filter_input.value = ""
                self.fill("")
                ids = self.row_ids()
            if section_id not in ids:
                return False
        table.move_cursor(row=ids.index(section_id), animate=False)
        self.show_detail(section_id)
        return True

    def focus_main(self) -> None:
        self.query_one(DataTable).focus()

    def refresh_marks(self) -> None:
        self.fill(self.needle)
