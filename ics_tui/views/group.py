"""A group page: every section of one sidebar group, in order (themes, glossary, timeline...)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content

from ics_tui.core.model import Event
from ics_tui.views import text
from ics_tui.views.base import ViewContext
from ics_tui.views.cards import Card, CardView
from ics_tui.views.registry import Location
from ics_tui.views.section import section_blocks

# A page mounts one card per section; past this many it would take seconds to open, so the
# rest are reached from the contents or search (the shipped groups hold at most ~90).
PAGE_LIMIT = 200


class GroupView(CardView):
    """Reads a whole group like a chapter; enter opens one section on its own."""

    HELP = "Every section of this group. Up/down move between sections; enter opens one on its own."

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__(context, location)
        self.group_id = Location(location).group_id or ""

    @property
    def title(self) -> str:
        return self.model.group_title(self.group_id)

    def make_cards(self) -> ComposeResult:
        sections = list(self.model.in_group(self.group_id))
        if sections and all(isinstance(s, Event) for s in sections):
            sections.sort(key=lambda s: s.date)  # type: ignore[attr-defined]
        if not sections:
            yield Card(Content("This group has no sections in the loaded content."), None)
        for section in sections[:PAGE_LIMIT]:
            blocks = section_blocks(self.model, section, self.glossary)
            yield Card(text.join_blocks(blocks), section.id)
        if len(sections) > PAGE_LIMIT:
            rest = len(sections) - PAGE_LIMIT
            yield Card(
                Content(
                    f"…and {rest:,} more sections in this group, not shown on this page. "
                    "Open them from the contents, or find them with / (search)."
                ),
                None,
                classes="card-more",
            )
