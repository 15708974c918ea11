"""The explorer screen: sidebar, one or two panes, and the keys that move between them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header

from ics_tui.core.model import Content as ContentPack
from ics_tui.core.model import month_year
from ics_tui.messages import BookmarkRequested, OpenRequested, StateChanged
from ics_tui.screens.bookmarking import BookmarkFlows
from ics_tui.screens.sharing import Sharing
from ics_tui.views.base import View, ViewContext
from ics_tui.views.registry import view_bindings
from ics_tui.widgets.footer import FittingFooter
from ics_tui.widgets.lazy import Lazy
from ics_tui.widgets.pane import Pane
from ics_tui.widgets.sidebar import Sidebar


def sources_line(pack: ContentPack, compact: bool = False) -> str:
    """Both sources with their dates; `compact` keeps only the first word of each name."""
    docs = sorted(pack.documents.values(), key=lambda d: d.date, reverse=True)
    words = [d.short.split()[0] if compact else d.short for d in docs]
    return " · ".join(f"{word} ({month_year(d.date)})" for word, d in zip(words, docs, strict=True))


class MainScreen(Screen[None]):
    """Where a member browses. Pane keys live here so they never fire in a dialog.

    It hosts the panes and acts on what their views ask for: `OpenRequested` (open this),
    `BookmarkRequested` (bookmark this), and keeps which pane keys act on.
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (60, "-narrow"), (100, "-wide")]
    BINDINGS = [
        *view_bindings(),
        Binding("s", "split", "Split", id="pane.split"),
        Binding("tab", "cycle(1)", "Next pane", show=False, priority=True, id="pane.next"),
        Binding(
            "shift+tab", "cycle(-1)", "Previous pane", show=False, priority=True, id="pane.previous"
        ),
        Binding(
            "left_square_bracket,alt+left,backspace",
            "back",
            "Back",
            key_display="[",
            id="pane.back",
        ),
        Binding(
            "right_square_bracket,alt+right", "forward", "Forward", show=False, id="pane.forward"
        ),
        Binding("escape", "escape", "Close", show=False, id="pane.escape"),
        Binding("y", "copy", "Copy", id="section.copy"),
        Binding("e", "export", "Export bookmarks", show=False, id="bookmarks.export"),
        Binding("b", "bookmark", "Bookmark", id="bookmark.toggle"),
        # a note is `a` (annotate): n and N are the pager's next and previous match
        Binding("a", "note", "Note", show=False, id="bookmark.note"),
        Binding("n", "find(1)", "Next match", show=False, id="find.next"),
        Binding("N", "find(-1)", "Previous match", show=False, id="find.previous"),
        Binding("u", "undo", "Undo", show=False, id="bookmark.undo"),
        Binding("t", "toggle_sidebar", "Contents", show=False, id="sidebar.toggle"),
    ]

    def __init__(self, context: ViewContext, targets: list[str], focus: int = 0) -> None:
        super().__init__()
        self.context = context
        self.initial_targets = targets or ["@map"]
        self.initial_focus = focus
        self.bookmarking = BookmarkFlows(self, context, self.focused_view)
        self.last_query = ""  # the last search opened, for n / N
        self.sharing = Sharing(self, context)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="body"):
            # Mounted just after the first frame: the map list is what a member needs first.
            yield Lazy(Sidebar(self.context))
            with Horizontal(id="panes"):
                # the pane the member left focused takes the focus as its view mounts
                targets = self.initial_targets[:2]
                focus = min(self.initial_focus, len(targets) - 1)
                for number, target in enumerate(targets, start=1):
                    yield Pane(
                        number,
                        target,
                        self.context,
                        active=number - 1 == focus,
                        wants_focus=number - 1 == focus,
                    )
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = "ICS Explorer"
        self.sub_title = sources_line(self.context.pack, compact=self.size.width < 100)

    @property
    def panes(self) -> list[Pane]:
        return list(self.query(Pane))

    def focused_view(self) -> View | None:
        pane = self.focused_pane
        return pane.view if pane is not None else None

    @property
    def focused_pane(self) -> Pane | None:
        """The pane keys, `open` and bookmarks act on: the one marked active (the last one
        focused, or the one just chosen to open something)."""
        for pane in self.query(Pane):
            if pane.has_class("-active"):
                return pane
        return None

    @focused_pane.setter
    def focused_pane(self, chosen: Pane) -> None:
        for pane in self.query(Pane):
            pane.set_class(pane is chosen, "-active")
        self.fit_pane_heights()

    def fit_pane_heights(self) -> None:
        """Stacked panes (below 100 columns): the one being read is the tall one (`-tall`).
        Side by side, no pane is marked: restyling the panes as a split mounted its new pane
        kept the focus from landing in it, under load (6 of 8 runs of a journey test).
        Not while a mouse button is down: a click that focuses a pane would otherwise see
        the panes move under it between press and release, and land elsewhere or nowhere
        (the app calls this again on release)."""
        if getattr(self.app, "mouse_held", False):  # (the explorer app sets it)
            return
        stacked = self.narrow
        for pane in self.query(Pane):
            pane.set_class(stacked and pane.has_class("-active"), "-tall")

    @property
    def sidebar(self) -> Sidebar | None:
        """The contents, or None in the moment before it has mounted."""
        found = self.query(Sidebar)
        return found.first() if found else None

    def focus_pane(self, pane: Pane) -> None:
        if not pane.is_attached:
            return  # closed (s) in the same burst
        if pane.view is not None:
            try:
                pane.view.focus_main()
            except NoMatches:
                pass  # its view is being replaced, or not composed yet: it takes the focus as it mounts
        pane.mark_focused()

    def other_pane(self) -> Pane | None:
        current = self.focused_pane
        for pane in self.panes:
            if pane is not current:
                return pane
        return None

    # --- opening things ------------------------------------------------------

    def open(
        self, target: str, *, pane: Pane | None = None, focus: bool = True, query: str = ""
    ) -> None:
        """Open a section or view in a pane (the focused one unless told otherwise)."""
        if pane is None or not pane.is_attached:
            focused = self.focused_pane
            pane = focused if focused is not None and focused.is_attached else None
            pane = pane or next(iter(self.query(Pane)), None)
        if pane is None or not pane.is_attached:
            return  # before the first pane is mounted, or the screen is closing: nowhere to open
        if focus:
            pane.wants_focus = True
            self.focused_pane = pane
        view = pane.go(target)
        if view is None:
            pane.first_query = query
        elif query:
            view.call_after_refresh(view.highlight, query)

    def open_requested(self, request: OpenRequested) -> None:
        """Act on an `OpenRequested`: here or in the other pane (splitting if needed)."""
        target = request.target
        if request.query.strip():
            self.last_query = request.query
        if request.bookmarked and target not in self.context.pack.sections:
            self.notify(
                f"“{target}” is not in the loaded content; the bookmark is kept.",
                severity="warning",
            )
            return
        if not request.other:
            self.open(target, focus=request.focus, query=request.query)
            return
        pane = self.other_pane()
        if pane is None:
            self.split(target, request.query)
        else:
            self.open(target, pane=pane, focus=request.focus, query=request.query)

    def on_open_requested(self, event: OpenRequested) -> None:
        event.stop()
        self.open_requested(event)

    def on_bookmark_requested(self, event: BookmarkRequested) -> None:
        event.stop()
        flows = self.bookmarking
        if event.action == "toggle":
            flows.toggle()
        elif event.action == "note":
            flows.edit_note(event.bookmark_id)
        elif event.action == "undo":
            flows.undo()
        elif event.bookmark_id is not None:
            (flows.rename if event.action == "rename" else flows.delete)(event.bookmark_id)

    # --- actions -------------------------------------------------------------

    def action_view(self, target: str) -> None:
        self.open(target)

    def action_open_term(self, target: str) -> None:
        """A click on an underlined glossary term: its entry, in the pane clicked (the click's
        mouse-down has focused that pane), so [ comes back."""
        if target in self.context.pack.sections:
            self.open(target)

    def split(self, target: str | None = None, query: str = "") -> Pane:
        """Open a second pane showing `target` (default: what the focused pane shows), focused."""
        current = self.focused_pane or self.panes[0]
        pane = Pane(2, target or current.entry, self.context, query, wants_focus=True)
        self.query_one("#panes").mount(pane)
        self.focused_pane = pane
        self.call_after_refresh(self.post_message, StateChanged(now=True))
        return pane

    async def action_split(self) -> None:
        panes = self.panes
        if len(panes) == 1:
            self.split()
            # (short and brief: the toast sits over the new pane)
            self.notify("Split: 1-5 choose what this pane shows; s closes it.", timeout=2)
        else:
            closing = self.focused_pane if self.focused_pane in panes else panes[-1]
            keep = next(p for p in panes if p is not closing)
            keep.number = 1
            keep.refresh_title()
            self.focused_pane = keep
            # Gone before the next key is read (the app forwards one key at a time): a key
            # typed straight after `s` reaches the pane that stays, never the one going.
            await closing.remove()
            self.focus_pane(keep)
        self.call_after_refresh(self.post_message, StateChanged(now=True))

    def ready_for_keys(self) -> bool:
        """Whether a key typed now reaches what the member sees: False while a pane's view
        (or the contents) is still mounting. A key forwarded then would reach the pane, not
        the view's bindings, or be lost with a view being replaced; the app holds it until
        a `ReadyForKeys` from here."""
        if self.sidebar is None:
            return False
        panes = self.panes
        return bool(panes) and all(p.view is not None and p.view.ready for p in panes)

    @property
    def narrow(self) -> bool:
        """Below 100 columns the contents hide themselves; t shows them over the pane."""
        return self.size.width < 100

    def contents_shown(self) -> bool:
        if self.sidebar is None:
            return False
        return (
            self.has_class("-contents-open")
            if self.narrow
            else not self.has_class("-contents-hidden")
        )

    def show_contents(self, show: bool) -> None:
        self.set_class(show, "-contents-open")
        self.set_class(not show, "-contents-hidden")

    def areas(self) -> list[Widget]:
        areas: list[Widget] = []
        if self.sidebar is not None and self.contents_shown():
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
        pane = self.focused_pane
        if pane is not None and not pane.back():
            self.notify("Nothing to go back to in this pane.", timeout=2)

    def action_forward(self) -> None:
        pane = self.focused_pane
        if pane is not None and not pane.forward():
            self.notify("Nothing to go forward to in this pane.", timeout=2)

    def _refocus(self) -> None:
        if self.focused_pane is not None:
            self.focus_pane(self.focused_pane)

    def action_escape(self) -> None:
        """Close what is open, then step out of a detail to its list. Never walks history
        (that is [ and ], alt+arrows and backspace): a member pressing escape to get out
        keeps their place."""
        pane = self.focused_pane
        sidebar = self.sidebar
        if sidebar is not None and self.focused is sidebar:
            if self.narrow:
                self.show_contents(False)
            if pane is not None:
                self.focus_pane(pane)
            return
        if self.narrow and self.has_class("-contents-open"):
            self.show_contents(False)
            return
        if pane is not None and pane.view is not None and pane.view.back_out():
            return
        self.notify(
            "Nothing open to close. [ goes back, t shows the contents, ? lists every key.",
            timeout=3,
        )

    def action_find(self, step: int) -> None:
        """n / N: the next or previous match of the last search on this page."""
        view = self.focused_view()
        query = (view.query_text if view is not None else "") or self.last_query
        if not query:
            self.notify(
                "No search yet: / searches both documents; n and N then move between "
                "its matches on the page.",
                timeout=4,
            )
            return
        if view is None or not view.next_match(query, step):
            self.notify(f"“{query}” is not on this page.", timeout=3)

    def action_copy(self) -> None:
        view = self.focused_view()
        section_id = view.current_section_id() if view is not None else None
        section = self.context.pack.sections.get(section_id or "")
        if section is None:
            self.notify(
                "Nothing to copy here: move to a section or an item first.", severity="warning"
            )
            return
        self.sharing.copy(section)

    def action_export(self, fmt: str = "markdown") -> None:
        self.sharing.export(fmt)

    def action_bookmark(self) -> None:
        self.bookmarking.toggle()

    def action_note(self) -> None:
        self.bookmarking.edit_note()

    def action_undo(self) -> None:
        self.bookmarking.undo()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        if sidebar is None:
            return
        show = not self.contents_shown()
        self.show_contents(show)
        if show:
            sidebar.focus()
        else:
            self._refocus()

    def on_tree_node_selected(self, event: Sidebar.NodeSelected) -> None:
        event.stop()
        target = event.node.data
        if target:
            is_group = bool(event.node.children)
            if not event.node.is_expanded and is_group:
                event.node.expand()
            if self.narrow and not is_group:
                # the contents sit over the pane: once a section is chosen, read it
                self.show_contents(False)
                self.open(target)
            else:
                self.open(target, focus=False)

    def on_descendant_focus(self, event) -> None:
        # the focused pane keeps a thin bar while the contents have the focus
        self.set_class(event.widget is self.sidebar, "-contents-focused")

    def on_resize(self) -> None:
        self.sub_title = sources_line(self.context.pack, compact=self.size.width < 100)
        self.fit_pane_heights()  # (stacked or side by side now)

    def on_pane_moved(self, event: Pane.Moved) -> None:
        event.stop()
        self.post_message(StateChanged())
