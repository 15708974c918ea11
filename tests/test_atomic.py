"""atomic.py's lock and writes: a timed-out waiter lets go, no descriptor leaks, errors propagate.

These tests wait for conditions (the abandoned waiter thread ending), never for a fixed time,
and assert what the code did (descriptors open, who holds the lock), never how long it took.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from ics_tui.data import atomic
from ics_tui.data.atomic import LockTimeout, atomic_write_bytes, file_lock, fsync_dir, set_aside

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX flock and /proc")
FDS = Path("/proc/self/fd")


def open_fds() -> set[int]:
    if not FDS.is_dir():  # pragma: no cover - Linux CI has /proc
        pytest.skip("no /proc/self/fd to count descriptors")
    return {int(name) for name in os.listdir(FDS)}


def waiters() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ics-tui-lock-wait"]


def wait_for_waiters_to_end(limit: float = 30.0) -> None:
    """The lock's abandoned waiter threads finish once the lock is free; wait for that, not a time."""
    for thread in waiters():
        thread.join(limit)
        assert not thread.is_alive(), "a lock waiter thread never finished"


def time_out(target: Path, timeout: float) -> LockTimeout:
    with pytest.raises(LockTimeout) as caught:
        with file_lock(target, timeout=timeout):
            pass  # pragma: no cover - must not get here
    return caught.value


def test_a_timed_out_waiter_that_gets_the_lock_later_lets_go_of_it(tmp_path: Path) -> None:
    # Without the hand-off, the abandoned waiter keeps the lock when it is freed: every later
    # save in the session would time out.
    target = tmp_path / "bookmarks.json"
    with file_lock(target):
        time_out(target, 0.05)
        assert waiters(), "the waiter should still be blocked while the lock is held"
    wait_for_waiters_to_end()
    with file_lock(target, timeout=0):  # free at once: nobody holds it
        pass


@pytest.mark.parametrize("timeout", [0, 0.05])
def test_a_timeout_leaks_no_descriptor_and_never_closes_someone_elses(
    tmp_path: Path, timeout: float
) -> None:
    target = tmp_path / "bookmarks.json"
    before = open_fds()
    with file_lock(target):
        time_out(target, timeout)
        # The lowest free number goes to the next open file; if the lock code closed its
        # descriptor too early, the waiter would later close this file instead.
        probe = os.open(tmp_path / "probe", os.O_RDWR | os.O_CREAT, 0o600)
    wait_for_waiters_to_end()
    try:
        os.fstat(probe)  # still open: nobody closed it behind our back
    finally:
        os.close(probe)
    assert open_fds() == before


def test_many_locks_writes_and_set_asides_leave_no_descriptor_open(tmp_path: Path) -> None:
    target = tmp_path / "data.json"
    before = open_fds()
    for n in range(40):
        with file_lock(target):
            atomic_write_bytes(target, b"x" * n)
        fsync_dir(tmp_path)
        set_aside(target, "test")
    assert open_fds() == before
    assert len(list(tmp_path.glob("data.json.corrupt-*"))) == 40


def test_fsync_dir_syncs_the_folder_and_closes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[tuple[bool, int]] = []
    real_fsync = os.fsync

    def record(fd: int) -> None:
        info = os.fstat(fd)
        synced.append((os.path.stat.S_ISDIR(info.st_mode), info.st_size))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", record)
    before = open_fds()
    atomic_write_bytes(tmp_path / "f", b"data")
    # The temporary file, flushed first (all 4 bytes reach the disk), then the folder of the rename.
    assert [is_dir for is_dir, _ in synced] == [False, True] and synced[0][1] == 4
    assert open_fds() == before


def test_an_error_while_taking_the_lock_propagates_and_closes_the_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(fd: int) -> bool:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(atomic, "_try_lock", broken)
    before = open_fds()
    with pytest.raises(OSError) as caught:
        with file_lock(tmp_path / "f"):
            pass  # pragma: no cover - must not get here
    assert caught.value.errno == errno.EIO
    assert open_fds() == before


def test_an_error_while_waiting_for_the_lock_reaches_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    real = fcntl.flock

    def flock(fd: int, how: int) -> None:
        if how & fcntl.LOCK_NB:
            raise BlockingIOError(errno.EAGAIN, "held")
        if how & fcntl.LOCK_EX:
            raise OSError(errno.ENOLCK, "no locks available")
        real(fd, how)

    monkeypatch.setattr(atomic.fcntl, "flock", flock)
    before = open_fds()
    with pytest.raises(OSError) as caught:
        with file_lock(tmp_path / "f", timeout=30):
            pass  # pragma: no cover - must not get here
    assert caught.value.errno == errno.ENOLCK and not isinstance(caught.value, LockTimeout)
    assert open_fds() == before


