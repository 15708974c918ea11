"""Reliability review, files and commands (F8-F11, F13, F15-F21): nothing the app reads is trusted.

Each test is named after the defect it reproduces. Tests run as root, so unreadable
folders are simulated by injecting the error.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ics_tui.data import bookmarks as bookmarks_module
from ics_tui.data.bookmarks import MAX_NOTE_CHARS, BookmarkStore
from ics_tui.data.config import key_problem, load_config
from ics_tui.data.state import load_state

SCRIPT = Path(sys.executable).parent / "ics-tui"
IDS = {"app.quit", "view.map", "pane.split"}
THEMES = {"textual-dark", "textual-light"}


def finishes(call, timeout: float = 20.0):
    """Run `call` in a thread; fail (instead of hanging the suite) if it blocks."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            box["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"{call} blocked"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


# --- F8: nesting --------------------------------------------------------------------------


def test_f8_deeply_nested_state_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("[" * 1000 + "]" * 1000)
    assert load_state(path).targets == []
    path.write_text('{"schema": 1, "panes": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert load_state(path).targets == []


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
        "a = " + "{b=" * 3000 + "1" + "}" * 3000 + "\n",
    ],
)
def test_f8_deeply_nested_config_is_reported_not_fatal(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    config = load_config(IDS, THEMES, path)
    assert config.keymap == {} and len(config.problems) == 1
    assert "nested" in config.problems[0]


@pytest.mark.parametrize(
    "text, line",
    [
        ('theme = "x"\n\n[keymap]\nnosuch = "a"\n', 4),
        ('theme = "x"\n\n[keymap]\n"nosuch" = "a"\n', 4),  # a quoted key
        ('theme = "x"\n\nkeymap.nosuch = "a"\n', 3),  # a dotted key
        ('theme = "x"\nkeymap = { nosuch = "a" }\n', 2),  # an inline table: its line
    ],
)
def test_a_keymap_problem_names_the_line_it_is_on(tmp_path: Path, text: str, line: int) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    problems = load_config(IDS, THEMES, path).problems
    assert any(p.startswith(f"{path}:{line}: no key binding has the id 'nosuch'") for p in problems)


# --- F10: FIFOs and devices ------------------------------------------------------------------


def test_f10_fifos_in_place_of_state_config_and_bookmarks_never_block(tmp_path: Path) -> None:
    for name in ("state.json", "config.toml", "bookmarks.json"):
        os.mkfifo(tmp_path / name)
    assert finishes(lambda: load_state(tmp_path / "state.json")).targets == []
    config = finishes(lambda: load_config(IDS, THEMES, tmp_path / "config.toml"))
    assert "not a regular file" in config.problems[0]
    store = finishes(lambda: BookmarkStore.open(tmp_path, lock_timeout=1))
    assert store.all() == [] and not store.persistent
    assert "not a regular file" in store.notices[0]
    store.add("ics/dorset", "Dorset")
    assert store.unsaved == 1, "kept for the session, and counted as unsaved"
    for name in ("state.json", "config.toml", "bookmarks.json"):
        assert stat.S_ISFIFO(os.stat(tmp_path / name).st_mode)


def test_f10_a_link_to_a_null_device_is_never_renamed(tmp_path: Path) -> None:
    device = tmp_path / "dev" / "null"
    device.parent.mkdir()
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("mknod needs root")
    data = tmp_path / "data"
    data.mkdir()
    (data / "bookmarks.json").symlink_to(device)
    store = BookmarkStore.open(data, lock_timeout=1)
    store.add("ics/dorset", "Dorset")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert sorted(p.name for p in device.parent.iterdir()) == ["null"], "no .corrupt copy, no .lock"
    assert "not a regular file" in store.notices[0]


def test_f10_a_device_or_fifo_in_place_of_state_is_not_replaced(tmp_path: Path) -> None:
    from ics_tui.data.state import PaneState, save_state

    os.mkfifo(tmp_path / "state.json")
    assert save_state(PaneState(["@map"], 0), tmp_path / "state.json") is False
    assert stat.S_ISFIFO(os.stat(tmp_path / "state.json").st_mode)


# --- F11: a newer schema ---------------------------------------------------------------------


def test_f11_a_newer_schema_is_read_only_never_set_aside(tmp_path: Path) -> None:
    raw = json.dumps(
        {
            "schema": 2,
            "tags": [],
            "bookmarks": [
                {"id": "a", "section_id": "ics/dorset", "title": "Dorset", "colour": "red"},
                {"id": "b", "section_id": 5},
            ],
        }
    ).encode()
    (tmp_path / "bookmarks.json").write_bytes(raw)
    store = BookmarkStore.open(tmp_path, lock_timeout=1)
    assert [b.section_id for b in store.all()] == ["ics/dorset"], "what it can read is shown"
    assert "newer version" in store.notices[0] and "moved" not in store.notices[0]
    store.add("ics/frimley", "Frimley")
    assert (tmp_path / "bookmarks.json").read_bytes() == raw
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert store.unsaved == 1


# --- F13: never write what cannot be read back -----------------------------------------------


def test_f13_a_note_too_long_is_refused(tmp_path: Path) -> None:
    store = BookmarkStore.open(tmp_path)
    made = store.add("ics/dorset", "Dorset")
    with pytest.raises(ValueError):
        store.set_note(made.id, "x" * (MAX_NOTE_CHARS + 1))
    assert BookmarkStore.open(tmp_path).all()[0].note == ""


def test_f13_a_file_larger_than_the_reader_takes_is_never_written(
    tmp_path: Path, monkeypatch
) -> None:
    store = BookmarkStore.open(tmp_path)
    made = store.add("ics/dorset", "Dorset")
    before = (tmp_path / "bookmarks.json").read_bytes()
    monkeypatch.setattr(bookmarks_module, "MAX_FILE_BYTES", len(before) + 100)
    store.set_note(made.id, "y" * 500)
    assert (tmp_path / "bookmarks.json").read_bytes() == before
    assert store.unsaved == 1 and "more than" in store.notices[-1]
    assert BookmarkStore.open(tmp_path).notices == [], "the file on disk still reads"


# --- F9: the content cache ----------------------------------------------------------------


def _cache_with(tmp_path: Path, edit) -> tuple[Path, Path]:
    from hostile import copy_shipped

    from ics_tui.data import content_cache

    folder = copy_shipped(
        tmp_path / "pack", own=True
    )  # not the shipped files: the state cache is used
    content_cache.load_content_cached(folder, tmp_path)
    cache = tmp_path / content_cache.CACHE_FILE
    data = json.loads(cache.read_text(encoding="utf-8"))
    section_id = next(k for k, v in data["content"]["sections"].items() if v[0] == "Ics")
    edit(data["content"]["sections"][section_id][1])
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder, cache


@pytest.mark.parametrize(
    "what", ["title-int", "body-null", "number-text", "body-huge", "title-changed"]
)
def test_f9_a_bad_cache_is_rebuilt_never_fatal(tmp_path: Path, what: str) -> None:
    from ics_tui.core.loader import load_content
    from ics_tui.data import content_cache

    def edit(fields: list) -> None:
        names = [n for n, _ in content_cache._fields(content_cache._CACHED_CLASSES["Ics"])]
        if what == "title-int":
            fields[names.index("title")] = 12345
        elif what == "body-null":
            fields[names.index("body")] = None
        elif what == "number-text":
            fields[names.index("number")] = "one"
        elif what == "body-huge":
            fields[names.index("body")] = "z" * 200_000
        else:
            fields[names.index("title")] = "Changed by hand"

    folder, cache = _cache_with(tmp_path, edit)
    loaded = content_cache.load_content_cached(folder, tmp_path)
    assert loaded.sections == load_content(folder).sections
    again = content_cache.load_content_cached(folder, tmp_path)  # the cache was written afresh
    assert again.sections == loaded.sections
    assert "Changed by hand" not in cache.read_text(encoding="utf-8")


# --- F15-F17: config.toml -----------------------------------------------------------------


@pytest.mark.parametrize("keys", [",,,", "ctrl+", "+", "ctrl+alt+shift+banana", "banana", "a,,b"])
def test_f15_nonsense_key_names_are_reported(tmp_path: Path, keys: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'[keymap]\n"app.quit" = "{keys}"\n')
    config = load_config(IDS, THEMES, path)
    assert config.keymap == {}
    assert (
        config.problems
        and "config.toml:" in config.problems[0]
        and "'app.quit'" in config.problems[0]
    )


@pytest.mark.parametrize(
    "keys", ["ctrl+s", "1,m", "f12", "question_mark,f1", "alt+left", "slash", "ctrl+backslash"]
)
def test_f15_real_key_names_are_accepted(keys: str) -> None:
    assert key_problem(keys) is None


def test_f16_two_thousand_bad_entries_give_a_few_problems(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[keymap]\n" + "".join(f'"no.such{n}" = "x"\n' for n in range(2000)))
    config = load_config(IDS, THEMES, path)
    assert len(config.problems) == 5 and "1996 more problem(s)" in config.problems[-1]


def test_f17_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbftheme = "textual-light"\n')
    config = load_config(IDS, THEMES, path)
    assert config.problems == [] and config.theme == "textual-light"


# --- F18-F21: the commands ---------------------------------------------------------------


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ICS_TUI_")}
    environ.update(
        ICS_TUI_DATA_DIR=str(tmp_path / "d"),
        ICS_TUI_STATE_DIR=str(tmp_path / "s"),
        ICS_TUI_CONFIG_DIR=str(tmp_path / "c"),
        **env,
    )
    return subprocess.run([str(SCRIPT), *args], capture_output=True, env=environ, timeout=120)


def test_f18_control_characters_in_arguments_are_not_echoed(tmp_path: Path) -> None:
    shown = run_cli(tmp_path, "show", "\x1b]52;c;ZXZpbA==\x07ics/dorset")
    assert shown.returncode == 1
    assert (
        b"\x1b" not in shown.stderr
        and b"\x07" not in shown.stderr
        and b"ics/dorset" in shown.stderr
    )
    searched = run_cli(tmp_path, "search", "\u009b2Jzzqqxx")
    assert "\u009b".encode() not in searched.stdout and b"2Jzzqqxx" in searched.stdout


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_f19_an_output_encoding_without_the_glyphs_still_prints_everything(
    tmp_path: Path, encoding: str
) -> None:
    result = run_cli(tmp_path, "search", "pcn", PYTHONIOENCODING=encoding)
    assert result.returncode == 0, result.stderr
    assert b"unexpected error" not in result.stderr


def test_f20_an_unreadable_content_folder_says_so(tmp_path: Path, monkeypatch) -> None:
    from ics_tui.core import loader

    folder = tmp_path / "pack"
    folder.mkdir()
    real = os.scandir

    def denied(path=".", *args):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(loader.os, "scandir", denied)
    with pytest.raises(loader.ContentError) as raised:
        loader.load_content(folder)
    assert "Permission denied" in str(raised.value.problems[0])


def test_f21_export_to_dev_stdout_writes_into_the_pipe(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "bookmarks", "export", "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert b"bookmark" in result.stdout.lower()


def test_f7_opening_while_another_program_holds_the_lock_does_not_wait_for_it(
    tmp_path: Path,
) -> None:
    import fcntl

    BookmarkStore.open(tmp_path).add("ics/dorset", "Dorset")
    fd = os.open(tmp_path / "bookmarks.json.lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        store = finishes(lambda: BookmarkStore.open(tmp_path, lock_timeout=120), timeout=60)
        assert [b.section_id for b in store.all()] == ["ics/dorset"]
        assert store.lock_timeout == 120 and store.unsaved == 0
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    store.add("ics/frimley", "Frimley")
    assert {b.section_id for b in BookmarkStore.open(tmp_path).all()} == {
        "ics/dorset",
        "ics/frimley",
    }


def test_f21_the_atomic_writer_never_replaces_a_fifo_or_device(tmp_path: Path) -> None:
    from ics_tui.data.atomic import atomic_write_text

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "link").symlink_to(fifo)
    for target in (fifo, tmp_path / "link"):
        with pytest.raises(OSError):
            atomic_write_text(target, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "pipe"], "no temp file left"
