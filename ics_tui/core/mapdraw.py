"""England drawn in terminal cells, with the mapped ICSs as numbered markers.

Textual-free: `draw_map` returns rows of characters, what each cell shows (its role) and
where each marker's label sits, so the app, `ics-tui map` and the tests share one drawing.

Two dot modes: braille (2x4 dots per cell, the default) and half blocks (1x2, for fonts
without braille). Both have square dots, so England keeps its shape. The coast of England
is drawn, Wales and Scotland faintly for context. Each marker is a shape for its wave
(first ●, second ◆, then ▲ ■ ▼) followed by its number; a devolution area gets the shape
with a dot inside (◉, ◈). Labels that would collide are moved to the nearest free place
and joined to their true position by a dotted leader line; none is ever hidden.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ics_tui.core.geo import CREDIT, outline
from ics_tui.core.model import Content

BRAILLE = "braille"
BLOCKS = "blocks"
MODES = (BRAILLE, BLOCKS)

# (plain shape, shape for a devolution area) by wave number (1-based; wraps after five)
SHAPES = (("●", "◉"), ("◆", "◈"), ("▲", "△"), ("■", "▣"), ("▼", "▽"))

# roles of a cell, for styling; `MapDrawing.roles` holds one code letter per cell
ENGLAND, NEIGHBOUR, LEADER, LABEL = "england", "neighbour", "leader", "label"
ROLE_CODES = {"E": ENGLAND, "N": NEIGHBOUR, "L": LEADER, "#": LABEL, " ": None}

# bit of each braille dot, by (column, row) inside the cell
_BRAILLE_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
_BLOCK_CHARS = (" ", "▀", "▄", "█")
_MID_LAT = math.cos(math.radians(52.8))  # shrinks longitude to keep England's shape


def shape(wave: int | None, devolved: bool = False) -> str:
    plain, marked = SHAPES[((wave or 1) - 1) % len(SHAPES)]
    return marked if devolved else plain


@dataclass(frozen=True)
class Place:
    """One marker to draw: an ICS's map number, position, wave and whether it is devolved."""

    number: int
    lat: float
    lon: float
    wave: int | None = 1
    devolved: bool = False
    name: str = ""

    @property
    def label(self) -> str:
        return shape(self.wave, self.devolved) + str(self.number)


@dataclass
class Label:
    """Where a marker's label was drawn: its row, first cell and text; the cell of the true
    position; and whether it was moved there (then a leader line joins them)."""

    place: Place
    x: int
    y: int
    text: str
    point: tuple[int, int]
    moved: bool = False

    @property
    def cells(self) -> range:
        return range(self.x, self.x + len(self.text))


@dataclass
class MapDrawing:
    width: int
    height: int
    mode: str
    rows: list[str]
    roles: list[str]  # one code per cell: see ROLE_CODES
    labels: dict[int, Label] = field(default_factory=dict)
    broken: int = 0
    """How many labels could not keep the compass order of their places (0 at most sizes)."""

    def text(self) -> str:
        return "\n".join(row.rstrip() for row in self.rows)

    def label_at(self, x: int, y: int) -> int | None:
        """The number of the marker whose label covers cell (x, y), if any."""
        for number, label in self.labels.items():
            if label.y == y and x in label.cells:
                return number
        return None

    def runs(self, y: int) -> list[tuple[str, str | None]]:
        """Row y as (text, role) runs, for styling."""
        row, roles = self.rows[y], self.roles[y]
        out: list[tuple[str, str | None]] = []
        start = 0
        for x in range(1, len(row) + 1):
            if x == len(row) or roles[x] != roles[start]:
                out.append((row[start:x], ROLE_CODES[roles[start]]))
                start = x
        return out