def test_a_waiter_gets_the_lock_when_the_holder_lets_go(tmp_path: Path) -> None:
    target = tmp_path / "f"
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with file_lock(target):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(30)

    def let_go_once_someone_waits() -> None:
        deadline = time.monotonic() + 30
        while not waiters() and time.monotonic() < deadline:
            time.sleep(0.001)
        release.set()

    releaser = threading.Thread(target=let_go_once_someone_waits)
    releaser.start()
    with file_lock(target, timeout=60) as lock:  # blocks until the holder lets go, then holds it
        assert lock == target.with_name("f.lock")
        time_out(target, 0)  # and now this process holds it: a second taker is refused
    releaser.join()
    thread.join()


def test_the_timeout_error_says_how_long_it_waited_and_for_which_file(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.json"
    with file_lock(target) as lock:
        error = time_out(target, 0.2)
    wait_for_waiters_to_end()
    assert error.lock_path == lock
    # A lower bound only: it waited at least the timeout (load can only make it longer).
    assert 0.2 <= error.waited < 3600
    assert str(error).startswith(f"{lock} is held by another program")
    assert f"gave up after waiting {error.waited:.1f} s" in str(error)


def test_a_new_file_is_private_and_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    atomic_write_bytes(fresh, b"1")
    assert fresh.stat().st_mode & 0o777 == 0o600
    shared = tmp_path / "shared"
    shared.write_bytes(b"old")
    shared.chmod(0o644)
    atomic_write_bytes(shared, b"new")
    assert shared.read_bytes() == b"new" and shared.stat().st_mode & 0o777 == 0o644


def test_set_aside_gives_up_after_a_thousand_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic.time, "strftime", lambda fmt, *a: "20261123-120102")
    source = tmp_path / "b.json"
    source.write_bytes(b"bad")
    base = "b.json.corrupt-20261123-120102"
    (tmp_path / base).write_bytes(b"")
    for n in range(1, 999):
        (tmp_path / f"{base}-{n}").write_bytes(b"")
    moved = set_aside(source)
    assert moved.name == f"{base}-999" and moved.read_bytes() == b"bad"
    source.write_bytes(b"worse")
    with pytest.raises(FileExistsError, match="1000 files named"):
        set_aside(source)
    assert source.read_bytes() == b"worse"


def test_a_write_goes_to_the_path_itself_when_the_link_check_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f"

    def broken(self: Path) -> bool:
        raise PermissionError(errno.EACCES, "denied")

    monkeypatch.setattr(Path, "is_symlink", broken)
    atomic_write_bytes(target, b"data")
    monkeypatch.undo()
    assert target.read_bytes() == b"data" and not target.is_symlink()


@pytest.mark.parametrize(
    "code,held", [(errno.EACCES, True), (errno.EAGAIN, True), (errno.EIO, None)]
)
def test_try_lock_reads_eacces_and_eagain_as_held_and_raises_anything_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, held: bool | None
) -> None:
    def flock(fd: int, how: int) -> None:
        raise OSError(code, os.strerror(code))  # a plain OSError, as some filesystems give

    monkeypatch.setattr(atomic.fcntl, "flock", flock)
    fd = os.open(tmp_path / "f.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if held:
            assert atomic._try_lock(fd) is False
        else:
            with pytest.raises(OSError) as caught:
                atomic._try_lock(fd)
            assert caught.value.errno == code
    finally:
        os.close(fd)


def test_set_aside_moves_a_link_itself_not_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"bad")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    moved = set_aside(link)
    assert moved.is_symlink() and moved.resolve() == real.resolve()
    assert not os.path.lexists(link) and real.read_bytes() == b"bad"


def test_set_aside_undoes_the_new_name_when_the_old_cannot_be_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "b.json"
    source.write_bytes(b"bad")
    real_unlink = os.unlink

    def unlink(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if Path(path) == source:
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "unlink", unlink)
    with pytest.raises(PermissionError) as caught:
        set_aside(source, "not JSON")
    monkeypatch.undo()
    assert (
        str(caught.value)
        == f"[Errno 1] could not set aside {source} (not JSON): Operation not permitted"
    )
    assert source.read_bytes() == b"bad"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"]  # no half-made copy left
