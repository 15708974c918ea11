"""Run a program in a real pseudo-terminal and read its screen with pyte.

Used by the end-to-end tests (`test_proof_pty.py`, `test_proof_hostile.py`) and by
`benchmarks/startup_bench.py`. Textual draws on stdout/stderr of the terminal, so
everything is read from the pty master: a reader thread keeps the raw bytes (to
check what reached the terminal) and feeds a pyte screen (to check what a member
sees). Waits poll the screen against a deadline; nothing relies on fixed sleeps.
"""

from __future__ import annotations

import codecs
import errno
import fcntl
import os
import pty
import resource
import select
import signal
import struct
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Callable, Mapping, Sequence

import pyte

KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "backspace": b"\x7f",
}


def ctrl(letter: str) -> bytes:
    """The byte a terminal sends for ctrl+letter (ctrl+o is 0x0f)."""
    return bytes([ord(letter.lower()) - ord("a") + 1])


def console_script(name: str = "ics-tui") -> Path:
    """The installed console script next to the running interpreter."""
    return Path(sys.executable).parent / name


def isolated_env(root: Path, **extra: str) -> dict[str, str]:
    """An environment for the app with its own data, state and config folders under `root`."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "ICS_TUI_", "PYTEST"))
    }
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    for name in ("data", "state", "config"):
        (root / name).mkdir(parents=True, exist_ok=True)
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG=env.get("LANG") or "C.UTF-8",
        ICS_TUI_DATA_DIR=str(root / "data"),
        ICS_TUI_STATE_DIR=str(root / "state"),
        ICS_TUI_CONFIG_DIR=str(root / "config"),
    )
    env.update(extra)
    return env


class TerminalTimeout(AssertionError):
    """A wait ran past its deadline; the message holds the screen as it was."""


class PtyApp:
    """One child process on a pseudo-terminal of a fixed size, with a pyte screen."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = 80,
        rows: int = 24,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        watch: str | None = None,
    ) -> None:
        self.argv = [str(a) for a in argv]
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._lock = threading.Lock()
        self._raw = bytearray()
        self.first_output_at: float | None = None
        self.watch = watch  # text whose first appearance on screen the reader times (`seen_at`)
        self.seen_at: float | None = None
        self.cpu_at_seen: float | None = None  # the child's CPU seconds (all threads) at `seen_at`
        self.status: int | None = None
        self.rusage: resource.struct_rusage | None = None
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if cwd is not None:
                    os.chdir(cwd)
                os.execve(self.argv[0], self.argv, dict(env if env is not None else os.environ))
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # --- reading ------------------------------------------------------------------

    def _read_loop(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.05)
            except (OSError, ValueError):
                return
            if not ready:
                if self.status is not None:
                    return
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError as error:  # EIO: the child closed the terminal
                if error.errno in (errno.EIO, errno.EBADF):
                    return
                raise
            if not data:
                return
            with self._lock:
                if self.first_output_at is None:
                    self.first_output_at = time.perf_counter()
                self._raw += data
                self.stream.feed(self._decoder.decode(data))
                if (
                    self.watch
                    and self.seen_at is None
                    and any(self.watch in line for line in self.screen.display)
                ):
                    self.seen_at = time.perf_counter()
                    self.cpu_at_seen = self._cpu_seconds()

    def _cpu_seconds(self) -> float | None:
        """CPU time the child has used so far, summed over its threads (Linux schedstat, in ns)."""
        total = 0
        try:
            for task in os.listdir(f"/proc/{self.pid}/task"):
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as handle:
                    total += int(handle.read().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return total / 1e9

    @property
    def raw(self) -> bytes:
        """Every byte the program has written to the terminal so far."""
        with self._lock:
            return bytes(self._raw)

    def text(self) -> str:
        """The screen as lines of text, as a member would read it."""
        with self._lock:
            return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(
        self, predicate: str | Callable[[str], bool], timeout: float = 10.0, what: str | None = None
    ) -> str:
        """Poll the screen until `predicate` (text to find, or a test of the screen) holds."""
        test = (lambda screen: predicate in screen) if isinstance(predicate, str) else predicate
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.text()
            if test(screen):
                return screen
            if self.poll() is not None:
                self._reader.join(timeout=1)  # read what it wrote last
                screen = self.text()
                if test(screen):
                    return screen
                raise TerminalTimeout(
                    f"the program exited ({self.status}) before {what or predicate!r} appeared; screen:\n{screen}"
                )
            if time.perf_counter() > deadline:
                raise TerminalTimeout(
                    f"{what or predicate!r} did not appear within {timeout:.0f} s; screen:\n{screen}"
                )
            time.sleep(0.02)

    def wait_for_any(self, texts: Sequence[str], timeout: float = 10.0) -> str:
        return self.wait_for(
            lambda s: any(t in s for t in texts), timeout, what=f"any of {list(texts)}"
        )

    # --- writing ------------------------------------------------------------------

    def send(self, data: str | bytes) -> None:
        os.write(self.fd, data.encode() if isinstance(data, str) else data)

    def press(self, *keys: str) -> None:
        """Send keys by name (`enter`, `down`, `ctrl+o`) or as literal characters."""
        for key in keys:
            if key in KEYS:
                self.send(KEYS[key])
            elif key.startswith("ctrl+") and len(key) == 6:
                self.send(ctrl(key[-1]))
            else:
                self.send(key)
            time.sleep(0.05)  # pacing between keys, as a person types; never an assertion

    def type(self, text: str) -> None:
        for char in text:
            self.press(char)

    # --- ending -------------------------------------------------------------------

    def poll(self) -> int | None:
        if self.status is None:
            try:
                pid, status, usage = os.wait4(self.pid, os.WNOHANG)
            except ChildProcessError:
                return self.status
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                self.rusage = usage
        return self.status

    def wait_exit(self, timeout: float = 10.0) -> int:
        deadline = time.perf_counter() + timeout
        while self.poll() is None:
            if time.perf_counter() > deadline:
                raise TerminalTimeout(
                    f"the program did not exit within {timeout:.0f} s; screen:\n{self.text()}"
                )
            time.sleep(0.02)
        self._reader.join(timeout=2)
        assert self.status is not None
        return self.status

    def close(self) -> None:
        """Stop the child if it still runs (by its own pid), and release the terminal."""
        if self.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    break
                deadline = time.perf_counter() + 2
                while self.poll() is None and time.perf_counter() < deadline:
                    time.sleep(0.02)
                if self.status is not None:
                    break
        self._reader.join(timeout=2)
        try:
            os.close(self.fd)
        except OSError:
            pass

    @property
    def peak_rss_kib(self) -> int | None:
        """The child's peak resident memory (ru_maxrss, KiB on Linux), once it has exited."""
        return self.rusage.ru_maxrss if self.rusage else None

    def __enter__(self) -> "PtyApp":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
