"""The yardstick for `startup_bench.py`: a bare Textual app with a header, one label and a footer.

Run it as a script; `q` (or ctrl+q) quits. It imports nothing from ics_tui.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label

LABEL = "Bare Textual app: header, one label, footer"


class BareApp(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(LABEL)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
