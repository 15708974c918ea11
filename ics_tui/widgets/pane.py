"""A pane: one view at a time, with its own back/forward history."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ics_tui.views import text
from ics_tui.views.base import View, ViewContext
from ics_tui.views.registry import Location, make_view, resolve


class Pane(Vertical, can_focus=True):
    """Holds a view; remembers where it has been so back and forward work per pane.

    History entries are `Location`s, a view and the item selected in it
    (`@bookmarks#ics/dorset`), so going back returns to the same view with the same item
    selected.
    """

    class Moved(Message):
        """The pane now shows another location (so the app can save state)."""

        def __init__(self, pane: Pane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(
        self,
        number: int,
        target: str,
        context: ViewContext,
        query: str = "",
        *,
        wants_focus: bool = False,
        active: bool = False,
    ) -> None:
        # `active`: shown as the focused pane from the start (no restyle when the focus lands)
        super().__init__(classes="pane -active -tall" if active else "pane")
        self.number = number
        self.context = context
        self.back_stack: list[Location] = []
        self.forward_stack: list[Location] = []
        self.location = ""
        self.first_target = target
        self.first_query = query
        self.wants_focus = wants_focus
        self.view: View | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="pane-title", markup=False)
        # the member's own note on what this pane shows, when it is bookmarked with one
        yield Static("", classes="pane-note", markup=False)

    def on_mount(self) -> None:
        if not self.is_attached:
            return  # removed before its mount was handled (s pressed again, or q): nothing to show
        self.context.bookmarks_changed.subscribe(self, self._bookmarks_changed, immediate=True)
        view = self._show(resolve(self.context.pack, self.first_target))
        if self.first_query:
            view.call_after_refresh(view.highlight, self.first_query)

    @property
    def target(self) -> str:
        """Where the member is: the selected item inside the view, or the view itself."""
        if self.view is None:
            return self.first_target
        return self.view.current_section_id() or self.location

    @property
    def here(self) -> Location:
        """Where the pane is now: the view, and the item selected in it."""
        if self.view is None:
            return resolve(self.context.pack, self.first_target)
        return Location(self.location, self.view.current_section_id())

    @property
    def entry(self) -> str:
        """`here` as saved state writes it (`@map#ics/dorset`)."""
        return self.first_target if self.view is None else str(self.here)

    def _has_focus(self) -> bool:
        focused = self.screen.focused if self.is_attached else None
        return focused is not None and (focused is self or self in focused.ancestors)

    def _show(self, where: Location) -> View:
        location, select = where.view, where.selected
        if self.view is not None and location == self.location:
            if select:
                self.view.select(select)
            if self.wants_focus:
                self.wants_focus = False
                self.view.focus_main()
            self.refresh_title()
            self.post_message(self.Moved(self))
            return self.view
        keep_focus = self.wants_focus or self._has_focus()
        self.wants_focus = False
        if self.view is not None:
            if self._has_focus():
                self.focus()  # hold the focus here while the old view goes, so it does not jump to the other pane
            self.view.replaced = True
            self.view.remove()
        self.location = location
        self.view = make_view(self.context, where)
        self.view.focus_when_ready = keep_focus
        self.mount(self.view)
        self.refresh_title()
        self.post_message(self.Moved(self))
        return self.view

    def refresh_title(self) -> None:
        if not self.query(".pane-title"):
            return  # not composed yet; on_mount sets the title
        view_title = self.view.title if self.view else self.location
        marks = []
        section_id = self.view.current_section_id() if self.view is not None else None
        bookmark = self.context.bookmarks.find(section_id) if section_id else None
        page = self.view.location if self.view is not None else ""
        if bookmark is not None and page != "@bookmarks":
            # On a page of items, say which item is bookmarked: the one under the cursor.
            # (In the bookmarks every item is one; on a section's own page, it is the page.)
            if section_id == page:
                marks.append("★ bookmarked")
            else:
                section = self.context.pack.sections.get(bookmark.section_id)
                item = section.title if section is not None else bookmark.section_id
                marks.append(f"★ {text.shorten(item, 24)}")
        if self.back_stack:
            marks.append("[ ◀ back")
        if self.forward_stack:
            marks.append("forward ▶ ]")
        note = self.query_one(".pane-note", Static)
        note.display = bool(bookmark is not None and bookmark.note)
        if bookmark is not None and bookmark.note:
            note.update(Content.assemble(("★ Your note: ", "bold"), bookmark.note))
        title = Content.assemble((f" {self.number} ", "reverse bold"), " ", (view_title, "bold"))
        if marks:
            title = Content.assemble(title, ("  " + "  ".join(marks), "$text-muted"))
        self.query_one(".pane-title", Static).update(title)

    def go(self, target: str) -> View | None:
        """Show a section or view, recording where the pane was for `back`.

        A pane still being mounted (just split off) simply starts on `target`; None is returned.
        """
        if self.view is None:
            self.first_target = target
            return None
        where = resolve(self.context.pack, target)
        if where.view != self.location:
            self.back_stack.append(self.here)
            self.forward_stack.clear()
        return self._show(where)

    def back(self) -> bool:
        return self._travel(self.back_stack, self.forward_stack)

    def forward(self) -> bool:
        return self._travel(self.forward_stack, self.back_stack)

    def _travel(self, source: list[Location], other: list[Location]) -> bool:
        """Step to the last entry of `source`, leaving where the pane was on `other`."""
        if not source:
            return False
        other.append(self.here)
        self._show(source.pop())
        return True

    def on_pane_moved(self, event: "Pane.Moved") -> None:
        if event.pane is self:
            self.refresh_title()  # (the item under the cursor may be bookmarked, with a note)

    def mark_focused(self) -> None:
        """Make this the pane that keys and `open` act on (the screen's `focused_pane` is the
        one marked `-active`), and show it as active."""
        for pane in self.screen.query(Pane):
            pane.set_class(pane is self, "-active")
        fit_heights = getattr(self.screen, "fit_pane_heights", None)
        if fit_heights is not None:
            fit_heights()  # (stacked, the pane being read is the tall one)

    def _bookmarks_changed(self, _: frozenset[str]) -> None:
        self.refresh_title()

    def on_view_moved(self, event: View.Moved) -> None:
        event.stop()
        self.post_message(self.Moved(self))

    def on_view_title_changed(self, event: View.TitleChanged) -> None:
        event.stop()
        self.refresh_title()

    def on_focus(self) -> None:
        self.mark_focused()

    def on_descendant_focus(self) -> None:
        self.mark_focused()
