"""What every pane view offers the pane, the app and the bookmark key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from textual import events
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.signal import Signal

from ics_tui.core.model import Content as Model
from ics_tui.messages import ReadyForKeys
from ics_tui.views.text import Glossary, mark_matches

if TYPE_CHECKING:
    from ics_tui.data.bookmarks import BookmarkStore


@dataclass(frozen=True)
class ViewContext:
    """What views and the widgets around them read, handed down when they are made."""

    pack: Model
    glossary: Glossary
    bookmarks: BookmarkStore
    bookmarks_changed: Signal[frozenset[str]]
    """Published with every bookmarked section id after each change to the bookmarks."""
    match_spans: Callable[[str, str], list[tuple[int, int]]]
    """Where a search query matches in a text (the search's own rules), for marking."""

    def bookmarked_ids(self) -> frozenset[str]:
        return frozenset(b.section_id for b in self.bookmarks.all())


class View(Vertical, can_focus=False):
    """A view that can sit in either pane.

    `location` is the view part of what the pane's history records: a section id
    (`ics/dorset`) or a view name (`@map`). A view knows which section the member is on
    inside it (the selected ICS, the focused tier), which `b`, `y` and search use.
    It reads what it shows from `context` and posts messages (`OpenRequested`,
    `BookmarkRequested`, `View.Moved`) for its host to act on.
    """

    DEFAULT_CLASSES = "view"

    class Moved(Message):
        """The selection inside the view moved (so the saved state can follow it)."""

    class TitleChanged(Message):
        """The view's title changed (so the pane redraws its title bar)."""

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__()
        self.context = context
        self.model = context.pack
        self.glossary: Glossary | None = context.glossary
        self.location = location
        self.initial_select: str | None = None
        self.focus_when_ready = False
        self.replaced = False
        """Set by the pane as it removes this view (its children may go first)."""
        self.ready = False
        """Mounted, with the pane's choice selected and focused: keys typed may reach it."""
        self.selected_id: str | None = None
        self.query_text = ""

    def _on_mount(self, event: events.Mount) -> None:
        # Runs after a subclass's on_mount (Textual calls handlers along the MRO),
        # so tables and cards exist by the time the pane's choice is selected and focused.
        if self.focus_when_ready:
            # Ask for the focus now, not after the first frame: keys typed as soon as the
            # screen shows must reach this view's bindings (f, o, enter), not the pane's.
            try:
                self.focus_main()
            except NoMatches:
                pass  # a view that builds its focus target later takes it in _apply_pane_choice
        self.call_after_refresh(self._apply_pane_choice)

    @property
    def removed(self) -> bool:
        """Replaced already (a fast second key): its children may be gone, so touch nothing."""
        return self.replaced or not self.is_attached or self.parent is None

    def _apply_pane_choice(self) -> None:
        try:
            self._select_and_focus()
        finally:
            self.ready = True
            self.post_message(ReadyForKeys())  # (the app holds typed keys until now)

    def _select_and_focus(self) -> None:
        # A fast second key can replace this view before its first refresh: then do nothing.
        if self.removed:
            return
        try:
            if self.initial_select:
                self.select(self.initial_select)
            focused = self.screen.focused
            if self.focus_when_ready and (focused is None or self not in focused.ancestors):
                self.focus_main()  # (not when a key has already moved the focus inside, as f does)
        except NoMatches:
            pass  # the view is being removed (its children already gone): nothing to select

    @property
    def title(self) -> str:
        return self.location

    def current_section_id(self) -> str | None:
        """The section the member is on inside this view, if any."""
        return self.location if self.location in self.model.sections else None

    def select(self, section_id: str) -> bool:
        """Move to a section this view shows; False if it does not show it."""
        return section_id == self.location

    def highlight(self, query: str) -> None:
        """Show where a search matched: remember the query and redraw the selected item's detail."""
        self.query_text = query
        if self.selected_id:
            self.show_detail(self.selected_id)

    def show_detail(self, section_id: str) -> None:
        """Views with a detail panel draw the selected item here."""

    def marked(self, detail: Content) -> Content:
        """`detail` with the current search's matches reversed."""
        if not self.query_text:
            return detail
        return mark_matches(detail, self.context.match_spans(detail.plain, self.query_text))

    def announce_move(self) -> None:
        """Tell the pane the selection moved, so the saved state follows it."""
        self.post_message(self.Moved())

    def back_out(self) -> bool:
        """Escape inside the view: leave a filter box, a detail or a link for the view's list
        or text, or clear the filter that still narrows the list. False when there is nothing
        to step out of."""
        from textual.widgets import Input

        focused = self.screen.focused if self.is_attached else None
        if focused is None or self not in focused.ancestors:
            return False
        if isinstance(focused, Input):
            if focused.value:
                focused.value = ""
            self.focus_main()
            return True
        if any(
            node.has_class("detail") or node.has_class("link")
            for node in focused.ancestors_with_self
        ):
            self.focus_main()
            return True
        # In a list that a filter still narrows (typed, then enter): escape clears the filter.
        for box in self.query(Input):
            if box.value and box.display:
                box.value = ""
                self.focus_main()
                return True
        return False

    def next_match(self, query: str, step: int) -> bool:
        """n / N: mark `query` and move to its next (1) or previous (-1) match; False if none."""
        return False

    def next_matching(self, ids: list[str], query: str, step: int) -> str | None:
        """Of `ids` (in list order), the next one after the selected one (going round) whose
        text matches `query`; the selected one itself only if it is the only one."""
        from ics_tui.core.plaintext import section_text

        def matches(section_id: str) -> bool:
            section = self.model.sections.get(section_id)
            return section is not None and bool(
                self.context.match_spans(section_text(self.model, section), query)
            )

        if not ids:
            return None
        here = ids.index(self.selected_id) if self.selected_id in ids else -1
        for offset in range(1, len(ids) + 1):
            candidate = ids[(here + step * offset) % len(ids)]
            if matches(candidate):
                return candidate
        return None

    def focus_main(self) -> None:
        """Give the focus to the widget a member works with in this view."""
        for widget in self.query("*"):
            if widget.can_focus:
                widget.focus()
                return
