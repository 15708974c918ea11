"""Exit paths and input bytes in a real terminal (F6, F22): the terminal is always restored.

The installed `ics-tui` runs in a pseudo-terminal (tests/pty_driver.py); the raw bytes it
wrote are checked for the sequences that leave the alternate screen and stop mouse
tracking, after the last ones that turned them on.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
from pathlib import Path

import pytest
from pty_driver import PtyApp, console_script, isolated_env

SCRIPT = console_script()
pytestmark = pytest.mark.skipif(
    not SCRIPT.exists(), reason=f"no installed console script at {SCRIPT}"
)
READY = "ICS map:"  # the map pane's title: the first screen is up


def restored(raw: bytes) -> bool:
    """The alternate screen left and mouse tracking off, after they were last turned on."""
    on = max(raw.rfind(b"\x1b[?1049h"), raw.rfind(b"\x1b[?1000h"))
    tail = raw[on:]
    return on >= 0 and b"\x1b[?1049l" in tail and b"\x1b[?1000l" in tail


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_f22_a_signal_restores_the_terminal(tmp_path: Path, sig: int) -> None:
    with PtyApp([SCRIPT], env=isolated_env(tmp_path)) as app:
        app.wait_for(READY, timeout=20)
        os.kill(app.pid, sig)
        app.wait_exit(timeout=20)
        assert restored(app.raw), app.raw[-300:]
        assert "Traceback" not in app.text()


def test_f6_a_latin1_byte_is_not_a_crash(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    with PtyApp([SCRIPT], env=env) as app:
        app.wait_for(READY, timeout=20)
        app.send(b"\xa3")  # "£" from a terminal set to ISO-8859-1
        app.send(b"\xe9t\xe9")
        app.press("down")
        app.press("q")
        status = app.wait_exit(timeout=20)
    assert status == 0
    assert b"UnicodeDecodeError" not in app.raw and b"Traceback" not in app.raw
    assert not (tmp_path / "state" / "crash.log").exists()


def test_sigterm_with_a_bookmark_not_yet_saved_leaves_a_copy(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    data = Path(env["ICS_TUI_DATA_DIR"])
    data.mkdir(parents=True, exist_ok=True)
    fd = os.open(data / "bookmarks.json.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another program holds the bookmarks file
    try:
        with PtyApp([SCRIPT], cols=100, rows=30, env=env) as app:
            app.wait_for(READY, timeout=20)
            app.press("b")
            app.wait_for("Bookmarked", timeout=20)
            os.kill(app.pid, signal.SIGTERM)
            app.wait_exit(timeout=30)
            assert restored(app.raw)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    (copy,) = sorted(Path(env["ICS_TUI_STATE_DIR"]).glob("bookmarks-unsaved-*.json"))
    sections = [b["section_id"] for b in json.loads(copy.read_text())["bookmarks"]]
    assert len(sections) == 1
    assert "bookmarks-unsaved-" in app.raw.decode("utf-8", "replace")


@pytest.mark.parametrize("keys", [b"q", b"\t\tq", b"\x1b[Z2b1q"])
def test_f5_keys_in_the_first_moments_then_quit(tmp_path: Path, keys: bytes) -> None:
    with PtyApp([SCRIPT], env=isolated_env(tmp_path)) as app:
        app.wait_for(lambda screen: screen.strip() != "", timeout=20, what="the first output")
        app.send(keys)  # as soon as anything is drawn, before the sidebar has mounted
        status = app.wait_exit(timeout=30)
        assert status == 0, app.text()
        assert restored(app.raw)
        assert b"unexpected error" not in app.raw
    assert not (tmp_path / "state" / "crash.log").exists()
