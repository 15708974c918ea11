"""Search every fact from the keyboard: results as you type, opened in either pane."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ics_tui.host import search_host
from ics_tui.messages import OpenRequested
from ics_tui.views import text
from ics_tui.views.filter_input import FilterInput

MAX_RESULTS = 30


def hit_prompt(hit) -> Content:
    """Title, source and snippet of a hit, matched words reversed (never parsed as markup)."""
    snippet = Content(hit.snippet)
    for start, end in hit.marks:
        snippet = snippet.stylize(text.MATCH_STYLE, start, end)
    return Content.assemble(
        (hit.title, "bold"), "\n", (hit.citation, "italic $text-muted"), "\n", snippet
    )


class ScopeChip(Button):
    """A scope of the query ("doc:report" shows as "Committee report ×"): pressing it clears it.
    A scope read from the words ("what did the Committee say ...") shows, but is not a button."""

    def __init__(self, chip) -> None:
        asked = chip.scope.asked
        label = f"{chip.label} (from your words)" if asked else f"{chip.label} ×"
        super().__init__(
            Content(label),
            classes="scope-chip",
            compact=True,
            disabled=asked,
            tooltip=None if asked else f"Clear {chip.scope}",
        )
        self.chip = chip


class SearchScreen(ModalScreen[None]):
    """`/` from anywhere. Type; up/down choose; enter opens here, ctrl+o in the other pane."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
        Binding("enter", "open", "Open here", priority=True, id="search.open"),
        Binding(
            "ctrl+o", "open_other", "Open in other pane", priority=True, id="search.open_other"
        ),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__(classes="search-screen")
        self.initial_query = query
        self.hits: list = []
        self.shown_query = ""
        self.wanted = ""  # the text to search for (the box's value as last typed)
        self.searching = False  # a search worker is running
        self.answered = False  # enter or escape has closed the screen

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Search both documents"
            yield FilterInput(
                self.initial_query,
                placeholder='Search every fact: pcn, "speed of trust", legislation doc:report…',
                id="search-input",
            )
            yield Horizontal(id="search-scopes")
            yield Static("", id="search-status", markup=False)
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        boxes = self.query(FilterInput)
        if not boxes:
            return  # the app quit as this opened: Textual mounts no children on a closing screen
        search_host(self.app).prepare_search()
        boxes.first().focus()
        self.show_status("Type to search both documents.")
        if self.initial_query:
            self.run_search(self.initial_query)

    def show_status(self, message: str) -> None:
        self.query_one("#search-status", Static).update(Content(message).stylize("$text-muted"))

    def on_input_changed(self, event: FilterInput.Changed) -> None:
        event.stop()
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        """Search for `query`, one search at a time.

        Text typed without bracketed paste changes the box once per character: a worker
        per keystroke piled up thousands of threads that could not stop (4,000 characters
        froze search for a minute). Now a keystroke during a search only notes the text;
        when the search answers, the newest text is searched for next.
        """
        self.wanted = query
        if not self.searching:
            self.searching = True
            self._search(query)

    @work(thread=True, group="search")
    def _search(self, query: str) -> None:
        try:
            index = search_host(self.app).search_index
            hits = index.search(query, limit=MAX_RESULTS) if query.strip() else []
            outcome = index.explain(query) if query.strip() else None
        except Exception:  # noqa: BLE001 - a failed search shows no hits; the next key tries again
            hits, outcome = [], None
        if not getattr(self.app, "quitting", False):
            self.app.call_from_thread(self.show_hits, query, hits, outcome)

    def show_scopes(self, outcome) -> None:
        """The query's scopes as chips; pressing one (enter or a click) clears it."""
        chips = tuple(outcome.chips) if outcome is not None else ()
        if chips == getattr(self, "_chips", ()):
            return
        self._chips = chips
        row = self.query_one("#search-scopes", Horizontal)
        row.remove_children()
        if chips:
            row.mount_all([ScopeChip(chip) for chip in chips])
        row.display = bool(chips)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, ScopeChip):
            from ics_tui.core.search.query import without_scope

            search_input = self.query_one(FilterInput)
            search_input.value = without_scope(search_input.value, event.button.chip.scope)
            search_input.focus()

    def show_hits(self, query: str, hits: list, outcome=None) -> None:
        self.searching = False
        if self.answered or not self.is_attached or self not in self.app.screen_stack:
            return  # closed (enter or escape) while the search ran: the results have nowhere to go
        if query != self.wanted:
            self.run_search(self.wanted)  # the member has typed on since
            return
        self.show_scopes(outcome)
        note = outcome.message() if outcome is not None else ""
        self.hits = hits
        self.shown_query = query
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options(
            [Option(hit_prompt(hit), id=str(index)) for index, hit in enumerate(hits)]
        )
        if hits:
            results.highlighted = 0
            more = "+" if len(hits) == MAX_RESULTS else ""
            count = f"{len(hits)}{more} result{'' if len(hits) == 1 else 's'}"
            if note:
                self.show_status(f"{count} · {note}")
            else:
                self.show_status(f"{count} · enter opens here · ctrl+o opens in the other pane")
        elif query.strip():
            self.show_status(f"Nothing matches “{query}”. {note or 'Try fewer or shorter words.'}")
        else:
            self.show_status("Type to search both documents.")

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -step
            results.highlighted = max(0, min(results.option_count - 1, current + step))

    def chosen(self):
        results = self.query_one(OptionList)
        if results.highlighted is None or results.highlighted >= len(self.hits):
            return None
        return self.hits[results.highlighted]

    def action_open(self) -> None:
        self._open(other=False)

    def action_open_other(self) -> None:
        self._open(other=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(other=False)

    def _open(self, other: bool) -> None:
        hit = self.chosen()
        if hit is None:
            return
        query = self.shown_query
        if self.answered:
            return
        self.answered = True
        self.dismiss(None)
        # after the dialog has gone, so the pane that opens it takes the focus
        request = OpenRequested(hit.section_id, other=other, query=query)
        self.app.call_after_refresh(self.app.post_message, request)

    def action_close(self) -> None:
        if not self.answered:
            self.answered = True
            self.dismiss(None)
