"""ICS Explorer: the Textual app that ties content, views, search and bookmarks together."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.signal import Signal

from ics_tui.commands import FactsProvider, SectionsProvider
from ics_tui.core.model import Content as Model
from ics_tui.data.bookmarks import BookmarkStore
from ics_tui.data.state import PaneState, load_state, save_state
from ics_tui.messages import OpenRequested, ReadyForKeys, StateChanged
from ics_tui.saving import BookmarkSaver
from ics_tui.views.base import ViewContext
from ics_tui.views.registry import is_known
from ics_tui.views.text import Glossary
from ics_tui.widgets.pane import Pane

if TYPE_CHECKING:
    from ics_tui.core.search import SearchIndex
    from ics_tui.screens.main import MainScreen


class ExplorerApp(App):
    """Browse the two documents in one or two panes, from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "ICS Explorer"
    COMMANDS = App.COMMANDS | {SectionsProvider, FactsProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help"),
        Binding("slash", "search", "Search", key_display="/", id="app.search"),
    ]

    cursor_blink = True
    """Text inputs blink their cursor; tests turn this off for steady snapshots."""

    map_mode = "braille"
    """How the drawn map is drawn: "braille" dots or half "blocks" (config `map_style`, key M)."""

    def __init__(self, model: Model, *, remember: bool = True) -> None:
        super().__init__()
        from ics_tui import terminal

        terminal.install()  # input bytes that are not UTF-8, and a Textual paging race
        self.model = model
        self.glossary = Glossary(model)
        self.remember = remember
        state = load_state() if remember else PaneState()
        self.initial_targets = [t for t in state.targets if is_known(model, t)] or ["@map"]
        self.initial_focus = state.focus if len(self.initial_targets) > state.focus else 0
        self.picked_theme = state.theme  # picked in the palette: kept over restarts
        self._save_pending = False
        self._search_index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._index_requested = False
        self.bookmarks = BookmarkStore.open() if remember else BookmarkStore.in_memory()
        self.bookmarks.write_behind = remember  # saved off the UI thread (ics_tui/saving.py)
        self.saver = BookmarkSaver(self)
        self.bookmarks_changed: Signal[frozenset[str]] = Signal(self, "bookmarks")
        self.view_context = ViewContext(
            model, self.glossary, self.bookmarks, self.bookmarks_changed, self.match_spans
        )
        self.config_problems: list[str] = []
        self.quitting = False
        # A mouse button is down: stacked panes keep their heights until it is released.
        self.mouse_held = False
        self._typed: deque[events.Key | events.Paste] = deque()  # typed, not yet forwarded
        self._key_in_flight: events.Key | events.Paste | None = None
        self._key_at: Any = None  # the node the key in flight is followed at
        self._forward_scheduled = False

    # --- start-up -----------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        """The explorer screen is the app's first screen, not pushed over an empty default
        one (that empty screen would be composed, styled and shown first)."""
        from ics_tui.screens.main import MainScreen

        return MainScreen(self.view_context, self.initial_targets, self.initial_focus)

    def on_mount(self) -> None:
        import asyncio

        from ics_tui.terminal import install_exit_signals

        install_exit_signals(asyncio.get_running_loop(), self.exit_on_signal)
        # every bookmark change is published once: save it (in a thread) from here
        self.bookmarks_changed.subscribe(self, lambda _ids: self.saver.save(), immediate=True)
        self.apply_config()
        if self.picked_theme in self.available_themes:
            self.theme = self.picked_theme  # (picked in the palette: wins over config.toml's)
        # (subscribed after the first frame: the config's theme above is not a pick)
        self.call_after_refresh(self._watch_theme_picks)
        self.call_after_refresh(self.show_notices)

    def _watch_theme_picks(self) -> None:
        from textual.signal import SignalError

        if self.quitting or not self.is_running:
            return  # (q pressed before the first frame: nothing to remember)
        try:
            self.theme_changed_signal.subscribe(self, self.theme_picked)
        except SignalError:
            pass  # closing already

    def theme_picked(self, theme) -> None:
        """Remember a theme changed while the app runs (the palette's Theme command)."""
        if theme.name != self.picked_theme:
            self.picked_theme = theme.name
            self.schedule_save()

    def apply_config(self) -> None:
        """The member's theme and key remapping; a bad entry is reported, never fatal."""
        from ics_tui.data.locations import config_path

        if not config_path().exists():
            return  # nothing to apply: skip importing the config reader and every view (for the binding ids)
        from ics_tui.data.config import load_config

        config = load_config(all_binding_ids(), set(self.available_themes))
        if config.theme:
            self.theme = config.theme
        if config.map_style:
            self.map_mode = config.map_style
        if config.keymap:
            self.set_keymap(config.keymap)
        self.config_problems = config.problems

    def show_notices(self) -> None:
        for problem in self.config_problems:
            self.notify(problem, title="config.toml", severity="warning", timeout=12)
        self.show_bookmark_notices()

    def show_bookmark_notices(self) -> None:
        for notice in self.bookmarks.take_notices():
            self.notify(notice, title="Bookmarks", severity="warning", timeout=20)

    def prepare_search(self) -> None:
        """Start building the index when search is first wanted (`/` or the palette opens).

        Not at start-up: the index costs start-up time and memory that a member who only
        browses never needs, and the build (tens of ms) is done before a first key lands.
        """
        if not self._index_requested:
            self._index_requested = True
            self.build_search_index()

    @work(thread=True, exclusive=True, group="index")
    def build_search_index(self) -> None:
        """Build and warm the index off the UI thread (typo table, word scores), so no keystroke waits."""
        self.search_index.warm()

    @property
    def search_index(self) -> SearchIndex:
        """The search index, built on first use; safe to call from worker threads."""
        if self._search_index is None:
            with self._index_lock:
                if self._search_index is None:
                    from ics_tui.core.search import SearchIndex

                    self._search_index = SearchIndex.build(self.model)
        return self._search_index

    # --- where things open ------------------------------------------------------

    @property
    def focused_pane(self) -> Pane | None:
        """The pane keys act on (tests read it; the explorer screen keeps it)."""
        main = self.main_screen
        return main.focused_pane if main is not None else None

    def open(
        self, target: str, *, pane: Pane | None = None, focus: bool = True, query: str = ""
    ) -> None:
        """Open a section or view in a pane (the focused one unless told otherwise)."""
        main = self.main_screen
        if main is not None:
            main.open(target, pane=pane, focus=focus, query=query)

    def match_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where the search `query` matches in `text` (same rules as search), for highlighting."""
        return self.search_index.highlight_spans(text, query) if query.strip() else []

    def on_open_requested(self, request: OpenRequested) -> None:
        """From a dialog or the palette (views' requests stop at the explorer screen)."""
        main = self.main_screen
        if main is not None:
            main.open_requested(request)

    # --- actions -------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands, and the explorer's own: export the bookmarks."""
        yield from super().get_system_commands(screen)
        main = self.main_screen
        if main is not None:
            for fmt, name in (("markdown", "Markdown"), ("html", "HTML")):
                yield SystemCommand(
                    f"Export bookmarks as {name}",
                    f"Save every bookmark with its note, text and references ({name} file)",
                    partial(main.action_export, fmt),
                )

    def action_help(self) -> None:
        """Every key, over the screen; the place with the focus is described first."""
        from ics_tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        context: str = ""
        focused = self.screen.focused
        for node in [focused, *(focused.ancestors if focused is not None else [])]:
            if node is not None and getattr(node, "HELP", None):
                context = str(node.HELP)
                break
        self.push_screen(HelpScreen(context))

    def action_search(self) -> None:
        from ics_tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    # --- remembering where the member was ---------------------------------

    def on_state_changed(self, event: StateChanged) -> None:
        if event.now:
            self.save_state()
        else:
            self.schedule_save()

    def schedule_save(self) -> None:
        if self.remember and not self._save_pending:
            self._save_pending = True
            self.set_timer(0.5, self.save_state)

    @property
    def main_screen(self) -> MainScreen | None:
        """The explorer screen, wherever it sits in the stack (a dialog may be on top); None once quit."""
        from ics_tui.screens.main import MainScreen

        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def save_state(self) -> None:
        self._save_pending = False
        if not self.remember:
            return
        main = self.main_screen
        panes = list(main.query(Pane)) if main is not None and main.is_attached else []
        if not panes:
            return  # quitting (screens gone) or not started: what was saved last stands
        focus = panes.index(self.focused_pane) if self.focused_pane in panes else 0
        save_state(PaneState([p.entry for p in panes], focus, self.picked_theme))

    def _fatal_error(self) -> None:
        """Textual would print a full traceback on exit; members get one line, developers the log."""
        import sys

        from rich.text import Text

        from ics_tui.data.crashlog import log_crash

        where = log_crash(sys.exc_info()[1] or self._exception)
        message = f"ics-tui stopped after an unexpected error: {self._exception!r}"
        self._exit_renderables.append(
            Text(message + (f"\nDetails were written to {where}" if where else ""))
        )
        try:
            rescued = self.saver.rescue()  # bookmark changes not yet saved: one try, else a copy
        except Exception:  # noqa: BLE001 - already on the way out after an error
            rescued = None
        if rescued:
            self._exit_renderables.append(Text(rescued))
        self._close_messages_no_wait()

    def exit_on_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP: leave through the normal exit, which restores the terminal."""
        if self.quitting:
            return
        self.save_state()
        self.exit(message=self.saver.rescue())

    async def action_quit(self) -> None:
        self.save_state()
        self.saver.quit()  # exits once the bookmarks are saved, or asks the member

    def notify(self, message: str, *args, markup: bool = True, **kwargs) -> None:
        """Every toast is plain text, wherever it is sent from (a widget passes markup=True):
        messages carry section titles, notes and queries, and a "[draft]" in a note must
        show as typed, not vanish as a markup tag."""
        super().notify(message, *args, markup=False, **kwargs)

    def exit(self, *args, **kwargs) -> None:
        """Quit, from `q` or anywhere else; keys still queued are dropped from here on."""
        self.quitting = True
        self._typed.clear()
        super().exit(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes are forwarded one at a time, in the order typed: see _forward_next.
        # Once quitting they are dropped: they would act on screens and panes being torn down
        # (Textual raises ScreenStackError for a key that comes back with no screen left).
        if isinstance(event, (events.Key, events.Paste)):
            if self.quitting or not self._has_screen():
                return  # (a key still on its way up when the screens are gone: dropped)
            if not event.is_forwarded:
                self._typed.append(event)
                self.pump_keys()
                return
        if isinstance(event, (events.MouseDown, events.MouseUp)) and not event.is_forwarded:
            self.mouse_held = isinstance(event, events.MouseDown)
            await super().on_event(event)  # (a release makes its Click here, on this layout)
            if not self.mouse_held and self._has_screen():
                fit = getattr(self.screen, "fit_pane_heights", None)
                if fit is not None:
                    fit()
            return
        await super().on_event(event)

    # --- typed keys, one at a time ---------------------------------------------------
    #
    # Textual forwards a key to the widget focused when the app reads it; the key then climbs
    # the DOM, one message queue per widget, to the bindings (checked at the app). A key
    # typed before the one ahead of it had done its work (`2` replacing the view, `s`
    # splitting) was forwarded into a widget that work then removed, and was lost; or it
    # overtook that key along a shorter path; or it reached a pane whose view was still
    # mounting, not the view. So the app holds each key until the one before it is through
    # (followed up the DOM to the app) and the screen is ready for it (its views mounted
    # and focused: `ready_for_keys`), and then forwards it to what has the focus by then.

    def pump_keys(self) -> None:
        """Forward the next key typed, once the last is through and the screen can take it."""
        at = self._key_at
        if self._key_in_flight is not None and at is not None and getattr(at, "_closed", False):
            self._key_through(self._key_in_flight)  # (its widget closed under it: gone)
        if self._key_in_flight is not None or self._forward_scheduled or not self._typed:
            return
        if self._screen_ready():
            self._forward_scheduled = True
            # (after what is queued on the app now: a focus moved by the last key lands first)
            self.call_later(self._forward_next)

    def _screen_ready(self) -> bool:
        if self.quitting or not self._has_screen():
            return False  # (before the first screen: its first view's ReadyForKeys pumps)
        screen = self.screen
        if not screen.is_mounted:
            screen.call_later(self.pump_keys)  # (runs once it has mounted)
            return False
        ready = getattr(screen, "ready_for_keys", None)
        return ready is None or bool(ready())

    async def _forward_next(self) -> None:
        self._forward_scheduled = False
        if self._key_in_flight is not None or not self._typed or not self._screen_ready():
            return
        event = self._typed.popleft()
        self._key_in_flight = event
        await super().on_event(event)  # a priority binding, or forwarded to the focus
        if event.is_forwarded:
            self._follow_key(event, self.focused or self.screen)  # (where it was forwarded)
        else:
            self._key_through(event)

    def _follow_key(self, event: events.Key | events.Paste, node: Any) -> None:
        """Follow `event` up the DOM: a callback queued behind it at each node runs once
        that node has handled it (and passed it up, unless it was stopped there)."""
        if node is not None and node.call_later(self._key_handled_at, event, node):
            self._key_at = node
        else:
            self._key_through(event)

    def _key_handled_at(self, event: events.Key | events.Paste, node: Any) -> None:
        if self._key_in_flight is not event:
            return
        if node is self:
            # bindings done; one more turn of the app's queue lets a focus they moved land
            self._key_at = None
            self.call_later(self._key_through, event)
        else:
            self._follow_key(event, node.parent)

    def _key_through(self, event: events.Key | events.Paste) -> None:
        if self._key_in_flight is event:
            self._key_in_flight = None
            self._key_at = None
            self.pump_keys()

    def on_ready_for_keys(self, message: ReadyForKeys) -> None:
        message.stop()
        self.pump_keys()

    def _has_screen(self) -> bool:
        try:
            return bool(self.screen_stack)
        except KeyError:  # (the mode's stack is gone while closing)
            return False


def all_binding_ids() -> set[str]:
    """Every binding id a member may remap in config.toml: the app's, its screens' and
    every registered view's."""
    from ics_tui.screens.help import HelpScreen
    from ics_tui.screens.main import MainScreen
    from ics_tui.screens.prompt import TextPrompt
    from ics_tui.screens.search import SearchScreen
    from ics_tui.views.registry import remappable_binding_ids

    return remappable_binding_ids((ExplorerApp, MainScreen, SearchScreen, TextPrompt, HelpScreen))
