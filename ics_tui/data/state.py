"""Where the member left off: what each pane showed and which had the focus.

A missing, unreadable or odd state file is simply ignored: losing the last
position must never stop the app from starting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ics_tui.data import locations

STATE_FILE = "state.json"
SCHEMA = 1


@dataclass
class PaneState:
    targets: list[str] = field(default_factory=list)
    focus: int = 0
    theme: str = ""  # the theme last picked in the palette ("" = none picked)


def state_path() -> Path:
    return locations.state_dir() / STATE_FILE


def load_state(path: Path | None = None) -> PaneState:
    """The saved panes, or an empty state if there is none that makes sense."""
    path = path or state_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PaneState()
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return PaneState()
    targets = data.get("panes")
    focus = data.get("focus", 0)
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        return PaneState()
    if not isinstance(focus, int) or isinstance(focus, bool):
        focus = 0
    theme = data.get("theme", "")
    return PaneState(targets[:2], max(0, min(focus, 1)), theme if isinstance(theme, str) else "")


def save_state(state: PaneState, path: Path | None = None) -> bool:
    """Write the state; False (and nothing raised) if the folder cannot be written."""
    from ics_tui.data.atomic import atomic_write_text

    path = path or state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"schema": SCHEMA, "panes": state.targets, "focus": state.focus}
        if state.theme:
            data["theme"] = state.theme
        atomic_write_text(path, json.dumps(data))
        return True
    except OSError:
        return False
