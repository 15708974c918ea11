"""The bookmarks store and its file helpers: faults on disk, read-only folders, two processes, crashes.

Every fault test leaves the bad file on disk and checks it afterwards: it must
have been moved aside byte for byte, never overwritten, and the store must work.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ics_tui.data import atomic
from ics_tui.data.atomic import LockTimeout, atomic_write_text, file_lock, set_aside
from ics_tui.data.bookmarks import FILE_NAME, Bookmark, BookmarkStore, dump, parse

ROOT = Path(__file__).resolve().parent.parent
WRITER = Path(__file__).resolve().parent / "bookmarks_writer.py"
CORRUPT_NAME = re.compile(r"^bookmarks\.json\.corrupt-\d{8}-\d{6}(-\d+)?$")


def good_file(*sections: str) -> bytes:
    return dump(Bookmark.new(s, s.upper()) for s in sections).encode()


def on_disk(folder: Path) -> list[Bookmark]:
    return parse((folder / FILE_NAME).read_bytes())


def leftovers(folder: Path) -> list[str]:
    """Files other than the bookmarks file, its lock and set-aside copies."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name not in (FILE_NAME, FILE_NAME + ".lock") and ".corrupt-" not in p.name
    )


def wait_for_lock_waiters(limit: float = 30.0) -> None:
    """Wait (for a condition, not a time) until the lock's timed-out waiter threads have ended."""
    for thread in threading.enumerate():
        if thread.name == "ics-tui-lock-wait":
            thread.join(limit)
            assert not thread.is_alive()


# --- atomic.py ----------------------------------------------------------------------------


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    atomic_write_text(target, "first\n")
    target.chmod(0o640)
    atomic_write_text(target, "second é\n")
    assert target.read_bytes() == "second é\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # an existing file keeps its mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_atomic_write_keeps_a_symlink_and_replaces_its_target(tmp_path: Path) -> None:
    synced = tmp_path / "synced"
    synced.mkdir()
    (synced / "real.json").write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(synced / "real.json")
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert (synced / "real.json").read_text() == "new"


def test_atomic_write_failure_before_replace_keeps_old_file_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    target.write_text("old and whole")

    def crash(src, dst):  # noqa: ANN001
        raise OSError(errno.EIO, "simulated crash")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old and whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_set_aside_names_the_file_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.time, "strftime", lambda fmt, *a: "20261123-120102")
    earlier = tmp_path / "bookmarks.json.corrupt-20261123-120102"
    earlier.write_bytes(b"an earlier bad file")
    (tmp_path / "bookmarks.json.corrupt-20261123-120102-1").write_bytes(b"and another")
    bad = tmp_path / "bookmarks.json"
    bad.write_bytes(b"\x00garbage\xff")
    moved = set_aside(bad, "binary")
    assert moved.name == "bookmarks.json.corrupt-20261123-120102-2"
    assert moved.read_bytes() == b"\x00garbage\xff"
    assert not bad.exists()
    assert earlier.read_bytes() == b"an earlier bad file"
    assert (tmp_path / "bookmarks.json.corrupt-20261123-120102-1").read_bytes() == b"and another"


def test_set_aside_without_hard_links_still_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args, **kwargs):  # noqa: ANN002, ANN003
        raise OSError(errno.EPERM, "hard links not supported here")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(atomic.time, "strftime", lambda fmt, *a: "20261123-120102")
    (tmp_path / "bookmarks.json.corrupt-20261123-120102").write_bytes(b"keep me")
    bad = tmp_path / "bookmarks.json"
    bad.write_bytes(b"bad")
    moved = set_aside(bad)
    assert moved.name.endswith("-120102-1") and moved.read_bytes() == b"bad"
    assert (tmp_path / "bookmarks.json.corrupt-20261123-120102").read_bytes() == b"keep me"


def test_set_aside_of_a_missing_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="could not set aside"):
        set_aside(tmp_path / "nothing.json", "test")


