"""The member's bookmarks: title, note, date and source; open, rename, note, delete with undo."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content

from ics_tui.core.model import long_date
from ics_tui.messages import BookmarkRequested, OpenRequested
from ics_tui.views import text
from ics_tui.views.base import ViewContext
from ics_tui.views.cards import Card, CardScroll, CardView
from ics_tui.views.filter_input import FilterInput


class BookmarkCard(Card):
    def __init__(self, content: Content, section_id: str, bookmark_id: str) -> None:
        super().__init__(content, section_id)
        self.bookmark_id = bookmark_id


class BookmarksView(CardView):
    """Every bookmark, newest first, filtered as you type."""

    HELP = (
        "Your bookmarks, newest first. enter opens one here, ctrl+o in the other pane; a edits the note, "
        "r renames, d deletes (u undoes); f filters as you type; e exports them all to a file."
    )
    BINDINGS = [
        Binding("f", "filter", "Filter", id="bookmarks.filter"),
        Binding("ctrl+o", "open_other", "Open in other pane", id="bookmarks.open_other"),
        Binding("r", "rename", "Rename", id="bookmarks.rename"),
        Binding("d,delete", "delete", "Delete", id="bookmarks.delete"),
        # the screen's `e` (which works in every view), shown in the footer here
        Binding("e", "screen.export", "Export", id="bookmarks.export"),
    ]

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__(context, location)
        self.needle = ""

    @property
    def title(self) -> str:
        return f"Bookmarks ({len(self.context.bookmarks.all())})"

    def compose(self) -> ComposeResult:
        yield FilterInput(
            placeholder="Filter bookmarks (title, note, source)…",
            id="bookmarks-filter",
            classes="filter",
        )
        with CardScroll(classes="cards"):
            yield from self.make_cards()

    def make_cards(self) -> ComposeResult:
        bookmarks = [b for b in self.context.bookmarks.all() if self.matches(b)]
        if not bookmarks:
            message = (
                "No bookmark matches the filter."
                if self.needle
                else "No bookmarks yet. Press b on any section or item to keep it here."
            )
            yield Card(Content(message), None, classes="card-empty")
        for bookmark in bookmarks:
            yield BookmarkCard(self.card_text(bookmark), bookmark.section_id, bookmark.id)

    def card_text(self, bookmark) -> Content:
        section = self.model.sections.get(bookmark.section_id)
        lines = [Content.assemble(("★ ", "bold"), (bookmark.display_title, "bold"))]
        if section is None:
            lines.append(
                Content(
                    f"{bookmark.section_id}: missing from the loaded content (kept, not deleted)"
                ).stylize("italic")
            )
        elif section.title != bookmark.display_title:
            lines.append(Content(f"Section: {section.title}"))
        lines.append(
            Content.assemble(("Note: ", "bold"), bookmark.note)
            if bookmark.note
            else Content("No note (a adds one)").stylize("$text-muted")
        )
        lines.append(Content(f"Added {long_date(bookmark.added[:10])}").stylize("$text-muted"))
        if section is not None:
            lines.append(text.citation_line(self.model, section.citations))
        return text.join_lines(lines)

    def matches(self, bookmark) -> bool:
        if not self.needle.strip():
            return True
        section = self.model.sections.get(bookmark.section_id)
        haystack = " ".join(
            [
                bookmark.display_title,
                bookmark.note,
                bookmark.section_id,
                section.title if section else "",
            ]
        ).lower()
        return all(word in haystack for word in self.needle.lower().split())

    def on_mount(self) -> None:
        self.context.bookmarks_changed.subscribe(self, self._bookmarks_changed, immediate=True)

    def _bookmarks_changed(self, _: frozenset[str]) -> None:
        self.run_worker(self.rebuild())

    async def rebuild(self) -> None:
        """Show the bookmarks again (after a change here or in another pane). The cursor stays
        on the same bookmark, or, if it went, on the one that took its place."""
        keep = self.current_section_id()
        cards = self.cards
        was = self.focused_card()
        index = cards.index(was) if was in cards else None
        scroll = self.query_one(CardScroll)
        await scroll.remove_children()
        await scroll.mount_all(list(self.make_cards()))
        self._last_card = None
        cards = self.cards
        for card in cards:
            if keep and card.section_id == keep:
                self._last_card = card
        if self._last_card is None and index is not None and cards:
            self._last_card = cards[min(index, len(cards) - 1)]
        if index is not None and self._last_card is not None:
            self._put_cursor(self._last_card)
        self.post_message(self.TitleChanged())

    async def on_input_changed(self, event: FilterInput.Changed) -> None:
        event.stop()
        self.needle = event.value
        await self.rebuild()

    def on_input_submitted(self, event: FilterInput.Submitted) -> None:
        event.stop()
        self.focus_main()

    def action_filter(self) -> None:
        self.query_one(FilterInput).focus()

    def focused_bookmark_id(self) -> str | None:
        card = self.cursor_card()
        return card.bookmark_id if isinstance(card, BookmarkCard) else None

    def action_open_item(self) -> None:
        card = self.cursor_card()
        if card is not None and card.section_id:
            self.post_message(OpenRequested(card.section_id, bookmarked=True))

    def action_open_other(self) -> None:
        card = self.cursor_card()
        if card is not None and card.section_id:
            self.post_message(OpenRequested(card.section_id, other=True, bookmarked=True))

    def action_rename(self) -> None:
        bookmark_id = self.focused_bookmark_id()
        if bookmark_id:
            self.post_message(BookmarkRequested("rename", bookmark_id))

    def action_delete(self) -> None:
        bookmark_id = self.focused_bookmark_id()
        if bookmark_id:
            self.post_message(BookmarkRequested("delete", bookmark_id))
