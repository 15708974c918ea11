"""Text read like a pager, and links that can be followed from the keyboard and by mouse."""

from __future__ import annotations

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

# The pager keys a `less` reader expects, on top of the scroll container's arrows and pages.
READER_BINDINGS: list[BindingType] = [
    Binding("j", "scroll_down", "Line down", show=False),
    Binding("k", "scroll_up", "Line up", show=False),
    Binding("space", "page_down", "Page down", show=False),
    Binding("w,shift+space", "page_up", "Page up", show=False),
    Binding("g", "scroll_home", "Top", show=False),
    Binding("G", "scroll_end", "Bottom", show=False),
]


class Reader(VerticalScroll):
    """A scrolling column of text: arrows and j/k scroll a line, space/pgdn and pgup/w a page,
    g/home and G/end go to the top and bottom. Down at the end steps onto the first link."""

    BINDINGS = READER_BINDINGS

    def links(self) -> list["Link"]:
        return list(self.query(Link))

    def action_scroll_down(self) -> None:
        links = self.links()
        if links and self.scroll_y >= self.max_scroll_y:
            links[0].focus()
            return
        super().action_scroll_down()


class Link(Static, can_focus=True):
    """A section to open: enter or a click follows it (into the same pane, so [ comes back)."""

    BINDINGS = [
        Binding("enter", "follow", "Follow link", show=False),
        Binding("down,j", "step(1)", "Next link", show=False),
        Binding("up,k", "step(-1)", "Previous link", show=False),
    ]

    def __init__(self, label: str, target: str) -> None:
        super().__init__(Content.assemble("→ ", (label, "underline")), markup=False, classes="link")
        self.target = target

    def action_follow(self) -> None:
        from ics_tui.messages import OpenRequested

        self.post_message(OpenRequested(self.target))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_follow()

    def action_step(self, step: int) -> None:
        reader = next((a for a in self.ancestors if isinstance(a, Reader)), None)
        if reader is None:
            return
        links = reader.links()
        index = links.index(self) + step
        if index < 0:
            reader.focus()
            reader.scroll_end(animate=False)
        elif index < len(links):
            links[index].focus()
