"""The drawn map (renderer and `ics-tui map`), checked on the rendered cells, not the inputs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ics_tui.core.loader import ContentError, load_content
from ics_tui.core.mapdraw import BLOCKS, BRAILLE, draw_map, height_for, places_of, plain_map

LABEL = re.compile(r"([●◆◉◈])(\d+)")
SIZES = [(22, 12), (26, 14), (40, 20), (60, 30), (120, 40), (200, 60)]


def labels_in(rows: list[str]) -> dict[int, tuple[int, int, str]]:
    """number -> (column, row, shape) of every label found in the drawn text."""
    found: dict[int, tuple[int, int, str]] = {}
    for y, row in enumerate(rows):
        for match in LABEL.finditer(row):
            number = int(match.group(2))
            assert number not in found, f"marker {number} drawn twice"
            found[number] = (match.start(), y, match.group(1))
    return found


@pytest.fixture(scope="module")
def places(model):
    return places_of(model)


@pytest.mark.parametrize("mode", [BRAILLE, BLOCKS])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_marker_is_drawn_where_it_belongs(places, size, mode):
    drawing = draw_map(places, *size, mode=mode)
    assert len(drawing.rows) == size[1] and all(len(row) == size[0] for row in drawing.rows)
    found = labels_in(drawing.rows)
    assert sorted(found) == list(range(1, 15))
    dorset, surrey = found[3], found[10]
    assert dorset[0] < surrey[0] and dorset[1] > surrey[1], (
        "Dorset is south-west of Surrey Heartlands"
    )
    north_cumbria = found[14]
    assert all(north_cumbria[1] < y for n, (_, y, _) in found.items() if n != 14), (
        "North Cumbria is northernmost"
    )
    suffolk = found[13]
    assert all(suffolk[0] > x for n, (x, _, _) in found.items() if n != 13), (
        "Suffolk and NE Essex is easternmost"
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_labels_never_touch_and_moved_ones_have_a_leader(places, size):
    drawing = draw_map(places, *size)
    spans = [(label.y, label.x, label.x + len(label.text)) for label in drawing.labels.values()]
    for i, (y, a, b) in enumerate(spans):
        for y2, a2, b2 in spans[i + 1 :]:
            assert y != y2 or b < a2 or b2 < a, f"labels touch on row {y}"
    for label in drawing.labels.values():
        assert drawing.label_at(label.x, label.y) == label.place.number
        if label.moved:
            x, y = label.point
            near = {
                drawing.roles[yy][xx]
                for yy in range(max(0, y - 1), min(size[1], y + 2))
                for xx in range(max(0, x - 1), min(size[0], x + 2))
            }
            assert "L" in near or "#" in near, (
                f"moved marker {label.place.number} has no leader near its place"
            )


def test_the_home_counties_are_crowded_and_still_all_shown(places):
    # at the size the 80x24 map view uses, 2, 7, 8 and 10 cannot all sit at their own cells
    drawing = draw_map(places, 22, 12)
    assert any(drawing.labels[n].moved for n in (2, 7, 8, 10))
    assert all(str(n) in "".join(drawing.rows) for n in (2, 7, 8, 10))


def test_waves_differ_by_shape_without_colour(model, places):
    found = labels_in(draw_map(places, 40, 20).rows)
    for ics in model.mapped_icss:
        shape = found[ics.number][2]
        if ics.wave == 1:
            assert shape == ("◉" if ics.devolution_area else "●")
        else:
            assert shape == "◆"
    assert {found[9][2], found[10][2]} == {"◉"}, "the devolution areas are marked"


def test_modes_use_their_own_dots(places):
    braille = "".join(draw_map(places, 40, 20, BRAILLE).rows)
    blocks = "".join(draw_map(places, 40, 20, BLOCKS).rows)
    assert any("\u2801" <= ch <= "\u28ff" for ch in braille)
    assert not any("\u2800" <= ch <= "\u28ff" for ch in blocks) and "▀" in blocks
    with pytest.raises(ValueError):
        draw_map(places, 40, 20, "dots")


def test_height_keeps_england_shape():
    assert height_for(60) > height_for(30) > 0
    assert (
        0.6 < height_for(60) / 60 < 0.75
    )  # England is taller than wide; a cell is twice as tall as wide


def test_plain_map_has_the_legend_note_and_credit(model):
    text = plain_map(model, 50)
    for ics in model.mapped_icss:
        assert re.search(rf"^[●◆◉] +{ics.number}  {re.escape(ics.title)}$", text, re.M)
    assert "approximate" in text and "Natural Earth" in text
    assert "\x1b" not in text


def test_cli_map_piped_is_plain_text():
    run = subprocess.run(
        [sys.executable, "-m", "ics_tui", "map", "--width", "44"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout
    map_rows = run.stdout.split("\n\n")[0].splitlines()
    assert max(len(row) for row in map_rows) <= 44
    assert sorted(labels_in(map_rows)) == list(range(1, 15))
    assert "14  North Cumbria" in run.stdout


def test_cli_map_blocks_and_bad_width():
    run = subprocess.run(
        [sys.executable, "-m", "ics_tui", "map", "--blocks"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert run.returncode == 0 and not any("\u2800" <= ch <= "\u28ff" for ch in run.stdout)
    bad = subprocess.run(
        [sys.executable, "-m", "ics_tui", "map", "--width", "5"], capture_output=True, text=True
    )
    assert (
        bad.returncode == 2
        and "--width must be between" in bad.stderr
        and "Traceback" not in bad.stderr
    )


# --- positions are content, checked by validate -------------------------------------------

DOCS = """[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "Integrated care systems"
publisher = "British Medical Association"
date = "2019-02"

[[group]]
id = "ics-map"
title = "ICS map"

[[wave]]
number = 1
title = "First wave"
announced = "2017-03"
body = "The first ten."
[[wave.cite]]
doc = "bma-2019"
heading = "ICs mapped"
"""


def ics(ident: str, number: int, position: str) -> str:
    return f'''
[[ics]]
id = "ics/{ident}"
title = "{ident.title()}"
number = {number}
wave = 1
{position}
body = "A system."
[[ics.cite]]
doc = "bma-2019"
heading = "Figure 2"
'''


def load_pack(tmp_path: Path, *records: str):
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "all.toml").write_text(DOCS + "".join(records), encoding="utf-8")
    return load_content(folder)


def problems(tmp_path: Path, *records: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_pack(tmp_path, *records)
    return [str(p) for p in caught.value.problems]


def test_positions_load_as_numbers(tmp_path):
    content = load_pack(
        tmp_path,
        ics("dorset", 3, "lat = 50.75\nlon = -2.2"),
        ics("leeds", 12, "lat = 54\nlon = -1.6"),
    )
    dorset = content.sections["ics/dorset"]
    assert (dorset.lat, dorset.lon) == (50.75, -2.2)
    assert content.sections["ics/leeds"].lat == 54.0


def test_a_pack_without_positions_loads_and_draws_nothing(tmp_path):
    content = load_pack(tmp_path, ics("dorset", 3, ""))
    assert places_of(content) == []
    assert "no map positions" in plain_map(content)


@pytest.mark.parametrize(
    "position, message",
    [
        ("lat = 53.45\nlon = 1.30", "is not in England"),  # west written as east: the North Sea
        ("lat = 51.48\nlon = -3.18", "is not in England"),  # Cardiff
        ("lat = 48.0\nlon = -1.0", "is not in England"),
        ("lat = nan\nlon = -1.0", "is not in England"),
        ("lat = 53.45", 'give "lat" and "lon" together'),
        ('lat = "53.45"\nlon = -1.3', '"lat" must be a number, not a string'),
    ],
)
def test_bad_positions_are_reported_with_file_and_line(tmp_path, position, message):
    found = problems(tmp_path, ics("dorset", 3, position))
    assert message in found[0], found  # (a wrongly typed lat also leaves lon without its partner)
    assert re.match(r".*all\.toml:(\d+): ", found[0]) and int(found[0].split(":")[1]) > 20


def test_every_mapped_ics_has_a_position_once_any_has_one(tmp_path):
    found = problems(tmp_path, ics("dorset", 3, "lat = 50.75\nlon = -2.2"), ics("leeds", 12, ""))
    assert (
        len(found) == 1
        and '"ics/leeds": is number 12 on the map but has no "lat"/"lon"' in found[0]
    )


def test_the_shipped_content_places_all_fourteen(model):
    assert [p.number for p in places_of(model)] == list(range(1, 15))
