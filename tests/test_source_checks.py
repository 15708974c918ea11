"""`validate`'s fidelity checks: each one catches a deliberately broken record.

Two layers. A small made-up source copy and pack (always available) shows each check
failing and passing. The shipped content is then checked against the real source copies,
which live beside the clone in `../shared/seeds` (CI copies `shared/` there) or wherever
`ICS_TUI_SOURCES` points; the copies are not in the repository because the briefing is the
BMA's copyright and the project ships facts, never the documents' sentences.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ics_tui.core import checks
from ics_tui.core.loader import load_content
from ics_tui.core.plaintext import PROJECT_NOTE, section_text
from ics_tui.data.locations import shipped_content_dir

SEEDS = Path(
    os.environ.get("ICS_TUI_SOURCES") or Path(__file__).resolve().parents[2] / "shared" / "seeds"
)

# --- a made-up source copy and pack ---------------------------------------------------------

SOURCE = """Briefing Integrated care systems

Background

Fourteen systems were in place by February 2019, covering 2.7 million people.¹

Dorset is sharing records across its system.²

Later news

In December 2018 one council suspended its part for six months.³

References

- 1 A plan. January 2019.
- 2 A record.
- 3 A news story. December 2018.
"""

DOCS = """[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "Integrated care systems"
publisher = "British Medical Association"
date = "2019-02"
[[document.ref]]
number = "1"
text = "A plan."
[[document.ref]]
number = "2"
text = "A record."
[[document.ref]]
number = "3"
text = "A news story."
"""
GROUPS = '[[group]]\nid = "g"\ntitle = "G"\n[[group]]\nid = "ics-map"\ntitle = "Map"\n[[group]]\nid = "timeline"\ntitle = "T"\n'
GOOD = """[[section]]
id = "bma/one"
group = "g"
title = "Systems in place"
body = "There were 14 systems by February 2019, serving 2.7 million people."
[[section.cite]]
doc = "bma-2019"
heading = "Background"
paras = [1]
notes = ["1"]

[[event]]
id = "timeline/2018-12-suspension"
date = "2018-12"
title = "A council suspends its part"
body = "For six months."
[[event.cite]]
doc = "bma-2019"
heading = "Later news"
paras = [1]
notes = ["3"]
"""


def make(tmp_path: Path, records: str) -> tuple[Path, Path]:
    pack = tmp_path / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "documents.toml").write_text(DOCS, encoding="utf-8")
    (pack / "groups.toml").write_text(GROUPS, encoding="utf-8")
    (pack / "records.toml").write_text(records, encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    (sources / "briefing.txt").write_text(SOURCE, encoding="utf-8")
    return pack, sources


def findings(tmp_path: Path, records: str) -> list[str]:
    pack, sources = make(tmp_path, records)
    content = load_content(pack)
    found, missing = checks.check_sources(content, sources)
    assert missing == []
    return [str(p) for p in checks.check_content(content) + found]


def test_a_faithful_pack_passes(tmp_path):
    assert findings(tmp_path, GOOD) == []


def test_a_footnote_cited_with_the_wrong_paragraph_is_caught(tmp_path):
    broken = GOOD.replace('paras = [1]\nnotes = ["1"]', 'paras = [2]\nnotes = ["1"]', 1)
    notes = [f for f in findings(tmp_path, broken) if "cites note" in f]
    assert len(notes) == 1 and '"bma/one"' in notes[0]
    assert 'note 1 with "Background" paras [2]' in notes[0] and '"Background" para 1' in notes[0]
    assert notes[0].split(":")[1] == "2", "the problem names the record's id line"


def test_a_number_no_cited_paragraph_prints_is_caught_unless_derived_and_explained(tmp_path):
    broken = GOOD.replace("2.7 million", "2.8 million")
    found = findings(tmp_path, broken)
    assert len(found) == 1 and "body states 2800000" in found[0]
    derived = broken.replace(
        'title = "Systems in place"', 'title = "Systems in place"\nderived = ["2.8 million"]'
    )
    assert "no editor_note" in " ".join(findings(tmp_path, derived))
    explained = derived.replace("derived = [", 'editor_note = "Our rounding."\nderived = [')
    assert findings(tmp_path, explained) == []


def test_a_dated_timeline_entry_without_support_is_caught_unless_marked_an_estimate(tmp_path):
    broken = GOOD.replace('date = "2018-12"', 'date = "2018-11"')
    found = findings(tmp_path, broken)
    assert (
        len(found) == 1
        and 'date "2018-11"' in found[0]
        and "timeline/2018-12-suspension" in found[0]
    )
    estimate = broken.replace(
        'date = "2018-11"', 'date = "2018-11"\nderived = ["2018-11"]\neditor_note = "Our estimate."'
    )
    assert findings(tmp_path, estimate) == []


def test_a_fact_citation_the_record_level_citations_miss_is_caught(tmp_path):
    ics = """[[ics]]
id = "ics/dorset"
title = "Dorset"
body = "Dorset shares records."
[[ics.cite]]
doc = "bma-2019"
heading = "Background"
paras = [1]
[[ics.fact]]
text = "Working towards shared records."
[[ics.fact.cite]]
doc = "bma-2019"
heading = "Background"
paras = [2]
notes = ["2"]
"""
    found = findings(tmp_path, GOOD + ics)
    assert len(found) == 1 and 'fact 1 cites "Background", paras [2]' in found[0]
    assert findings(tmp_path, GOOD + ics.replace("paras = [1]", "paras = [1, 2]", 1)) == []


def test_the_project_note_is_labelled_in_show_and_counted_by_validate(tmp_path):
    records = GOOD.replace('group = "g"', 'group = "g"\neditor_note = "A gloss of our own."', 1)
    pack, sources = make(tmp_path, records)
    content = load_content(pack)
    text = section_text(content, content.sections["bma/one"])
    note_at, sources_at = text.index(PROJECT_NOTE), text.index("Sources:")
    assert note_at < sources_at and "A gloss of our own." in text[note_at:sources_at]
    assert "A gloss of our own." not in text[:note_at], (
        "the note is not mixed into the sourced text"
    )
    run = subprocess.run(
        [sys.executable, "-m", "ics_tui", "validate", str(pack), "--sources", str(sources)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "1 project notes" in run.stdout and "checked against the source copies" in run.stdout
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "ics_tui",
            "validate",
            str(pack),
            "--sources",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


# --- the shipped content against the real source copies ---------------------------------------

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the source copies are not at {SEEDS}")


@needs_seeds
def test_the_shipped_content_passes_every_check():
    run = subprocess.run(
        [sys.executable, "-m", "ics_tui", "validate", "--sources", str(SEEDS)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "checked against the source copies" in run.stdout and "no copy found" not in run.stdout


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> list[str]:
    folder = tmp_path / "content"
    shutil.copytree(shipped_content_dir(), folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "ics_tui", "validate", str(folder), "--sources", str(SEEDS)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    return [line.strip() for line in run.stderr.splitlines()[1:]]


@needs_seeds
def test_real_record_with_its_footnote_moved_to_another_paragraph_fails(tmp_path):
    # fn 89 (the HSJ headline) is marked in para 104; cite it with para 103 instead
    found = broken_copy(
        tmp_path, "timeline.toml", 'paras = [104]\nnotes = ["89"]', 'paras = [103]\nnotes = ["89"]'
    )
    assert any("cites note 89" in f and '"Integrated care systems" para 104' in f for f in found), (
        found
    )


@needs_seeds
def test_real_record_with_a_number_not_in_the_source_fails(tmp_path):
    found = broken_copy(tmp_path, "icss.toml", "Covers 2.7 million", "Covers 2.9 million")
    assert any('"ics/greater-manchester"' in f and "2900000" in f for f in found), found


@needs_seeds
def test_real_timeline_entry_with_an_unsupported_date_fails(tmp_path):
    found = broken_copy(tmp_path, "timeline.toml", 'date = "2016-08-26"', 'date = "2016-08-25"')
    assert any('date "2016-08-25"' in f for f in found), found


def test_the_project_note_reaches_exports_and_the_views(tmp_path, monkeypatch, capsys):
    from ics_tui.cli import main
    from ics_tui.data.bookmarks import FILE_NAME, Bookmark, dump
    from ics_tui.views import text as view_text
    from ics_tui.views.section import section_blocks

    records = GOOD.replace('group = "g"', 'group = "g"\neditor_note = "A gloss of our own."', 1)
    pack, _ = make(tmp_path, records)
    for name, var in (
        ("data", "ICS_TUI_DATA_DIR"),
        ("state", "ICS_TUI_STATE_DIR"),
        ("config", "ICS_TUI_CONFIG_DIR"),
    ):
        monkeypatch.setenv(var, str(tmp_path / name))
    monkeypatch.setenv("ICS_TUI_CONTENT", str(pack))
    (tmp_path / "data").mkdir()
    when = "2026-01-10T09:00:00Z"
    (tmp_path / "data" / FILE_NAME).write_text(
        dump([Bookmark("b0", "bma/one", "Systems", "", when, when)])
    )

    assert main(["bookmarks", "export"]) == 0
    markdown = capsys.readouterr().out
    assert f"{PROJECT_NOTE}:" in markdown and "A gloss of our own." in markdown
    assert markdown.index("A gloss of our own.") < markdown.index("Sources:")
    assert main(["bookmarks", "export", "--format", "json"]) == 0
    assert PROJECT_NOTE in capsys.readouterr().out

    content = load_content(pack)
    blocks = section_blocks(content, content.sections["bma/one"], None)
    plain = [b.plain for b in blocks]
    note = next(i for i, p in enumerate(plain) if p.startswith("✎ " + PROJECT_NOTE))
    assert "A gloss of our own." in plain[note] and plain[note + 1].startswith("Sources:")
    assert not any("A gloss" in p for p in plain[:note]), "kept apart from the sourced paragraphs"
    assert any(view_text.NOTE_STYLE in str(span.style) for span in blocks[note].spans)


def test_a_reference_list_entry_with_a_date_the_copy_does_not_print_is_caught(tmp_path):
    pack, sources = make(tmp_path, GOOD)
    (pack / "documents.toml").write_text(
        DOCS.replace('text = "A plan."', 'text = "A plan. January 2018."')
    )
    content = load_content(pack)
    found, _ = checks.check_sources(content, sources)
    assert [p.message for p in found] == [
        "document bma-2019: reference 1 states 2018, which the copy's footnote does not print"
    ]
