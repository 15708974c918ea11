"""Bookmarks through the UI under faults (F1, F7): full disk, a held lock, a read-only folder.

Nothing the member saw as saved may be lost: each fault is followed by quitting, and
every bookmark shown starred must then be in `bookmarks.json` (the cause gone) or in
the copy the quit dialog offers to save elsewhere (the cause still there).
Tests run as root, so "read-only" is an errno injected where the store writes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from ics_tui.data import atomic
from ics_tui.data import bookmarks as bookmarks_module


def current_section(explorer):
    view = explorer.main_screen.focused_view()
    return view.current_section_id() if view is not None else None


def saved_sections(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {b["section_id"] for b in json.loads(path.read_text(encoding="utf-8"))["bookmarks"]}


@contextmanager
def failing_writes(monkeypatch, code: int, folder: Path | None = None):
    """Atomic writes into `folder` (default: anywhere) fail with `code` (ENOSPC, EROFS)."""
    real = atomic.atomic_write_bytes

    def broken(path, data):
        if folder is not None and Path(path).parent != folder:
            return real(path, data)  # another disk: the copy offered at quit goes there
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(atomic, "atomic_write_bytes", broken)
    try:
        yield
    finally:
        monkeypatch.setattr(atomic, "atomic_write_bytes", real)


@contextmanager
def held_lock(folder: Path):
    """Another program holds bookmarks.json.lock (a separate open file: flock excludes it)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / "bookmarks.json.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


async def bookmark_first_ics(explorer, pilot, ui) -> str:
    section = current_section(explorer)
    await pilot.press("b")
    await ui.wait_for(pilot, lambda: explorer.bookmarks.find(section) is not None, what="the star")
    return section


async def test_f1_a_bookmark_kept_in_memory_is_saved_at_quit_once_the_disk_has_room(
    app, ui, isolated_dirs, monkeypatch
) -> None:
    explorer = app(remember=True)
    path = isolated_dirs.data / "bookmarks.json"
    async with explorer.run_test(size=(100, 30)) as pilot:
        await ui.ready(pilot)
        with failing_writes(monkeypatch, errno.ENOSPC):
            section = await bookmark_first_ics(explorer, pilot, ui)
            await pilot.pause(0.3)
        assert section not in saved_sections(path)
        await pilot.press("q")
        await pilot.pause(0.3)
    assert section in saved_sections(path), "the starred bookmark was lost at quit"


@contextmanager
def read_only_folder(monkeypatch, folder: Path | None = None):
    """The data folder turned read-only: the lock file and every write fail with EROFS."""

    @contextmanager
    def no_lock(path, timeout=0):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path) + ".lock")
        yield  # pragma: no cover

    with failing_writes(monkeypatch, errno.EROFS, folder):
        monkeypatch.setattr(bookmarks_module, "file_lock", no_lock)
        try:
            yield
        finally:
            monkeypatch.setattr(bookmarks_module, "file_lock", atomic.file_lock)


def copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("bookmarks-unsaved-*.json"))


async def wait_for_dialog(explorer, pilot, ui) -> None:
    from ics_tui.screens.unsaved import UnsavedScreen

    await ui.wait_for(
        pilot, lambda: isinstance(explorer.screen, UnsavedScreen), what="the unsaved dialog"
    )


