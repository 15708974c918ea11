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

    @property
    def title(self) -> str:
        mapped = len(self.model.mapped_icss)
        return f"ICS map: {mapped} ICSs in {len(self.model.waves)} waves"

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter ICSs (name, place, fact)…", id="map-filter", classes="filter")
        table: DataTable = DataTable(id="map-table", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="map-detail", classes="detail"):
            yield Static("", id="map-detail-text", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in COLUMNS:
            table.add_column(Text(label), key=key)
        self.query_one(Input).display = False
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
        heading, rest = blocks[0], blocks[1:-1]
        facts = [text.heading(f"What the documents say about {ics.title} ({len(ics.facts)} facts)")]
        for fact in ics.facts:
            facts.append(Content.assemble("• ", text.styled(fact.text, self.glossary)))
            facts.append(text.citation_line(self.model, fact.citations, "  ↳ "))
        parts = [heading, *rest, text.join_lines(facts), blocks[-1]]
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
        if event.key == "escape" and self.screen.focused is self.query_one(Input):
            event.stop()
            filter_input = self.query_one(Input)
            if filter_input.value:
                filter_input.value = ""
            else:
                filter_input.display = False
            self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        filter_input = self.query_one(Input)
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
            if self.query_one(Input).value:
                self.query_one(Input).value = ""
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
        self.fill(self.query_one(Input).value)
