"""The explorer screen: sidebar, one or two panes, and the keys that move between them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header

from ics_tui.widgets.pane import Pane
from ics_tui.widgets.sidebar import Sidebar

VIEW_KEYS = {"1": "@map", "2": "@compare", "3": "@tiers", "4": "@advice"}


class MainScreen(Screen):
    """Where a member browses. Pane keys live here so they never fire in a dialog."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS = [
        Binding("1", "view('@map')", "Map", id="view.map"),
        Binding("2", "view('@compare')", "ICS/ICP", id="view.compare"),
        Binding("3", "view('@tiers')", "Tiers", id="view.tiers"),
        Binding("4", "view('@advice')", "Advice", id="view.advice"),
        Binding("s", "split", "Split", id="pane.split"),
        Binding("tab", "cycle(1)", "Next pane", show=False, priority=True, id="pane.next"),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, priority=True, id="pane.previous"),
        Binding("left_square_bracket,alt+left", "back", "Back", show=False, id="pane.back"),
        Binding("right_square_bracket,alt+right", "forward", "Forward", show=False, id="pane.forward"),
        Binding("escape", "escape", "Back out", show=False, id="pane.escape"),
        Binding("y", "copy", "Copy", id="section.copy"),
        Binding("t", "toggle_sidebar", "Contents", show=False, id="sidebar.toggle"),
    ]

    def __init__(self, targets: list[str]) -> None:
        super().__init__()
        self.initial_targets = targets or ["@map"]

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="body"):
            yield Sidebar(self.app.model, self.app.bookmarked_ids())
            with Horizontal(id="panes"):
                for number, target in enumerate(self.initial_targets[:2], start=1):
                    yield Pane(number, target)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "ICS Explorer"
        self.sub_title = self.app.sources_line()
        self.call_after_refresh(self.focus_pane, self.panes[min(self.app.initial_focus, len(self.panes) - 1)])

    @property
    def panes(self) -> list[Pane]:
        return list(self.query(Pane))

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    def focus_pane(self, pane: Pane) -> None:
        if pane.view is not None:
            pane.view.focus_main()
        self.app.focused_pane = pane
        for other in self.panes:
            other.set_class(other is pane, "-active")

    def other_pane(self) -> Pane | None:
        current = self.app.focused_pane
        for pane in self.panes:
            if pane is not current:
                return pane
        return None

    # --- actions -------------------------------------------------------------

    def action_view(self, target: str) -> None:
        self.app.open(target)

    def action_split(self) -> None:
        panes = self.panes
        if len(panes) == 1:
            pane = Pane(2, panes[0].target)
            self.query_one("#panes").mount(pane)
            self.call_after_refresh(self.focus_pane, pane)
            self.notify("Split: the new pane has the focus. 1-4 or the contents choose what it shows; s closes it.", timeout=4)
        else:
            closing = self.app.focused_pane if self.app.focused_pane in panes else panes[-1]
            keep = next(p for p in panes if p is not closing)
            closing.remove()
            keep.number = 1
            keep.id = "pane-1"
            keep.refresh_title()
            self.call_after_refresh(self.focus_pane, keep)
        self.call_after_refresh(self.app.save_state)

    def areas(self) -> list:
        areas: list = []
        if self.sidebar.display:
            areas.append(self.sidebar)
        return areas + self.panes

    def action_cycle(self, step: int) -> None:
        areas = self.areas()
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
        self.call_after_refresh(self._refocus)

    def action_forward(self) -> None:
        pane = self.app.focused_pane
        if pane is not None and not pane.forward():
            self.notify("Nothing to go forward to in this pane.", timeout=2)
        self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        if self.app.focused_pane is not None:
            self.focus_pane(self.app.focused_pane)

    def action_escape(self) -> None:
        """Back out one step: history first, then to the contents."""
        pane = self.app.focused_pane
        focused = self.focused
        if focused is self.sidebar:
            if pane is not None:
                self.focus_pane(pane)
            return
        if pane is not None and pane.back():
            self.call_after_refresh(self._refocus)
            return
        if self.sidebar.display:
            self.sidebar.focus()

    def action_copy(self) -> None:
        self.app.copy_current()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
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

    def on_pane_moved(self, event: Pane.Moved) -> None:
        self.app.schedule_save()
