"""Help: the app's keys in plain words, grouped by what they do, over the screen.

A screen of its own (not Textual's side panel), so it fits any size, scrolls by keyboard and
leaves the pane behind untouched: escape, ? or F1 close it. The focused place's own help
comes first; Textual's generic scroll entries are not listed.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ics_tui.views.reader import Reader

# (group, [(binding id or None, keys as shown when not remapped, what it does)])
KEY_GROUPS: list[tuple[str, list[tuple[str | None, str, str]]]] = [
    (
        "Move and read",
        [
            (None, "↓ ↑  j k", "next / previous item (in a text: a line)"),
            (None, "space pgdn", "page down"),
            (None, "pgup w", "page up (b is bookmark, so w pages up as in less)"),
            (None, "g home  G end", "top / bottom"),
            (None, "enter", "open the item under the cursor; in a list, read its details"),
            (
                None,
                "escape",
                "close what is open (help, a dialog, a filter, the contents); "
                "from details, back to the list",
            ),
        ],
    ),
    (
        "Views",
        [
            ("view.map", "1", "ICS map list"),
            ("view.compare", "2", "ICS vs ICP comparison"),
            ("view.tiers", "3", "structural tiers"),
            ("view.advice", "4", "member advice"),
            ("view.bookmarks", "5", "your bookmarks"),
            ("view.drawn_map", "6", "the drawn map of England alone, with its legend"),
        ],
    ),
    (
        "Find",
        [
            (
                "app.search",
                "/",
                "search both documents; enter opens a hit here, ctrl+o in the other pane",
            ),
            ("find.next", "n", "next match of the last search on this page"),
            ("find.previous", "N", "previous match of the last search on this page"),
            (None, "f", "filter the map list or the bookmarks as you type"),
            ("map.sort", "o", "change the map list's sort order"),
            (
                "map.drawing",
                "m",
                "in the map list: move to the drawn map (escape returns to the list)",
            ),
            ("map.mode", "M", "draw the map with braille dots or half blocks"),
            (None, "ctrl+p", "command palette: open any section by name, change the theme"),
        ],
    ),
    (
        "Keep and copy",
        [
            ("bookmark.toggle", "b", "bookmark the item under the cursor (again: remove it)"),
            ("bookmark.note", "a", "add or edit the note on that bookmark (escape keeps nothing)"),
            ("bookmark.undo", "u", "undo removing a bookmark"),
            ("section.copy", "y", "copy the item with its sources"),
            (
                "bookmarks.export",
                "e",
                "export your bookmarks to a file (Markdown; HTML from the palette)",
            ),
            ("bookmarks.rename", "r", "in bookmarks: rename"),
            ("bookmarks.delete", "d", "in bookmarks: delete (u undoes)"),
        ],
    ),
    (
        "Panes and places",
        [
            ("pane.back", "[ alt+← backspace", "back in this pane's history"),
            ("pane.forward", "] alt+→", "forward in this pane's history"),
            ("pane.split", "s", "split into two panes; in a split, close this one"),
            ("pane.next", "tab shift+tab", "move between the contents and the panes"),
            ("sidebar.toggle", "t", "show or hide the contents (over the pane when narrow)"),
        ],
    ),
    (
        "This app",
        [
            ("app.help", "? F1", "this help; escape, ? or F1 closes it"),
            ("app.quit", "q", "quit (where you are and your bookmarks are kept)"),
        ],
    ),
]


def key_lines(keymap: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(group, keys, what they do) for every key: remapped keys (config.toml) as remapped."""
    out = []
    for group, entries in KEY_GROUPS:
        for binding_id, keys, what in entries:
            shown = keymap.get(binding_id, "").replace(",", " ") if binding_id else ""
            out.append((group, shown or keys, what))
    return out


def key_table(keymap: Mapping[str, str], context: str = "") -> Group:
    """The key groups, each a two-column table whose descriptions wrap under themselves."""
    parts: list = []
    if context:
        parts += [Text("Here", style="bold underline"), Text(context), Text("")]
    lines = key_lines(keymap)
    for group, _ in KEY_GROUPS:
        table = Table.grid(padding=(0, 2))
        table.add_column(width=18, style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for _, keys, what in (line for line in lines if line[0] == group):
            table.add_row(Text(keys), Text(what))
        parts += [Text(group, style="bold underline"), table, Text("")]
    parts.append(
        Text("Keys can be remapped in config.toml by the ids in the README.", style="italic")
    )
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """Every key of the app, over whatever is open; the pane behind does not change."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close help", id="help.close")]

    def __init__(self, context: str = "") -> None:
        super().__init__(classes="help-screen")
        self.context = context

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = "Keys · escape closes"
            with Reader(id="help-text"):
                yield Static(key_table(self.app._keymap, self.context), markup=False)

    def on_mount(self) -> None:
        for reader in self.query(Reader):  # none if the app quit as this opened
            reader.focus()

    def action_close(self) -> None:
        self.dismiss(None)
