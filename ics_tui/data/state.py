"""Where the member left off: what each pane showed and which had the focus.

A missing, unreadable or odd state file is simply ignored: losing the last
position must never stop the app from starting. That includes a FIFO or device in its
place, a huge file and JSON nested deeper than Python's parser can recurse (F8, F10).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ics_tui.data import locations

STATE_FILE = "state.json"
SCHEMA = 1
MAX_BYTES = 64 * 1024  # two pane locations and a focus: a few hundred bytes in practice
MAX_DEPTH = 8


@dataclass
class PaneState:
    targets: list[str] = field(default_factory=list)
    focus: int = 0


def state_path() -> Path:
    return locations.state_dir() / STATE_FILE


def load_state(path: Path | None = None) -> PaneState:
    """The saved panes, or an empty state if there is none that makes sense."""
    from ics_tui.data.safe_read import nesting_ok, read_regular_text

    try:
        path = path or state_path()
        text = read_regular_text(path, MAX_BYTES)
        if not nesting_ok(text, MAX_DEPTH):
            return PaneState()
        data = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return PaneState()
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return PaneState()
    targets = data.get("panes")
    focus = data.get("focus", 0)
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        return PaneState()
    if not isinstance(focus, int) or isinstance(focus, bool):
        focus = 0
    return PaneState(targets[:2], max(0, min(focus, 1)))


def save_state(state: PaneState, path: Path | None = None) -> bool:
    """Write the state; False (and nothing raised) if the folder cannot be written."""
    from ics_tui.data.atomic import atomic_write_text
    from ics_tui.data.safe_read import is_special

    try:
        path = path or state_path()
        if is_special(path):
            return False  # a FIFO or device in its place is left alone
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps({"schema": SCHEMA, "panes": state.targets, "focus": state.focus}))
        return True
    except OSError:
        return False
