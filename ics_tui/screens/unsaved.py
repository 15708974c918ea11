"""Asked at quit when bookmark changes could not be saved: retry, save a copy, or lose them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class UnsavedScreen(ModalScreen[str]):
    """Dismissed with "retry", "copy", "lose" or "stay". Nothing is lost by a habitual key:
    q does nothing here, and losing the changes takes `d`."""

    BINDINGS = [
        Binding("r", "answer('retry')", "Try again", id="unsaved.retry"),
        Binding("c", "answer('copy')", "Save a copy and quit", id="unsaved.copy"),
        Binding("d", "answer('lose')", "Quit without saving", id="unsaved.lose"),
        Binding("escape", "answer('stay')", "Back", id="unsaved.stay"),
        Binding("q", "noop", show=False),
    ]

    def __init__(self, count: int, where: str, why: str, copy_folder: str) -> None:
        super().__init__(classes="prompt-screen")
        self.count = count
        self.where = where
        self.why = why
        self.copy_folder = copy_folder
        self.answered = False

    def compose(self) -> ComposeResult:
        changes = (
            "1 bookmark change is" if self.count == 1 else f"{self.count} bookmark changes are"
        )
        lines = [
            Content(f"{changes} not saved").stylize("bold"),
            Content(f"{self.where}: {self.why or 'could not be written'}."),
            Content(""),
            Content(" r       try saving again"),
            Content(f" c       save a copy of all your bookmarks in {self.copy_folder} and quit"),
            Content(" d       quit and lose the unsaved changes"),
            Content(" escape  go back to ICS Explorer"),
        ]
        with Vertical(id="prompt-box"):
            for line in lines:
                yield Static(line, markup=False)

    def action_answer(self, answer: str) -> None:
        if self.answered or not self.is_active:
            return  # a second key in the same burst
        self.answered = True
        self.dismiss(answer)

    def action_noop(self) -> None:
        self.notify(
            "Choose r, c, d or escape: quitting now would lose bookmark changes.", timeout=4
        )
