"""ICS Explorer: the Textual app that ties content, views, search and bookmarks together."""

from __future__ import annotations

import threading

from textual import events, work
from textual.app import App
from textual.binding import Binding

from ics_tui.commands import FactsProvider, SectionsProvider
from ics_tui.core.model import month_year, Action, Comparison, Content as Model, Ics, PortabilityOption, Principle, Tier
from ics_tui.core.plaintext import section_text
from ics_tui.data.bookmarks import BookmarkStore
from ics_tui.data.state import PaneState, load_state, save_state
from ics_tui.saving import BookmarkSaver
from ics_tui.views.base import View
from ics_tui.views.text import Glossary
from ics_tui.widgets.pane import Pane

VIEW_TITLES = {"@map": "ICS map", "@compare": "ICS vs ICP", "@tiers": "Structural tiers", "@advice": "Member advice"}
ADVICE_GROUPS = {"advice", "portability"}


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

    def __init__(self, model: Model, *, remember: bool = True) -> None:
        super().__init__()
        from ics_tui.terminal import forgiving_input

        forgiving_input()
        self.model = model
        self.glossary = Glossary(model)
        self.remember = remember
        self.focused_pane: Pane | None = None
        state = load_state() if remember else PaneState()
        self.initial_targets = [t for t in state.targets if self._known(t)] or ["@map"]
        self.initial_focus = state.focus if len(self.initial_targets) > state.focus else 0
        self._save_pending = False
        self._search_index = None
        self._index_lock = threading.Lock()
        self._index_requested = False
        self.undo_stack: list = []
        self.bookmarks = BookmarkStore.open() if remember else BookmarkStore.in_memory()
        self.bookmarks.write_behind = remember  # saved off the UI thread (ics_tui/saving.py)
        self.saver = BookmarkSaver(self)
        self.config_problems: list[str] = []
        self.quitting = False

    # --- start-up -----------------------------------------------------------------

    def get_default_screen(self):
        """The explorer screen is the app's first screen, not pushed over an empty default
        one: that empty screen was composed, styled and shown first (about 25 ms)."""
        from ics_tui.screens.main import MainScreen

        return MainScreen(self.initial_targets)

    def on_mount(self) -> None:
        import asyncio

        from ics_tui.terminal import install_exit_signals

        install_exit_signals(asyncio.get_running_loop(), self.exit_on_signal)
        self.apply_config()
        self.call_after_refresh(self.show_notices)

    def apply_config(self) -> None:
        """The member's theme and key remapping; a bad entry is reported, never fatal."""
        from ics_tui.data.locations import config_path

        if not config_path().exists():
            return  # nothing to apply: skip importing the config reader and every view (for the binding ids)
        from ics_tui.data.config import load_config
        config = load_config(all_binding_ids(), set(self.available_themes))
        if config.theme:
            self.theme = config.theme
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
    def search_index(self):
        """The search index, built on first use; safe to call from worker threads."""
        if self._search_index is None:
            with self._index_lock:
                if self._search_index is None:
                    from ics_tui.core.search import SearchIndex

                    self._search_index = SearchIndex.build(self.model)
        return self._search_index

    def sources_line(self, compact: bool = False) -> str:
        """Both sources with their dates; `compact` keeps only the first word of each name."""
        docs = sorted(self.model.documents.values(), key=lambda d: d.date, reverse=True)
        return " · ".join(f"{d.short.split()[0] if compact else d.short} ({month_year(d.date)})" for d in docs)

    # --- where things open ------------------------------------------------------

    def _known(self, target: str) -> bool:
        if "#" in target:
            location, selected = target.split("#", 1)
            return self._known(location) and selected in self.model.sections
        if target.startswith("@group:"):
            return any(g.id == target[7:] for g in self.model.groups)
        return target in VIEW_TITLES or target in ("@references", "@bookmarks") or target in self.model.sections

    def resolve(self, target: str) -> tuple[str, str | None]:
        """The view that shows `target`, and the item to select inside it."""
        section = self.model.sections.get(target)
        if section is None:
            return target, None
        if isinstance(section, Ics):
            return "@map", target
        if isinstance(section, Comparison):
            return "@compare", target
        if isinstance(section, Tier):
            return "@tiers", target
        if isinstance(section, (Principle, Action, PortabilityOption)):
            return "@advice", target
        return target, None

    def make_view(self, location: str) -> View:
        from ics_tui import views

        return views.make_view(self, location)

    def open(self, target: str, *, pane: Pane | None = None, focus: bool = True, query: str = "") -> None:
        """Open a section or view in a pane (the focused one unless told otherwise)."""
        pane = pane or self.focused_pane or self.main_screen.query(Pane).first()
        if focus:
            pane.wants_focus = True
            self.focused_pane = pane
        view = pane.go(target)
        if view is None:
            pane.first_query = query
        elif query:
            view.call_after_refresh(view.highlight, query)

    def match_spans(self, text: str, query: str) -> list[tuple[int, int]]:
        """Where the search `query` matches in `text` (same rules as search), for highlighting."""
        return self.search_index.highlight_spans(text, query) if query.strip() else []

    def open_hit(self, section_id: str, query: str, other: bool) -> None:
        """Open a search hit with its matches highlighted, here or in the other pane (splitting if needed)."""
        if not other:
            self.open(section_id, query=query)
            return
        pane = self.main_screen.other_pane()
        if pane is None:
            self.main_screen.split(section_id, query)
        else:
            self.open(section_id, pane=pane, query=query)

    def open_bookmarked(self, section_id: str, other: bool) -> None:
        if section_id not in self.model.sections:
            self.notify(f"“{section_id}” is not in the loaded content; the bookmark is kept.", severity="warning")
            return
        self.open_hit(section_id, "", other)

    # --- actions -------------------------------------------------------------------

    def action_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def current_section_id(self) -> str | None:
        pane = self.focused_pane
        if pane is None or pane.view is None:
            return None
        return pane.view.current_section_id()

    def copy_current(self) -> None:
        section_id = self.current_section_id()
        section = self.model.sections.get(section_id or "")
        if section is None:
            self.notify("Nothing to copy here: move to a section or an item first.", severity="warning")
            return
        self.copy_to_clipboard(section_text(self.model, section))
        self.notify(f"Copied “{section.title}” with its sources ({len(section.citations)} citation(s)).", title="Copied")

    def action_search(self) -> None:
        from ics_tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    # --- bookmarks -------------------------------------------------------------

    def bookmarked_ids(self) -> set[str]:
        return {b.section_id for b in self.bookmarks.all()}

    def toggle_bookmark(self) -> None:
        section = self.model.sections.get(self.current_section_id() or "")
        if section is None:
            self.notify("Move to a section or an item (an ICS, a tier, a principle) to bookmark it.", severity="warning")
            return
        existing = self.bookmarks.find(section.id)
        if existing is not None:
            self.undo_stack.append(self.bookmarks.remove(existing.id))
            self.notify(f"Removed the bookmark “{existing.display_title}”. u undoes.", title="Bookmark removed")
        else:
            self.bookmarks.add(section.id, section.title)
            self.notify(f"Bookmarked “{section.title}”. n adds a note; 5 lists bookmarks.", title="Bookmarked")
        self.bookmarks_changed()

    def edit_note(self) -> None:
        from ics_tui.screens.prompt import TextPrompt

        section = self.model.sections.get(self.current_section_id() or "")
        bookmark = self.bookmarks.find(section.id) if section else None
        view = self.focused_pane.view if self.focused_pane else None
        if view is not None and hasattr(view, "focused_bookmark_id") and view.focused_bookmark_id():
            bookmark = self.bookmarks.get(view.focused_bookmark_id())
        if bookmark is None:
            if section is None:
                self.notify("Move to a section or an item to add a note.", severity="warning")
                return
            bookmark = self.bookmarks.add(section.id, section.title)
            self.bookmarks_changed()

        def save(note: str | None) -> None:
            if note is not None:
                if not self.change_bookmark(self.bookmarks.set_note, bookmark.id, note):
                    return
                self.notify(f"Note saved on “{bookmark.display_title}”.", title="Bookmark")
                self.bookmarks_changed()

        self.push_screen(TextPrompt(f"Note on “{bookmark.display_title}”", bookmark.note, "What you will raise, and why"), save)

    def rename_bookmark(self, bookmark_id: str) -> None:
        from ics_tui.screens.prompt import TextPrompt

        bookmark = self.bookmarks.get(bookmark_id)
        if bookmark is None:
            return

        def save(title: str | None) -> None:
            if title is not None and title.strip() and self.change_bookmark(self.bookmarks.rename, bookmark_id, title):
                self.bookmarks_changed()

        self.push_screen(TextPrompt("Rename bookmark", bookmark.display_title), save)

    def change_bookmark(self, change, bookmark_id: str, value: str) -> bool:
        """Apply a store change; a bookmark another copy of the app removed meanwhile is reported, not fatal."""
        try:
            change(bookmark_id, value)
            return True
        except (KeyError, ValueError):
            self.notify("That bookmark changed in another copy of ICS Explorer; press 5 to see the current list.", severity="warning")
            self.bookmarks_changed()
            return False

    def delete_bookmark(self, bookmark_id: str) -> None:
        if self.bookmarks.get(bookmark_id) is None:
            self.bookmarks_changed()
            return
        removed = self.bookmarks.remove(bookmark_id)
        self.undo_stack.append(removed)
        self.notify(f"Deleted “{removed.display_title}”. u undoes.", title="Bookmark deleted")
        self.bookmarks_changed()

    def undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        restored = self.bookmarks.restore(self.undo_stack.pop())
        self.notify(f"Restored “{restored.display_title}”.", title="Undone")
        self.bookmarks_changed()

    def bookmarks_changed(self) -> None:
        """Update every mark: sidebar stars, map rows, pane titles, bookmark lists."""
        from ics_tui.views.bookmarks import BookmarksView
        from ics_tui.views.map_list import MapListView
        from ics_tui.widgets.sidebar import Sidebar

        self.saver.save()
        self.show_bookmark_notices()
        screen = self.main_screen
        if screen is None:
            return
        for sidebar in screen.query(Sidebar):
            sidebar.mark_bookmarks(self.bookmarked_ids())
        for view in screen.query(MapListView):
            view.refresh_marks()
        for view in screen.query(BookmarksView):
            self.run_worker(view.rebuild())
        self.refresh_pane_titles()

    def refresh_pane_titles(self) -> None:
        if self.main_screen is not None:
            for pane in self.main_screen.query(Pane):
                pane.refresh_title()

    # --- remembering where the member was ---------------------------------

    def schedule_save(self) -> None:
        if self.remember and not self._save_pending:
            self._save_pending = True
            self.set_timer(0.5, self.save_state)

    @property
    def main_screen(self):
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
        save_state(PaneState([p.entry for p in panes], focus))

    def _fatal_error(self) -> None:
        """Textual would print a full traceback on exit; members get one line, developers the log."""
        import sys

        from rich.text import Text

        from ics_tui.data.crashlog import log_crash

        where = log_crash(sys.exc_info()[1] or self._exception)
        message = f"ics-tui stopped after an unexpected error: {self._exception!r}"
        self._exit_renderables.append(Text(message + (f"\nDetails were written to {where}" if where else "")))
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

    def exit(self, *args, **kwargs) -> None:
        """Quit, from `q` or anywhere else; keys still queued are dropped from here on."""
        self.quitting = True
        super().exit(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        # Keys still queued when the app closes would act on screens and panes being torn
        # down (Textual raises ScreenStackError for a key that comes back with no screen
        # left): once quitting, or with no screen, they are dropped.
        if isinstance(event, (events.Key, events.Paste)) and (self.quitting or not self._has_screen()):
            return
        await super().on_event(event)

    def _has_screen(self) -> bool:
        try:
            return bool(self.screen_stack)
        except KeyError:  # (the mode's stack is gone while closing)
            return False


def all_binding_ids() -> set[str]:
    """Every binding id a member may remap in config.toml."""
    from ics_tui.screens.main import MainScreen
    from ics_tui.screens.search import SearchScreen
    from ics_tui.views.bookmarks import BookmarksView
    from ics_tui.views.map_list import MapListView

    ids = set()
    for owner in (ExplorerApp, MainScreen, SearchScreen, MapListView, BookmarksView):
        ids |= {b.id for b in owner.BINDINGS if isinstance(b, Binding) and b.id}
    return ids
