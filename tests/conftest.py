"""Shared fixtures for the app tests: isolated user folders, the shipped content, an app factory.

The folder isolation is not autouse on purpose: hypothesis refuses function-scoped
fixtures on `@given` tests, so modules that drive the app ask for it (the `app`
factory does so itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from ics_tui.data import locations


@dataclass
class UserDirs:
    data: Path
    state: Path
    config: Path


@pytest.fixture
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UserDirs:
    """Own data, state and config folders; no environment that changes how Textual draws."""
    dirs = UserDirs(tmp_path / "data", tmp_path / "state", tmp_path / "config")
    monkeypatch.setenv(locations.DATA_ENV, str(dirs.data))
    monkeypatch.setenv(locations.STATE_ENV, str(dirs.state))
    monkeypatch.setenv(locations.CONFIG_ENV, str(dirs.config))
    for name in (
        "NO_COLOR",
        "TEXTUAL_THEME",
        "TEXTUAL_ANIMATIONS",
        "FORCE_COLOR",
        "COLUMNS",
        "LINES",
    ):
        monkeypatch.delenv(name, raising=False)
    return dirs


@pytest.fixture(scope="session")
def model():
    """The shipped content, loaded once: the app never changes its model."""
    from ics_tui.core.loader import load_content

    return load_content(locations.shipped_content_dir())


@pytest.fixture(scope="session")
def search_index(model):
    """The search index of the shipped content, built once (it is never changed after it is built)."""
    from ics_tui.core.search import SearchIndex

    return SearchIndex.build(model)


@pytest.fixture
def app(model, search_index, isolated_dirs) -> Callable[..., "ExplorerApp"]:  # noqa: F821
    """Build an ExplorerApp on the shipped content: `app()` forgets, `app(remember=True)` saves state.

    Every app gets the session's search index up front, so start-up does not rebuild it in a
    worker each time (dozens of apps per run); if the app stops caching its index in
    `_search_index`, this only costs time.
    """
    from ics_tui.app import ExplorerApp

    def make(remember: bool = False) -> ExplorerApp:
        explorer = ExplorerApp(model, remember=remember)
        explorer.cursor_blink = False
        explorer._search_index = search_index
        return explorer

    return make


class UI:
    """Small helpers for Pilot tests (a fixture, so test modules need not import conftest)."""

    @staticmethod
    async def settle(pilot, rounds: int = 2) -> None:
        """Let messages, refreshes and screen switches (delayed 50 ms since Textual 8) run."""
        for _ in range(rounds):
            await pilot.pause()

    @staticmethod
    async def wait_for(
        pilot, predicate: Callable[[], object], timeout: float = 10.0, what: str = ""
    ) -> None:
        """Pause until `predicate()` holds; fail with `what` if it never does."""
        import time

        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or predicate}")
            await pilot.pause(0.02)

    @classmethod
    async def ready(cls, pilot, timeout: float = 10.0) -> None:
        """Wait until the explorer is up: main screen shown, a pane focused with its view mounted."""
        from ics_tui.screens.main import MainScreen

        app = pilot.app

        def up() -> bool:
            pane = app.focused_pane
            return (
                isinstance(app.screen, MainScreen)
                and pane is not None
                and pane.view is not None
                and app.screen.focused is not None
            )

        await cls.wait_for(pilot, up, timeout, "the explorer to be ready")
        await pilot.pause()

    @staticmethod
    def panes(app) -> list:
        from ics_tui.widgets.pane import Pane

        return list(app.screen.query(Pane))

    @staticmethod
    def pane_title(pane) -> str:
        return str(pane.query_one(".pane-title").render())

    @staticmethod
    def statics(pane) -> list:
        """The text widgets inside a pane's view (not its title bar)."""
        from textual.widgets import Static

        return [w for w in pane.query(Static) if not w.has_class("pane-title")]

    @classmethod
    def pane_text(cls, pane) -> str:
        """Everything a pane's view shows as text (Content-based widgets only)."""
        from textual.content import Content

        parts = []
        for widget in cls.statics(pane):
            rendered = widget.render()
            if isinstance(rendered, Content):
                parts.append(rendered.plain)
        return "\n".join(parts)

    @classmethod
    def reversed_spans(cls, pane) -> list[str]:
        """The text of every span drawn reversed (search matches) in a pane's view."""
        from textual.content import Content

        found = []
        for widget in cls.statics(pane):
            rendered = widget.render()
            if isinstance(rendered, Content):
                for span in rendered.spans:
                    if "reverse" in str(span.style):
                        found.append(rendered.plain[span.start : span.end])
        return found

    @staticmethod
    def notifications(app) -> list[tuple[str, str, str]]:
        """(title, message, severity) of every notification still showing."""
        return [(n.title, n.message, n.severity) for n in app._notifications]


@pytest.fixture
def ui() -> type[UI]:
    return UI
