"""Offline by construction: the app and every command run with the network forbidden.

In-process, an audit hook (`sys.addaudithook`) records and refuses every socket
connect, name lookup and outgoing send, and every process start, while a test runs;
the tests assert nothing was attempted (recorded, in case the app swallowed the
refusal). A subprocess runs the CLI under the same guard installed by a `-c` wrapper,
as a sitecustomize would. Meta-tests show the guard does catch a connection.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from ics_tui.cli import main

# Audit events that mean talking to a network, or starting something that might.
FORBIDDEN = (
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
    "socket.sendto",
    "socket.sendmsg",
    "socket.bind",
    "urllib.Request",
    "http.client.connect",
    "ftplib.connect",
    "smtplib.connect",
    "webbrowser.open",
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "pty.spawn",
)


class NetworkUsed(RuntimeError):
    pass


class Guard:
    """One audit hook for the whole session (hooks cannot be removed); armed only inside `offline()`."""

    armed = False
    attempts: list[tuple[str, tuple]] = []
    installed = False

    @classmethod
    def hook(cls, event: str, args: tuple) -> None:
        if cls.armed and event in FORBIDDEN:
            cls.attempts.append((event, args))
            raise NetworkUsed(f"offline test: {event}{args!r}")

    @classmethod
    def install(cls) -> None:
        if not cls.installed:
            sys.addaudithook(cls.hook)
            cls.installed = True


@contextmanager
def offline() -> Iterator[list[tuple[str, tuple]]]:
    Guard.install()
    Guard.attempts = []
    Guard.armed = True
    try:
        yield Guard.attempts
    finally:
        Guard.armed = False


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for env, name in (
        ("ICS_TUI_DATA_DIR", "data"),
        ("ICS_TUI_STATE_DIR", "state"),
        ("ICS_TUI_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(env, str(tmp_path / name))
    for name in ("NO_COLOR", "TEXTUAL_THEME", "ICS_TUI_CONTENT"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


# --- the guard itself can fail a test ----------------------------------------------------------


def test_meta_the_guard_catches_a_connection_and_a_lookup() -> None:
    with offline() as attempts, socket.socket() as sock:
        with pytest.raises(NetworkUsed):
            sock.connect(("127.0.0.1", 9))
        with pytest.raises(NetworkUsed):
            socket.getaddrinfo("example.org", 443)
        try:  # code that swallows the refusal is still caught: the attempt is recorded
            socket.create_connection(("example.org", 443), timeout=1)
        except Exception:  # noqa: BLE001
            pass
    assert [event for event, _ in attempts] == [
        "socket.connect",
        "socket.getaddrinfo",
        "socket.getaddrinfo",
    ]
    socket.socket().close()  # disarmed afterwards: other tests are unaffected


def test_meta_the_guard_catches_a_process_start() -> None:
    with offline() as attempts:
        with pytest.raises(NetworkUsed):
            subprocess.run(["true"], check=False)
    assert attempts and attempts[0][0] == "subprocess.Popen"


# --- the explorer ------------------------------------------------------------------------------


async def test_the_explorer_never_touches_the_network(model, user_dirs: Path) -> None:
    from ics_tui.app import ExplorerApp

    with offline() as attempts:
        app = ExplorerApp(model, remember=True)  # real state and bookmark files, in tmp folders
        app.cursor_blink = False
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for key in (
                "1",
                "down",
                "down",
                "y",
                "s",
                "3",
                "2",
                "4",
                "tab",
                "b",
                "5",
                "t",
                "t",
                "question_mark",
                "question_mark",
            ):
                await pilot.press(key)
            await pilot.press("slash")
            await pilot.pause()
            await pilot.press(*"pcn")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"dorset")
            await pilot.pause(0.3)
            await pilot.press("escape")
            await app.workers.wait_for_complete()
            await pilot.press("q")
        assert app.return_code in (None, 0) and app._exception is None
    assert attempts == []
    assert (user_dirs / "state" / "state.json").exists(), (
        "the session really ran and saved its state"
    )


# --- the commands ------------------------------------------------------------------------------

COMMANDS = [
    ["validate"],
    ["sections"],
    ["show", "ics/dorset"],
    ["search", "pcn"],
    ["bookmarks"],
    ["bookmarks", "export"],
    ["bookmarks", "export", "--format", "json"],
    ["locate"],
    ["--version"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_runs_offline(
    argv: list[str], user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with offline() as attempts:
        try:
            status = main(argv)
        except SystemExit as exit:  # --version exits through argparse
            status = exit.code
    out, err = capsys.readouterr()
    assert attempts == []
    assert status in (0, None), err
    assert out.strip(), f"{argv} printed nothing"


def test_the_cli_runs_offline_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """The same guard installed by a -c wrapper before ics_tui is imported, as a sitecustomize would."""
    wrapper = textwrap.dedent(
        f"""
        import sys
        FORBIDDEN = {FORBIDDEN!r}
        attempts = []
        def hook(event, args):
            if event in FORBIDDEN:
                attempts.append(event)
                raise RuntimeError("offline: " + event)
        sys.addaudithook(hook)
        from ics_tui.cli import main
        statuses = [main(argv) for argv in {[c for c in COMMANDS if c != ["--version"]]!r}]
        print("ATTEMPTS", attempts, "STATUSES", statuses, file=sys.stderr)
        sys.exit(1 if attempts or any(statuses) else 0)
        """
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "ICS_TUI_DATA_DIR": str(tmp_path / "data"),
        "ICS_TUI_STATE_DIR": str(tmp_path / "state"),
        "ICS_TUI_CONFIG_DIR": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-c", wrapper], capture_output=True, text=True, env=env, timeout=120
    )
    assert "ATTEMPTS [] STATUSES [0, 0, 0, 0, 0, 0, 0, 0]" in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0
    assert "OK:" in result.stdout and "Dorset" in result.stdout
