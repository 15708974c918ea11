"""Start `ics-tui serve` as a member would and talk to it: its link, its page, its websocket.

Used by `test_serve.py` (no browser) and `test_serve_browser.py` (headless Chromium). The
server runs as a subprocess of this interpreter with its own user folders; `Served.stop()`
sends SIGINT like Ctrl+C. Screens sent over the websocket are rebuilt with pyte.
"""

from __future__ import annotations

import codecs
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

import pyte
from pty_driver import isolated_env

URL = re.compile(r"http://\S+/")


class Served:
    """One `ics-tui serve` process; `url` is the link it printed."""

    def __init__(self, root: Path, *args: str, timeout: float = 30.0) -> None:
        self.env = env = isolated_env(root)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ics_tui", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        self.lines: "queue.Queue[str]" = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_url(timeout)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def _wait_for_url(self, timeout: float) -> str:
        """The link, once the whole announcement (which ends with how to stop) is printed."""
        deadline = time.monotonic() + timeout
        url = None
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if url is None and (match := URL.search(line)):
                url = match.group(0)
            if url is not None and "Ctrl+C" in line:
                return url
        self.stop()
        raise AssertionError(f"ics-tui serve printed no link:\n{''.join(self.output)}")

    @property
    def origin(self) -> str:
        return self.url.split("/", 3)[0] + "//" + self.url.split("/", 3)[2]

    @property
    def ws_url(self) -> str:
        return "ws" + self.url[len("http") :] + "ws"

    def app_processes(self) -> list[int]:
        """The server's child processes (one per open tab)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def stop(self, timeout: float = 20.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class Screen:
    """A terminal screen rebuilt from the bytes the server sends over the websocket."""

    def __init__(self, cols: int = 80, rows: int = 24) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.received = 0

    def feed(self, data: bytes) -> None:
        self.received += len(data)
        self.stream.feed(self._decoder.decode(data))

    def text(self) -> str:
        return "\n".join(self.screen.display)


async def read_until(
    websocket, screen: Screen, ready: Callable[[str], bool], timeout: float = 20.0, what: str = ""
) -> str:
    """Feed websocket frames to `screen` until `ready(text)`; fail with the screen otherwise."""
    import asyncio

    import aiohttp

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready(screen.text()):
        left = deadline - loop.time()
        if left <= 0:
            raise AssertionError(f"screen never showed {what}:\n{screen.text()}")
        try:
            # (a hard deadline: aiohttp restarts receive's own timeout at every ping it answers)
            message = await asyncio.wait_for(websocket.receive(), left)
        except asyncio.TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            screen.feed(message.data)
        elif message.type in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSED,
            aiohttp.WSMsgType.CLOSING,
        ):
            raise AssertionError(
                f"websocket closed ({websocket.close_code}) before {what}:\n{screen.text()}"
            )
    return screen.text()


def stdin(text: str) -> str:
    """The JSON message textual.js sends for keys typed in the page."""
    return json.dumps(["stdin", text])


def env_has_web_extra() -> bool:
    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        return False
    return True


__all__ = ["Served", "Screen", "read_until", "stdin", "env_has_web_extra"]
