"""The navigation sidebar: every section, grouped as a member thinks of the material."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from ics_tui.core.model import Content as Model

# Groups whose page is one of the four main views rather than a list of sections.
VIEW_OF_GROUP = {"ics-map": "@map", "compare": "@compare", "tiers": "@tiers", "advice": "@advice", "references": "@references"}
BOOKMARK_MARK = "★ "


def group_target(group_id: str) -> str:
    return VIEW_OF_GROUP.get(group_id, f"@group:{group_id}")


class Sidebar(Tree[str]):
    """A tree of groups and sections; selecting an entry opens it in the focused pane."""

    HELP = "Contents. Up/down move, enter opens in the focused pane, space folds a group."

    def __init__(self, model: Model, bookmarked: set[str] | None = None) -> None:
        super().__init__(Text("Contents"), id="sidebar")
        self.model = model
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self.bookmarked = bookmarked or set()

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        for group in self.model.groups:
            sections = self.model.in_group(group.id)
            node = self.root.add(Text(group.title, style="bold"), data=group_target(group.id))
            for section in sections:
                node.add_leaf(self.label(section.id, section.title), data=section.id)
        self.root.add_leaf(Text("Bookmarks", style="bold"), data="@bookmarks")

    def label(self, section_id: str, title: str) -> Text:
        mark = BOOKMARK_MARK if section_id in self.bookmarked else ""
        return Text(mark + title)

    def mark_bookmarks(self, bookmarked: set[str]) -> None:
        """Show ★ beside every bookmarked section."""
        self.bookmarked = bookmarked
        for node in self._tree_nodes.values():
            section = self.model.sections.get(node.data or "")
            if section is not None:
                node.set_label(self.label(section.id, section.title))
