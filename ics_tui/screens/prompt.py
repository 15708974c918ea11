"""A one-line text dialog (bookmark notes and names): enter saves, escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ics_tui.views.filter_input import FilterInput


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; dismiss with it, or with None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="prompt-screen")
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Static(Content(self.prompt_title).stylize("bold"), markup=False)
            # The cursor goes to the end, nothing selected: typing adds to a note, never replaces it.
            yield FilterInput(self.value, placeholder=self.placeholder, id="prompt-input", select_on_focus=False)
            yield Static(Content("enter saves · escape cancels").stylize("$text-muted"), markup=False)

    def on_mount(self) -> None:
        self.query_one(FilterInput).focus()

    def on_input_submitted(self, event: FilterInput.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
