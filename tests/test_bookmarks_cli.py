"""`ics-tui bookmarks`, `bookmarks export` and `locate`, against a small content pack written here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ics_tui.cli import main
from ics_tui.core.loader import load_content
from ics_tui.core.plaintext import section_text
from ics_tui.data.bookmarks import FILE_NAME, Bookmark, dump, parse

PACK = """
[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "Integrated care systems: a test title"
publisher = "British Medical Association"
date = "2019-02"
reference = "BMA 20190127"
note_word = "ref"

[[document.ref]]
number = "7"
text = "Dorset Care Record, a test reference"

[[document.ref]]
number = "8"
text = "Not cited by any bookmarked section"

[[group]]
id = "ics-map"
title = "ICS map"

[[group]]
id = "tiers"
title = "Structural tiers"

[[wave]]
number = 1
title = "First wave"
announced = "2018-06"
body = "The first systems."
[[wave.cite]]
doc = "bma-2019"
heading = "Map"

[[ics]]
id = "ics/dorset"
title = "Dorset"
body = "Dorset is a test system with a body paragraph."
number = 1
wave = 1
[[ics.cite]]
doc = "bma-2019"
heading = "Dorset heading"
paras = [2]
notes = ["7"]
[[ics.fact]]
text = "Dorset shares records across its providers."
[[ics.fact.cite]]
doc = "bma-2019"
heading = "Shared records"
paras = [3]

[[tier]]
id = "tiers/place"
title = "Place"
body = "The place tier covers a town or borough."
level = 3
population_min = 250000
population_max = 500000
[[tier.cite]]
doc = "bma-2019"
heading = "Tiers"
paras = [1]
"""

BOOKMARKS = [
    Bookmark(
        "d0",
        "ics/dorset",
        "Dorset",
        "Raise at the LNC:\nrecords consent",
        "2026-01-10T09:00:00Z",
        "2026-01-11T09:00:00Z",
    ),
    Bookmark(
        "p0",
        "tiers/place",
        "Place tier (our borough)",
        "",
        "2026-02-10T09:00:00Z",
        "2026-02-10T09:00:00Z",
    ),
    Bookmark(
        "g0",
        "ics/renamed-long-ago",
        "An old bookmark",
        "still mine",
        "2026-03-10T09:00:00Z",
        "2026-03-10T09:00:00Z",
    ),
]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.toml").write_text(PACK, encoding="utf-8")
    data = tmp_path / "data"
    for name, var in (
        ("data", "ICS_TUI_DATA_DIR"),
        ("state", "ICS_TUI_STATE_DIR"),
        ("config", "ICS_TUI_CONFIG_DIR"),
    ):
        monkeypatch.setenv(var, str(tmp_path / name))
    monkeypatch.setenv("ICS_TUI_CONTENT", str(pack))
    return {"pack": pack, "data": data, "root": tmp_path}


def with_bookmarks(env: dict[str, Path]) -> bytes:
    env["data"].mkdir(exist_ok=True)
    raw = dump(BOOKMARKS).encode()
    (env["data"] / FILE_NAME).write_bytes(raw)
    return raw


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_bookmarks_with_none_yet(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "bookmarks")
    assert status == 0 and err == ""
    assert (
        out
        == f"No bookmarks yet ({env['data'] / FILE_NAME}). In the explorer, press b on a section to bookmark it.\n"
    )


def test_bookmarks_lists_title_note_date_citation_and_missing(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    raw = with_bookmarks(env)
    content = load_content(env["pack"])
    status, out, err = run(capsys, "bookmarks")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"3 bookmarks ({env['data'] / FILE_NAME}), newest first:"
    headings = [line for line in lines if line and not line.startswith(" ") and line != lines[0]]
    assert headings == [
        "An old bookmark  [ics/renamed-long-ago] (missing from this content)",
        "Place tier (our borough)  [tiers/place]",
        "Dorset  [ics/dorset]",
    ]
    dorset = out[out.index("Dorset  [ics/dorset]") :]
    assert "  Note: Raise at the LNC:\n        records consent\n" in dorset
    assert "  Added: 10 January 2026, 09:00 UTC\n" in dorset
    assert f"  Source: {content.cite(content.get('ics/dorset').citations[0])}\n" in dorset
    assert "Source: BMA briefing" in dorset and '"Dorset heading", para 2, ref 7' in dorset
    place = out[out.index("Place tier (our borough)") : out.index("Dorset  [ics/dorset]")]
    assert "  Section: Place\n" in place and "Note:" not in place
    missing = out[: out.index("Place tier (our borough)")]
    assert "  Note: still mine\n" in missing and "Source:" not in missing
    assert (
        env["data"] / FILE_NAME
    ).read_bytes() == raw  # listing changes nothing; the missing one is kept


def test_export_markdown_holds_titles_notes_full_text_and_citations(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with_bookmarks(env)
    content = load_content(env["pack"])
    status, out, err = run(capsys, "bookmarks", "export")
    assert status == 0 and err == ""
    assert out.startswith("# My ICS Explorer bookmarks\n\n3 bookmarks, newest first, exported ")
    # the date as a British reader writes it ("2 December 2026"), not ISO
    exported = out.split("exported ", 1)[1].split(".", 1)[0]
    assert re.fullmatch(
        r"\d{1,2} (January|February|March|April|May|June|July|August|September|"
        r"October|November|December) \d{4}",
        exported,
    ), exported
    order = [
        out.index(h)
        for h in (
            "## 1. An old bookmark\n",
            "## 2. Place tier (our borough)\n",
            "## 3. Dorset\n",
            "## References\n",
        )
    ]
    assert order == sorted(order)
    dorset = out[out.index("## 3. Dorset") : out.index("## References")]
    assert "My note:\n\n> Raise at the LNC:\n> records consent\n" in dorset
    assert "Bookmarked 10 January 2026." in dorset
    # The section's full plain text, unwrapped, facts and their citations included, without its title.
    body = (
        section_text(content, content.get("ics/dorset"), width=0, underline=False)
        .split("\n", 1)[1]
        .strip()
    )
    assert body in dorset
    assert "- Dorset shares records across its providers." in dorset
    assert "(BMA briefing" in dorset and '"Shared records", para 3)' in dorset
    assert "Dorset is a test system with a body paragraph." in dorset
    assert "\n======" not in out
    place = out[out.index("## 2. Place") : out.index("## 3. Dorset")]
    assert (
        "Section: Place\n" in place
        and "Population: 250,000-500,000 people" in place
        and "My note" not in place
    )
    missing = out[out.index("## 1. An old bookmark") : out.index("## 2. Place")]
    assert (
        "`ics/renamed-long-ago` (missing from this content)" in missing
        and "> still mine" in missing
    )
    sources = out[out.index("## References") :]
    assert (
        "- BMA briefing: British Medical Association. Integrated care systems: a test title. February 2019. BMA 20190127."
        in sources
    )
    assert (
        "  Cited: “Tiers”, para 1; “Dorset heading”, para 2; “Shared records”, para 3\n" in sources
    )
    assert "  - ref 7: Dorset Care Record, a test reference" in sources
    assert "Not cited by any bookmarked section" not in sources


def test_export_json_is_complete_and_parseable(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with_bookmarks(env)
    content = load_content(env["pack"])
    status, out, err = run(capsys, "bookmarks", "export", "--format", "json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert data["count"] == 3 and [b["id"] for b in data["bookmarks"]] == ["g0", "p0", "d0"]
    missing, place, dorset = data["bookmarks"]
    assert missing["missing"] is True and missing["note"] == "still mine" and "text" not in missing
    assert dorset["missing"] is False and dorset["note"] == "Raise at the LNC:\nrecords consent"
    assert (
        dorset["added"] == "2026-01-10T09:00:00Z"
        and dorset["section_title"] == "Dorset"
        and dorset["kind"] == "ics"
    )
    assert dorset["text"] == section_text(
        content, content.get("ics/dorset"), width=0, underline=False
    )
    assert dorset["citations"] == [
        {
            "doc": "bma-2019",
            "heading": "Dorset heading",
            "paras": [2],
            "notes": ["7"],
            "label": content.cite(content.get("ics/dorset").citations[0]),
        }
    ]
    assert place["title"] == "Place tier (our borough)" and place["section_title"] == "Place"
    assert data["documents"]["bma-2019"]["title"] == "Integrated care systems: a test title"


def test_export_to_a_file(env: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    with_bookmarks(env)
    _, printed, _ = run(capsys, "bookmarks", "export")
    target = env["root"] / "out"
    target.mkdir()
    status, out, err = run(capsys, "bookmarks", "export", "-o", str(target / "for-the-lnc.md"))
    assert status == 0 and out == ""
    assert err == f"Wrote 3 bookmarks to {target / 'for-the-lnc.md'}\n"
    assert (target / "for-the-lnc.md").read_text(encoding="utf-8") == printed
    status, out, err = run(
        capsys, "bookmarks", "export", "--format", "json", "-o", str(target / "b.json")
    )
    assert status == 0 and json.loads((target / "b.json").read_text(encoding="utf-8"))["count"] == 3


def test_export_to_a_folder_or_nowhere_fails_clearly(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with_bookmarks(env)
    status, out, err = run(capsys, "bookmarks", "export", "-o", str(env["root"]))
    assert status == 2 and out == "" and "is a folder; give a file name" in err
    status, out, err = run(
        capsys, "bookmarks", "export", "-o", str(env["root"] / "no" / "such" / "dir" / "x.md")
    )
    assert status == 2 and "is not a folder that exists" in err and "Traceback" not in err


def test_export_never_replaces_an_existing_file_without_force(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with_bookmarks(env)
    target = env["root"] / "for-the-lnc.md"
    target.write_text("the member's own paper", encoding="utf-8")
    status, out, err = run(capsys, "bookmarks", "export", "-o", str(target))
    assert status == 2 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "the member's own paper"
    status, out, err = run(capsys, "bookmarks", "export", "-o", str(target), "--force")
    assert status == 0 and target.read_text(encoding="utf-8").startswith(
        "# My ICS Explorer bookmarks"
    )


def test_export_into_a_fifo_writes_through_it_and_keeps_the_fifo(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import stat
    import threading

    with_bookmarks(env)
    fifo = env["root"] / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, out, err = run(capsys, "bookmarks", "export", "-o", str(fifo))
    reader.join(timeout=30)
    assert status == 0 and received and received[0].startswith(b"# My ICS Explorer bookmarks")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not replaced by a file


def test_export_html_is_a_page_with_escaped_text_notes_and_references(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with_bookmarks(env)
    status, out, err = run(capsys, "bookmarks", "export", "--format", "html")
    assert status == 0 and err == ""
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert (
        "<h2>3. Dorset</h2>" in out
        and "<blockquote>Raise at the LNC:<br>\nrecords consent</blockquote>" in out
    )
    assert "<li>Dorset shares records across its providers.<br><small>" in out
    assert "<h2>References</h2>" in out and "February 2019" in out
    assert "<script" not in out


def test_store_notices_go_to_stderr_and_output_stays_clean(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    env["data"].mkdir()
    garbage = b"\x00\x9f not json at all \xff"
    (env["data"] / FILE_NAME).write_bytes(garbage)
    status, out, err = run(capsys, "bookmarks", "export", "--format", "json")
    assert status == 0 and json.loads(out)["count"] == 0
    assert err.startswith(
        "ics-tui: Your bookmarks file could not be read (not text: binary data); it was moved to "
    )
    moved = [p for p in env["data"].iterdir() if ".corrupt-" in p.name]
    assert len(moved) == 1 and moved[0].read_bytes() == garbage and str(moved[0]) in err


def test_session_only_data_folder_is_reported(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    env["data"].write_text("a file where the folder should be")
    status, out, err = run(capsys, "bookmarks")
    assert status == 0
    assert "(a file is in the way); they are kept for this session only." in err
    assert "(kept for this session only)" in out


def test_bookmarks_of_missing_sections_survive_commands(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    with_bookmarks(env)
    for argv in (
        ["bookmarks"],
        ["bookmarks", "export"],
        ["bookmarks", "export", "--format", "json"],
    ):
        assert run(capsys, *argv)[0] == 0
    assert [b.id for b in parse((env["data"] / FILE_NAME).read_bytes())] == ["d0", "p0", "g0"]


def test_broken_content_is_a_clear_error(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (env["pack"] / "pack.toml").write_text("[[ics]\nbroken", encoding="utf-8")
    status, out, err = run(capsys, "bookmarks")
    assert status == 2 and out == "" and "problem(s)" in err and "Traceback" not in err


def test_locate_prints_every_place(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "locate")
    assert status == 0 and err == ""
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert list(rows) == ["content", "data", "bookmarks", "state", "config"]
    assert f"  {env['pack']}  (from $ICS_TUI_CONTENT, exists)" in rows["content"]
    assert f"  {env['data']}  (from $ICS_TUI_DATA_DIR, not created yet)" in rows["data"]
    assert f"  {env['data'] / FILE_NAME}  (not created yet)" in rows["bookmarks"]
    assert f"  {env['root'] / 'state'}  (from $ICS_TUI_STATE_DIR" in rows["state"]
    assert f"  {env['root'] / 'config'}  (from $ICS_TUI_CONFIG_DIR" in rows["config"]
    with_bookmarks(env)
    _, out, _ = run(capsys, "--content", str(env["pack"]), "locate")
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert rows["bookmarks"].endswith("(exists)") and "(from --content, exists)" in rows["content"]


def test_locate_defaults_come_from_platformdirs(
    env: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    for var in ("ICS_TUI_CONTENT", "ICS_TUI_DATA_DIR", "ICS_TUI_STATE_DIR", "ICS_TUI_CONFIG_DIR"):
        monkeypatch.delenv(var)
    _, out, _ = run(capsys, "locate")
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert f"  {platformdirs.user_data_dir('ics-tui', appauthor=False)}  (default, " in rows["data"]
    assert (
        f"  {platformdirs.user_config_dir('ics-tui', appauthor=False)}  (default, "
        in rows["config"]
    )
    assert "(shipped, " in rows["content"]
