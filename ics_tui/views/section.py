"""A section read as well-set text: any part of either document."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ics_tui.core.model import Content as Model, Section
from ics_tui.core.plaintext import fields
from ics_tui.views import text
from ics_tui.views.base import View, ViewContext

def section_blocks(model: Model, section: Section, glossary: text.Glossary | None) -> list[Content]:
    """Title, fields, paragraphs, bullets and sources of a section, one `Content` per block."""

    def body(value: str) -> Content:
        return text.styled(value, glossary)

    blocks: list[Content] = [text.heading(section.title)]
    field_lines = [Content.assemble((f"{label}: ", "bold"), body(value)) for label, value in fields(model, section)]
    if field_lines:
        blocks.append(text.join_lines(field_lines))
    blocks += [body(p) for p in section.paragraphs()]
    if section.items:
        blocks.append(text.join_lines(Content.assemble("• ", body(item)) for item in section.items))
    note = text.project_note(section, glossary)
    if note is not None:
        blocks.append(note)
    blocks.append(text.citation_line(model, section.citations, "Sources: "))
    if section.see_also:
        titles = [model.sections[s].title for s in section.see_also if s in model.sections]
        blocks.append(Content("See also: " + "; ".join(titles)).stylize("$text-muted"))
    return blocks


def has_match(block: Content) -> bool:
    return any(span.style == text.MATCH_STYLE for span in block.spans)


class SectionView(View):
    """Reads one section, with glossary terms underlined and search matches reversed."""

    HELP = "A section of the briefing or the report, with its sources. Glossary terms are underlined."

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__(context, location)
        self.section = self.model.sections[location]

    @property
    def title(self) -> str:
        return self.section.title

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="reader") as scroll:
            scroll.can_focus = True
            for block in section_blocks(self.model, self.section, self.glossary):
                yield Static(block, classes="block", markup=False)

    def highlight(self, query: str) -> None:
        self.query_text = query
        blocks = [self.marked(block) for block in section_blocks(self.model, self.section, self.glossary)]
        widgets = list(self.query(".block").results(Static))
        first = None
        for widget, block in zip(widgets, blocks):
            widget.update(block)
            if first is None and has_match(block):
                first = widget
        if first is not None:
            self.call_after_refresh(self.query_one(VerticalScroll).scroll_to_widget, first, animate=False, top=True)
