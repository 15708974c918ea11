"""`ics-tui search`: plain text and JSON lines, exit status, --limit, --content; the shipped acceptance queries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ics_tui.cli import main
from ics_tui.cli.search import marked
from ics_tui.core.loader import load_content
from ics_tui.core.plaintext import section_text

ROOT = Path(__file__).resolve().parent.parent

PACK = """
[[document]]
id = "bma-2019"
short = "BMA briefing"
title = "A test briefing"
publisher = "British Medical Association"
date = "2019-02"
note_word = "ref"

[[group]]
id = "notes"
title = "Notes"

[[group]]
id = "glossary"
title = "Glossary"

[[section]]
id = "notes/networks"
group = "notes"
title = "Practices working together"
body = "GP practices join primary care networks of 30,000 to 50,000 patients."
[[section.cite]]
doc = "bma-2019"
heading = "Neighbourhoods"
paras = [2]

[[section]]
id = "notes/markup"
group = "notes"
title = "[b]Not bold[/b] and [ICS] stay literal"
body = "Square [brackets] and the network of networks."
[[section.cite]]
doc = "bma-2019"
heading = "Odd text"

[[term]]
id = "glossary/pcn"
term = "PCN"
expansion = "primary care network"
title = "PCN: primary care network"
body = "A group of practices."
[[term.cite]]
doc = "bma-2019"
heading = "Glossary"
paras = [6]
"""


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.toml").write_text(PACK, encoding="utf-8")
    monkeypatch.delenv("ICS_TUI_CONTENT", raising=False)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_plain_text_lists_rank_title_id_citation_and_marked_snippet(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # marks are for a person at a terminal
    status, out, err = run(capsys, "--content", str(pack), "search", "pcn")
    assert status == 0 and err == ""
    blocks = out.strip().split("\n\n")
    assert blocks[0].splitlines()[0] == "1. PCN: primary care network  [glossary/pcn]"
    assert blocks[0].splitlines()[1] == '   BMA briefing (Feb 2019), "Glossary", para 6'
    networks = next(b for b in blocks if "[notes/networks]" in b)
    assert "«primary care networks»" in networks
    assert '"Neighbourhoods", para 2' in networks


def test_query_words_may_be_given_unquoted(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--content", str(pack), "search", "primary", "care", "network")
    assert status == 0 and "[glossary/pcn]" in out


def test_json_lines_hold_id_title_score_snippet_text_citation(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--content", str(pack), "search", "network", "--json")
    assert status == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) >= 2
    content = load_content(pack)
    for row in rows:
        assert set(row) == {"id", "title", "score", "snippet", "text", "citation"}
        section = content.get(row["id"])
        assert row["title"] == section.title
        text = section_text(content, section, width=0, underline=False)
        assert row["text"].split("\n\n") == [
            line.strip() for line in text.splitlines() if line.strip()
        ]
        assert all("\n" not in paragraph for paragraph in row["text"].split("\n\n"))
        assert row["citation"] == content.cite(section.citations[0])
        assert isinstance(row["score"], float) and row["score"] > 0
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_output_for_a_pipe_or_plain_has_no_marks_or_underlines(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, out, _ = run(capsys, "--content", str(pack), "search", "pcn", "--plain")
    assert "«" not in out and "»" not in out and "primary care networks" in out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    _, out, _ = run(capsys, "--content", str(pack), "search", "pcn")
    assert "«" not in out and "»" not in out
    _, out, _ = run(capsys, "--content", str(pack), "show", "glossary/pcn")
    assert "===" not in out and out.startswith("PCN: primary care network\n\n")


def test_show_wraps_to_the_width_asked_and_zero_means_unwrapped(
    pack: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, out, _ = run(capsys, "--content", str(pack), "show", "notes/networks", "--width", "30")
    prose = [
        line for line in out.splitlines() if not line.startswith("  - ")
    ]  # citations stay whole
    assert out.splitlines()[1].startswith("===") and max(len(line) for line in prose) <= 30
    _, out, _ = run(capsys, "--content", str(pack), "show", "notes/networks", "--width", "0")
    assert (
        "GP practices join primary care networks of 30,000 to 50,000 patients." in out.splitlines()
    )


def test_no_terminal_gives_a_usage_line_and_a_failing_status() -> None:
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    result = subprocess.run(
        [sys.executable, "-m", "ics_tui"],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert "needs a terminal" in result.stderr and "ics-tui show ID" in result.stderr


def test_limit(pack: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "--content", str(pack), "search", "network", "--json", "--limit", "1"
    )
    assert status == 0 and len(out.splitlines()) == 1
    with pytest.raises(SystemExit):
        main(["--content", str(pack), "search", "network", "--limit", "0"])
    capsys.readouterr()


@pytest.mark.parametrize(
    "argv,said,warned",
    [
        (["zyxwvut"], "No section matches “zyxwvut”. “zyxwvut” is in neither document.\n", ""),
        (["zyxwvut", "--json"], "", ""),  # a script reading JSON gets no text it cannot parse
        (["   "], "", "ics-tui: give some words to search for\n"),
        (["!!!"], "No section matches “!!!”.\n", ""),
    ],
)
def test_no_hits_exit_1_and_say_so_in_plain_output_only(
    pack: Path, capsys: pytest.CaptureFixture[str], argv: list[str], said: str, warned: str
) -> None:
    status, out, err = run(capsys, "--content", str(pack), "search", *argv)
    assert (status, out, err) == (1, said, warned)


def test_markup_in_content_and_query_stays_literal(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "--content", str(pack), "search", "[b]not bold[/b]")
    assert status == 0 and "1. [b]Not bold[/b] and [ICS] stay literal  [notes/markup]" in out


def test_marked_wraps_each_span() -> None:
    assert marked("the network of networks", ((4, 11), (15, 23))) == "the «network» of «networks»"
    assert marked("plain", ()) == "plain"


def test_a_broken_pack_is_reported_not_searched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.toml").write_text("[[section]]\nid = 1\n", encoding="utf-8")
    status, out, err = run(capsys, "--content", str(tmp_path), "search", "pcn")
    assert status == 2 and out == "" and "problem" in err


@pytest.mark.parametrize(
    "query,first",
    [
        ("pcn", "glossary/pcn"),
        ("place population", "tiers/place"),
        ("luton", "ics/bedfordshire-luton-and-milton-keynes"),
        ("secondmnet", "portability/secondment"),
    ],
)
def test_acceptance_on_the_shipped_content(query: str, first: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ICS_TUI_CONTENT"}
    result = subprocess.run(
        [sys.executable, "-m", "ics_tui", "search", query, "--json", "--limit", "3"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["id"] == first


def test_doc_and_kind_restrict_a_search(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = str(ROOT / "content")
    status, out, _ = run(
        capsys, "--content", shipped, "search", "legislation", "--doc", "report", "--json"
    )
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert (
        status == 0
        and "report/rec-ics-support" in ids[:5]
        and "report/rec-stp-partnerships-strategy" in ids[:5]
    )
    content = load_content(shipped)
    assert all(any(c.doc == "report-2018" for c in content.get(i).citations) for i in ids)
    status, out, _ = run(
        capsys, "--content", shipped, "search", "icp", "--kind", "glossary", "--json"
    )
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert status == 0 and ids[0] == "glossary/icp" and all(i.startswith("glossary/") for i in ids)


def test_an_unknown_scope_is_an_error_and_an_absent_word_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shipped = str(ROOT / "content")
    status, out, err = run(
        capsys, "--content", shipped, "search", "legislation", "--doc", "minutes"
    )
    assert status == 2 and out == "" and "“doc:minutes” names no document" in err
    status, out, _ = run(capsys, "--content", shipped, "search", "mcp")
    assert status == 1 and "“mcp” is in neither document" in out and "fewer" not in out


def test_show_a_group_prints_every_section_of_it(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--content", str(pack), "show", "notes", "--plain")
    assert status == 0 and err == ""
    assert out.startswith("Notes (2 sections)\n")
    assert out.index("Practices working together\n") < out.index(
        "[b]Not bold[/b] and [ICS] stay literal\n"
    )
    assert "PCN: primary care network" not in out
    status, _, err = run(capsys, "--content", str(pack), "show", "note")
    assert status == 1 and "Did you mean: notes?" in err


@pytest.mark.parametrize(
    "argv,ids",
    [
        ([], ["notes/networks", "notes/markup", "glossary/pcn"]),
        (["--group", "notes"], ["notes/networks", "notes/markup"]),
        (["--kind", "term"], ["glossary/pcn"]),
        (["--word", "PRACTICES"], ["notes/networks"]),
        (["--group", "notes", "--word", "literal"], ["notes/markup"]),
    ],
)
def test_sections_filter_by_group_kind_and_word(
    pack: Path, capsys: pytest.CaptureFixture[str], argv: list[str], ids: list[str]
) -> None:
    status, out, _ = run(capsys, "--content", str(pack), "sections", *argv)
    assert status == 0 and [line.split("\t")[0] for line in out.splitlines()] == ids


def test_sections_with_an_unknown_filter_say_what_exists(
    pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--content", str(pack), "sections", "--group", "nope")
    assert status == 1 and out == "" and "Groups: notes, glossary" in err
    status, out, err = run(capsys, "--content", str(pack), "sections", "--word", "zzz")
    assert status == 1 and out == ""