class _Canvas:
    """A grid of dots: a dot mask per cell, and per cell the role that wins there
    (England over a leader line over a neighbour)."""

    RANK = {ord(" "): 0, ord("N"): 1, ord("L"): 2, ord("E"): 3}

    def __init__(self, width: int, height: int, mode: str) -> None:
        self.width, self.height = width, height
        self.dx, self.dy = (2, 4) if mode == BRAILLE else (1, 2)
        self.mode = mode
        self.pw, self.ph = width * self.dx, height * self.dy
        self.mask = bytearray(width * height)
        self.role = bytearray(b" " * (width * height))
        # bits[row][column] of a dot inside its cell; chars maps a mask (as a code point)
        # to its character
        if mode == BRAILLE:
            self.bits = [[_BRAILLE_BITS[0][r], _BRAILLE_BITS[1][r]] for r in range(4)]
            self.chars = {m: chr(0x2800 + m) for m in range(1, 256)}
        else:
            self.bits = [[1], [2]]
            self.chars = {m: _BLOCK_CHARS[m] for m in range(1, 4)}
        self.chars[0] = " "

    def dot(self, px: int, py: int, code: str) -> None:
        self.line(px, py, px, py, code)

    def line(self, x0: float, y0: float, x1: float, y1: float, code: str) -> None:
        ax, ay, bx, by = int(x0), int(y0), int(x1), int(y1)
        pw, ph = self.pw, self.ph
        if (
            (ax < 0 and bx < 0)
            or (ay < 0 and by < 0)
            or (ax >= pw and bx >= pw)
            or (ay >= ph and by >= ph)
        ):
            return
        n = max(abs(bx - ax), abs(by - ay), 1)
        fx, fy = (bx - ax) / n, (by - ay) / n
        dx, dy, width, bits, mask, role = (
            self.dx,
            self.dy,
            self.width,
            self.bits,
            self.mask,
            self.role,
        )
        value = ord(code)
        rank = self.RANK
        mine = rank[value]
        for i in range(n + 1):
            px, py = int(ax + fx * i + 0.5), int(ay + fy * i + 0.5)
            if 0 <= px < pw and 0 <= py < ph:
                cell = (py // dy) * width + px // dx
                mask[cell] |= bits[py % dy][px % dx]
                if rank[role[cell]] < mine:
                    role[cell] = value

    def row(self, y: int) -> tuple[str, str]:
        """Row y's characters and role codes."""
        start = y * self.width
        mask = self.mask[start : start + self.width].decode("latin-1")
        return mask.translate(self.chars), self.role[start : start + self.width].decode("ascii")


class _Projection:
    """lon/lat to dot coordinates, England fitted and centred in the canvas."""

    def __init__(self, pw: int, ph: int, bounds: tuple[float, float, float, float]) -> None:
        west, east, south, north = bounds
        span_x = (east - west) * _MID_LAT
        span_y = north - south
        self.scale = min((pw - 1) / span_x, (ph - 1) / span_y)
        self.west, self.north = west, north
        self.off_x = (pw - 1 - span_x * self.scale) / 2
        self.off_y = (ph - 1 - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.off_x + (lon - self.west) * _MID_LAT * self.scale,
            self.off_y + (self.north - lat) * self.scale,
        )


def map_size(height: int) -> int:
    """The width in cells that England fills when drawn `height` cells tall."""
    west, east, south, north = _DRAWN_BOUNDS
    return max(1, math.ceil(height * 2 * (east - west) * _MID_LAT / (north - south)))


_DRAWN_BOUNDS = (-5.75, 1.85, 49.95, 55.85)


@lru_cache(maxsize=1)
def _visible_rings() -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """The outline's rings that reach into the drawn area (most of Scotland does not)."""
    west, east, south, north = _DRAWN_BOUNDS
    out = []
    for country, rings in outline().items():
        kept = tuple(
            ring
            for ring in rings
            if min(p[0] for p in ring) <= east
            and max(p[0] for p in ring) >= west
            and min(p[1] for p in ring) <= north
            and max(p[1] for p in ring) >= south
        )
        out.append((country, kept))
    return tuple(out)


def draw_map(places: list[Place], width: int, height: int, mode: str = BRAILLE) -> MapDrawing:
    """England in `width` x `height` cells with a label for every place.

    Labels stay inside the drawing; a drawing too small to hold them all still gets every
    label placed somewhere (as near its position as it fits), never dropped.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    width, height = max(width, 4), max(height, 3)
    canvas = _Canvas(width, height, mode)
    project = _Projection(canvas.pw, canvas.ph, _DRAWN_BOUNDS)
    for country, rings in _visible_rings():
        code = "E" if country == "England" else "N"
        for ring in rings:
            points = [project(lon, lat) for lon, lat in ring]
            for (x0, y0), (x1, y1) in zip(points, points[1:]):
                canvas.line(x0, y0, x1, y1, code)

    labels, broken = _place_labels(places, canvas, project)
    for label in labels.values():
        if label.moved:
            px, py = project(label.place.lon, label.place.lat)
            _leader(canvas, px, py, label)

    rows: list[list[str]] = []
    roles: list[list[str]] = []
    for y in range(height):
        chars, codes = canvas.row(y)
        rows.append(list(chars))
        roles.append(list(codes))
    for label in labels.values():
        for k, ch in enumerate(label.text):
            x = label.x + k
            if 0 <= x < width:
                rows[label.y][x] = ch
                roles[label.y][x] = "#"
    return MapDrawing(
        width,
        height,
        mode,
        ["".join(r) for r in rows],
        ["".join(r) for r in roles],
        labels,
        broken,
    )


def draw_fitted(places: list[Place], width: int, height: int, mode: str = BRAILLE) -> MapDrawing:
    """`draw_map`, but if some label cannot keep its order at this height, a row or two less
    (the map a little smaller, the rows padded) is tried and the best kept."""
    best = draw_map(places, width, height, mode)
    for less in (1, 2):
        if best.broken == 0 or height - less < 8:
            break
        smaller = draw_map(places, width, height - less, mode)
        if smaller.broken < best.broken:
            best = _padded(smaller, height)
    return best


def _padded(drawing: MapDrawing, height: int) -> MapDrawing:
    """The drawing with blank rows added below, up to `height` rows."""
    blank = " " * drawing.width
    extra = height - drawing.height
    return MapDrawing(
        drawing.width,
        height,
        drawing.mode,
        drawing.rows + [blank] * extra,
        drawing.roles + [blank] * extra,
        drawing.labels,
        drawing.broken,
    )


def _place_labels(
    places: list[Place], canvas: _Canvas, project: _Projection
) -> tuple[dict[int, Label], int]:
    """A label for every place: at its own cell where that is free, else moved as little as
    keeps labels apart and keeps each on the same side of the others as their places (north
    of, south of; east or west of, unless the places are a cell apart on different rows).

    Greedy, tried in a few orders (crowded markers first, then others); the first order that
    keeps every label in order wins, else the one that breaks the fewest.
    """
    width, height = canvas.width, canvas.height
    points: dict[int, tuple[int, int]] = {}
    for place in places:
        px, py = project(place.lon, place.lat)
        points[place.number] = (
            min(width - 1, max(0, int(px // canvas.dx))),
            min(height - 1, max(0, int(py // canvas.dy))),
        )

    def crowd(place: Place) -> int:
        x, y = points[place.number]
        return sum(
            1
            for n, (ox, oy) in points.items()
            if n != place.number and abs(ox - x) <= 4 and abs(oy - y) <= 1
        )

    def where(p: Place) -> tuple[int, int]:
        return points[p.number][1], points[p.number][0]

    orders = [
        sorted(places, key=lambda p: (crowd(p), where(p))),
        sorted(places, key=lambda p: (crowd(p), -where(p)[0], -where(p)[1])),
        sorted(places, key=lambda p: (-crowd(p), where(p))),
        sorted(places, key=lambda p: (crowd(p), where(p)[1], where(p)[0])),
        sorted(places, key=lambda p: (crowd(p), -where(p)[1], -where(p)[0])),
        sorted(places, key=lambda p: (crowd(p), where(p)[1], -where(p)[0])),
        sorted(places, key=lambda p: (crowd(p), -where(p)[1], where(p)[0])),
        sorted(places, key=lambda p: (crowd(p), where(p)[0], -where(p)[1])),
    ]
    best: tuple[int, int, dict[int, Label]] | None = None
    for order in orders:
        labels, broken = _greedy(order, places, points, width, height)
        moved = sum(abs(lb.x - lb.point[0]) + 2 * abs(lb.y - lb.point[1]) for lb in labels.values())
        if best is None or (broken, moved) < best[:2]:
            best = (broken, moved, labels)
        if broken == 0:
            break
    assert best is not None
    return dict(sorted(best[2].items())), best[0]


def _greedy(
    order: list[Place],
    places: list[Place],
    points: dict[int, tuple[int, int]],
    width: int,
    height: int,
) -> tuple[dict[int, Label], int]:
    """Place labels in `order`; return them and how many break the order of their places."""
    taken: set[tuple[int, int]] = set()  # label cells, with one cell of room either side
    labels: dict[int, Label] = {}
    placed: list[tuple[int, int, int, int]] = []  # (place x, place y, label x, label y)
    broken = 0
    offsets = _offsets()
    for place in order:
        x, y = points[place.number]
        text = place.label
        size = len(text)
        # other places' cells stay visible (a place sharing this one's cell does not count)
        blocked = taken | {points[p.number] for p in places if points[p.number] != (x, y)}
        spot = None
        for strict in (True, False):
            for dx, dy in offsets:
                gx, gy = x + dx, y + dy
                if gy < 0 or gy >= height or gx < 0 or gx + size > width:
                    continue
                if (
                    (gx, gy) in blocked
                    or (gx + 1, gy) in blocked
                    or (size > 2 and (gx + 2, gy) in blocked)
                    or (size > 3 and any((gx + k, gy) in blocked for k in range(3, size)))
                ):
                    continue
                if strict and any(
                    (y < oy and gy >= ly)
                    or (y > oy and gy <= ly)
                    or ((x - ox >= 2 or (x > ox and abs(y - oy) <= 1)) and gx <= lx)
                    or ((ox - x >= 2 or (x < ox and abs(y - oy) <= 1)) and gx >= lx)
                    for ox, oy, lx, ly in placed
                ):
                    continue
                spot = (gx, gy)
                break
            if spot is not None:
                broken += not strict
                break
        if spot is None:  # nowhere free: overlap rather than hide (only in drawings far too small)
            spot = (min(x, max(0, width - size)), y)
            broken += 1
        gx, gy = spot
        labels[place.number] = Label(place, gx, gy, text, (x, y), moved=(gx, gy) != (x, y))
        placed.append((x, y, gx, gy))
        for k in range(-1, size + 1):
            taken.add((gx + k, gy))
    return labels, broken


_OFFSETS: list[tuple[int, int]] = []


def _offsets() -> list[tuple[int, int]]:
    """Where to try a label's first cell, nearest first (a row counts as two columns)."""
    if not _OFFSETS:
        spots = [(dx, dy) for dx in range(-12, 13) for dy in range(-5, 6)]
        # to the right or left of the point reads best; straight above or below next
        _OFFSETS.extend(
            sorted(spots, key=lambda d: (d[0] ** 2 + (2.2 * d[1]) ** 2, d[1] != 0, -d[0]))
        )
    return _OFFSETS


def _leader(canvas: _Canvas, px: float, py: float, label: Label) -> None:
    """A dotted line from the true position to the nearest edge of the moved label."""
    left = label.x * canvas.dx
    right = (label.x + len(label.text)) * canvas.dx - 1
    top, bottom = label.y * canvas.dy, (label.y + 1) * canvas.dy - 1
    tx = min(max(px, left), right)
    ty = min(max(py, top), bottom)
    canvas.line(px, py, tx, ty, "L")
    canvas.dot(int(px) + 1, int(py), "L")


def legend_lines(places: list[Place], wave_names: dict[int, str] | None = None) -> list[str]:
    """The key to the shapes, then one line per marker: `●  3  Dorset`."""
    waves = sorted({p.wave for p in places if p.wave is not None})
    key = [f"{shape(w)} {(wave_names or {}).get(w, f'wave {w}')}" for w in waves]
    devolved = sorted({p.wave for p in places if p.devolved and p.wave is not None})
    if devolved:
        key.append(" ".join(shape(w, True) for w in devolved) + " devolution area")
    lines = ["   ".join(key)]
    for place in sorted(places, key=lambda p: p.number or 0):
        lines.append(f"{shape(place.wave, place.devolved)} {place.number:>2}  {place.name}")
    return lines


def places_of(content: Content) -> list[Place]:
    """The mapped ICSs that have a position, as places to draw."""
    return [
        Place(ics.number, ics.lat, ics.lon, ics.wave, ics.devolution_area, ics.title)
        for ics in content.mapped_icss
        if ics.number is not None and ics.lat is not None and ics.lon is not None
    ]


def wave_names(content: Content) -> dict[int, str]:
    """Wave number -> "first wave (March 2017)", for the legend."""
    return {w.number: f"{w.title.lower()} ({_month_year(w.announced)})" for w in content.waves}


_MONTHS = (
    "January February March April May June July August September October November December".split()
)


def _month_year(date: str) -> str:
    """'2017-03' as 'March 2017' (anything else unchanged)."""
    parts = date.split("-")
    if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


POSITIONS_NOTE = (
    "Positions are approximate (the main towns of each area), added by this project: "
    "neither document gives them."
)


def height_for(width: int) -> int:
    """The height in cells that England needs when drawn `width` cells wide."""
    west, east, south, north = _DRAWN_BOUNDS
    return max(3, round(width * (north - south) / (2 * (east - west) * _MID_LAT)))


def plain_map(content: Content, width: int = 60, mode: str = BRAILLE) -> str:
    """The map, its key and numbered legend, the note on positions and the credit."""
    places = places_of(content)
    if not places:
        return "This content gives no map positions (lat/lon) for its ICSs: no map to draw.\n"
    drawing = draw_fitted(places, width, height_for(width), mode)
    lines = [row.rstrip() for row in drawing.rows]
    lines += ["", *legend_lines(places, wave_names(content)), ""]
    lines += textwrap.wrap(POSITIONS_NOTE, max(width, 40))
    lines += textwrap.wrap(CREDIT, max(width, 40))
    return "\n".join(lines) + "\n"
