"""The loader names the file, line and key of every problem, and never fails any other way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ics_tui.core.loader import ContentError, load_content
from ics_tui.data.locations import shipped_content_dir

DOCS = '''[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "Integrated care systems"
publisher = "British Medical Association"
date = "2019-02"
[[document.ref]]
number = "7"
text = "Dorset Care Record."
'''
GROUPS = '[[group]]\nid = "ics-map"\ntitle = "ICS map"\n'
SECTION = '''[[section]]
id = "bma/one"
group = "ics-map"
title = "One"
body = "A body."
[[section.cite]]
doc = "bma-2019"
heading = "Background"
'''


def pack(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    base = {"documents.toml": DOCS, "groups.toml": GROUPS, "sections.toml": SECTION}
    base.update({f"{k}.toml": v for k, v in files.items()})
    for name, text in base.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return [str(p) for p in caught.value.problems]


def test_a_small_valid_pack_loads(tmp_path):
    content = load_content(pack(tmp_path))
    assert content.sections["bma/one"].title == "One"


def test_syntax_error_names_file_and_line(tmp_path):
    folder = pack(tmp_path, sections=SECTION + 'broken = "unterminated\n')
    [message] = problems(folder)
    assert message.startswith(f"{folder / 'sections.toml'}:9: TOML syntax error")


def test_unknown_key_suggests_the_right_one(tmp_path):
    folder = pack(tmp_path, sections=SECTION.replace('title = "One"', 'titel = "One"'))
    found = problems(folder)
    assert f'{folder / "sections.toml"}:4: [[section]] "bma/one": unknown key "titel"; did you mean "title"?' in found
    assert any('missing required key "title"' in p for p in found)


def test_unknown_table_and_wrong_type(tmp_path):
    bad = SECTION.replace('body = "A body."', "body = 3") + '\n[[sectoin]]\nid = "x"\n'
    found = problems(pack(tmp_path, sections=bad))
    assert any(':5: [[section]] "bma/one": "body" must be a non-empty string, not an integer' in p for p in found)
    assert any(':10: unknown table [[sectoin]]; did you mean "section"?' in p for p in found)


def test_dangling_citation_and_cross_reference(tmp_path):
    bad = SECTION.replace('doc = "bma-2019"', 'doc = "bma-2018"').replace('body = "A body."', 'body = "A body."\nsee_also = ["bma/two"]')
    found = problems(pack(tmp_path, sections=bad))
    assert any(':6: [[section]] "bma/one": see_also names "bma/two", which no record defines' in p for p in found)
    assert any('cites document "bma-2018", which no [[document]] defines; did you mean "bma-2019"?' in p for p in found)


def test_footnote_must_exist_in_the_reference_list(tmp_path):
    bad = SECTION + 'notes = ["99"]\n'
    [message] = problems(pack(tmp_path, sections=bad))
    assert ':9: [[section]] "bma/one": cites footnote "99" of "bma-2019"' in message


def test_duplicate_ids_name_both_places(tmp_path):
    found = problems(pack(tmp_path, sections=SECTION + "\n" + SECTION))
    assert any(':11: duplicate id "bma/one" (first defined at ' in p and "sections.toml:2)" in p for p in found)


def test_empty_body_and_missing_citation(tmp_path):
    bad = SECTION.replace('body = "A body."', 'body = "   "').split("[[section.cite]]")[0]
    found = problems(pack(tmp_path, sections=bad))
    assert any(':5: [[section]] "bma/one": "body" is empty' in p for p in found)
    assert any("missing required table [[section.cite]]" in p for p in found)


def test_unknown_group(tmp_path):
    [message] = problems(pack(tmp_path, sections=SECTION.replace('group = "ics-map"', 'group = "icsmap"')))
    assert ':3: [[section]] "bma/one": group "icsmap" is not defined by any [[group]]; did you mean "ics-map"?' in message


def test_all_problems_are_reported_at_once(tmp_path):
    folder = pack(tmp_path, sections=SECTION.replace('title = "One"', "title = 1"), extra='x = "unterminated\n')
    found = problems(folder)
    assert any("extra.toml:1: TOML syntax error" in p for p in found)
    assert any("sections.toml:4:" in p for p in found)


def test_control_characters_are_removed_and_brackets_kept(tmp_path):
    text = SECTION.replace('body = "A body."', 'body = "[bold red]x\\u001b]0;PWNED\\u0007 y\\u009b"')
    content = load_content(pack(tmp_path, sections=text))
    assert content.sections["bma/one"].body == "[bold red]x]0;PWNED y"


def test_cli_validate_reports_a_broken_copy_of_the_shipped_content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(shipped_content_dir(), folder)
    icss = folder / "icss.toml"
    icss.write_text(icss.read_text(encoding="utf-8").replace('title = "Dorset"', 'title = "Dorset"\nnmber = 3', 1), encoding="utf-8")
    tiers = folder / "tiers.toml"
    tiers.write_text(tiers.read_text(encoding="utf-8").replace('doc = "bma-2019"', 'doc = "bma-2091"', 1), encoding="utf-8")
    (folder / "zz-broken.toml").write_text('[[section]\nid = "x"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "ics_tui", "validate", str(folder)], capture_output=True, text=True)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert f"{icss}:" in run.stderr and 'unknown key "nmber"' in run.stderr
    assert f"{tiers}:" in run.stderr and 'cites document "bma-2091"' in run.stderr
    assert f"{folder / 'zz-broken.toml'}:1: TOML syntax error" in run.stderr


def test_cli_validate_and_version_on_the_shipped_content():
    run = subprocess.run([sys.executable, "-m", "ics_tui", "validate"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "15 ICSs" in run.stdout and "5 principles" in run.stdout and "4 tiers" in run.stdout
    version = subprocess.run([sys.executable, "-m", "ics_tui", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("ics-tui ")


# --- property: mutated or random content is a model or a ContentError, nothing else ---------

SHIPPED_SECTION_FILE = (shipped_content_dir() / "tiers.toml").read_text(encoding="utf-8")


@st.composite
def mutated(draw) -> str:
    text = SHIPPED_SECTION_FILE
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if action == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 40)):]
        elif action == "insert":
            text = text[:where] + draw(st.text(max_size=20)) + text[where:]
        else:
            text = text[:where] + text[max(0, where - 60):where] + text[where:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(mutated(), st.text(max_size=300)))
def test_mutated_content_loads_or_raises_content_error(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("documents.toml", "groups.toml", "glossary.toml", "advice.toml", "briefing.toml", "icss.toml"):
        shutil.copy(shipped_content_dir() / name, folder / name)
    (folder / "tiers.toml").write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates: invalid UTF-8
    try:
        content = load_content(folder)
    except ContentError as error:
        assert error.problems and all(str(p).split(":")[0] for p in error.problems)
    else:
        assert len(content) > 0