def test_file_lock_excludes_a_second_holder_and_times_out_clearly(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.json"
    with file_lock(target) as lock:
        assert lock == tmp_path / "bookmarks.json.lock"
        with pytest.raises(
            LockTimeout, match=r"bookmarks\.json\.lock is held by another program"
        ) as caught:
            with file_lock(target, timeout=0.2):
                pass  # pragma: no cover - must not get here
        assert (
            caught.value.waited >= 0.2
        )  # it waited the whole timeout (a lower bound: load only adds)
        assert caught.value.lock_path == lock
    wait_for_lock_waiters()  # the timed-out waiter gets the lock when it is freed, and must let go
    with file_lock(target, timeout=0):  # released: free again, at once
        pass


def test_file_lock_serialises_threads(tmp_path: Path) -> None:
    target = tmp_path / "counter"
    target.write_text("0")

    def bump() -> None:
        for _ in range(50):
            with file_lock(target):
                value = int(target.read_text())
                time.sleep(0)
                target.write_text(str(value + 1))

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_text() == "200"


# --- a healthy store ----------------------------------------------------------------------


def test_store_round_trip_and_file_shape(tmp_path: Path) -> None:
    store = BookmarkStore.open(tmp_path)
    assert store.notices == [] and store.persistent and store.path == tmp_path / FILE_NAME
    dorset = store.add("ics/dorset", "Dorset")
    assert store.add("ics/dorset", "Dorset again") == dorset  # one bookmark per section
    place = store.add("tiers/place", "Place")
    store.set_note(dorset.id, "Raise at the LNC\non 3 March")
    store.rename(place.id, "  Place tier\t(our borough) ")
    data = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert data["schema"] == 1 and [b["section_id"] for b in data["bookmarks"]] == [
        "ics/dorset",
        "tiers/place",
    ]
    assert set(data["bookmarks"][0]) == {"id", "section_id", "title", "note", "added", "updated"}
    assert re.fullmatch(r"[0-9a-f]{32}", data["bookmarks"][0]["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["bookmarks"][0]["added"])
    again = BookmarkStore.open(tmp_path)
    assert again.find("ics/dorset").note == "Raise at the LNC\non 3 March"
    assert again.find("tiers/place").title == "Place tier (our borough)"
    assert again.find("ics/missing") is None
    assert leftovers(tmp_path) == []


def test_toggle_remove_restore_and_errors(tmp_path: Path) -> None:
    store = BookmarkStore.open(tmp_path)
    made = store.toggle("ics/dorset", "Dorset")
    assert made is not None and store.find("ics/dorset") == made
    store.set_note(made.id, "keep this")
    noted = store.get(made.id)
    assert store.toggle("ics/dorset", "Dorset") is None and store.find("ics/dorset") is None
    assert store.restore(noted) == noted
    assert BookmarkStore.open(tmp_path).find("ics/dorset") == noted  # same id, note and dates
    removed = store.remove(made.id)
    assert removed == noted and BookmarkStore.open(tmp_path).all() == []
    with pytest.raises(KeyError):
        store.set_note("no-such-id", "x")
    with pytest.raises(KeyError):
        store.remove("no-such-id")
    kept = store.add("a", "A")
    with pytest.raises(ValueError):
        store.rename(kept.id, " \n ")
    assert store.get(kept.id).title == "A"


def test_all_is_newest_first_and_stable(tmp_path: Path) -> None:
    entries = [
        Bookmark("1", "s/one", "One", "", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"),
        Bookmark("2", "s/two", "Two", "", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"),
        Bookmark("3", "s/three", "Three", "", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"),
        Bookmark("4", "s/four", "Four", "", "not a date", ""),
        Bookmark("5", "s/five", "Five", "", "2026-02-01T10:00:00+00:00", ""),
    ]
    (tmp_path / FILE_NAME).write_text(dump(entries))
    store = BookmarkStore.open(tmp_path)
    # Newest first; two added in the same second: the later one in the file first; bad dates last.
    assert [b.id for b in store.all()] == ["3", "2", "5", "1", "4"]
    assert [b.id for b in store.all()] == [b.id for b in BookmarkStore.open(tmp_path).all()]


def test_control_characters_are_removed_from_titles_and_notes(tmp_path: Path) -> None:
    store = BookmarkStore.open(tmp_path)
    b = store.add("ics/x", "Evil\x1b[2J title\x07")
    store.set_note(b.id, "line one\r\nline\x1b]52;c;Zm9v\x07 two\x9b")
    got = BookmarkStore.open(tmp_path).get(b.id)
    assert got.title == "Evil[2J title"
    assert got.note == "line one\nline]52;c;Zm9v two"


def test_bookmarks_of_sections_not_in_the_content_are_kept(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_bytes(good_file("ics/renamed-long-ago", "other-pack/thing"))
    store = BookmarkStore.open(tmp_path)
    store.add("ics/dorset", "Dorset")
    assert {b.section_id for b in on_disk(tmp_path)} == {
        "ics/renamed-long-ago",
        "other-pack/thing",
        "ics/dorset",
    }


def test_unknown_keys_are_tolerated(tmp_path: Path) -> None:
    data = {
        "schema": 1,
        "extra": True,
        "bookmarks": [{"id": "a1", "section_id": "s", "title": "T", "colour": "red"}],
    }
    (tmp_path / FILE_NAME).write_text(json.dumps(data))
    store = BookmarkStore.open(tmp_path)
    assert store.notices == [] and store.moved_aside is None
    assert store.get("a1") == Bookmark("a1", "s", "T", "", "", "")


# --- files that cannot be read --------------------------------------------------------------

VALID = good_file("ics/dorset", "tiers/place")
FAULTS = {
    "truncated": (VALID[: len(VALID) // 2], "cut short"),
    "truncated-at-one-byte": (VALID[:1], "cut short"),
    "zero-byte": (b"", "empty (0 bytes)"),
    "binary": (bytes(range(256)) * 8, "not text: binary data"),
    "binary-no-nul": (b"\xff\xfe\xfa\xc3\x28" * 50, "not text: binary data"),
    "not-json": (b"bookmarks: ics/dorset\n", "not JSON"),
    "wrong-shape-list": (b"[1, 2, 3]\n", "not a bookmarks file"),
    "wrong-shape-bookmarks": (
        b'{"schema": 1, "bookmarks": {"ics/dorset": "Dorset"}}',
        "not a bookmarks file",
    ),
    "wrong-shape-entry": (
        b'{"schema": 1, "bookmarks": [{"id": "x", "title": "no section"}]}',
        "not a bookmarks file",
    ),
    "wrong-shape-types": (
        b'{"schema": 1, "bookmarks": [{"id": "x", "section_id": "s", "title": 3}]}',
        "not a bookmarks file",
    ),
    "duplicate-ids": (
        b'{"schema": 1, "bookmarks": [{"id": "x", "section_id": "s", "title": "A"}, {"id": "x", "section_id": "t", "title": "B"}]}',
        "appears twice",
    ),
    "no-schema": (b'{"bookmarks": []}', "unknown schema version"),
    "schema-not-a-number": (b'{"schema": "1", "bookmarks": []}', "unknown schema version"),
    "schema-zero": (b'{"schema": 0, "bookmarks": []}', "unknown schema version"),
    "entry-not-an-object": (b'{"schema": 1, "bookmarks": [1]}', "bookmark 1 is not an object"),
    "empty-section-id": (
        b'{"schema": 1, "bookmarks": [{"id": "x", "section_id": " ", "title": "A"}]}',
        'bookmark 1 has an empty "id" or "section_id"',
    ),
    "empty-id": (
        b'{"schema": 1, "bookmarks": [{"id": "", "section_id": "s", "title": "A"}]}',
        'bookmark 1 has an empty "id" or "section_id"',
    ),
    "no-bookmarks-list": (b'{"schema": 1}', '"bookmarks" is not a list'),
    "truncated-in-a-title-with-spaces": (
        b'{"schema": 1, "bookmarks": [{"id": "x", "title": "Two words',
        "cut short",
    ),
    "bookmarks-null": (b'{"schema": 1, "bookmarks": null}', '"bookmarks" is not a list'),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_unreadable_file_is_moved_aside_byte_for_byte_and_the_store_works(
    tmp_path: Path, name: str
) -> None:
    original, reason = FAULTS[name]
    (tmp_path / FILE_NAME).write_bytes(original)
    store = BookmarkStore.open(tmp_path)
    moved = store.moved_aside
    assert moved is not None and moved.parent == tmp_path and CORRUPT_NAME.match(moved.name)
    assert moved.read_bytes() == original
    assert not (tmp_path / FILE_NAME).exists()
    assert store.all() == [] and store.persistent
    assert len(store.notices) == 1
    notice = store.notices[0]
    assert reason in notice and str(moved) in notice
    assert notice.startswith("Your bookmarks file could not be read (") and notice.endswith(
        "and a new one started."
    )
    # The store works, and the set-aside file is still untouched afterwards.
    made = store.add("ics/dorset", "Dorset")
    store.set_note(made.id, "after the fault")
    assert [b.note for b in on_disk(tmp_path)] == ["after the fault"]
    assert moved.read_bytes() == original
    assert BookmarkStore.open(tmp_path).notices == []


def test_a_file_over_the_size_cap_is_unreadable_and_one_at_the_cap_is_read() -> None:
    from ics_tui.data.bookmarks import MAX_FILE_BYTES, Unreadable

    with pytest.raises(Unreadable, match=r"^too large \(33,554,433 bytes\)$"):
        parse(b" " * (MAX_FILE_BYTES + 1))
    at_cap = VALID + b" " * (MAX_FILE_BYTES - len(VALID))
    assert [b.section_id for b in parse(at_cap)] == ["ics/dorset", "tiers/place"]


def test_a_blank_section_id_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    # Accepted, it would be saved, and the next start would set the whole file aside.
    store = BookmarkStore.open(tmp_path)
    store.add("ics/dorset", "Dorset")
    before = (tmp_path / FILE_NAME).read_bytes()
    for blank in ("", "   ", "\x1b\x07"):
        with pytest.raises(ValueError, match="a bookmark needs a section id"):
            store.add(blank, "Title")
        with pytest.raises(ValueError):
            Bookmark.new(blank, "Title")
    assert (tmp_path / FILE_NAME).read_bytes() == before and len(store) == 1
    assert BookmarkStore.open(tmp_path).notices == []


def test_open_turns_any_unexpected_error_into_a_session_only_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: BookmarkStore, folder: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(BookmarkStore, "_open", boom)
    store = BookmarkStore.open(tmp_path)
    assert store.notices == [
        "Bookmarks could not be opened (RuntimeError: boom); they are kept for this session only."
    ]
    assert not store.persistent
    store.add("ics/dorset", "Dorset")
    assert len(store) == 1 and not (tmp_path / FILE_NAME).exists()


def test_an_error_after_the_file_is_taken_on_still_leaves_a_session_only_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / FILE_NAME).write_bytes(good_file("ics/dorset"))
    before = (tmp_path / FILE_NAME).read_bytes()

    def boom(self: BookmarkStore, write: bool, tidy: bool = False) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setattr(BookmarkStore, "_sync", boom)
    store = BookmarkStore.open(tmp_path)
    assert not store.persistent and "could not be opened (RuntimeError: boom)" in store.notices[0]
    store.add("tiers/place", "Place")  # kept in memory, never written
    assert len(store) == 1 and (tmp_path / FILE_NAME).read_bytes() == before


def test_an_in_memory_store_works_and_never_touches_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = BookmarkStore.in_memory()
    made = store.add("ics/dorset", "Dorset")
    store.set_note(made.id, "note")
    assert store.get(made.id).note == "note" and not store.persistent and store.path is None
    assert list(tmp_path.iterdir()) == []


def test_os_errors_are_put_in_words_a_member_understands() -> None:
    from ics_tui.data.bookmarks import _why

    assert _why(OSError(errno.EROFS, "Read-only file system")) == "read-only"
    assert (
        _why(OSError(errno.EIO, "Input/output error")) == "Input/output error"
    )  # no plainer words known
    assert (
        _why(LockTimeout(Path("b.lock"), 1.0)) == "another copy of ICS Explorer is holding the file"
    )
    assert _why(RuntimeError("odd")) == "odd" and _why(RuntimeError()) == "RuntimeError"


def test_future_version_notice_names_the_versions(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text('{"schema": 7, "bookmarks": [], "tags": {}}')
    store = BookmarkStore.open(tmp_path)
    assert (
        "written by a newer version of ICS Explorer (schema 7; this version reads schema 1)"
        in store.notices[0]
    )


def test_a_file_that_goes_bad_mid_session_is_set_aside_before_the_next_change(
    tmp_path: Path,
) -> None:
    store = BookmarkStore.open(tmp_path)
    first = store.add("ics/dorset", "Dorset")
    (tmp_path / FILE_NAME).write_bytes(b'{"schema": 1, "bookm')  # another program cut it short
    store.add("tiers/place", "Place")
    assert (
        store.moved_aside is not None and store.moved_aside.read_bytes() == b'{"schema": 1, "bookm'
    )
    assert [b.section_id for b in on_disk(tmp_path)] == ["tiers/place"]
    assert (
        store.get(first.id) is None
    )  # what is on disk is the truth; the lost one is in the moved file
    assert "moved to" in store.notices[-1]


def test_two_bad_files_in_the_same_second_get_distinct_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.time, "strftime", lambda fmt, *a: "20261123-120102")
    (tmp_path / FILE_NAME).write_bytes(b"first garbage")
    one = BookmarkStore.open(tmp_path).moved_aside
    (tmp_path / FILE_NAME).write_bytes(b"second garbage")
    two = BookmarkStore.open(tmp_path).moved_aside
    assert one is not None and two is not None and one != two
    assert one.read_bytes() == b"first garbage" and two.read_bytes() == b"second garbage"


def test_a_folder_where_the_file_should_be_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()
    (tmp_path / FILE_NAME / "keep.txt").write_text("mine")
    store = BookmarkStore.open(tmp_path)
    assert not store.persistent and store.moved_aside is None
    assert "cannot be read (a folder is in the way)" in store.notices[0]
    store.add("ics/dorset", "Dorset")
    assert store.find("ics/dorset") is not None
    assert (tmp_path / FILE_NAME / "keep.txt").read_text() == "mine"


# --- folders that cannot be written ----------------------------------------------------------


def test_a_file_in_the_way_of_the_folder_gives_a_session_only_store(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_bytes(b"not a folder")
    store = BookmarkStore.open(blocker)
    assert not store.persistent
    assert store.notices == [
        f"Bookmarks cannot be saved in {blocker} (a file is in the way); they are kept for this session only."
    ]
    made = store.add("ics/dorset", "Dorset")
    store.set_note(made.id, "in memory")
    store.rename(made.id, "Renamed")
    removed = store.remove(made.id)
    store.restore(removed)
    store.reload()
    assert store.get(made.id).note == "in memory" and store.get(made.id).title == "Renamed"
    assert blocker.read_bytes() == b"not a folder"


def test_a_missing_uncreatable_folder_gives_a_session_only_store(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = BookmarkStore.open(tmp_path / "file" / "deeper" / "data")
    assert not store.persistent and "they are kept for this session only" in store.notices[0]
    assert store.toggle("ics/dorset", "Dorset") is not None and len(store) == 1


class ReadOnlyFolder:
    """Make every write into `folder` fail with EROFS, as on a read-only mount (chmod does not stop root)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
        self.folder = str(folder.resolve())
        self.real_open = os.open
        for name in ("replace", "rename", "link", "unlink", "mkdir", "rmdir"):
            monkeypatch.setattr(os, name, self.guard(getattr(os, name)))
        monkeypatch.setattr(os, "open", self.open)

    def inside(self, path: object) -> bool:
        try:
            return os.path.abspath(os.fspath(path)).startswith(self.folder)  # type: ignore[arg-type]
        except TypeError:
            return False

    def refuse(self, path: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))  # type: ignore[arg-type]

    def guard(self, real):  # noqa: ANN001, ANN201
        def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003
            if any(self.inside(a) for a in args[:2] if isinstance(a, (str, Path))):
                self.refuse(args[0])
            return real(*args, **kwargs)

        return wrapper

    def open(self, path, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
        if flags & writes and self.inside(path):
            self.refuse(path)
        return self.real_open(path, flags, *args, **kwargs)


def test_read_only_folder_shows_existing_bookmarks_and_never_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = good_file("ics/dorset", "tiers/place")
    (tmp_path / FILE_NAME).write_bytes(original)
    ReadOnlyFolder(monkeypatch, tmp_path)
    store = BookmarkStore.open(tmp_path)
    assert store.notices == [
        f"Bookmarks cannot be saved in {tmp_path} (read-only); they are kept for this session only."
    ]
    assert not store.persistent and {b.section_id for b in store.all()} == {
        "ics/dorset",
        "tiers/place",
    }
    made = store.add("ics/new", "New")
    store.set_note(made.id, "session note")
    store.remove(store.find("tiers/place").id)
    assert {b.section_id for b in store.all()} == {"ics/dorset", "ics/new"}
    assert store.get(made.id).note == "session note"
    monkeypatch.undo()
    assert (tmp_path / FILE_NAME).read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


def test_read_only_folder_with_a_bad_file_leaves_it_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"\x00\x01garbage")
    ReadOnlyFolder(monkeypatch, tmp_path)
    store = BookmarkStore.open(tmp_path)
    assert not store.persistent and store.moved_aside is None and store.all() == []
    assert (
        "read-only" in store.notices[0]
        and "(not text: binary data); it is left as it is." in store.notices[1]
    )
    store.add("ics/dorset", "Dorset")
    monkeypatch.undo()
    assert (tmp_path / FILE_NAME).read_bytes() == b"\x00\x01garbage"


def test_folder_that_turns_read_only_mid_session_keeps_changes_and_saves_them_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BookmarkStore.open(tmp_path)
    store.add("ics/dorset", "Dorset")
    before = (tmp_path / FILE_NAME).read_bytes()
    with monkeypatch.context() as m:
        ReadOnlyFolder(m, tmp_path)
        place = store.add("tiers/place", "Place")
        store.set_note(place.id, "unsaved note")
        assert not store.persistent and len(store) == 2
        assert (
            len(store.notices) == 1
            and "could not be saved" in store.notices[0]
            and "read-only" in store.notices[0]
        )
        assert (tmp_path / FILE_NAME).read_bytes() == before
    store.add("ics/third", "Third")
    assert store.persistent and "being saved" in store.notices[-1]
    assert {(b.section_id, b.note) for b in on_disk(tmp_path)} == {
        ("ics/dorset", ""),
        ("tiers/place", "unsaved note"),
        ("ics/third", ""),
    }


class ModeBitsHonoured(ReadOnlyFolder):
    """Refuse writes into a folder whose owner-write bit is off, with EACCES, as the kernel does for
    everyone but root: the chmod test then tests the same thing when CI runs it as root."""

    def inside(self, path: object) -> bool:
        try:
            parent = os.path.dirname(os.path.abspath(os.fspath(path)))  # type: ignore[arg-type]
            return not os.stat(parent).st_mode & stat.S_IWUSR
        except (TypeError, OSError):
            return False

    def refuse(self, path: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))  # type: ignore[arg-type]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_folder_chmodded_read_only_shows_bookmarks_saves_nothing_and_says_permission_denied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    original = good_file("ics/dorset")
    (folder / FILE_NAME).write_bytes(original)
    folder.chmod(0o555)
    try:
        with monkeypatch.context() as m:
            ModeBitsHonoured(m, folder)
            store = BookmarkStore.open(folder)
            assert not store.persistent
            assert store.notices == [
                f"Bookmarks cannot be saved in {folder} (permission denied); they are kept for this session only."
            ]
            assert store.find("ics/dorset") is not None
            store.add("tiers/place", "Place")
            assert len(store) == 2
        assert (folder / FILE_NAME).read_bytes() == original
        assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]
    finally:
        folder.chmod(0o755)


# --- crashes and locks ------------------------------------------------------------------------


def test_crash_between_temp_write_and_replace_leaves_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = BookmarkStore.open(tmp_path)
    kept = store.add("ics/dorset", "Dorset")
    store.set_note(kept.id, "the note that must survive")
    before = (tmp_path / FILE_NAME).read_bytes()
    calls = []

    def crash(src, dst):  # noqa: ANN001
        calls.append((Path(src).name, Path(dst).name))
        assert Path(src).read_bytes() != before  # the new version was fully written first
        raise OSError(errno.EIO, "simulated crash before replace")

    with monkeypatch.context() as m:
        m.setattr(os, "replace", crash)
        store.add("tiers/place", "Place")
    assert calls and calls[0][1] == FILE_NAME and calls[0][0].endswith(".tmp")
    assert (tmp_path / FILE_NAME).read_bytes() == before
    assert [(b.section_id, b.note) for b in on_disk(tmp_path)] == [
        ("ics/dorset", "the note that must survive")
    ]
    assert leftovers(tmp_path) == []  # the temporary file was removed
    assert not store.persistent and "could not be saved" in store.notices[-1]
    store.reload()  # unsaved changes stay visible after a reload
    assert store.find("tiers/place") is not None
    store.set_note(kept.id, "edited after")
    assert {b.section_id for b in on_disk(tmp_path)} == {
        "ics/dorset",
        "tiers/place",
    } and store.persistent


def test_process_killed_before_replace_leaves_old_file_whole(tmp_path: Path) -> None:
    store = BookmarkStore.open(tmp_path)
    store.set_note(store.add("ics/dorset", "Dorset").id, "survives a kill")
    before = (tmp_path / FILE_NAME).read_bytes()
    done = subprocess.run(
        [sys.executable, str(WRITER), "--crash-before-replace", str(tmp_path), "tiers/place"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 9, done.stderr
    assert (tmp_path / FILE_NAME).read_bytes() == before
    assert len(leftovers(tmp_path)) == 1 and leftovers(tmp_path)[0].endswith(
        ".tmp"
    )  # what the dead writer left
    again = BookmarkStore.open(tmp_path)
    assert again.notices == [] and [b.note for b in again.all()] == ["survives a kill"]
    assert leftovers(tmp_path) == []  # a later start tidies the stale temporary file


def test_a_lock_held_too_long_keeps_the_change_and_saves_it_later(tmp_path: Path) -> None:
    store = BookmarkStore.open(tmp_path, lock_timeout=0.1)
    store.add("ics/dorset", "Dorset")
    with file_lock(tmp_path / FILE_NAME):
        made = store.add("tiers/place", "Place")
        assert made.section_id == "tiers/place" and store.find("tiers/place") == made
        assert (
            not store.persistent
            and "another copy of ICS Explorer is holding the file" in store.notices[-1]
        )
        assert [b.section_id for b in on_disk(tmp_path)] == ["ics/dorset"]
    wait_for_lock_waiters()  # a timed-out waiter that got the lock must have let go
    store.reload()
    assert store.find("tiers/place") == made  # reload keeps unsaved changes on top
    store.add("ics/third", "Third")
    assert store.persistent and {b.section_id for b in on_disk(tmp_path)} == {
        "ics/dorset",
        "tiers/place",
        "ics/third",
    }


def test_two_stores_merge_instead_of_overwriting(tmp_path: Path) -> None:
    one, two = BookmarkStore.open(tmp_path), BookmarkStore.open(tmp_path)
    a = one.add("ics/dorset", "Dorset")
    b = two.add("tiers/place", "Place")  # `two` never saw `a`, yet keeps it
    one.set_note(a.id, "from one")
    two.rename(b.id, "Place (two)")
    assert {(x.section_id, x.title, x.note) for x in on_disk(tmp_path)} == {
        ("ics/dorset", "Dorset", "from one"),
        ("tiers/place", "Place (two)", ""),
    }
    # A note written on a bookmark that the other copy deleted brings it back with the note.
    two.reload()
    one.remove(b.id)
    two.set_note(b.id, "do not lose me")
    assert [x.note for x in on_disk(tmp_path) if x.id == b.id] == ["do not lose me"]
    # Toggling follows what this copy shows. Both show Dorset bookmarked; both members un-bookmark it:
    # the second toggle must not bring it back just because the first already removed it on disk.
    assert two.toggle("ics/dorset", "Dorset") is None
    assert one.find("ics/dorset") is not None  # stale view
    assert one.toggle("ics/dorset", "Dorset") is None
    assert one.find("ics/dorset") is None
    assert "ics/dorset" not in {x.section_id for x in on_disk(tmp_path)}


def test_two_processes_adding_200_each_lose_none(tmp_path: Path) -> None:
    go = tmp_path / "go"
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(data), prefix, "200", str(go)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for prefix in ("one", "two")
    ]
    # Both import and open the store, then say so; the go file starts them together.
    ready = [tmp_path / f"go.{prefix}.ready" for prefix in ("one", "two")]
    deadline = time.monotonic() + 60
    while not all(path.exists() for path in ready):
        assert time.monotonic() < deadline, "a writer never opened its store"
        assert all(proc.poll() is None for proc in procs), "a writer died before starting"
        time.sleep(0.01)
    go.write_text("go")
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    for report in reports:
        assert report["notices"] == [] and report["persistent"]
    saved = on_disk(data)
    sections = [b.section_id for b in saved]
    assert len(sections) == 400 and set(sections) == {
        f"{p}/{n}" for p in ("one", "two") for n in range(200)
    }
    assert len({b.id for b in saved}) == 400
    # They really ran at the same time: each saw the other's bookmarks while adding its own.
    assert all(max(r["seen"]) > 200 and min(r["seen"]) < 200 for r in reports)
    owners = [s.split("/")[0] for s in sections]
    switches = sum(1 for x, y in zip(owners, owners[1:]) if x != y)
    assert switches > 1


# --- Textual-free ---------------------------------------------------------------------------


def test_store_modules_do_not_import_textual() -> None:
    code = (
        "import sys, ics_tui.data.bookmarks, ics_tui.data.atomic, ics_tui.cli.bookmarks;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_open_never_raises_even_when_the_folder_lookup_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ics_tui.data import locations

    def broken() -> Path:
        raise RuntimeError("no home folder")

    monkeypatch.setattr(locations, "data_dir", broken)
    store = BookmarkStore.open()
    assert not store.persistent and "no data folder could be found" in store.notices[0]
    assert store.add("ics/dorset", "Dorset").section_id == "ics/dorset"


def test_open_uses_the_data_dir_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICS_TUI_DATA_DIR", str(tmp_path / "synced" / "ics"))
    store = BookmarkStore.open()
    store.add("ics/dorset", "Dorset")
    assert store.path == tmp_path / "synced" / "ics" / FILE_NAME and store.path.is_file()
