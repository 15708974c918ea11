"""Where ICS Explorer keeps things: shipped content, user data, state and config.

Each location can be overridden by an environment variable, for tests and for
members who keep their bookmarks in a synced folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ics-tui"
CONTENT_ENV = "ICS_TUI_CONTENT"
DATA_ENV = "ICS_TUI_DATA_DIR"
STATE_ENV = "ICS_TUI_STATE_DIR"
CONFIG_ENV = "ICS_TUI_CONFIG_DIR"


def shipped_content_dir() -> Path:
    """The content that ships in the wheel, or the checkout's `content/` in development."""
    packaged = Path(__file__).resolve().parent.parent / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "content"


def content_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The content folder to load: `--content`, then $ICS_TUI_CONTENT, then the shipped one."""
    chosen = explicit or os.environ.get(CONTENT_ENV)
    return Path(chosen).expanduser() if chosen else shipped_content_dir()


def _dir(env: str, kind: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs  # deferred: not needed on every start-up path

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Bookmarks live here."""
    return _dir(DATA_ENV, "data")


def state_dir() -> Path:
    """Which sections were open, and the error log."""
    return _dir(STATE_ENV, "state")


def config_dir() -> Path:
    """config.toml (key remapping) lives here."""
    return _dir(CONFIG_ENV, "config")


CONFIG_FILE = "config.toml"


def config_path() -> Path:
    """The member's config file (which may not exist)."""
    return config_dir() / CONFIG_FILE
