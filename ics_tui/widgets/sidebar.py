"""The navigation sidebar: every section, grouped as a member thinks of the material."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from ics_tui.messages import ReadyForKeys
from ics_tui.views.base import ViewContext
from ics_tui.views.registry import group_location

BOOKMARK_MARK = "★ "


class Sidebar(Tree[str]):
    """A tree of groups and sections; selecting an entry opens it in the focused pane.

    A group opens the view the registry gives it (`@map` for the ICS map group), or a
    page of its sections.
    """

    HELP = "Contents. Up/down move, enter opens in the focused pane, space folds a group."

    def render_label(self, node, base_style, style) -> Text:
        """The label, ending with `…` where the column cuts it (never cut mid-word unmarked)."""
        label = super().render_label(node, base_style, style)
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth - 1
        if room > 4 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")
        return label

    def on_resize(self) -> None:
        self._invalidate()  # (labels are cut to the width)

    def on_focus(self) -> None:
        """Arriving by tab, escape or t, the cursor is on a row at once (not after a first key)."""
        if self.cursor_line < 0 and self.last_line >= 0:
            self.cursor_line = 0

    def __init__(self, context: ViewContext) -> None:
        super().__init__(Text("Contents"), id="sidebar")
        self.context = context
        self.model = context.pack
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self.bookmarked: frozenset[str] = frozenset()

    def on_mount(self) -> None:
        self.bookmarked = self.context.bookmarked_ids()
        self.context.bookmarks_changed.subscribe(self, self.mark_bookmarks, immediate=True)
        self.rebuild()
        self.post_message(ReadyForKeys())  # (`t` typed before the contents mounted waits)

    def rebuild(self) -> None:
        self.clear()
        for group in self.model.groups:
            sections = self.model.in_group(group.id)
            node = self.root.add(Text(group.title, style="bold"), data=group_location(group.id))
            for section in sections:
                node.add_leaf(self.label(section.id, section.title), data=section.id)
        self.root.add_leaf(Text("Bookmarks", style="bold"), data="@bookmarks")

    def label(self, section_id: str, title: str) -> Text:
        mark = BOOKMARK_MARK if section_id in self.bookmarked else ""
        return Text(mark + title)

    def mark_bookmarks(self, bookmarked: frozenset[str]) -> None:
        """Show ★ beside every bookmarked section."""
        self.bookmarked = bookmarked
        for node in self._tree_nodes.values():
            section = self.model.sections.get(node.data or "")
            if section is not None:
                node.set_label(self.label(section.id, section.title))
