"""The one text box class of the app's filters, search and prompts."""

from __future__ import annotations

from textual.widgets import Input


class FilterInput(Input):
    """An `Input` whose cursor blinks unless the app turns blinking off (`cursor_blink =
    False` on the app: tests do, for steady snapshots)."""

    def on_mount(self) -> None:
        self.cursor_blink = bool(getattr(self.app, "cursor_blink", True))
