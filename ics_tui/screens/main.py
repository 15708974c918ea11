"""The explorer screen: sidebar, one or two panes, and the keys that move between them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header

from ics_tui.widgets.lazy import Lazy
from ics_tui.widgets.pane import Pane
from ics_tui.widgets.sidebar import Sidebar

VIEW_KEYS = {"1": "@map", "2": "@compare", "3": "@tiers", "4": "@advice"}


class MainScreen(Screen):
    """Where a member browses. Pane keys live here so they never fire in a dialog."""

    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("1", "view('@map')", "Views", key_display="1-4", id="view.map"),
        Binding("2", "view('@compare')", "ICS vs ICP", show=False, id="view.compare"),
        Binding("3", "view('@tiers')", "Tiers", show=False, id="view.tiers"),
        Binding("4", "view('@advice')", "Advice", show=False, id="view.advice"),
        Binding("s", "split", "Split", id="pane.split"),
        Binding("tab", "cycle(1)", "Next pane", show=False, priority=True, id="pane.next"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, priority=True, id="pane.previous"),
        Binding("left_square_bracket,alt+left", "back", "Back", show=False, id="pane.back"),
        Binding("right_square_bracket,alt+right", "forward", "Forward", show=False, id="pane.forward"),
        Binding("escape", "escape", "Back out", show=False, id="pane.escape"),
        Binding("5", "view('@bookmarks')", "Bookmarks", show=False, id="view.bookmarks"),
        Binding("y", "copy", "Copy", show=False, id="section.copy"),
        Binding("b", "bookmark", "Bookmark", id="bookmark.toggle"),
        Binding("n", "note", "Note", show=False, id="bookmark.note"),
        Binding("u", "undo", "Undo", show=False, id="bookmark.undo"),
        Binding("t", "toggle_sidebar", "Contents", show=False, id="sidebar.toggle"),
    ]

    def __init__(self, targets: list[str]) -> None:
        super().__init__()
        self.initial_targets = targets or ["@map"]

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="body"):
            # Mounted just after the first frame: the map list is what a member needs first.
            yield Lazy(Sidebar(self.app.model, self.app.bookmarked_ids()))
            with Horizontal(id="panes"):
                # the pane the member left focused takes the focus as its view mounts
                targets = self.initial_targets[:2]
                focus = min(self.app.initial_focus, len(targets) - 1)
                for number, target in enumerate(targets, start=1):
                    yield Pane(number, target, active=number - 1 == focus, wants_focus=number - 1 == focus)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "ICS Explorer"
        self.sub_title = self.app.sources_line(compact=self.size.width < 100)

    @property
    def panes(self) -> list[Pane]:
        return list(self.query(Pane))

    @property
    def sidebar(self) -> Sidebar | None:
        """The contents, or None in the moment before it has mounted."""
        found = self.query(Sidebar)
        return found.first() if found else None

    def focus_pane(self, pane: Pane) -> None:
        if pane.view is not None:
            pane.view.focus_main()
        pane.mark_focused()

    def other_pane(self) -> Pane | None:
        current = self.app.focused_pane
        for pane in self.panes:
            if pane is not current:
                return pane
        return None

    # --- actions -------------------------------------------------------------

    def action_view(self, target: str) -> None:
        self.app.open(target)

    def split(self, target: str | None = None, query: str = "") -> Pane:
        """Open a second pane showing `target` (default: what the focused pane shows) and focus it."""
        current = self.app.focused_pane or self.panes[0]
        pane = Pane(2, target or current.entry, query, wants_focus=True)
        self.app.focused_pane = pane
        self.query_one("#panes").mount(pane)
        self.call_after_refresh(self.app.save_state)
        return pane

    def action_split(self) -> None:
        panes = self.panes
        if len(panes) == 1:
            self.split()
            self.notify("Split: the new pane has the focus. 1-4 or the contents choose what it shows; s closes it.", timeout=4)
        else:
            closing = self.app.focused_pane if self.app.focused_pane in panes else panes[-1]
            keep = next(p for p in panes if p is not closing)
            closing.remove()
            keep.number = 1
            keep.refresh_title()
            self.call_after_refresh(self.focus_pane, keep)
        self.call_after_refresh(self.app.save_state)

    def areas(self) -> list:
        areas: list = []
        if self.sidebar is not None and self.sidebar.display:
            areas.append(self.sidebar)
        return areas + self.panes

    def action_cycle(self, step: int) -> None:
        areas = self.areas()
        if not areas:
            return  # tab before the first pane has mounted (a priority key reaches us that early)
        focused = self.focused
        current = 0
        for index, area in enumerate(areas):
            if focused is not None and (focused is area or area in focused.ancestors):
                current = index
        target = areas[(current + step) % len(areas)]
        if isinstance(target, Pane):
            self.focus_pane(target)
        else:
            target.focus()

    def action_back(self) -> None:
        pane = self.app.focused_pane
        if pane is not None and not pane.back():
            self.notify("Nothing to go back to in this pane.", timeout=2)

    def action_forward(self) -> None:
        pane = self.app.focused_pane
        if pane is not None and not pane.forward():
            self.notify("Nothing to go forward to in this pane.", timeout=2)

    def _refocus(self) -> None:
        if self.app.focused_pane is not None:
            self.focus_pane(self.app.focused_pane)

    def action_escape(self) -> None:
        """Back out one step: history first, then to the contents."""
        pane = self.app.focused_pane
        focused = self.focused
        if focused is not None and focused is self.sidebar:
            if pane is not None:
                self.focus_pane(pane)
            return
        if pane is not None and pane.back():
            return
        if self.sidebar is not None and self.sidebar.display:
            self.sidebar.focus()

    def action_copy(self) -> None:
        self.app.copy_current()

    def action_bookmark(self) -> None:
        self.app.toggle_bookmark()

    def action_note(self) -> None:
        self.app.edit_note()

    def action_undo(self) -> None:
        self.app.undo()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        if sidebar is None:
            return
        sidebar.display = not sidebar.display
        if sidebar.display:
            sidebar.focus()
        else:
            self._refocus()

    def on_tree_node_selected(self, event: Sidebar.NodeSelected) -> None:
        event.stop()
        target = event.node.data
        if target:
            if not event.node.is_expanded and event.node.children:
                event.node.expand()
            self.app.open(target, focus=False)

    def on_resize(self) -> None:
        self.sub_title = self.app.sources_line(compact=self.size.width < 100)

    def on_pane_moved(self, event: Pane.Moved) -> None:
        self.app.schedule_save()
