"""The bookmark flows of the explorer screen: toggle, note, rename, delete and undo.

The store (`data/bookmarks.py`) keeps the bookmarks; this decides what a key does with
them, tells the member, and broadcasts every change once, on the context's
`bookmarks_changed` signal, to whatever shows marks (sidebar, map rows, pane titles,
bookmark lists).
"""

from __future__ import annotations

from typing import Any, Callable

from textual.notifications import SeverityLevel
from textual.screen import Screen

from ics_tui.core.model import Section
from ics_tui.data.bookmarks import Bookmark
from ics_tui.views.base import View, ViewContext


class BookmarkFlows:
    """What `b`, `a`, `u` and a bookmark list's rename and delete do."""

    def __init__(
        self, screen: Screen[Any], context: ViewContext, focused_view: Callable[[], View | None]
    ) -> None:
        self.screen = screen
        self.context = context
        self.store = context.bookmarks
        self.focused_view = focused_view
        self.undo_stack: list[Bookmark] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        self.screen.notify(message, title=title, severity=severity, timeout=timeout)

    def current_section(self) -> Section | None:
        view = self.focused_view()
        section_id = view.current_section_id() if view is not None else None
        return self.context.pack.sections.get(section_id or "")

    def changed(self) -> None:
        """Tell every mark about a change, and the member about anything the store noticed."""
        for notice in self.store.take_notices():
            self.notify(notice, title="Bookmarks", severity="warning", timeout=20)
        self.context.bookmarks_changed.publish(self.context.bookmarked_ids())

    def toggle(self) -> None:
        section = self.current_section()
        if section is None:
            self.notify(
                "Move to a section or an item (an ICS, a tier, a principle) to bookmark it.",
                severity="warning",
            )
            return
        existing = self.store.find(section.id)
        if existing is not None:
            self.undo_stack.append(self.store.remove(existing.id))
            self.notify(
                f"Removed the bookmark “{existing.display_title}”. u undoes.",
                title="Bookmark removed",
            )
        else:
            self.store.add(section.id, section.title)
            self.notify(
                f"Bookmarked “{section.title}”. a adds a note; 5 lists bookmarks.",
                title="Bookmarked",
            )
        self.changed()

    def edit_note(self, bookmark_id: str | None = None) -> None:
        """Add or edit a note (`a`). An item not yet bookmarked is bookmarked only when the
        note is saved: escape leaves nothing behind."""
        from ics_tui.screens.prompt import TextPrompt

        section = self.current_section()
        bookmark = self.store.find(section.id) if section else None
        view = self.focused_view()
        chosen = bookmark_id or getattr(view, "focused_bookmark_id", lambda: None)()
        if chosen:
            bookmark = self.store.get(chosen)
        if bookmark is None and section is None:
            self.notify("Move to a section or an item to add a note.", severity="warning")
            return
        noted = bookmark
        if noted is None:
            assert section is not None  # (one of the two is set: checked just above)
        title = noted.display_title if noted is not None else section.title  # type: ignore[union-attr]

        def save(note: str | None) -> None:
            if note is None:
                return
            target = noted if noted is not None else self.store.add(section.id, section.title)  # type: ignore[union-attr]
            if not self.change(self.store.set_note, target.id, note):
                return
            self.notify(f"Note saved on “{target.display_title}”.", title="Bookmark")
            self.changed()

        prompt = TextPrompt(
            f"Note on “{title}”",
            noted.note if noted is not None else "",
            "What you will raise, and why",
        )
        self.screen.app.push_screen(prompt, save)

    def rename(self, bookmark_id: str) -> None:
        from ics_tui.screens.prompt import TextPrompt

        bookmark = self.store.get(bookmark_id)
        if bookmark is None:
            return

        def save(title: str | None) -> None:
            if title is None or not title.strip():
                return
            if self.change(self.store.rename, bookmark_id, title):
                self.changed()

        self.screen.app.push_screen(TextPrompt("Rename bookmark", bookmark.display_title), save)

    def change(self, change: Callable[[str, str], object], bookmark_id: str, value: str) -> bool:
        """Apply a store change; a bookmark another copy of the app removed meanwhile is
        reported, not fatal."""
        try:
            change(bookmark_id, value)
            return True
        except (KeyError, ValueError):
            self.notify(
                "That bookmark changed in another copy of ICS Explorer; "
                "press 5 to see the current list.",
                severity="warning",
            )
            self.changed()
            return False

    def delete(self, bookmark_id: str) -> None:
        if self.store.get(bookmark_id) is None:
            self.changed()
            return
        removed = self.store.remove(bookmark_id)
        self.undo_stack.append(removed)
        self.notify(f"Deleted “{removed.display_title}”. u undoes.", title="Bookmark deleted")
        self.changed()

    def undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo.", timeout=2)
            return
        restored = self.store.restore(self.undo_stack.pop())
        self.notify(f"Restored “{restored.display_title}”.", title="Undone")
        self.changed()
