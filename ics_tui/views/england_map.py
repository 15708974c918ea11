"""The drawn map of England with the mapped ICSs as numbered markers, for the map views.

The drawing comes from `ics_tui.core.mapdraw` (Textual-free); this widget sizes it, styles it
(the waves by colour as well as by shape, the selected marker reversed), draws it after the
first frame so the first screen never waits for it, and lets the member move between markers
with the arrow keys or pick one with a click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from ics_tui.core.mapdraw import MapDrawing

# (the $text-* colours are computed to be read on the background: $warning was 1.45:1 in light themes)
WAVE_STYLES = (
    "bold $text-primary",
    "bold $text-warning",
    "bold $text-success",
    "bold $text-error",
    "bold $text-secondary",
)
SELECTED_STYLE = "bold reverse"
ROLE_STYLES = {
    "england": "$foreground",
    "neighbour": "$text-muted",  # (fainter than England, yet 3:1 or more in every theme)
    "leader": "$text-muted",
}
KEY_LINES = 2  # the shapes' key and the note on positions, under the drawing


class EnglandMap(Widget, can_focus=True):
    """England with a label per mapped ICS; `selected` is the highlighted map number."""

    DEFAULT_CSS = """
    EnglandMap {
        height: 1fr;
        padding: 0;
    }
    EnglandMap:focus {
        background: $boost;
    }
    """
    BINDINGS = [
        Binding("left,h", "step(-1, 0)", "West", show=False),
        Binding("right,l", "step(1, 0)", "East", show=False),
        Binding("up,k", "step(0, -1)", "North", show=False),
        Binding("down,j", "step(0, 1)", "South", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    selected: reactive[int | None] = reactive(None)
    mode: reactive[str] = reactive("braille")

    class Picked(Message):
        """The member moved to (or clicked) a marker on the map."""

        def __init__(self, number: int, chosen: bool = False) -> None:
            super().__init__()
            self.number = number
            self.chosen = chosen  # enter (or a click): open it, not just move to it

    def __init__(
        self,
        places: list,
        wave_names: dict[int, str],
        *,
        mode: str = "braille",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.places = places
        self.wave_names = wave_names
        self.set_reactive(EnglandMap.mode, mode)
        self._drawing: MapDrawing | None = None
        self._drawn_for: tuple[int, int, str] | None = None
        self._ready = False

    def on_mount(self) -> None:
        # The first frame shows the list at once; the drawing follows it.
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self._ready = True
        self.set_reactive(
            EnglandMap.mode, getattr(self.app, "map_mode", self.mode)
        )  # (config is read after compose)
        self.refresh()

    @property
    def drawing(self):
        """The drawing for the current size and mode (made on first need, then kept)."""
        width, height = self.content_size.width, max(1, self.content_size.height - KEY_LINES)
        key = (width, height, self.mode)
        if self._drawing is None or self._drawn_for != key:
            from ics_tui.core.mapdraw import draw_fitted

            self._drawing = draw_fitted(self.places, width, height, self.mode)
            self._drawn_for = key
        return self._drawing

    def render(self) -> Content:
        if not self._ready or not self.places or self.content_size.width < 4:
            return Content("")
        drawing = self.drawing
        lines = []
        for y in range(drawing.height):
            parts: list[Any] = []
            for text, role in drawing.runs(y):
                if role == "label":
                    parts.extend(self._labels(drawing, y, len("".join(p[0] for p in parts))))
                    continue
                parts.append((text, ROLE_STYLES.get(role, "")))
            lines.append(Content.assemble(*parts))
        lines += self.key_lines(drawing.width)
        return Content("\n").join(lines)

    def _labels(self, drawing, y: int, start: int) -> list[tuple[str, str]]:
        """The label cells of row y from column `start`, each label in its own style."""
        out = []
        row = drawing.rows[y]
        x = start
        while x < len(row) and drawing.roles[y][x] == "#":
            number = drawing.label_at(x, y)
            label = drawing.labels.get(number) if number is not None else None
            if label is None:
                out.append((row[x], ""))
                x += 1
                continue
            end = min(label.x + len(label.text), len(row))
            cells = row[x:end]
            style = self.label_style(label.place)
            digits = next((i for i, c in enumerate(cells) if c.isdigit()), len(cells))
            if style == SELECTED_STYLE or not digits:
                out.append((cells, style))
            else:  # the shape in its wave's colour; the number in the text colour (read at 4.5:1)
                out += [(cells[:digits], style), (cells[digits:], "bold $text")]
            x = end
        return out

    def label_style(self, place) -> str:
        if place.number == self.selected:
            return SELECTED_STYLE
        return WAVE_STYLES[((place.wave or 1) - 1) % len(WAVE_STYLES)]

    def key_lines(self, width: int) -> list[Content]:
        """What the shapes mean, and that positions are approximate, in as few words as fit."""
        from ics_tui.core.mapdraw import shape

        waves = sorted({p.wave for p in self.places if p.wave is not None})
        devolved = any(p.devolved for p in self.places)
        choices = [
            [f"{shape(w)} {self.wave_names.get(w, f'wave {w}').split(' (')[0]}" for w in waves]
            + (["◉ devolution area"] if devolved else []),
            [f"{shape(w)} wave {w}" for w in waves] + (["◉ devolved"] if devolved else []),
            [f"{shape(w)}{_ordinal(w)}" for w in waves] + (["◉devolved"] if devolved else []),
        ]
        key = next((c for c in choices[:2] if len("  ".join(c)) <= width), choices[-1])
        gap = "  " if key is not choices[-1] else " "
        parts: list[tuple[str, str]] = []
        for i, item in enumerate(key):
            wave = waves[i] if i < len(waves) else 1
            parts += [
                (item[0], WAVE_STYLES[(wave - 1) % len(WAVE_STYLES)]),
                (item[1:] + gap, "$text-muted"),
            ]
        notes = [
            "Positions approximate (the project's own)",
            "Positions approximate",
            "approx. positions",
        ]
        note = next((n for n in notes if len(n) <= width), notes[-1])
        return [Content.assemble(*parts), Content(note).stylize("italic $text-muted")]

    @staticmethod
    def switch_mode(host: Widget) -> str:
        """Switch every drawn map on `host`'s screen between braille dots and half blocks."""
        mode = "blocks" if getattr(host.app, "map_mode", "braille") == "braille" else "braille"
        setattr(host.app, "map_mode", mode)  # noqa: B010 - an attribute of the app, not of App
        for drawing in host.screen.query(EnglandMap):
            drawing.mode = mode
        host.notify(
            "Map drawn with " + ("half blocks" if mode == "blocks" else "braille dots"), timeout=2
        )
        return mode

    def watch_selected(self) -> None:
        self.refresh()

    def watch_mode(self) -> None:
        self.refresh()

    # --- moving between markers ---------------------------------------------------------

    def action_step(self, dx: int, dy: int) -> None:
        """Move to the nearest marker in that direction, by where the labels are drawn."""
        drawing = self.drawing if self._ready else None
        if drawing is None or not drawing.labels:
            return
        current = drawing.labels.get(self.selected) if self.selected is not None else None
        if current is None:
            self.pick(min(drawing.labels))
            return
        best, best_score = None, None
        for number, label in drawing.labels.items():
            if number == current.place.number:
                continue
            along = (label.x - current.x) * dx + (label.y - current.y) * 2 * dy
            if along <= 0:
                continue
            across = abs(label.y - current.y) * 2 if dx else abs(label.x - current.x)
            score = along + 2 * across
            if best_score is None or score < best_score:
                best, best_score = number, score
        if best is not None:
            self.pick(best)

    def action_choose(self) -> None:
        if self.selected is not None:
            self.post_message(self.Picked(self.selected, chosen=True))

    def pick(self, number: int, chosen: bool = False) -> None:
        self.selected = number
        self.post_message(self.Picked(number, chosen))

    def on_click(self, event: events.Click) -> None:
        if not self._ready:
            return
        drawing = self.drawing
        x, y = event.x - self.gutter.left, event.y - self.gutter.top
        number = drawing.label_at(x, y)
        if number is None:  # a click next to a label (or on its place) still counts
            near = [
                (abs(label.x + len(label.text) / 2 - x) + 2 * abs(label.y - y), n)
                for n, label in drawing.labels.items()
            ]
            near += [
                (abs(label.point[0] - x) + 2 * abs(label.point[1] - y), n)
                for n, label in drawing.labels.items()
            ]
            distance, closest = min(near)
            number = closest if distance <= 3 else None
        if number is not None:
            self.focus()
            self.pick(number)


def _ordinal(n: int) -> str:
    return f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
