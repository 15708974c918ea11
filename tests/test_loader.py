"""The loader names the file, line and key of every problem, and never fails any other way."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ics_tui.core.loader import ContentError, load_content
from ics_tui.data.locations import shipped_content_dir

DOCS = """[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "Integrated care systems"
publisher = "British Medical Association"
date = "2019-02"
[[document.ref]]
number = "7"
text = "Dorset Care Record."
"""
GROUPS = '[[group]]\nid = "ics-map"\ntitle = "ICS map"\n'
SECTION = """[[section]]
id = "bma/one"
group = "ics-map"
title = "One"
body = "A body."
[[section.cite]]
doc = "bma-2019"
heading = "Background"
"""


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
    assert (
        f'{folder / "sections.toml"}:4: [[section]] "bma/one": unknown key "titel"; did you mean "title"?'
        in found
    )
    assert any('missing required key "title"' in p for p in found)


def test_unknown_table_and_wrong_type(tmp_path):
    bad = SECTION.replace('body = "A body."', "body = 3") + '\n[[sectoin]]\nid = "x"\n'
    found = problems(pack(tmp_path, sections=bad))
    assert any(
        ':5: [[section]] "bma/one": "body" must be a non-empty string, not an integer' in p
        for p in found
    )
    assert any(':10: unknown table [[sectoin]]; did you mean "section"?' in p for p in found)


def test_dangling_citation_and_cross_reference(tmp_path):
    bad = SECTION.replace('doc = "bma-2019"', 'doc = "bma-2018"').replace(
        'body = "A body."', 'body = "A body."\nsee_also = ["bma/two"]'
    )
    found = problems(pack(tmp_path, sections=bad))
    assert any(
        ':6: [[section]] "bma/one": see_also names "bma/two", which no record defines' in p
        for p in found
    )
    assert any(
        'cites document "bma-2018", which no [[document]] defines; did you mean "bma-2019"?' in p
        for p in found
    )


def test_footnote_must_exist_in_the_reference_list(tmp_path):
    bad = SECTION + 'notes = ["99"]\n'
    [message] = problems(pack(tmp_path, sections=bad))
    assert ':9: [[section]] "bma/one": cites footnote "99" of "bma-2019"' in message


def test_duplicate_ids_name_both_places(tmp_path):
    found = problems(pack(tmp_path, sections=SECTION + "\n" + SECTION))
    assert any(
        ':11: duplicate id "bma/one" (first defined at ' in p and "sections.toml:2)" in p
        for p in found
    )


def test_empty_body_and_missing_citation(tmp_path):
    bad = SECTION.replace('body = "A body."', 'body = "   "').split("[[section.cite]]")[0]
    found = problems(pack(tmp_path, sections=bad))
    assert any(':5: [[section]] "bma/one": "body" is empty' in p for p in found)
    assert any("missing required table [[section.cite]]" in p for p in found)


def test_unknown_group(tmp_path):
    [message] = problems(
        pack(tmp_path, sections=SECTION.replace('group = "ics-map"', 'group = "icsmap"'))
    )
    assert (
        ':3: [[section]] "bma/one": group "icsmap" is not defined by any [[group]]; did you mean "ics-map"?'
        in message
    )


def test_all_problems_are_reported_at_once(tmp_path):
    folder = pack(
        tmp_path,
        sections=SECTION.replace('title = "One"', "title = 1"),
        extra='x = "unterminated\n',
    )
    found = problems(folder)
    assert any("extra.toml:1: TOML syntax error" in p for p in found)
    assert any("sections.toml:4:" in p for p in found)


def test_control_characters_are_removed_and_brackets_kept(tmp_path):
    text = SECTION.replace(
        'body = "A body."', 'body = "[bold red]x\\u001b]0;PWNED\\u0007 y\\u009b"'
    )
    content = load_content(pack(tmp_path, sections=text))
    assert content.sections["bma/one"].body == "[bold red]x]0;PWNED y"


def test_cli_validate_reports_a_broken_copy_of_the_shipped_content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(shipped_content_dir(), folder)
    icss = folder / "icss.toml"
    icss.write_text(
        icss.read_text(encoding="utf-8").replace(
            'title = "Dorset"', 'title = "Dorset"\nnmber = 3', 1
        ),
        encoding="utf-8",
    )
    tiers = folder / "tiers.toml"
    tiers.write_text(
        tiers.read_text(encoding="utf-8").replace('doc = "bma-2019"', 'doc = "bma-2091"', 1),
        encoding="utf-8",
    )
    (folder / "zz-broken.toml").write_text('[[section]\nid = "x"\n', encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "ics_tui", "validate", str(folder)], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert f"{icss}:" in run.stderr and 'unknown key "nmber"' in run.stderr
    assert f"{tiers}:" in run.stderr and 'cites document "bma-2091"' in run.stderr
    assert f"{folder / 'zz-broken.toml'}:1: TOML syntax error" in run.stderr


def test_cli_validate_and_version_on_the_shipped_content():
    run = subprocess.run(
        [sys.executable, "-m", "ics_tui", "validate"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "15 ICSs" in run.stdout and "5 principles" in run.stdout and "4 tiers" in run.stdout
    version = subprocess.run(
        [sys.executable, "-m", "ics_tui", "--version"], capture_output=True, text=True
    )
    assert version.stdout.startswith("ics-tui ")


# --- property: a broken pack is a model or a ContentError that points at the file and line -------

from test_loader_rules import RECORDS  # noqa: E402 - a valid pack holding every kind, file by file

from ics_tui.core.loader import ID_PATTERN  # noqa: E402
from ics_tui.core.sanitize import has_unsafe  # noqa: E402

TOML_BITS = st.sampled_from(
    [
        "[[",
        "]]",
        "[",
        "]",
        " = ",
        '"',
        '"""',
        "\n",
        ".",
        "#",
        "{",
        "}",
        ",",
        "true",
        "1e9",
        "-1",
        "0",
        'id = "x"\n',
        "[[section]]\n",
        "[[tier]]\n",
        "cite",
        "\\u001b",
    ]
)


