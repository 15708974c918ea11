"""The floor for `startup_bench.py`: the least an ics-tui first screen could cost.

It does only what ics-tui cannot skip before its first frame (read the command line, load
the content through the same start-up cache) and shows the bare app's Header and Footer
around the ICS map list as a plain Textual DataTable: no panes, detail, sidebar, styling,
bookmarks or state. Its ratio to the bare app is what the product's first screen costs at
the very least; ics-tui cannot beat it. Run it as a script; `q` quits.
"""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from ics_tui.cli import ExplorerArgs
from ics_tui.cli.run_app import load_for_app
from ics_tui.core.model import Content


class FloorApp(App):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, model: Content) -> None:
        super().__init__()
        self.model = model

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("No.", "ICS", "Wave")
        for ics in self.model.mapped_icss:
            table.add_row(str(ics.number), ics.title, str(ics.wave))


if __name__ == "__main__":
    FloorApp(load_for_app(ExplorerArgs())).run()  # as a plain `ics-tui` starts
