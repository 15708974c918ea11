"""Safe file handling for the member's own files: atomic writes, setting bad files aside, locks.

Used by the bookmarks store and the app's pane-state file. Nothing here imports
Textual, and nothing here decides what to tell the member: callers catch the
`OSError`s (and `LockTimeout`) and turn them into notices.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

LOCK_SUFFIX = ".lock"
DEFAULT_LOCK_TIMEOUT = 10.0


class LockTimeout(TimeoutError):
    """The lock file stayed held by someone else for longer than the timeout."""

    def __init__(self, lock_path: Path, waited: float) -> None:
        self.lock_path = lock_path
        self.waited = waited
        super().__init__(
            f"{lock_path} is held by another program (probably another copy of ICS Explorer); "
            f"gave up after waiting {waited:.1f} s"
        )


def _real(path: Path) -> Path:
    """The file a symlink points at, so that writing keeps a member's link in place."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:
        return path


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable, where the platform allows it (not on Windows)."""
    if sys.platform == "win32" or not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data` so that a reader only ever sees the old file or the new one.

    A temporary file is written in the same folder, flushed and fsynced, then
    moved over `path` with `os.replace`, and the folder is fsynced. If anything
    fails the temporary file is removed and the old file is left as it was; the
    `OSError` propagates. A symlink at `path` is kept: its target is replaced. A FIFO or
    device at `path` is never replaced (an `OSError`).
    A new file gets the temporary file's mode (0600: private to the member); an
    existing file keeps its mode.
    """
    target = _real(Path(path))
    folder = target.parent
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # A FIFO or a device (`/dev/null`): the rename would replace it with a file (F21).
        raise OSError(
            errno.EINVAL, "is not a regular file (a device or a FIFO); not replaced", str(target)
        )
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(temp, os.stat(target).st_mode & 0o7777)
        except OSError:
            pass  # no old file (keep 0600), or a filesystem without modes
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(folder)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """`atomic_write_bytes` for text; newlines are written as given (no translation)."""
    atomic_write_bytes(path, text.encode(encoding))


def _move_no_replace(source: Path, target: Path) -> bool:
    """Move `source` to `target` unless `target` exists; False if it does.

    A hard link then an unlink is atomic about the "unless it exists" part; on
    filesystems without hard links, fall back to a check and a rename (Windows'
    rename refuses to replace by itself).
    """
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        return False
    except (NotImplementedError, OSError) as error:
        if isinstance(error, OSError) and error.errno in (errno.ENOENT, errno.EROFS):
            raise
        if os.path.lexists(target):
            return False
        try:
            os.rename(source, target)
        except FileExistsError:
            return False
        return True
    try:
        os.unlink(source)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise
    return True


def set_aside(path: str | os.PathLike[str], reason: str = "") -> Path:
    """Rename a bad file to `<name>.corrupt-<YYYYmmdd-HHMMSS>[-N]` beside it; return the new path.

    The timestamp is local time, as the member's file manager shows it. An
    existing file is never overwritten: `-1`, `-2`, ... are tried in turn. The
    bytes are untouched (a rename, not a copy). `reason` only goes into the
    error raised if the file cannot be moved (an `OSError`).
    """
    source = Path(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    base = f"{source.name}.corrupt-{stamp}"
    try:
        for n in range(1000):
            target = source.with_name(base if n == 0 else f"{base}-{n}")
            if _move_no_replace(source, target):
                fsync_dir(source.parent)
                return target
    except OSError as error:
        why = f" ({reason})" if reason else ""
        raise type(error)(
            error.errno, f"could not set aside {source}{why}: {error.strerror or error}"
        ) from error
    raise FileExistsError(
        errno.EEXIST, f"could not set aside {source}: 1000 files named {base}-N already exist"
    )


def lock_path_for(path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    def _wait_lock(fd: int, timeout: float) -> bool:
        """Poll for the lock; on False the caller still owns (and closes) `fd`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.005)
            if _try_lock(fd):
                return True
        return False

    _HANDS_OFF_ON_TIMEOUT = False

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    def _wait_lock(fd: int, timeout: float) -> bool:
        """Wait in a blocking flock, which the kernel hands over fairly (polling starves a waiter
        while another process takes the lock again and again). On timeout the waiting thread
        keeps `fd`: if it gets the lock later it lets go at once and closes `fd`."""
        guard = threading.Lock()
        got = threading.Event()
        state: dict[str, object] = {"abandoned": False, "error": None}

        def wait() -> None:
            error: OSError | None = None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as caught:
                error = caught
            with guard:
                if state["abandoned"]:
                    with contextlib.suppress(OSError):
                        if error is None:
                            fcntl.flock(fd, fcntl.LOCK_UN)
                        os.close(fd)
                    return
                state["error"] = error
                got.set()

        threading.Thread(target=wait, name="ics-tui-lock-wait", daemon=True).start()
        got.wait(timeout)
        with guard:
            if got.is_set():
                if state["error"] is not None:
                    raise state["error"]  # type: ignore[misc]
                return True
            state["abandoned"] = True
        return False

    _HANDS_OFF_ON_TIMEOUT = True


@contextlib.contextmanager
def file_lock(
    path: str | os.PathLike[str], timeout: float = DEFAULT_LOCK_TIMEOUT
) -> Iterator[Path]:
    """Hold an exclusive lock on `<path>.lock` for the duration of the block.

    The lock file is created if needed (an `OSError` if it cannot be, e.g. in
    a read-only folder) and is left in place afterwards: deleting it would let
    two processes lock two different files. Waits up to `timeout` seconds, then
    raises `LockTimeout`. The lock is released if the holder dies. Within one
    process, two threads locking the same file also exclude each other.
    """
    lock = lock_path_for(path)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    started = time.monotonic()
    try:
        acquired = _try_lock(fd) or (timeout > 0 and _wait_lock(fd, timeout))
    except BaseException:
        os.close(fd)
        raise
    if not acquired:
        if not (_HANDS_OFF_ON_TIMEOUT and timeout > 0):
            os.close(fd)
        raise LockTimeout(lock, time.monotonic() - started)
    try:
        yield lock
    finally:
        try:
            _unlock(fd)
        finally:
            os.close(fd)
