"""The member's bookmarks: one JSON file that is never lost, never overwritten when bad.

The file is `bookmarks.json` in the user data folder (`locations.data_dir()`,
which `$ICS_TUI_DATA_DIR` overrides), shaped::

    {"schema": 1, "bookmarks": [{"id": "...", "section_id": "ics/dorset", "title": "Dorset",
                                 "note": "", "added": "2026-11-23T12:01:02Z", "updated": "..."}]}

How it stays safe:

- Every change takes a lock (`bookmarks.json.lock`), re-reads the file, applies
  just that change to what is on disk now, writes the result atomically and
  releases the lock, so two copies of the app never lose each other's changes.
- A file written by a newer version (a higher schema number) is never moved or
  written: what this version can read of it is shown, read-only, and changes are
  kept for the session (F11). A FIFO, device or folder in its place is left alone
  (F10).
- A file that cannot be read (empty, cut short, binary, not JSON, the wrong
  shape, an unknown schema) is renamed aside with
  `atomic.set_aside`, byte for byte, and the member is told where it went
  (`store.notices`). The store then starts empty and works.
- At start, a folder that cannot be created or written (read-only, permission
  denied, a file in the way) makes the store session-only: bookmarks are kept
  in memory and the member is told. So does a file that cannot be read for a
  reason other than its contents (permissions, a folder in its place), which is
  left alone: a file the store could not read is never written over.
- Later in a session, a change that cannot be saved (disk full, the folder
  turned read-only, the lock held too long, the file unreadable for a while)
  is kept in memory, the member is told once, and it is saved, merged with
  what is then on disk, with the next change that succeeds.
- Bookmarks whose section is not in the loaded content are kept as they are;
  deciding how to show them is the caller's business.

Nothing here imports Textual. Only `open()` promises never to raise; the
mutations raise `KeyError` for an id the store does not hold and `ValueError`
for an empty title, which are programming errors, never file problems.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
import threading
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ics_tui.core.sanitize import clean_text
from ics_tui.data import atomic, locations
from ics_tui.data.atomic import (
    DEFAULT_LOCK_TIMEOUT,
    LockTimeout,
    atomic_write_text,
    file_lock,
    set_aside,
)
from ics_tui.data.safe_read import NotRegular, TooBig, is_special, read_regular

SCHEMA_VERSION = 1
FILE_NAME = "bookmarks.json"
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_NOTE_CHARS = 100_000
"""A note longer than this is refused (a file the store writes must be one it reads back, F13)."""
_EPOCH = datetime.min.replace(tzinfo=timezone.utc)


def utc_now() -> str:
    """The current time as ISO 8601 UTC to the second: `2026-11-23T12:01:02Z`."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime | None:
    """An ISO 8601 timestamp as an aware datetime (naive ones are taken as UTC), or None."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def clean_title(title: str) -> str:
    """A title on one line, without terminal control characters."""
    return " ".join(clean_text(title).split())


def clean_note(note: str) -> str:
    """A note without terminal control characters; line breaks kept, outer blank space removed."""
    return clean_text(note.replace("\r\n", "\n").replace("\r", "\n")).strip()


class ShapeError(ValueError):
    """Bookmark data that is valid JSON but not what this schema describes."""


@dataclass(frozen=True)
class Bookmark:
    """One bookmark: a section id, the member's name for it, their note, and when."""

    id: str
    section_id: str
    title: str
    note: str = ""
    added: str = ""
    updated: str = ""

    @classmethod
    def new(cls, section_id: str, title: str, now: str | None = None) -> Bookmark:
        stamp = now or utc_now()
        section_id = clean_text(section_id).strip()
        if not section_id:
            raise ValueError("a bookmark needs a section id")
        return cls(uuid.uuid4().hex, section_id, clean_title(title) or section_id, "", stamp, stamp)

    @property
    def added_at(self) -> datetime | None:
        return parse_time(self.added)

    @property
    def display_title(self) -> str:
        return self.title or self.section_id

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "section_id": self.section_id,
            "title": self.title,
            "note": self.note,
            "added": self.added,
            "updated": self.updated,
        }

    @classmethod
    def from_json(cls, data: Any, where: str = "a bookmark") -> Bookmark:
        """Read one entry of the file; `ShapeError` says what is wrong with it.

        Unknown keys are ignored (a format change comes with a new schema
        number). Text is cleaned of terminal control characters.
        """
        if not isinstance(data, dict):
            raise ShapeError(f"{where} is not an object")
        values: dict[str, str] = {}
        for key, required in (
            ("id", True),
            ("section_id", True),
            ("title", True),
            ("note", False),
            ("added", False),
            ("updated", False),
        ):
            value = data.get(key)
            if value is None and not required:
                value = ""
            if not isinstance(value, str):
                raise ShapeError(
                    f'{where} has no text "{key}"'
                    if value is None
                    else f'{where}: "{key}" is not text'
                )
            values[key] = value
        if not values["id"].strip() or not values["section_id"].strip():
            raise ShapeError(f'{where} has an empty "id" or "section_id"')
        return cls(
            id=clean_text(values["id"]).strip(),
            section_id=clean_text(values["section_id"]).strip(),
            title=clean_title(values["title"]),
            note=clean_note(values["note"]),
            added=values["added"].strip(),
            updated=values["updated"].strip() or values["added"].strip(),
        )


