"""Hostile content packs against the loader and the app.

Each case copies the shipped content and injects one kind of trouble (see
`tests/hostile`). It either loads and renders literally and inertly, or is refused
with a clear error naming the file; nothing is executed and no escape sequence
reaches the terminal (checked on the bytes the real app writes to a pty).

Meta-tests at the end remove a protection (the sanitiser, the length limit, the BOM
handling) and show that the payload then gets through, so the checks above can fail.
"""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path

import hostile
import pytest
from hostile import BIDI, DORSET, ESCAPES, ICS_FILE, MARKUP, MARKUP_TITLE
from pty_driver import PtyApp, console_script, isolated_env
from rich.console import Console

from ics_tui.cli import main
from ics_tui.core import loader, sanitize
from ics_tui.core.loader import ContentError, load_content
from ics_tui.core.sanitize import has_unsafe
from ics_tui.data.locations import shipped_content_dir

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for env, name in (
        ("ICS_TUI_DATA_DIR", "data"),
        ("ICS_TUI_STATE_DIR", "state"),
        ("ICS_TUI_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(env, str(tmp_path / "user" / name))
    for name in ("NO_COLOR", "TEXTUAL_THEME", "ICS_TUI_CONTENT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "user"


def all_text(content) -> str:
    """Every string of the loaded model, joined: what the app could ever display."""
    parts: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                if not name.startswith("_"):
                    walk(getattr(value, name))

    walk(content.documents)
    walk(content.groups)
    walk(content.sections)
    walk(content.waves)
    return "\n".join(parts)


# --- the rendered screen, through Pilot --------------------------------------------------------


def screen_text(app) -> str:
    """The whole screen as plain text, rendered as `App.export_screenshot` renders it."""
    console = Console(
        width=app.size.width,
        height=app.size.height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False)


async def wait_for_screen(pilot, app, wanted: str | list[str], timeout: float = 10.0) -> str:
    wanted = [wanted] if isinstance(wanted, str) else wanted
    deadline = time.monotonic() + timeout
    while True:
        text = screen_text(app)
        if all(w in text for w in wanted):
            return text
        if time.monotonic() > deadline:
            missing = [w for w in wanted if w not in text]
            raise AssertionError(f"{missing} never appeared on screen:\n{text}")
        await pilot.pause(0.05)


def where(text: str, needle: str) -> tuple[int, int]:
    """(column, row) of `needle` on the rendered screen."""
    for row, line in enumerate(text.splitlines()):
        column = line.find(needle)
        if column >= 0:
            return column, row
    raise AssertionError(f"{needle!r} is not on screen")


def explorer(model):
    from ics_tui.app import ExplorerApp

    app = ExplorerApp(model, remember=False)
    app.cursor_blink = False
    return app


# --- markup ------------------------------------------------------------------------------------


def test_markup_loads_as_literal_text(tmp_path: Path) -> None:
    content = load_content(hostile.markup_pack(tmp_path))
    dorset = content.sections[DORSET]
    assert dorset.title == MARKUP_TITLE
    for payload in MARKUP:
        assert payload in dorset.body
        assert payload in dorset.facts[0].text


async def test_markup_renders_literally_and_is_inert(tmp_path: Path, user_dirs: Path) -> None:
    app = explorer(load_content(hostile.markup_pack(tmp_path)))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        app.open(DORSET)
        text = await wait_for_screen(
            pilot, app, [MARKUP_TITLE, *MARKUP]
        )  # in the list, the detail and the fact

        # Click the text of the would-be action link: if it were markup, this would quit.
        column, row = where(text, "[@click=app.quit]CLICK")
        await pilot.click(offset=(column + 3, row))
        await pilot.click(offset=(column + len("[@click=app.quit]") + 1, row))
        await pilot.pause(0.2)
        assert app.is_running and app.return_code is None, "the app quit: the markup was executed"

        # The command palette lists the title as typed.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Dorset")
        await wait_for_screen(pilot, app, MARKUP_TITLE)
        await pilot.press("escape")
        await pilot.pause()

        # Search shows the body and its source as typed.
        await pilot.press("/")
        await pilot.pause()
        await pilot.press(*"CLICK")
        await wait_for_screen(pilot, app, "[@click=app.quit]CLICK")
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.return_code is None


# --- terminal escape sequences -----------------------------------------------------------------


def test_escape_sequences_are_cleaned_at_load(tmp_path: Path) -> None:
    content = load_content(hostile.escapes_pack(tmp_path))
    dorset = content.sections[DORSET]
    assert "PWNED" in dorset.title and "SGVsbG8=" in dorset.notes, (
        "the visible rest of each payload stays"
    )
    assert (
        "<csi>[2J</csi>" in dorset.body
        and "<bel>RINGRING</bel>" in dorset.body
        and "<nul>NULNUL</nul>" in dorset.body
    )
    assert not CONTROL.search(all_text(content))


async def test_escape_sequences_never_reach_the_rendered_screen(
    tmp_path: Path, user_dirs: Path
) -> None:
    app = explorer(load_content(hostile.escapes_pack(tmp_path)))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        app.open(DORSET)
        text = await wait_for_screen(
            pilot, app, ["Dorset ]0;PWNED[2J", "<osc-52>]52;c;SGVsbG8=</osc-52>"]
        )
        assert not CONTROL.search(text)


def pty_session(argv: list[str], env: dict[str, str]) -> bytes:
    """Drive the real app over a hostile pack: the map, Dorset's detail, search, the palette; return every byte written.

    Waits only on text outside the payloads, so the same session runs when the payloads
    do reach the terminal (the meta-test) and are eaten by it.
    """
    with PtyApp(argv, cols=160, rows=50, env=env) as app:
        app.wait_for(
            lambda s: "Dorset" in s and "South Yorkshire" in s, timeout=20, what="the map list"
        )
        app.press("down", "down")  # Dorset: its detail shows the body, the note and the facts
        app.wait_for(
            lambda s: "<osc-title>" in s and "</nul>" in s, timeout=10, what="Dorset's body"
        )
        app.press("/")
        app.wait_for("Search both documents", timeout=10)
        app.type("PWNED")
        app.wait_for(re.compile(r"\d+ result").search, timeout=10, what="search results")
        app.press("escape")
        app.wait_for(
            lambda s: "Search both documents" not in s, timeout=10, what="the search to close"
        )
        app.press("ctrl+p")
        app.type("Dorset")
        app.wait_for("ics/dorset", timeout=10, what="Dorset in the palette")
        app.press("escape")
        app.wait_for(lambda s: "ics/dorset" not in s, timeout=10, what="the palette to close")
        app.press("q")
        assert app.wait_exit(timeout=10) == 0
        return app.raw


@pytest.mark.skipif(
    not console_script().exists(), reason="needs the installed ics-tui console script"
)
def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    pack = hostile.escapes_pack(tmp_path)
    raw = pty_session(
        [str(console_script()), "--content", str(pack)], isolated_env(tmp_path / "user")
    )
    text = raw.decode("utf-8", errors="replace")
    assert b"]0;PWNED" in raw, (
        "the payload's visible rest was drawn, so the check below means something"
    )
    assert b"\x1b]0;PWNED" not in raw  # OSC 0: window title
    assert b"\x1b]52;c;SGVsbG8" not in raw  # OSC 52: clipboard
    assert b"\x1b[2J" not in raw  # CSI: clear screen
    assert b"RING\x07RING" not in raw and b"\x00" not in raw and b"DEL\x7fDEL" not in raw
    assert "\x9b" not in text  # C1 CSI, as a terminal in UTF-8 mode would read it
    outside_osc = re.sub(rb"\x1b\][^\x07\x1b]*(\x07|\x1b\\)", b"", raw)
    assert b"\x07" not in outside_osc, "a bare BEL reached the terminal"


# --- bidirectional overrides -------------------------------------------------------------------


def test_bidi_overrides_are_removed_at_load(tmp_path: Path) -> None:
    content = load_content(hostile.bidi_pack(tmp_path))
    dorset = content.sections[DORSET]
    assert dorset.title == "Dorset STNEMUCOD" and "Bidi STNEMUCOD text." in dorset.body
    assert "\u202e" not in all_text(content) and "\u202c" not in all_text(content)


async def test_bidi_overrides_never_reach_the_screen(tmp_path: Path, user_dirs: Path) -> None:
    app = explorer(load_content(hostile.bidi_pack(tmp_path)))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        app.open(DORSET)
        text = await wait_for_screen(pilot, app, ["Dorset STNEMUCOD", "Bidi STNEMUCOD text."])
        assert "\u202e" not in text and "\u202c" not in text


# --- refused packs: a clear error naming the file, from the loader and from the app ----------


def refused(pack: Path, capsys: pytest.CaptureFixture[str]) -> tuple[ContentError, str]:
    """The loader's error, and what `ics-tui` (start the explorer) prints for the pack."""
    with pytest.raises(ContentError) as error:
        load_content(pack)
    capsys.readouterr()
    import sys
    from unittest import mock

    # As from a terminal, where the explorer would start: the pack must stop it first.
    with (
        mock.patch.object(sys.stdin, "isatty", lambda: True),
        mock.patch.object(sys.stdout, "isatty", lambda: True),
    ):
        assert main(["--content", str(pack)]) == 2, "the explorer must refuse to start"
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return error.value, captured.err


def test_a_5mb_body_is_refused_naming_the_file(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hostile.huge_body_pack(tmp_path)
    error, err = refused(pack, capsys)
    first = error.problems[0]
    assert first.file == str(pack / ICS_FILE) and first.line is not None
    assert (
        '"ics/dorset": "body" is 5,000,000 characters; a text may be at most 100,000'
        in first.message
    )
    assert f"{pack / ICS_FILE}:{first.line}: " in err and "5,000,000 characters" in err


@pytest.mark.parametrize("style", ["arrays", "inline-tables"])
def test_deep_nesting_is_refused_without_a_recursion_error(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str], style: str
) -> None:
    pack = hostile.deep_pack(tmp_path, style)
    error, err = refused(pack, capsys)
    assert [str(p) for p in error.problems] == [
        f"{pack / 'deep.toml'}:1: nests arrays or tables too deeply to read"
    ]
    assert f"{pack / 'deep.toml'}:1: nests arrays or tables too deeply to read" in err


def test_a_5000_deep_dotted_table_header_is_one_problem_on_its_line_on_every_python(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The parser decides how far it gets: tomli on 3.10 runs out of recursion (the loader reports
    # the nesting); tomllib on 3.11+ reads it, and the loader refuses the unknown table [[a]].
    # Either way: one problem, naming the file and line 1, and no traceback.
    pack = hostile.deep_pack(tmp_path, "dotted-tables")
    error, err = refused(pack, capsys)
    [problem] = error.problems
    assert problem.file == str(pack / "deep.toml") and problem.line in (None, 1)
    assert (
        problem.message == "nests arrays or tables too deeply to read"
        or problem.message.startswith("unknown table [[a]]")
    ), problem.message
    assert f"{pack / 'deep.toml'}:1: {problem.message}" in err


def test_non_utf8_bytes_are_refused_naming_the_file(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hostile.non_utf8_pack(tmp_path)
    error, err = refused(pack, capsys)
    first = error.problems[0]
    assert first.file == str(pack / ICS_FILE)
    assert re.fullmatch(r"is not valid UTF-8 \(byte 0xe9 at offset \d+\)", first.message)
    raw = (pack / ICS_FILE).read_bytes()
    line = raw[: raw.index(b"\xe9")].count(b"\n") + 1
    assert first.line == line
    assert f"{pack / ICS_FILE}:{line}: is not valid UTF-8" in err


def test_a_symlink_loop_is_refused_naming_the_links(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hostile.symlink_loop_pack(tmp_path)
    error, err = refused(pack, capsys)
    assert {(p.file, p.message) for p in error.problems} == {
        (str(pack / "loop-a.toml"), "cannot be followed (a broken or looping link)"),
        (str(pack / "loop-b.toml"), "cannot be followed (a broken or looping link)"),
    }
    assert f"{pack / 'loop-a.toml'}:1: cannot be followed" in err


def test_a_folder_link_loop_is_harmless(tmp_path: Path) -> None:
    """Links back to the folder itself are not followed (only the folder's own *.toml files are read)."""
    looped = load_content(hostile.dir_loop_pack(tmp_path))
    plain = load_content(hostile.copy_shipped(tmp_path / "plain"))
    assert looped.sections == plain.sections


def test_a_link_outside_the_folder_is_refused(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = hostile.outside_link_pack(tmp_path)
    error, err = refused(pack, capsys)
    assert [(p.file, p.message) for p in error.problems] == [
        (
            str(pack / "secret.toml"),
            f"links outside the content folder (to {(tmp_path / 'elsewhere' / 'secret.toml').resolve()}); refused",
        )
    ]
    assert f"{pack / 'secret.toml'}:1: links outside the content folder" in err
    assert "From outside" not in err


# --- packs that load: a BOM, ten thousand sections ----------------------------------------------


def test_a_utf8_bom_loads_like_the_plain_files(tmp_path: Path) -> None:
    with_bom = load_content(hostile.bom_pack(tmp_path))
    plain = load_content(hostile.copy_shipped(tmp_path / "plain"))
    assert with_bom.sections == plain.sections and with_bom.documents == plain.documents
    assert "\ufeff" not in all_text(with_bom)


async def test_a_utf8_bom_pack_opens_in_the_app(tmp_path: Path, user_dirs: Path) -> None:
    app = explorer(load_content(hostile.bom_pack(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        text = await wait_for_screen(pilot, app, ["ICS map", "Dorset"])
        assert "\ufeff" not in text


@pytest.fixture(scope="module")
def many_sections(tmp_path_factory: pytest.TempPathFactory):
    """The shipped content plus 10,000 sections in one group (timings: benchmarks/many_sections_bench.py)."""
    return load_content(hostile.many_sections_pack(tmp_path_factory.mktemp("many")))


def test_ten_thousand_sections_load(many_sections) -> None:
    content = many_sections
    assert len(content) == len(load_content(shipped_content_dir())) + 10_000
    assert content.sections["many/s09999"].title == "Extra section 9999"
    assert len(list(content.in_group("key-themes"))) > 10_000


async def test_ten_thousand_sections_start_and_search_finds_the_last_one(
    many_sections, user_dirs: Path
) -> None:
    app = explorer(many_sections)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, app, ["ICS map", "Dorset"], timeout=60)
        await pilot.press("/")
        await pilot.pause()
        await pilot.press(*"section 9999")
        await wait_for_screen(pilot, app, "Extra section 9999", timeout=60)
        assert app.is_running


async def test_a_ten_thousand_section_group_page_renders_one_page_of_cards_and_points_to_the_rest(
    many_sections, user_dirs: Path
) -> None:
    """The page renders 200 cards and a pointer to the other 10,000+ (it once rendered every section,
    which took 17 s); `end` reaches the pointer; the last section opens on its own."""
    from ics_tui.views.cards import Card
    from ics_tui.views.group import PAGE_LIMIT

    content = many_sections
    in_group = len(list(content.in_group("key-themes")))
    app = explorer(content)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, app, "Dorset", timeout=60)
        app.open("@group:key-themes")
        await wait_for_screen(pilot, app, ["Key themes", "◀ back"], timeout=60)
        await pilot.pause()
        cards = list(app.focused_pane.query(Card))
        assert len(cards) == PAGE_LIMIT + 1  # the work done: one page, not 10,000 cards
        assert cards[-1].has_class("card-more")
        await pilot.press("end")
        text = await wait_for_screen(pilot, app, "more sections in this group", timeout=60)
        assert f"…and {in_group - PAGE_LIMIT:,} more sections" in " ".join(text.split())
        app.open("many/s09999")
        await wait_for_screen(pilot, app, "Extra section 9999", timeout=30)


# --- meta-tests: remove a protection, and the payload gets through --------------------------------


def without_sanitiser(monkeypatch: pytest.MonkeyPatch) -> None:
    identity = lambda text: text  # noqa: E731
    monkeypatch.setattr(sanitize, "clean_text", identity)
    monkeypatch.setattr(loader, "clean_text", identity)


def test_meta_without_the_sanitiser_escapes_and_bidi_reach_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_sanitiser(monkeypatch)
    escapes = load_content(hostile.escapes_pack(tmp_path)).sections[DORSET]
    assert ESCAPES["osc-title"] in escapes.title and ESCAPES["csi"] in escapes.title
    assert ESCAPES["osc-52"] in escapes.notes and ESCAPES["c1-csi"] in escapes.notes
    for name in ("bel", "nul", "del"):
        assert ESCAPES[name] in escapes.body
    assert has_unsafe(escapes.body)
    bidi = load_content(hostile.bidi_pack(tmp_path)).sections[DORSET]
    assert BIDI in bidi.title


@pytest.mark.skipif(
    not console_script().exists(), reason="needs the installed ics-tui console script"
)
def test_meta_without_the_sanitiser_escapes_reach_the_terminal(tmp_path: Path) -> None:
    """The same pty session with clean_text made the identity: the byte checks above would fail."""
    pack = hostile.escapes_pack(tmp_path)
    wrapper = (
        "import ics_tui.core.sanitize as s, ics_tui.core.loader as l\n"
        "s.clean_text = l.clean_text = lambda text: text\n"
        "from ics_tui.cli import main\n"
        "raise SystemExit(main())\n"
    )
    argv = [sys.executable, "-c", wrapper, "--content", str(pack)]
    with PtyApp(argv, cols=160, rows=50, env=isolated_env(tmp_path / "user")) as app:
        # The raw payloads wreck the screen (2J clears it), so wait on the bytes, not on the screen.
        reached = lambda *payloads: lambda _: all(p in app.raw for p in payloads)  # noqa: E731
        app.wait_for(
            reached(b"\x1b]0;PWNED", b"\x1b[2J"),
            timeout=20,
            what="Dorset's raw title in the map list",
        )
        app.press("down", "down")
        app.wait_for(
            reached(b"\x1b]52;c;SGVsbG8=", "C1\x9b31m".encode(), b"NUL\x00NUL", b"DEL\x7fDEL"),
            timeout=10,
            what="Dorset's raw note and body",
        )
        # BEL is the one payload Textual drops by itself (Content strips it), so it has two guards.
        assert b"RING\x07RING" not in app.raw and b"RINGRING" in app.raw
        app.press("q")
        app.wait_exit(timeout=10)


def test_meta_without_the_length_limit_the_5mb_body_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_TEXT", 10_000_000)
    assert len(load_content(hostile.huge_body_pack(tmp_path)).sections[DORSET].body) > 4_900_000
