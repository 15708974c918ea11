"""A section read as well-set text: any part of either document."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ics_tui.core.model import Content as Model
from ics_tui.core.model import Section, Term
from ics_tui.core.plaintext import fields
from ics_tui.views import text
from ics_tui.views.base import View, ViewContext
from ics_tui.views.hanging import HangingText
from ics_tui.views.reader import Link, Reader


def section_blocks(
    model: Model,
    section: Section,
    glossary: text.Glossary | None,
    see_also: bool = True,
    width: int = 0,
) -> list[Content]:
    """Title, fields, paragraphs, bullets and sources of a section, one `Content` per block."""

    def body(value: str) -> Content:
        return text.styled(value, glossary)

    blocks: list[Content] = [text.heading(section.title)]
    field_lines = [
        Content.assemble((f"{label}: ", "bold"), body(value))
        for label, value in fields(model, section)
    ]
    if field_lines:
        blocks.append(text.join_lines(field_lines))
    blocks += [body(p) for p in section.paragraphs()]
    if section.items:
        # (with a width, a bullet's wrapped lines hang under its text)
        blocks.append(
            text.join_lines(text.hanging("• ", body(item), width) for item in section.items)
        )
    note = text.project_note(section, glossary)
    if note is not None:
        blocks.append(note)
    blocks.append(text.citation_line(model, section.citations, "Sources: "))
    if see_also and section.see_also:
        titles = [model.sections[s].title for s in section.see_also if s in model.sections]
        blocks.append(Content("See also: " + "; ".join(titles)).stylize("$text-muted"))
    return blocks


def glossary_links(
    model: Model, section: Section, glossary: text.Glossary | None
) -> list[tuple[str, str]]:
    """(label, id) of every glossary entry whose term the section uses, in order of first use."""
    if glossary is None:
        return []
    by_id = {t.id: t for t in model.terms}
    found: dict[str, Term] = {}
    for passage in [section.body, *section.items]:
        for start, end in glossary.spans(passage):
            term_id = glossary.term_id(passage[start:end])
            if term_id is not None and term_id != section.id:
                found.setdefault(term_id, by_id[term_id])
    return [(f"{t.term}: {t.expansion}", t.id) for t in found.values()]


class SectionView(View):
    """Reads one section, with glossary terms underlined and search matches reversed."""

    HELP = (
        "A section of the briefing or the report, with its sources. Arrows, space and g/G read; "
        "at the end, down steps onto the links (See also, glossary terms): enter follows one."
    )

    def __init__(self, context: ViewContext, location: str) -> None:
        super().__init__(context, location)
        self.section = self.model.sections[location]
        self.match_index = -1

    @property
    def title(self) -> str:
        return self.section.title

    def blocks(self) -> list[Content]:
        blocks = self.query(".block")
        width = blocks.first(Static).size.width if blocks else 0
        return section_blocks(self.model, self.section, self.glossary, see_also=False, width=width)

    _laid_out_width = 0

    def on_hanging_text_width_changed(self, event: HangingText.WidthChanged) -> None:
        """Bullets hang under their text: redraw the blocks at the new width."""
        event.stop()
        if event.width != self._laid_out_width and self.section.items and not self.removed:
            self._laid_out_width = event.width
            self._marked_blocks(self.match_index)

    def compose(self) -> ComposeResult:
        with Reader(classes="reader"):
            for block in self.blocks():
                yield HangingText(block, classes="block", markup=False)
            see_also = [
                (self.model.sections[s].title, s)
                for s in self.section.see_also
                if s in self.model.sections
            ]
            terms = glossary_links(self.model, self.section, self.glossary)
            for heading, links in (("See also", see_also), ("Glossary terms used here", terms)):
                if links:
                    yield Static(
                        Content(heading).stylize("bold"), classes="links-heading", markup=False
                    )
                    for label, target in links:
                        yield Link(label, target)

    def focus_main(self) -> None:
        self.query_one(Reader).focus()

    def _marked_blocks(
        self, current: int = -1, blocks: list[Content] | None = None
    ) -> list[tuple[Static, list[tuple[int, int]]]]:
        """Mark the query's matches in every block (`blocks`, if already built); the
        `current`-th match (counting from 0) underlined."""
        widgets = list(self.query(".block").results(Static))
        out = []
        count = 0
        for widget, block in zip(widgets, self.blocks() if blocks is None else blocks):
            spans = (
                self.context.match_spans(block.plain, self.query_text) if self.query_text else []
            )
            chosen = spans[current - count] if 0 <= current - count < len(spans) else None
            widget.update(text.mark_matches(block, spans, chosen))
            count += len(spans)
            out.append((widget, spans))
        return out

    def highlight(self, query: str) -> None:
        self.query_text = query
        self.match_index = -1
        marked = self._marked_blocks()
        first = next((widget for widget, spans in marked if spans), None)
        if first is not None:
            self.call_after_refresh(
                self.query_one(Reader).scroll_to_widget, first, animate=False, top=True
            )

    def next_match(self, query: str, step: int) -> bool:
        if query != self.query_text:
            self.query_text, self.match_index = query, -1
        # (counted without redrawing: each block is redrawn once, below, with the current match)
        blocks = self.blocks()
        total = sum(len(self.context.match_spans(block.plain, query)) for block in blocks)
        if not total:
            return False
        self.match_index = (
            (self.match_index + step) % total if self.match_index >= 0 or step > 0 else total - 1
        )
        count = 0
        for widget, spans in self._marked_blocks(self.match_index, blocks):
            if count <= self.match_index < count + len(spans):
                # After the redraw, not at once: scrolled at once, the blocks redrawn in the
                # same frame were painted at their old places, and lines went blank on screen
                # (2 of 6 tries of g then n under load; 0 of 8 this way).
                self.query_one(Reader).scroll_to_widget(widget, animate=False, top=True)
                break
            count += len(spans)
        return True
