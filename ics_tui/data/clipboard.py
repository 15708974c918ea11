"""Copying text out of the app so that it always reaches the member.

Terminals differ: OSC 52 (what Textual's `copy_to_clipboard` sends) is ignored by macOS
Terminal, GNOME Terminal and tmux without `set-clipboard`, with no way to tell. So a copy
goes three ways: to the system clipboard through a tool where one exists (`wl-copy`,
`xclip`, `xsel`, `pbcopy`, `clip.exe`), by OSC 52 (done by the caller, which owns the
terminal), and in every case into a file in the state folder, which the toast names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ics_tui.data import locations
from ics_tui.data.atomic import atomic_write_text

COPY_FILE = "last-copy.txt"
TOOL_TIMEOUT = 3.0


@dataclass(frozen=True)
class CopyResult:
    """Where copied text went: the clipboard tool used (if any) and the file (if written)."""

    tool: str | None
    file: Path | None
    problem: str = ""


def clipboard_command(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The command that puts stdin on the system clipboard here, or None when there is none.

    Wayland and X11 tools are used only when their display is set (without one they fail or
    hang); `pbcopy` on macOS; `clip.exe` under Windows and WSL.
    """
    if env is None:
        env = os.environ
    candidates: list[list[str]] = []
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if env.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    candidates.append(["clip.exe"])
    for command in candidates:
        if shutil.which(command[0]):
            return command
    return None


def copy_with_tool(text: str, command: list[str]) -> str:
    """Run the clipboard tool; returns "" on success or a one-line reason."""
    try:
        # xclip and wl-copy stay alive to serve the selection: don't wait on their output.
        process = subprocess.run(
            command,
            input=text.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=TOOL_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"{command[0]} did not answer within {TOOL_TIMEOUT:g} s"
    except OSError as error:
        return f"{command[0]} could not run: {error.strerror or error}"
    if process.returncode != 0:
        return f"{command[0]} failed (exit status {process.returncode})"
    return ""


def save_copy(text: str, folder: Path | None = None) -> Path:
    """Keep the copied text in the state folder, so it can be found whatever the terminal did."""
    folder = folder or locations.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / COPY_FILE
    atomic_write_text(target, text)
    return target


def copy_text(
    text: str, folder: Path | None = None, env: Mapping[str, str] | None = None
) -> CopyResult:
    """Put `text` on the system clipboard where a tool exists, and always save it to a file.

    Blocking (a subprocess and a file write): call it from a worker thread, not the UI thread.
    """
    problems: list[str] = []
    tool = None
    command = clipboard_command(env)
    if command is not None:
        problem = copy_with_tool(text, command)
        if problem:
            problems.append(problem)
        else:
            tool = command[0]
    file = None
    try:
        file = save_copy(text, folder)
    except OSError as error:
        problems.append(f"could not save a copy: {error.strerror or error}")
    return CopyResult(tool, file, "; ".join(problems))