@st.composite
def broken_pack(draw) -> tuple[str, str]:
    """One file of the every-kind pack, cut, spliced and duplicated in up to four places."""
    name = draw(st.sampled_from(sorted(RECORDS)))
    text = RECORDS[name]
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "toml", "duplicate"]))
        if action == "delete":
            text = text[:where] + text[where + draw(st.integers(1, 40)) :]
        elif action == "insert":
            text = text[:where] + draw(st.text(max_size=12)) + text[where:]
        elif action == "toml":
            text = text[:where] + draw(TOML_BITS) + text[where:]
        else:
            text = text[:where] + text[max(0, where - 60) : where] + text[where:]
    return name, text


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # a loaded CI
@given(broken_pack())
def test_a_broken_pack_loads_clean_or_each_problem_names_its_file_and_a_real_line(
    fuzz_folder, case
) -> None:
    name, text = case
    for other, original in RECORDS.items():
        (fuzz_folder / f"{other}.toml").write_text(original, encoding="utf-8")
    broken = fuzz_folder / f"{name}.toml"
    broken.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates: invalid UTF-8
    lines = {str(fuzz_folder / f"{n}.toml"): RECORDS[n].count("\n") + 1 for n in RECORDS}
    lines[str(broken)] = text.count("\n") + 1
    try:
        content = load_content(fuzz_folder)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file in lines, problem
            assert problem.line is None or 1 <= problem.line <= lines[problem.file], problem
            assert problem.message and "Traceback" not in problem.message
    else:
        # Whatever loads is clean, and a change in one file never loses another file's records.
        for section in content.sections.values():
            assert ID_PATTERN.match(section.id) and not has_unsafe(section.title + section.body)
        for other, original in RECORDS.items():
            if other != name:
                for record_id in re.findall(r'^id = "([^"]+)"', original, re.M):
                    if "/" in record_id:
                        assert record_id in content.sections, (other, record_id)