@pytest.mark.parametrize("fault", ["full disk", "held lock", "read-only folder"])
async def test_fault_then_quit_offers_a_copy_and_loses_nothing(
    app, ui, isolated_dirs, monkeypatch, fault
) -> None:
    explorer = app(remember=True)
    explorer.bookmarks.lock_timeout = 0.2
    path = isolated_dirs.data / "bookmarks.json"
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        first = await bookmark_first_ics(explorer, pilot, ui)  # saved before the fault
        await ui.wait_for(pilot, lambda: first in saved_sections(path), what="the first save")
        await pilot.press("down")
        with contextlib.ExitStack() as fault_on:
            if fault == "full disk":
                fault_on.enter_context(
                    failing_writes(monkeypatch, errno.ENOSPC, isolated_dirs.data)
                )
            elif fault == "held lock":
                fault_on.enter_context(held_lock(isolated_dirs.data))
            else:
                fault_on.enter_context(read_only_folder(monkeypatch, isolated_dirs.data))
            second = await bookmark_first_ics(explorer, pilot, ui)
            shown = {b.section_id for b in explorer.bookmarks.all()}
            assert {first, second} <= shown
            await pilot.press("q")
            await wait_for_dialog(explorer, pilot, ui)
            assert explorer.is_running, "quit with unsaved changes must ask first"
            await pilot.press("q")  # by habit: nothing happens
            await pilot.pause(0.1)
            assert explorer.is_running
            await pilot.press("c")
            await ui.wait_for(pilot, lambda: not explorer.is_running, what="the app to quit")
    (copy,) = copies(isolated_dirs.state)
    assert saved_sections(copy) == shown, "the copy holds every bookmark the member saw"
    assert first in saved_sections(path)


async def test_fault_gone_retry_at_the_dialog_saves_in_place(
    app, ui, isolated_dirs, monkeypatch
) -> None:
    explorer = app(remember=True)
    explorer.bookmarks.lock_timeout = 0.2
    path = isolated_dirs.data / "bookmarks.json"
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        with read_only_folder(monkeypatch):
            section = await bookmark_first_ics(explorer, pilot, ui)
            await pilot.press("q")
            await wait_for_dialog(explorer, pilot, ui)
        await pilot.press("r")
        await ui.wait_for(pilot, lambda: not explorer.is_running, what="the app to quit")
    assert section in saved_sections(path)
    assert not copies(isolated_dirs.state)


async def test_escape_at_the_dialog_keeps_working_and_a_later_save_succeeds(
    app, ui, isolated_dirs, monkeypatch
) -> None:
    explorer = app(remember=True)
    path = isolated_dirs.data / "bookmarks.json"
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        with failing_writes(monkeypatch, errno.ENOSPC):
            section = await bookmark_first_ics(explorer, pilot, ui)
            await pilot.press("q")
            await wait_for_dialog(explorer, pilot, ui)
            await pilot.press("escape")
            await pilot.pause(0.1)
            assert explorer.is_running
        explorer.saver.save()  # what the retry timer does
        await ui.wait_for(pilot, lambda: explorer.bookmarks.unsaved == 0, what="the retried save")
        assert section in saved_sections(path)


async def test_f7_a_held_lock_never_freezes_the_ui(app, ui, isolated_dirs) -> None:
    explorer = app(remember=True)
    explorer.bookmarks.lock_timeout = 30.0
    path = isolated_dirs.data / "bookmarks.json"
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        with held_lock(isolated_dirs.data):
            section = await bookmark_first_ics(explorer, pilot, ui)
            assert explorer.saver.saving, "the save waits for the lock in its thread"
            await pilot.press("down")
            await pilot.pause()
            # the key was handled while the save still waited for the lock
            assert current_section(explorer) != section
            assert explorer.saver.saving
        await ui.wait_for(
            pilot, lambda: section in saved_sections(path), what="the save after the lock"
        )


async def test_a_session_only_store_offers_the_copy_at_quit(app, ui, isolated_dirs) -> None:
    isolated_dirs.data.mkdir(parents=True, exist_ok=True)
    os.mkfifo(isolated_dirs.data / "bookmarks.json")  # F10: left alone, bookmarks for this session
    explorer = app(remember=True)
    assert not explorer.bookmarks.file_backed
    async with explorer.run_test(size=(80, 24)) as pilot:
        await ui.ready(pilot)
        section = await bookmark_first_ics(explorer, pilot, ui)
        await pilot.press("q")
        await wait_for_dialog(explorer, pilot, ui)
        await pilot.press("c")
        await ui.wait_for(pilot, lambda: not explorer.is_running, what="the app to quit")
    (copy,) = copies(isolated_dirs.state)
    assert saved_sections(copy) == {section}
