"""A pane: one view at a time, with its own back/forward history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ics_tui.views.base import View


class Pane(Vertical):
    """Holds a view; remembers where it has been so back and forward work per pane."""

    class Moved(Message):
        """The pane now shows another location (so the app can save state)."""

        def __init__(self, pane: "Pane") -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, number: int, target: str, query: str = "") -> None:
        super().__init__(id=f"pane-{number}", classes="pane")
        self.number = number
        self.back_stack: list[str] = []
        self.forward_stack: list[str] = []
        self.location = ""
        self.first_target = target
        self.first_query = query
        self.view: View | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="pane-title", markup=False)

    def on_mount(self) -> None:
        view = self._show(self.first_target)
        if self.first_query:
            view.call_after_refresh(view.highlight, self.first_query)

    @property
    def target(self) -> str:
        """Where the member is: the selected item inside the view, or the view itself."""
        if self.view is None:
            return self.first_target
        return self.view.current_section_id() or self.location

    def _show(self, target: str) -> View:
        location, select = self.app.resolve(target)
        if self.view is not None and location == self.location:
            if select:
                self.view.select(select)
            self.refresh_title()
            self.post_message(self.Moved(self))
            return self.view
        if self.view is not None:
            self.view.remove()
        self.location = location
        self.view = self.app.make_view(location)
        self.view.initial_select = select
        self.mount(self.view)
        self.refresh_title()
        self.post_message(self.Moved(self))
        return self.view

    def refresh_title(self) -> None:
        view_title = self.view.title if self.view else self.location
        marks = []
        if self.back_stack:
            marks.append("◀ back")
        if self.forward_stack:
            marks.append("forward ▶")
        title = Content.assemble((f" {self.number} ", "reverse bold"), " ", (view_title, "bold"))
        if marks:
            title = Content.assemble(title, ("  " + "  ".join(marks), "$text-muted"))
        self.query_one(".pane-title", Static).update(title)

    def go(self, target: str) -> View:
        """Show a section or view, recording where the pane was for `back`."""
        current = self.target
        if target != current:
            self.back_stack.append(current)
            self.forward_stack.clear()
        return self._show(target)

    def back(self) -> bool:
        if not self.back_stack:
            return False
        self.forward_stack.append(self.target)
        self._show(self.back_stack.pop())
        return True

    def forward(self) -> bool:
        if not self.forward_stack:
            return False
        self.back_stack.append(self.target)
        self._show(self.forward_stack.pop())
        return True

    def on_descendant_focus(self) -> None:
        self.app.focused_pane = self
        for pane in self.screen.query(Pane):
            pane.set_class(pane is self, "-active")
