"""A one-line text dialog (bookmark notes and names): enter saves, escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ics_tui.data.bookmarks import MAX_NOTE_CHARS
from ics_tui.views.filter_input import FilterInput

LINE_BREAK = " ↵ "
"""How a line break in a note shows in the one-line box (F14: a raw one drew the rest of the
note outside the dialog). Typed back as it shows, it is a line break again."""


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; dismiss with it, or with None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="prompt-screen")
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(Content(self.prompt_title).stylize("bold"), markup=False)
            # The cursor goes to the end, nothing selected: typing adds to a note, never replaces it.
            shown = self.value.replace("\r\n", "\n").replace("\n", LINE_BREAK)
            yield FilterInput(
                shown,
                placeholder=self.placeholder,
                id="prompt-input",
                select_on_focus=False,
                max_length=MAX_NOTE_CHARS,
            )
            yield Static(
                Content("enter saves · escape cancels").stylize("$text-muted"), markup=False
            )

    def on_mount(self) -> None:
        for box in self.query(FilterInput):  # none if the app quit as this opened
            box.focus()

    def on_input_submitted(self, event: FilterInput.Submitted) -> None:
        event.stop()
        self._answer(event.value.replace(LINE_BREAK, "\n").replace("↵", "\n"))

    def action_cancel(self) -> None:
        self._answer(None)

    def _answer(self, value: str | None) -> None:
        # A second enter in the same burst arrives after the first has dismissed the dialog:
        # dismissing again would pop the screen beneath it.
        if self.answered or not self.is_active:
            return
        self.answered = True
        self.dismiss(value)
