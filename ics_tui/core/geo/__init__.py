"""The outline of Great Britain (England, Wales, Scotland) for drawing the ICS map.

`outline.json` holds each country as rings of `[lon, lat]` points, first point repeated
last. Source: Natural Earth 1:50m "admin-0 map units" (public domain; Natural Earth asks
no permission or fee and suggests the credit "Made with Natural Earth"), from a CC0
GeoJSON conversion, simplified (Douglas-Peucker) to about 0.01 degrees.

The positions of the ICSs are not here: they are content (`lat`/`lon` on each `[[ics]]`),
approximate centres of each area's main towns, the project's own addition.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

Ring = tuple[tuple[float, float], ...]

OUTLINE_FILE = Path(__file__).with_name("outline.json")
CREDIT = "Map outline: Natural Earth (public domain), simplified. Made with Natural Earth."
SOURCE = (
    "Natural Earth 1:50m admin-0 map units (public domain, naturalearthdata.com), from a CC0 "
    "GeoJSON conversion, simplified to about 0.01 degrees. Made with Natural Earth."
)

# England's extent (lon west-east, lat south-north) with a little room for its coast.
ENGLAND_BOUNDS = (-5.8, 1.9, 49.9, 55.9)
NEAR_COAST = 0.1  # degrees: a position this close to England's coast still counts as in England


@lru_cache(maxsize=1)
def outline() -> dict[str, tuple[Ring, ...]]:
    """Country name -> its rings, read once from the shipped file."""
    data = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    return {
        name: tuple(tuple((float(lon), float(lat)) for lon, lat in ring) for ring in rings)
        for name, rings in data["lonlat"].items()
    }


def _inside(rings: tuple[Ring, ...], lon: float, lat: float) -> bool:
    """Even-odd rule over every ring (islands are rings of their own)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _near(rings: tuple[Ring, ...], lon: float, lat: float, within: float) -> bool:
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            dx, dy = x2 - x1, y2 - y1
            t = ((lon - x1) * dx + (lat - y1) * dy) / (dx * dx + dy * dy or 1.0)
            t = min(1.0, max(0.0, t))
            if (x1 + t * dx - lon) ** 2 + (y1 + t * dy - lat) ** 2 <= within * within:
                return True
    return False


def in_england(lat: float, lon: float) -> bool:
    """True if the point is on England's land (or within about 10 km of its coast)."""
    west, east, south, north = ENGLAND_BOUNDS
    if not (south <= lat <= north and west <= lon <= east):  # (also false for NaN)
        return False
    rings = outline()["England"]
    return _inside(rings, lon, lat) or _near(rings, lon, lat, NEAR_COAST)