class Unreadable(Exception):
    """A bookmarks file whose bytes are not a bookmarks file; `reason` says why, for the member."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NewerSchema(Unreadable):
    """A bookmarks file from a newer version: never set aside, only read (F11).

    `items` are the entries this version can read, shown read-only for the session.
    """

    def __init__(self, reason: str, items: list[Bookmark]) -> None:
        super().__init__(reason)
        self.items = items


class _Blocked(Exception):
    """The file is there but cannot be consulted now; `what` completes "Your bookmarks file X ..."."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class _LockBusy(_Blocked):
    """Another program holds the lock (for longer than the store waited)."""


OPEN_LOCK_WAIT = 0.5
"""Seconds `open()` waits for the lock before reading without it: the app opens the store
before its first frame, and a lock held elsewhere must not hold that up for 10 s (F7)."""


def parse(raw: bytes) -> list[Bookmark]:
    """The bookmarks in a file's bytes, in file order, or `Unreadable`."""
    if not raw:
        raise Unreadable("empty (0 bytes)")
    if len(raw) > MAX_FILE_BYTES:
        raise Unreadable(f"too large ({len(raw):,} bytes)")
    if b"\x00" in raw:
        raise Unreadable("not text: binary data")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("not text: binary data") from None
    if not text.strip():
        raise Unreadable("blank")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if _ends_early(text, error):
            raise Unreadable("cut short: the JSON ends early") from None
        raise Unreadable(
            f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except (RecursionError, ValueError) as error:
        raise Unreadable(f"not JSON: {type(error).__name__}") from None
    if not isinstance(data, dict):
        raise Unreadable("not a bookmarks file: the JSON is not an object")
    schema = data.get("schema")
    if isinstance(schema, bool) or not isinstance(schema, int):
        shown = "none" if schema is None else json.dumps(schema)[:40]
        raise Unreadable(f"not a bookmarks file: unknown schema version {shown}")
    if schema > SCHEMA_VERSION:
        raise NewerSchema(
            f"written by a newer version of ICS Explorer (schema {schema}; this version reads schema {SCHEMA_VERSION})",
            _readable_entries(data.get("bookmarks")),
        )
    if schema != SCHEMA_VERSION:
        raise Unreadable(f"not a bookmarks file: unknown schema version {schema}")
    entries = data.get("bookmarks")
    if not isinstance(entries, list):
        raise Unreadable('not a bookmarks file: "bookmarks" is not a list')
    out: list[Bookmark] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        try:
            bookmark = Bookmark.from_json(entry, f"bookmark {index + 1}")
        except ShapeError as error:
            raise Unreadable(f"not a bookmarks file: {error}") from None
        if bookmark.id in seen:
            raise Unreadable(f"not a bookmarks file: bookmark id {bookmark.id[:40]} appears twice")
        seen.add(bookmark.id)
        out.append(bookmark)
    return out


def _readable_entries(entries: Any) -> list[Bookmark]:
    """The entries of a newer file that this version understands, the others skipped."""
    out: list[Bookmark] = []
    seen: set[str] = set()
    for entry in entries if isinstance(entries, list) else []:
        try:
            bookmark = Bookmark.from_json(entry)
        except ShapeError:
            continue
        if bookmark.id not in seen:
            seen.add(bookmark.id)
            out.append(bookmark)
    return out


def _ends_early(text: str, error: json.JSONDecodeError) -> bool:
    """Whether the JSON is fine as far as it goes and just stops (a truncated write)."""
    if error.pos >= len(text.rstrip()):
        return True
    if error.msg.startswith("Unterminated string"):
        rest = text[error.pos + 1 :]
        return '"' not in rest and not any(ord(c) < 0x20 for c in rest)
    return False


def dump(bookmarks: Iterable[Bookmark]) -> str:
    return (
        json.dumps(
            {"schema": SCHEMA_VERSION, "bookmarks": [b.to_json() for b in bookmarks]},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


class TooLarge(OSError):
    """The bookmarks would make a file larger than this version reads back (F13)."""


def _write_checked(path: Path, items: list[Bookmark]) -> None:
    """Write the bookmarks file, refusing one that `parse` would later refuse as too large."""
    data = dump(items).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(
            errno.EFBIG,
            f"the bookmarks would take {len(data):,} bytes, more than the {MAX_FILE_BYTES:,} this version reads",
        )
    atomic.atomic_write_bytes(path, data)


def _why(error: BaseException) -> str:
    """An OSError in a few words a member understands."""
    words = {
        errno.EROFS: "read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "the disk is full",
        errno.ENOTDIR: "a file is in the way",
        errno.EEXIST: "a file is in the way",
        errno.EISDIR: "a folder is in the way",
        errno.ENOENT: "the folder does not exist",
    }
    if getattr(errno, "EDQUOT", None) is not None:
        words[errno.EDQUOT] = "the disk quota is used up"
    if isinstance(error, LockTimeout):
        return "another copy of ICS Explorer is holding the file"
    if isinstance(error, TooLarge):
        return error.strerror or "too large"
    if isinstance(error, OSError) and error.errno in words:
        return words[error.errno]
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _probe_writable(folder: Path) -> None:
    """Raise the OSError that creating a file in `folder` raises, if any."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".write-test-", suffix=".tmp")
    os.close(fd)
    os.unlink(name)


# --- changes, replayable against whatever is on disk --------------------------------------

Op = Callable[[list[Bookmark]], "Bookmark | None"]


def _index(items: list[Bookmark], bookmark_id: str) -> int | None:
    for i, b in enumerate(items):
        if b.id == bookmark_id:
            return i
    return None


def _op_add(bookmark: Bookmark) -> Op:
    def apply(items: list[Bookmark]) -> Bookmark:
        for b in items:
            if b.id == bookmark.id or b.section_id == bookmark.section_id:
                return b  # already bookmarked (here or by another copy of the app)
        items.append(bookmark)
        return bookmark

    return apply


def _op_update(fallback: Bookmark, changes: dict[str, str]) -> Op:
    """Change fields of one bookmark; if another copy removed it meanwhile, bring it back with them."""

    def apply(items: list[Bookmark]) -> Bookmark:
        i = _index(items, fallback.id)
        if i is None:
            changed = replace(fallback, **changes)
            items.append(changed)
        else:
            changed = replace(items[i], **changes)
            items[i] = changed
        return changed

    return apply


def _op_remove(bookmark_id: str) -> Op:
    def apply(items: list[Bookmark]) -> Bookmark | None:
        i = _index(items, bookmark_id)
        return None if i is None else items.pop(i)

    return apply


def _op_restore(bookmark: Bookmark) -> Op:
    def apply(items: list[Bookmark]) -> Bookmark:
        i = _index(items, bookmark.id)
        if i is not None:
            return items[i]
        items.append(bookmark)
        return bookmark

    return apply


class BookmarkStore:
    """The member's bookmarks, backed by `bookmarks.json` when it can be, in memory when not.

    Use `BookmarkStore.open()`; it never raises. After it and after every call,
    `notices` holds what the member must be told (oldest first; `take_notices()`
    hands them over and clears them). `persistent` is True while every change
    so far is on disk. Safe to call from several threads.
    """

    def __init__(
        self, path: Path | None = None, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> None:
        self.path: Path | None = path
        self.folder: Path | None = path.parent if path else None
        self.lock_timeout = lock_timeout
        self.notices: list[str] = []
        self.moved_aside: Path | None = None
        self._items: list[Bookmark] = []  # file order: oldest addition first
        self._pending: list[Op] = []  # changes made but not yet on disk
        self._file_backed = False
        self._save_failing = False
        self._mutex = threading.RLock()
        self._flush_lock = threading.Lock()  # one save at a time; never held by readers
        self.write_behind = False
        """When True, a change is made in memory at once and saved by `flush()`, which the
        caller runs off its UI thread: a held lock or a slow folder never freezes the UI."""
        self.session_changes = 0  # changes made while the store is not backed by its file
        self.last_failure = ""  # why the last save failed, or why the file is not used
        self._memory_only = False  # made by in_memory(): never meant to be saved
        self.newer_items: list[Bookmark] = []  # what a newer version's file holds, read-only

    # --- opening ---------------------------------------------------------------------

    @classmethod
    def open(
        cls, folder: str | Path | None = None, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    ) -> BookmarkStore:
        """The store in `folder` (default: `locations.data_dir()`). Never raises."""
        store = cls(lock_timeout=lock_timeout)
        try:
            store._open(folder)
        except Exception as error:  # noqa: BLE001 - the promise is that opening never fails
            store._file_backed = False
            store.last_failure = f"they could not be opened ({type(error).__name__})"
            store._notice(
                f"Bookmarks could not be opened ({type(error).__name__}: {error}); they are kept for this session only."
            )
        return store

    @classmethod
    def in_memory(cls) -> BookmarkStore:
        """A store that never touches the disk (for tests and previews)."""
        store = cls()
        store._memory_only = True
        return store

    def _open(self, folder: str | Path | None) -> None:
        try:
            where = Path(folder) if folder is not None else locations.data_dir()
        except Exception as error:  # noqa: BLE001 - platformdirs could not work out a folder
            self.last_failure = "no data folder could be found"
            self._notice(
                f"Bookmarks cannot be saved: no data folder could be found ({error}); they are kept for this session only."
            )
            return
        path = where.expanduser() / FILE_NAME
        try:
            if path.is_symlink():  # a member who links the file into a synced folder keeps the link
                path = path.resolve()
        except (OSError, RuntimeError):
            pass
        self.path, self.folder = path, path.parent
        if (
            is_special(path) and not path.is_dir()
        ):  # `ln -s /dev/null bookmarks.json`, a FIFO: left alone
            self.last_failure = "it is not a regular file"
            self._notice(
                f"Your bookmarks file {path} is not a regular file (a device or a FIFO); "
                "it is left as it is, and bookmarks are kept for this session only."
            )
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _probe_writable(self.folder)
        except OSError as error:
            self.last_failure = f"{self.folder}: {_why(error)}"
            self._notice(
                f"Bookmarks cannot be saved in {self.folder} ({_why(error)}); they are kept for this session only."
            )
            try:  # still show what the file holds, if it can be read; never move or write it
                self._items = self._read(may_set_aside=False)
            except _Blocked as blocked:
                self._items = list(self.newer_items)
                self._notice(
                    f"Your bookmarks file {self.path} {blocked.what}; it is left as it is."
                )
            return
        self._file_backed = True
        with self._mutex:
            patience, self.lock_timeout = self.lock_timeout, min(self.lock_timeout, OPEN_LOCK_WAIT)
            try:
                self._sync(write=False, tidy=True)
            except _LockBusy:
                # Another copy is writing: read what is there without the lock (writes are
                # atomic); tidying and setting a bad file aside wait for the next save.
                try:
                    self._items = self._read(may_set_aside=False)
                except _Blocked:
                    self._items = []
            except _Blocked as blocked:
                self._file_backed = False
                self._items = list(self.newer_items)
                self.last_failure = f"the file {blocked.what}"
                self._notice(
                    f"Your bookmarks file {self.path} {blocked.what}; it is left as it is, and bookmarks are kept for this session only."
                )
            finally:
                self.lock_timeout = patience

    # --- reading and writing the file -------------------------------------------------

    def _notice(self, message: str) -> None:
        if not self.notices or self.notices[-1] != message:
            self.notices.append(message)

    def take_notices(self) -> list[str]:
        """The notices not yet shown, and forget them."""
        with self._mutex:
            out, self.notices = self.notices, []
            return out

    def _read(self, may_set_aside: bool) -> list[Bookmark]:
        """What the file holds now: [] if it is missing, or was bad and has just been set aside.

        Raises `_Blocked` when the file is there but what it holds cannot be
        known: then nothing may be written over it. Setting aside (allowed by
        `may_set_aside`) needs the lock held.
        """
        assert self.path is not None
        try:
            raw = read_regular(self.path, MAX_FILE_BYTES)
        except (FileNotFoundError, NotADirectoryError):  # no file, or no folder for it to be in
            return []
        except NotRegular as error:  # a FIFO would block, a device read for ever or be renamed
            raise _Blocked(error.strerror or "is not a regular file") from None
        except TooBig:
            raw = b""
            try:
                size = f"{self.path.stat().st_size:,} bytes"
            except OSError:
                size = f"over {MAX_FILE_BYTES:,} bytes"
            bad_size: Unreadable | None = Unreadable(f"too large ({size})")
        except OSError as error:
            raise _Blocked(f"cannot be read ({_why(error)})") from None
        else:
            bad_size = None
        try:
            if bad_size is not None:
                raise bad_size
            return parse(raw)
        except NewerSchema as newer:
            self.newer_items = newer.items
            raise _Blocked(f"was {newer.reason}; it is only read, never changed") from None
        except Unreadable as bad:
            if not may_set_aside:
                raise _Blocked(f"could not be read ({bad.reason})") from None
            try:
                moved = set_aside(self.path, bad.reason)
            except OSError as error:
                raise _Blocked(
                    f"could not be read ({bad.reason}) and could not be moved aside ({_why(error)})"
                ) from None
            self.moved_aside = moved
            self._notice(
                f"Your bookmarks file could not be read ({bad.reason}); it was moved to {moved} and a new one started."
            )
            return []

    def _remove_stale_temps(self) -> None:
        """Delete temporary files a crashed write left behind (safe: writers hold the lock)."""
        assert self.path is not None
        for temp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                if temp.is_file() and not temp.is_symlink():
                    temp.unlink()
            except OSError:
                pass

    def _sync(self, write: bool, tidy: bool = False) -> dict[Op, Bookmark | None]:
        """Under the lock: re-read the file, apply the unsaved changes to it, and write if asked.

        Returns each unsaved change's result against the merged list. Raises
        `_Blocked` (nothing written, nothing changed) if the lock cannot be had
        or the file cannot be consulted; a failed write keeps the merged list
        in memory, the changes unsaved, and tells the member.
        """
        assert self.path is not None
        with contextlib.ExitStack() as held:
            try:
                held.enter_context(file_lock(self.path, self.lock_timeout))
            except LockTimeout as error:
                raise _LockBusy(f"could not be locked ({_why(error)})") from None
            except OSError as error:
                raise _Blocked(f"could not be locked ({_why(error)})") from None
            if tidy:
                self._remove_stale_temps()
            disk = self._read(may_set_aside=True)
            merged = list(disk)
            results = {op: op(merged) for op in self._pending}
            self._items = merged
            if not write:
                return results
            if merged != disk:
                try:
                    _write_checked(self.path, merged)
                except OSError as error:
                    self._save_failed(_why(error))
                    return results
            self._pending.clear()
            if self._save_failing:
                self._save_failing = False
                self._notice(
                    f"Bookmarks are being saved to {self.path} again; the changes kept in memory are saved now."
                )
            return results

    def _save_failed(self, why: str) -> None:
        self.last_failure = why
        if not self._save_failing:
            self._save_failing = True
            self._notice(
                f"Your bookmarks could not be saved to {self.path} ({why}); the changes are kept in memory "
                "and saving is tried again (with the next change, and before quitting)."
            )

    @property
    def file_backed(self) -> bool:
        """True while changes go to the bookmarks file (False: kept for this session only)."""
        return self._file_backed

    @property
    def unsaved(self) -> int:
        """How many changes the member made that are not in the bookmarks file.

        Changes waiting to be saved, or, for a store that could not use its file, every
        change of this session. A store made with `in_memory()` has nothing to lose: 0.
        """
        with self._mutex:
            if self._file_backed:
                return len(self._pending)
            return 0 if self._memory_only else self.session_changes

    def flush(self, wait: float = -1) -> bool:
        """Save the changes waiting in memory (write-behind); True once nothing is unsaved.

        Waits for the file lock without holding the store's own mutex, so readers on
        the UI thread are never held up by another program's lock. Never raises: a
        failure keeps the changes pending and adds a notice. `wait`: how long to wait
        for a save already running in another thread (-1: as long as it takes).
        """
        if not self._flush_lock.acquire(timeout=wait):
            return False
        with contextlib.ExitStack() as held:
            held.callback(self._flush_lock.release)
            with self._mutex:
                if not self._file_backed or not self._pending:
                    return self.unsaved == 0
                ops = list(self._pending)
            assert self.path is not None
            try:
                with file_lock(self.path, self.lock_timeout):
                    disk = self._read(may_set_aside=True)
                    merged = list(disk)
                    for op in ops:
                        op(merged)
                    if merged != disk:
                        _write_checked(self.path, merged)
            except _Blocked as blocked:
                with self._mutex:
                    self._save_failed(f"the file {blocked.what}")
                return False
            except OSError as error:  # the lock (LockTimeout included) or the write
                with self._mutex:
                    self._save_failed(_why(error))
                return False
            with self._mutex:
                done = {id(op) for op in ops}
                self._pending = [
                    op for op in self._pending if id(op) not in done
                ]  # newer ones stay
                items = merged
                for op in self._pending:
                    op(items)
                self._items = items
                if self._save_failing and not self._pending:
                    self._save_failing = False
                    self._notice(
                        f"Bookmarks are being saved to {self.path} again; the changes kept in memory are saved now."
                    )
                return not self._pending

    def save_copy(self, folders: Iterable[Path]) -> Path:
        """Write every bookmark as held now to a new file in the first folder that takes it.

        For the member who quits while the bookmarks file cannot be written: the copy is
        a bookmarks file like any other (it can replace `bookmarks.json` later). Raises the
        last OSError if no folder takes it.
        """
        with self._mutex:
            text = dump(self._items)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        error: OSError = OSError(errno.ENOENT, "no folder to save a copy in")
        for folder in folders:
            target = Path(folder) / f"bookmarks-unsaved-{stamp}.json"
            try:
                Path(folder).mkdir(parents=True, exist_ok=True)
                if target.exists():
                    target = target.with_name(
                        f"bookmarks-unsaved-{stamp}-{uuid.uuid4().hex[:6]}.json"
                    )
                atomic_write_text(target, text)
                return target
            except OSError as caught:
                error = caught
        raise error

    def _change(self, op: Op) -> Bookmark | None:
        """Apply one change: to the file, merged with what is there now, or in memory if it cannot be.

        A change that cannot be saved now stays pending and is replayed, merged
        with whatever is then on disk, by the next change or `reload`.
        """
        with self._mutex:
            if not self._file_backed:
                self.session_changes += 1
                return op(self._items)
            self._pending.append(op)
            if self.write_behind:
                return op(self._items)  # saved by flush(), off the caller's thread
            try:
                return self._sync(write=True)[op]
            except _Blocked as blocked:
                self._save_failed(f"the file {blocked.what}")
                return op(self._items)

    # --- reading the bookmarks --------------------------------------------------------

    @property
    def persistent(self) -> bool:
        """True while bookmarks are backed by the file and every change so far is saved."""
        return self._file_backed and not self._pending

    def all(self) -> list[Bookmark]:
        """Every bookmark, newest `added` first; ties (and unreadable dates, last) in reverse file order."""
        with self._mutex:
            newest_first = list(reversed(self._items))
        return sorted(newest_first, key=lambda b: b.added_at or _EPOCH, reverse=True)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Bookmark]:
        return iter(self.all())

    def get(self, bookmark_id: str) -> Bookmark | None:
        with self._mutex:
            for b in self._items:
                if b.id == bookmark_id:
                    return b
        return None

    def find(self, section_id: str) -> Bookmark | None:
        """The newest bookmark of this section, or None."""
        for b in self.all():
            if b.section_id == section_id:
                return b
        return None

    def reload(self) -> None:
        """Re-read the file (another copy of the app may have changed it); unsaved changes stay on top.

        A file that has gone bad meanwhile is set aside (with a notice). A
        session-only store has nothing to re-read and keeps what it holds.
        """
        with self._mutex:
            if self._file_backed:
                try:
                    self._sync(write=False)
                except _Blocked as blocked:
                    self._notice(
                        f"Your bookmarks file {self.path} {blocked.what}; showing the bookmarks as they were."
                    )

    # --- changing them ----------------------------------------------------------------

    def add(self, section_id: str, title: str) -> Bookmark:
        """Bookmark a section (`title` is usually the section's title); return the bookmark.

        If the section is already bookmarked (here, or on disk by another copy
        of the app), that bookmark is returned and nothing is added.
        """
        result = self._change(_op_add(Bookmark.new(section_id, title)))
        assert result is not None
        return result

    def toggle(self, section_id: str, title: str) -> Bookmark | None:
        """Bookmark the section if it is not (return the bookmark), else remove its bookmark (return None).

        What counts is what the member sees now (this store's view): if another
        copy of the app changed it meanwhile, the member's intent still wins.
        """
        with self._mutex:
            existing = self.find(section_id)
            if existing is None:
                return self.add(section_id, title)
            self._change(_op_remove(existing.id))
            return None

    def _known(self, bookmark_id: str) -> Bookmark:
        found = self.get(bookmark_id)
        if found is None:
            raise KeyError(bookmark_id)
        return found

    def set_note(self, bookmark_id: str, note: str) -> Bookmark:
        """Replace the note ("" clears it). If another copy removed the bookmark, it comes back with the note."""
        cleaned = clean_note(note)
        if len(cleaned) > MAX_NOTE_CHARS:
            raise ValueError(f"a note can be at most {MAX_NOTE_CHARS:,} characters")
        with self._mutex:
            current = self._known(bookmark_id)
            result = self._change(_op_update(current, {"note": cleaned, "updated": utc_now()}))
        assert result is not None
        return result

    def rename(self, bookmark_id: str, title: str) -> Bookmark:
        """Give the bookmark the member's own title (one line; `ValueError` if blank or too long)."""
        cleaned = clean_title(title)
        if not cleaned:
            raise ValueError("a bookmark's title cannot be blank")
        if len(cleaned) > MAX_NOTE_CHARS:
            raise ValueError(f"a title can be at most {MAX_NOTE_CHARS:,} characters")
        with self._mutex:
            current = self._known(bookmark_id)
            result = self._change(_op_update(current, {"title": cleaned, "updated": utc_now()}))
        assert result is not None
        return result

    def remove(self, bookmark_id: str) -> Bookmark:
        """Delete a bookmark and return it, for `restore` (undo)."""
        with self._mutex:
            current = self._known(bookmark_id)
            removed = self._change(_op_remove(bookmark_id))
        return removed or current

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a removed bookmark as it was (same id, note and dates): the undo of `remove`."""
        if not isinstance(bookmark, Bookmark):
            raise TypeError("restore() takes the Bookmark that remove() returned")
        result = self._change(_op_restore(bookmark))
        assert result is not None
        return result
