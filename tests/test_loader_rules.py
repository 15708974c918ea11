"""Every validation rule of the loader, one pack each: the problem names the file, line and what
to fix, and no other exception (KeyError, RecursionError...) ever escapes.

The pack below holds one valid record of every kind; each test breaks one thing in it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ics_tui.core import loader
from ics_tui.core.loader import ContentError, load_content

DEFAULT_GROUPS = (
    "ics-map",
    "compare",
    "tiers",
    "advice",
    "portability",
    "glossary",
    "timeline",
    "notes",
)

# One file per kind, so a problem's line number is easy to state. Each record's lines are
# numbered from 1 in its own file.
RECORDS = {
    "documents": """[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "Integrated care systems"
publisher = "British Medical Association"
date = "2019-02"
[[document.ref]]
number = "7"
text = "Dorset Care Record."
""",
    "groups": "".join(f'[[group]]\nid = "{g}"\ntitle = "{g.title()}"\n' for g in DEFAULT_GROUPS),
    "waves": """[[wave]]
number = 1
title = "First wave"
announced = "2017-06"
body = "The first eight."
[[wave.cite]]
doc = "bma-2019"
heading = "Waves"
""",
    "section": """[[section]]
id = "notes/one"
group = "notes"
title = "One"
body = "A body."
[[section.cite]]
doc = "bma-2019"
heading = "Background"
""",
    "ics": """[[ics]]
id = "ics/dorset"
title = "Dorset"
body = "A body."
number = 1
wave = 1
[[ics.cite]]
doc = "bma-2019"
heading = "Map"
[[ics.fact]]
text = "A fact."
[[ics.fact.cite]]
doc = "bma-2019"
heading = "Map"
""",
    "comparison": """[[comparison]]
id = "compare/a-b"
title = "A and B"
body = "A body."
left = "A"
right = "B"
[[comparison.cite]]
doc = "bma-2019"
heading = "Compare"
[[comparison.row]]
aspect = "Size"
left = "Big"
right = "Small"
""",
    "tier": """[[tier]]
id = "tiers/place"
title = "Place"
body = "A body."
level = 3
population_min = 250000
population_max = 500000
[[tier.cite]]
doc = "bma-2019"
heading = "Tiers"
""",
    "principle": """[[principle]]
id = "advice/one"
title = "One"
body = "A body."
number = 1
[[principle.cite]]
doc = "bma-2019"
heading = "Advice"
""",
    "action": """[[action]]
id = "advice/act"
title = "Act"
body = "A body."
[[action.cite]]
doc = "bma-2019"
heading = "Advice"
""",
    "portability": """[[portability]]
id = "portability/secondment"
title = "Secondment"
body = "A body."
suits = "Short projects"
check = "Your terms"
[[portability.cite]]
doc = "bma-2019"
heading = "Portability"
""",
    "term": """[[term]]
id = "glossary/ics"
title = "ICS"
body = "A body."
term = "ICS"
expansion = "Integrated care system"
[[term.cite]]
doc = "bma-2019"
heading = "Glossary"
""",
    "event": """[[event]]
id = "timeline/one"
title = "One"
body = "A body."
date = "2018-06-11"
[[event.cite]]
doc = "bma-2019"
heading = "Timeline"
""",
}


def write(folder: Path, **changed: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in {**RECORDS, **changed}.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    return [str(p) for p in caught.value.problems]


def only_problem(folder: Path) -> str:
    found = problems(folder)
    assert len(found) == 1, found
    return found[0]


def without_line(text: str, key: str, occurrence: int = 1) -> tuple[str, int]:
    """`text` without the `occurrence`-th line that sets `key`, and that line's number."""
    lines = text.splitlines(keepends=True)
    seen = 0
    for number, line in enumerate(lines, 1):
        if re.match(rf"{re.escape(key)} = ", line):
            seen += 1
            if seen == occurrence:
                return "".join(lines[: number - 1] + lines[number:]), number
    raise AssertionError(f"no {key} line in {text!r}")


def test_the_pack_of_every_kind_loads(tmp_path: Path) -> None:
    content = load_content(write(tmp_path / "pack"))
    assert {s.kind for s in content.sections.values()} == {
        "section",
        "ics",
        "comparison",
        "tier",
        "principle",
        "action",
        "portability",
        "term",
        "event",
    }
    assert content.sections["tiers/place"].population_max == 500000
    assert [w.number for w in content.waves] == [1]


# Every required key of every kind, including those of sub-tables. Missing one must be a
# content problem on the record's line, never a KeyError from deeper in the loader.
REQUIRED = (
    [("documents", key, 1) for key in ("id", "short", "title", "publisher", "date")]
    + [
        ("documents", "text", 1),
        ("groups", "title", 1),
        ("waves", "announced", 1),
        ("waves", "body", 1),
    ]
    + [
        (kind, key, 1)
        for kind in (
            "section",
            "ics",
            "comparison",
            "tier",
            "principle",
            "action",
            "portability",
            "term",
            "event",
        )
        for key in ("id", "title", "body")
    ]
    + [
        ("section", "group", 1),
        ("section", "doc", 1),
        ("section", "heading", 1),
        ("ics", "text", 1),
        ("ics", "doc", 2),
        ("comparison", "left", 1),
        ("comparison", "right", 1),
        ("comparison", "aspect", 1),
        ("comparison", "left", 2),
        ("comparison", "right", 2),
        ("tier", "level", 1),
        ("tier", "population_min", 1),
        ("principle", "number", 1),
        ("portability", "suits", 1),
        ("portability", "check", 1),
        ("term", "term", 1),
        ("term", "expansion", 1),
        ("event", "date", 1),
    ]
)


@pytest.mark.parametrize(
    "kind,key,occurrence", REQUIRED, ids=[f"{k}-{key}-{n}" for k, key, n in REQUIRED]
)
def test_a_missing_required_key_is_a_content_problem(
    tmp_path: Path, kind: str, key: str, occurrence: int
) -> None:
    text, _line = without_line(RECORDS[kind], key, occurrence)
    folder = write(tmp_path / "pack", **{kind: text})
    found = problems(folder)
    assert any(f"{kind}.toml:" in p and f'missing required key "{key}"' in p for p in found), found


@pytest.mark.parametrize(
    "kind,table", [("section", "cite"), ("comparison", "row"), ("waves", "cite")]
)
def test_a_missing_required_table_is_a_content_problem(
    tmp_path: Path, kind: str, table: str
) -> None:
    name = {"waves": "wave"}.get(kind, kind)
    head = f"[[{name}.{table}]]"
    text = RECORDS[kind]
    start = text.index(head)
    end = text.find("[[", start + len(head))
    folder = write(tmp_path / "pack", **{kind: text[:start] + (text[end:] if end != -1 else "")})
    found = problems(folder)
    assert any(
        f"{kind}.toml:1: " in p and f"missing required table [[{name}.{table}]]" in p for p in found
    ), found


def test_a_single_bracket_table_is_refused_not_dropped(tmp_path: Path) -> None:
    text = RECORDS["section"].replace("[[section]]", "[section]").split("[[section.cite]]")[0]
    message = only_problem(write(tmp_path / "pack", section=text))
    assert (
        message
        == f"{tmp_path / 'pack' / 'section.toml'}:1: section must be written as an array of tables, [[section]]"
    )


def test_a_sub_table_written_with_single_brackets_is_refused(tmp_path: Path) -> None:
    text = RECORDS["section"].replace("[[section.cite]]", "[section.cite]")
    found = problems(write(tmp_path / "pack", section=text))
    # The line index does not place `[section.cite]`, so the record's file is named, line 1.
    assert any(
        "section.toml:" in p
        and '[[section]] "notes/one": "cite" must be an array of tables, written [[section.cite]]'
        in p
        for p in found
    ), found


@pytest.mark.parametrize(
    "low,high,ok",
    [(0, None, False), (-5, 10, False), (500, 499, False), (500, 500, True), (1, None, True)],
)
def test_a_population_range_must_be_a_range_of_people(
    tmp_path: Path, low: int, high: int | None, ok: bool
) -> None:
    text = RECORDS["tier"].replace("population_min = 250000", f"population_min = {low}")
    text = text.replace(
        "population_max = 500000\n", "" if high is None else f"population_max = {high}\n"
    )
    folder = write(tmp_path / "pack", tier=text)
    if ok:
        assert load_content(folder).sections["tiers/place"].population_min == low
        return
    line = 7 if high is not None else 6
    assert only_problem(folder) == (
        f'{folder / "tier.toml"}:{line}: [[tier]] "tiers/place": population range {low}-{high} is not a range '
        "of people (min above 0, max at least min)"
    )


@pytest.mark.parametrize(
    "value,words",
    [
        ("1.5", "a float"),
        ("true", "a boolean"),
        ('["x"]', "an array"),
        ("2019-01-01", "a date or time"),
        ("{ a = 1 }", "a table"),
        ("3", "an integer"),
    ],
)
def test_a_wrong_type_is_named_in_toml_words(tmp_path: Path, value: str, words: str) -> None:
    folder = write(
        tmp_path / "pack", section=RECORDS["section"].replace('title = "One"', f"title = {value}")
    )
    found = problems(folder)
    assert (
        f'{folder / "section.toml"}:4: [[section]] "notes/one": "title" must be a non-empty string, not {words}'
        in found
    )


@pytest.mark.parametrize(
    "key,value,words",
    [
        ("number", "true", "an integer, not a boolean"),
        ("number", '"1"', "an integer, not a string"),
        ("devolution_area", '"yes"', "true or false, not a string"),
    ],
)
def test_numbers_and_flags_are_checked(tmp_path: Path, key: str, value: str, words: str) -> None:
    text = RECORDS["ics"].replace(
        "number = 1\n", f"{key} = {value}\n" if key != "number" else f"number = {value}\n"
    )
    if key != "number":
        text = (
            text.replace("wave = 1\n", "wave = 1\nnumber = 1\n")
            if "number = " not in text
            else text
        )
    found = problems(write(tmp_path / "pack", ics=text))
    assert any(f'"{key}" must be {words}' in p for p in found), found


def test_lists_are_checked_item_by_item(tmp_path: Path) -> None:
    text = RECORDS["section"].replace(
        'heading = "Background"', 'heading = "Background"\nparas = [1, "2"]'
    )
    text = text.replace('body = "A body."', 'body = "A body."\nitems = ["a", 2]')
    found = problems(write(tmp_path / "pack", section=text))
    assert any(
        ':6: [[section]] "notes/one": "items" must be an array of strings, not an array' in p
        for p in found
    ), found
    assert any('"paras" must be an array of integers, not an array' in p for p in found), found


def test_an_empty_text_and_an_overlong_text_are_refused(tmp_path: Path) -> None:
    long = "x" * (loader.MAX_TEXT + 1)
    text = (
        RECORDS["section"]
        .replace('title = "One"', 'title = " \\t "')
        .replace('body = "A body."', f'body = "{long}"')
    )
    found = problems(write(tmp_path / "pack", section=text))
    assert any(':4: [[section]] "notes/one": "title" is empty' in p for p in found), found
    assert any(
        f':5: [[section]] "notes/one": "body" is {len(long):,} characters; a text may be at most 100,000'
        in p
        for p in found
    ), found
    at_limit = RECORDS["section"].replace('body = "A body."', f'body = "{long[:-1]}"')
    assert (
        len(load_content(write(tmp_path / "ok", section=at_limit)).sections["notes/one"].body)
        == loader.MAX_TEXT
    )


@pytest.mark.parametrize(
    "kind,old,new,line,message",
    [
        (
            "waves",
            'announced = "2017-06"',
            'announced = "June 2017"',
            4,
            '[[wave]] 1: "announced" must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not "June 2017"',
        ),
        (
            "event",
            'date = "2018-06-11"',
            'date = "2018-13"',
            5,
            '[[event]] "timeline/one": "date" must be written YYYY, YYYY-MM or YYYY-MM-DD, not "2018-13"',
        ),
        (
            "section",
            'id = "notes/one"',
            'id = "Notes/One"',
            2,
            '[[section]] "Notes/One": an id may hold only lowercase letters, digits, "-" and "/" (like "ics/dorset")',
        ),
        (
            "ics",
            "wave = 1\n",
            "",
            5,
            '[[ics]] "ics/dorset": give "number" and "wave" together (a mapped ICS has both) or neither',
        ),
        (
            "ics",
            "wave = 1\n",
            "wave = 9\n",
            6,
            '[[ics]] "ics/dorset": wave 9 is not defined by any [[wave]]',
        ),
        (
            "comparison",
            'heading = "Compare"\n[[comparison.row]]\naspect = "Size"\nleft = "Big"\nright = "Small"\n',
            'heading = "Compare"\n',
            1,
            '[[comparison]] "compare/a-b": missing required table [[comparison.row]]',
        ),
    ],
)
def test_a_bad_value_is_named_with_its_line(
    tmp_path: Path, kind: str, old: str, new: str, line: int, message: str
) -> None:
    assert old in RECORDS[kind]
    folder = write(tmp_path / "pack", **{kind: RECORDS[kind].replace(old, new)})
    assert f"{folder / (kind + '.toml')}:{line}: {message}" in problems(folder)


def test_a_comparison_with_an_empty_row_list_is_refused(tmp_path: Path) -> None:
    text = (
        RECORDS["comparison"]
        .split("[[comparison.row]]")[0]
        .replace('right = "B"', 'right = "B"\nrow = []')
    )
    found = problems(write(tmp_path / "pack", comparison=text))
    assert any(
        '[[comparison]] "compare/a-b": a comparison needs at least one [[comparison.row]]' in p
        for p in found
    ), found


@pytest.mark.parametrize(
    "kind,key,message",
    [
        ("documents", "id", 'duplicate document id "bma-2019"'),
        ("groups", "id", 'duplicate group id "ics-map"'),
        ("waves", "number", "duplicate [[wave]] number 1"),
    ],
)
def test_duplicate_documents_groups_and_waves_are_refused(
    tmp_path: Path, kind: str, key: str, message: str
) -> None:
    text = RECORDS[kind]
    if kind == "groups":
        text = text + '[[group]]\nid = "ics-map"\ntitle = "Again"\n'
    else:
        text = text + text
    folder = write(tmp_path / "pack", **{kind: text})
    found = problems(folder)
    assert any(p.startswith(f"{folder / (kind + '.toml')}:") and message in p for p in found), found
    first = (
        text.splitlines().index(
            f"{key} = "
            + ('"ics-map"' if kind == "groups" else text.split(f"{key} = ")[1].split("\n")[0])
        )
        + 1
    )
    assert not any(
        f".toml:{first}: " in p for p in found
    )  # the first one is fine; the second is named


@pytest.mark.parametrize(
    "kind,key,value", [("ics", "number", 1), ("principle", "number", 1), ("tier", "level", 3)]
)
def test_numbers_and_levels_must_be_unique(tmp_path: Path, kind: str, key: str, value: int) -> None:
    text = RECORDS[kind]
    old_id = re.search(r'id = "([^"]+)"', text).group(1)
    second = text.replace(f'id = "{old_id}"', f'id = "{old_id}-2"')
    folder = write(tmp_path / "pack", **{kind: text + second})
    found = problems(folder)
    assert any(
        f'[[{kind}]] "{old_id}-2": {key} {value} is already used by "{old_id}"' in p for p in found
    ), found


def test_a_folder_with_no_toml_files_and_a_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert (
        only_problem(tmp_path / "empty") == f"{tmp_path / 'empty'}:1: holds no .toml content files"
    )
    (tmp_path / "file").write_text("x")
    assert (
        only_problem(tmp_path / "file")
        == f"{tmp_path / 'file'}:1: is not a folder of content files"
    )
    assert (
        only_problem(tmp_path / "nowhere")
        == f"{tmp_path / 'nowhere'}:1: is not a folder of content files"
    )


def test_a_folder_named_like_a_content_file_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path / "pack")
    (folder / "zz.toml").mkdir()
    assert only_problem(folder) == f"{folder / 'zz.toml'}:1: is not a regular file"


