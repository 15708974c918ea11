"""The drawn map of England on its own: the 14 ICSs at their approximate places, with the
numbered legend, filling a pane (so it can sit beside another view)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ics_tui.messages import OpenRequested
from ics_tui.views.base import View, ViewContext
from ics_tui.views.england_map import KEY_LINES, EnglandMap

LEGEND_WIDTH = 44  # the legend sits beside the drawing when the pane has room for both


class DrawnMapView(View):
    """England with every mapped ICS numbered; arrows move between markers."""

    HELP = (
        "England drawn with each ICS of the BMA map at its approximate place (the main towns of "
        "its "
        "area: the project's own positions, not from either document). Arrows move from marker to "
        "marker, enter opens the selected ICS's facts in the other pane, M switches braille dots "
        "and "
        "half blocks, a click picks a marker. Outline: Natural Earth (public domain)."
    )
    BINDINGS = [Binding("M", "map_mode", "Dots/blocks", show=False, id="map.mode")]
    DEFAULT_CSS = """
    DrawnMapView { layout: vertical; }
    DrawnMapView.-beside { layout: horizontal; }
    DrawnMapView #drawn-map { height: 2fr; min-height: 14; width: 1fr; }
    DrawnMapView #drawn-map-legend-box {
        height: 1fr; width: 1fr; padding: 0 1; scrollbar-size-vertical: 1;
    }
    DrawnMapView.-beside #drawn-map { height: 1fr; }
    DrawnMapView.-beside #drawn-map-legend-box { height: 1fr; width: 44; }
    """

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__(context, location)
        from ics_tui.core.mapdraw import places_of, wave_names

        self.places = places_of(self.model)
        self.wave_names = wave_names(self.model)
        self.ids = {ics.number: ics.id for ics in self.model.mapped_icss if ics.number is not None}
        first = min(self.ids) if self.ids else None
        self.selected_id = self.ids.get(first) if first is not None else None

    @property
    def title(self) -> str:
        return f"Map of England: {len(self.places)} ICSs at their approximate places"

    def compose(self) -> ComposeResult:
        if not self.places:
            yield Static(
                Content(
                    "This content gives no map positions (lat/lon) for its ICSs, "
                    "so there is no map to draw."
                ),
                id="drawn-map-legend",
            )
            return
        drawing = EnglandMap(
            self.places,
            self.wave_names,
            mode=getattr(self.app, "map_mode", "braille"),
            id="drawn-map",
        )
        drawing.selected = self.number_of(self.selected_id)
        yield drawing
        with VerticalScroll(id="drawn-map-legend-box"):
            yield Static("", id="drawn-map-legend", markup=False)

    def on_mount(self) -> None:
        if self.removed or not self.places:
            return
        self.show_legend()

    def on_resize(self, event) -> None:
        from ics_tui.core.mapdraw import map_size

        if not self.places:
            return
        width, height = self.size.width, self.size.height
        beside = width - LEGEND_WIDTH >= map_size(max(4, height - KEY_LINES)) - 4
        self.set_class(beside, "-beside")

    def number_of(self, section_id: str | None) -> int | None:
        return next((n for n, i in self.ids.items() if i == section_id), None)

    def show_legend(self) -> None:
        from ics_tui.core.mapdraw import legend_lines

        lines = legend_lines(self.places, self.wave_names)
        selected = self.number_of(self.selected_id)
        out = []
        for place, line in zip(sorted(self.places, key=lambda p: p.number), lines[1:]):
            if place.number == selected:
                out.append(Content("▶ " + line).stylize("bold reverse"))
            else:
                out.append(Content("  " + line))
        out += [
            Content(""),
            Content(
                "Positions are approximate (the main towns of each area), the "
                "project's own: neither document gives them. Enter on the map opens "
                "an ICS's facts in the other pane."
            ).stylize("italic $text-muted"),
        ]
        self.query_one("#drawn-map-legend", Static).update(Content("\n").join(out))

    def on_england_map_picked(self, event: EnglandMap.Picked) -> None:
        event.stop()
        section_id = self.ids.get(event.number)
        if section_id is None:
            return
        self.selected_id = section_id
        self.show_legend()
        self.announce_move()
        if event.chosen:
            self.post_message(OpenRequested(section_id, other=True))

    def current_section_id(self) -> str | None:
        return self.selected_id

    def select(self, section_id: str) -> bool:
        number = self.number_of(section_id)
        if number is None:
            return False
        self.selected_id = section_id
        found = self.query("#drawn-map")
        if found:
            found.first(EnglandMap).selected = number
            self.show_legend()
        return True

    def focus_main(self) -> None:
        found = self.query("#drawn-map")
        if found:
            found.first(EnglandMap).focus()

    def action_map_mode(self) -> None:
        EnglandMap.switch_mode(self)