def test_at_most_two_hundred_files_are_read(tmp_path: Path) -> None:
    folder = write(tmp_path / "pack")
    for n in range(200 - len(RECORDS) + 1):  # 201 files in all
        (folder / f"more-{n:03}.toml").write_text(
            f'[[group]]\nid = "g{n}"\ntitle = "G"\n', encoding="utf-8"
        )
    found = problems(folder)
    assert f"{folder}:1: holds 201 TOML files; at most 200 are read" in found
    (folder / "more-000.toml").unlink()
    assert len(load_content(folder).groups) == len(DEFAULT_GROUPS) + 200 - len(RECORDS)


def test_a_file_over_the_size_cap_is_refused_unread(tmp_path: Path) -> None:
    folder = write(tmp_path / "pack")
    with open(folder / "huge.toml", "wb") as handle:  # sparse: no 8 MiB actually written
        handle.truncate(8 * 1024 * 1024 + 1)
    assert (
        only_problem(folder)
        == f"{folder / 'huge.toml'}:1: is 8,388,609 bytes; a content file may be at most 8,388,608"
    )
    os.truncate(
        folder / "huge.toml", 8 * 1024 * 1024
    )  # exactly at the cap: read (and refused as TOML)
    [problem] = problems(folder)
    assert problem.startswith(f"{folder / 'huge.toml'}:1: TOML syntax error"), problem
    os.truncate(folder / "huge.toml", 0)
    assert load_content(folder).sections  # an empty file is fine


def test_an_unreadable_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write(tmp_path / "pack")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "section.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert only_problem(folder) == f"{folder / 'section.toml'}:1: cannot be read: Permission denied"


def test_the_error_message_lists_every_problem_one_a_line(tmp_path: Path) -> None:
    text = (
        RECORDS["section"]
        .replace('title = "One"', "title = 1")
        .replace('body = "A body."', "body = 2")
    )
    with pytest.raises(ContentError) as caught:
        load_content(write(tmp_path / "pack", section=text))
    assert len(caught.value.problems) == 2
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)


def test_a_utf8_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    folder = write(tmp_path / "pack")
    (folder / "section.toml").write_bytes(b"\xef\xbb\xbf" + RECORDS["section"].encode("utf-8"))
    assert load_content(folder).sections["notes/one"].title == "One"
